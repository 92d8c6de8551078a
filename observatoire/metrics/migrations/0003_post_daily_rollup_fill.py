"""Fill the daily rollups from the posts already stored (Europe/Paris days)."""

from zoneinfo import ZoneInfo

from django.db import migrations

PARIS = ZoneInfo("Europe/Paris")


def fill(apps, schema_editor):
    Post = apps.get_model("metrics", "Post")
    PostDailyRollup = apps.get_model("metrics", "PostDailyRollup")
    totals = {}
    rows = Post.objects.values_list("profile_id", "published_at", "likes", "comments", "shares")
    for profile_id, at, likes, comments, shares in rows.iterator(chunk_size=20_000):
        total = totals.setdefault((profile_id, at.astimezone(PARIS).date()), [0, 0])
        total[0] += 1
        total[1] += (likes or 0) + (comments or 0) + (shares or 0)
    PostDailyRollup.objects.bulk_create(
        [
            PostDailyRollup(profile_id=pid, day=day, posts=n, interactions=i)
            for (pid, day), (n, i) in totals.items()
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_post_daily_rollup")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
