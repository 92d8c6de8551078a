"""KPI catalogue, step 2: publications, groups and entries made before it held the five KPIs
of v1 in columns; they now name them and pack the entries' values (0008 drops the columns).
Floats are copied bit for bit, so every publication reads back exactly as it was made."""

import numpy as np
from django.db import migrations

FIVE = ["engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio"]
# The raw value of "followers" was the entry's followers column, which stays.
COLUMNS = [*FIVE, *(f"norm_{k}" for k in FIVE), *(f"points_{k}" for k in FIVE)]
BATCH = 5000


def _floats(rows) -> np.ndarray:
    return np.array(rows, dtype=float).reshape(-1, len(COLUMNS))  # None becomes NaN


def pack_entries(apps, schema_editor):
    Methodology = apps.get_model("rankings", "Methodology")
    for methodology in Methodology.objects.all():
        methodology.targets = {"posts_per_day": methodology.frequency_target}
        methodology.save(update_fields=["targets"])
    apps.get_model("rankings", "RankingPublication").objects.update(kpis=FIVE)
    apps.get_model("rankings", "RankingGroup").objects.update(kpis=FIVE)
    Entry = apps.get_model("rankings", "RankingEntry")
    table = schema_editor.quote_name(Entry._meta.db_table)
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = list(
                Entry.objects.filter(pk__gt=last).order_by("pk").values_list("pk", *COLUMNS)[:BATCH]
            )
            if not rows:
                break
            ids = [row[0] for row in rows]
            packed = _floats([row[1:] for row in rows]).astype("<f8")
            updates = [(packed[i].tobytes(), pk) for i, pk in enumerate(ids)]
            cursor.executemany(f"UPDATE {table} SET kpi_data = %s WHERE id = %s", updates)
            last = ids[-1]


def unpack_entries(apps, schema_editor):
    Methodology = apps.get_model("rankings", "Methodology")
    for methodology in Methodology.objects.all():
        methodology.frequency_target = (methodology.targets or {}).get("posts_per_day", 1.0)
        methodology.save(update_fields=["frequency_target"])
    Entry = apps.get_model("rankings", "RankingEntry")
    for entry in Entry.objects.select_related("publication").exclude(kpi_data=b"").iterator():
        names = entry.publication.kpis
        values = np.frombuffer(entry.kpi_data, dtype="<f8").reshape(3, len(names))
        for row, prefix in zip(values, ("", "norm_", "points_"), strict=True):
            for name, value in zip(names, row.tolist(), strict=True):
                if name in FIVE and not (prefix == "" and name == "followers"):
                    setattr(entry, prefix + name, None if value != value else value)
        entry.save()


class Migration(migrations.Migration):
    dependencies = [("rankings", "0006_kpi_catalogue_fields")]

    operations = [migrations.RunPython(pack_entries, unpack_entries)]
