"""Writes of the editorial app: the analyses of posts as they are written and their rebuild,
the monthly rollups, the hashtags of posts and the branded ones, campaigns, the lexicon."""

from .analyses import (
    analyses_reclassify,
    analyses_stale_count,
    hashtag_key,
    month_of,
    posts_analyse,
    posts_forget,
)
from .campaigns import (
    MAX_HASHTAGS,
    campaign_create,
    campaign_delete,
    campaign_hashtags_parse,
    campaign_update,
    campaign_validate,
)
from .hashtags import BRANDED_MIN_POSTS, branded_hashtags_refresh
from .lexicon import lexicon_current, lexicon_revision_create
from .rebuild import editorial_rebuild
from .rollups import rollups_refresh

__all__ = [
    "BRANDED_MIN_POSTS",
    "MAX_HASHTAGS",
    "analyses_reclassify",
    "analyses_stale_count",
    "branded_hashtags_refresh",
    "campaign_create",
    "campaign_delete",
    "campaign_hashtags_parse",
    "campaign_update",
    "campaign_validate",
    "editorial_rebuild",
    "hashtag_key",
    "lexicon_current",
    "lexicon_revision_create",
    "month_of",
    "posts_analyse",
    "posts_forget",
    "rollups_refresh",
]
