"""KPI catalogue, step 3: the per-KPI columns, now packed in `kpi_data` (see 0007)."""

from django.db import migrations

FIVE = ["engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio"]


class Migration(migrations.Migration):
    dependencies = [("rankings", "0007_kpi_catalogue_data")]

    operations = [
        migrations.RemoveField(model_name="methodology", name="frequency_target"),
        *(
            migrations.RemoveField(model_name="rankingentry", name=name)
            for name in ["engagement_rate", "reach", "posts_per_day", "audience_ratio"]
        ),
        *(migrations.RemoveField(model_name="rankingentry", name=f"norm_{k}") for k in FIVE),
        *(migrations.RemoveField(model_name="rankingentry", name=f"points_{k}") for k in FIVE),
    ]
