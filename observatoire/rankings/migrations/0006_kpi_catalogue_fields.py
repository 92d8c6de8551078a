"""KPI catalogue, step 1: the fields that name the KPIs (see 0007 and 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("rankings", "0005_entry_references_without_db_constraints")]

    operations = [
        migrations.AddField(
            model_name="methodology",
            name="targets",
            field=models.JSONField(blank=True, default=dict, verbose_name="cibles"),
        ),
        migrations.AddField(
            model_name="rankingpublication",
            name="kpis",
            field=models.JSONField(default=list, verbose_name="indicateurs"),
        ),
        migrations.AddField(
            model_name="rankinggroup",
            name="kpis",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="rankingentry",
            name="kpi_data",
            field=models.BinaryField(default=b"", verbose_name="indicateurs"),
        ),
    ]
