"""Methodology v1, the observatory's five KPIs, exists right after `migrate`."""

from django.db import migrations

V1 = {
    "name": "Méthodologie v1",
    "description": (
        "Cinq indicateurs sur les 30 jours se terminant le dernier jour du mois "
        "(Europe/Paris) : taux d'engagement (5), portée (4), fréquence de publication (3), "
        "abonnés (2), ratio d'audience (1)."
    ),
    "weights": {
        "engagement_rate": 5,
        "reach": 4,
        "posts_per_day": 3,
        "followers": 2,
        "audience_ratio": 1,
    },
    "window_days": 30,
    "frequency_target": 1.0,
    "timezone": "Europe/Paris",
    "normalisation": {
        "engagement_rate": "percentile",
        "reach": "percentile",
        "posts_per_day": "target",
        "followers": "percentile",
        "audience_ratio": "percentile",
    },
    "eligibility": ["unavailable", "no_snapshot", "no_followers", "no_posts"],
    "score_decimals": 2,
}


def create_v1(apps, schema_editor):
    Methodology = apps.get_model("rankings", "Methodology")
    has_default = Methodology.objects.filter(is_default=True).exists()
    Methodology.objects.get_or_create(slug="v1", defaults=V1 | {"is_default": not has_default})


class Migration(migrations.Migration):
    dependencies = [("rankings", "0002_methodology_rules_and_points")]

    operations = [migrations.RunPython(create_v1, migrations.RunPython.noop)]
