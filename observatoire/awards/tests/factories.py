"""An edition with its criteria and categories, as staff would set it up in the admin."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from observatoire.awards.models import AwardCategory, Criterion, Edition

CRITERIA = [
    ("Finalité de communication publique", 3),
    ("Ligne éditoriale", 2),
    ("Cohérence visuelle", 1),
    ("Usage des formats (stories, vidéos)", 1),
    ("Pertinence et originalité", 2),
    ("Conversation avec le public", 2),
    ("Écriture : hashtags et émojis", 1),
]


def edition_make(
    *,
    year: int = 2024,
    networks: tuple[str, ...] = ("instagram", "facebook", "x", "tiktok"),
    open_now: bool = True,
    **fields,
) -> Edition:
    """An edition whose call for entries is open now (or closed since yesterday), with the
    seven criteria of the 2019 jury and three categories: départements (by type),
    Sensibilisation et citoyenneté (thematic), and the hashtag d'or of agility."""
    now = timezone.now()
    close = now + dt.timedelta(days=30) if open_now else now - dt.timedelta(days=1)
    values = {
        "slug": str(year),
        "title": f"#Hashtags {year}",
        "theme": "La communication publique sur les réseaux sociaux",
        "networks": list(networks),
        "rules": "Règlement de l'édition.",
        "period_start": dt.date(year - 1, 9, 1),
        "period_end": dt.date(year, 8, 31),
        "entries_open_at": now - dt.timedelta(days=30),
        "entries_close_at": close,
    } | fields
    edition = Edition.objects.create(year=year, **values)
    for position, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.create(
            edition=edition, name=name, weight=Decimal(weight), position=position
        )
    categories = [
        ("Départements", "departements", AwardCategory.Kind.TYPE, ["departement"], []),
        (
            "Sensibilisation et citoyenneté",
            "sensibilisation-citoyennete",
            AwardCategory.Kind.THEMATIC,
            [],
            [],
        ),
        ("TikTok", "tiktok", AwardCategory.Kind.THEMATIC, [], ["tiktok"]),
        ("Hashtag d'or de l'agilité", "hashtag-or", AwardCategory.Kind.AGILITY, [], []),
    ]
    for position, (name, slug, kind, territory_categories, category_networks) in enumerate(
        categories
    ):
        AwardCategory.objects.create(
            edition=edition,
            name=name,
            slug=slug,
            kind=kind,
            territory_categories=territory_categories,
            networks=category_networks,
            position=position,
        )
    return edition
