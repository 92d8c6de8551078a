"""Links a collectivité gives for its operations: read (`link_parse`), matched to the collected
posts (`link_match`, `links_match`), and read from the network when it allows reading one
post by id (`post_fetch`)."""

from .base import KIND_LABELS, Kind, LinkError, ParsedLink
from .fetching import post_fetch, post_fetchable
from .matching import link_match, links_match
from .parsing import link_parse

__all__ = [
    "KIND_LABELS",
    "Kind",
    "LinkError",
    "ParsedLink",
    "link_match",
    "link_parse",
    "links_match",
    "post_fetch",
    "post_fetchable",
]
