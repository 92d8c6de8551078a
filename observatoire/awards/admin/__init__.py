"""The awards in the admin, one module per part."""

from . import dossiers, editions, jury, nominations  # noqa: F401  (registers the ModelAdmins)
