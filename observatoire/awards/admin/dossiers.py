"""Admin of the awards: dossiers."""
