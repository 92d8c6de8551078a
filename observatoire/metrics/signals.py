"""Signals the services that write posts send inside their transaction, so that what is derived
from posts elsewhere (editorial analyses) follows every write path: collection, imports, the
demo, the admin. A receiver that fails rolls the write back."""

from django.dispatch import Signal

# keys: [(profile id, external id)] of the posts written (created or updated);
# previous: [(profile id, published_at)] they had before, for those that existed.
posts_written = Signal()

# removed: [(profile id, published_at)] of the posts deleted.
posts_deleted = Signal()
