"""Reads of Mon espace › Publications, a collectivité's own detail of its posts: the editorial
line per network (`line`), its hashtags (`hashtags`), its campaigns (`campaigns`) and the
accessibility of its posts (`accessibility`). They read the rollups and rows the analysis
keeps (editorial.models), never rescan the posts' history, and run a bounded number of
queries whatever the collectivité's size."""
