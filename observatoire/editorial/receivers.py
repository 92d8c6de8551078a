"""Posts are analysed as they are written: the metrics services send `posts_written` and
`posts_deleted` inside their transaction (collection, imports, the demo, the admin), and the
analysis runs in it, so a failure here rolls the write back and nothing is left half done."""

from django.dispatch import receiver

from observatoire.metrics.signals import posts_deleted, posts_written

from .services import posts_analyse, posts_forget


@receiver(posts_written, dispatch_uid="editorial.posts_written")
def analyse_written_posts(sender, *, keys, previous=(), **kwargs) -> None:
    posts_analyse(keys=keys, previous=previous)


@receiver(posts_deleted, dispatch_uid="editorial.posts_deleted")
def forget_deleted_posts(sender, *, removed, **kwargs) -> None:
    posts_forget(removed=removed)
