"""/api/v1/awards: the #Hashtags awards' editions and palmarès, only what is announced.

What is public is decided by the awards' calendar (`awards.announcements.visibility`, with
no staff preview here): nominees from their announcement, medals from the palmarès'. The
answers are cached under the site's stamp, which follows announcements by the clock
(`awards.selectors.awards_stamp`): one shows within `site.cache.STAMP_SECONDS` of its time.
"""

from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from observatoire.awards import announcements
from observatoire.awards import selectors as award_selectors
from observatoire.awards.models import Edition

from . import rows
from .caching import respond
from .parameters import ERRORS, NOT_FOUND
from .schemas import EditionOut, EditionSummary

router = Router(tags=["Trophées #Hashtags (awards)"])


def _summary(edition: Edition) -> dict:
    nominations = announcements.nominations_at(edition)
    results = announcements.results_at(edition)
    return {
        "year": edition.year,
        "title": edition.title,
        "theme": edition.theme or None,
        "networks": list(edition.networks or []),
        "period_start": edition.period_start,
        "period_end": edition.period_end,
        "nominations_announced_at": (
            nominations if announcements.nominations_announced(edition) else None
        ),
        "results_announced_at": results if announcements.results_announced(edition) else None,
        "demo": edition.is_demo,
    }


def _nominee(nominee: award_selectors.Nominee) -> dict:
    return {
        "territory": rows.territory_ref(nominee.territory),
        "medal": nominee.award.medal if nominee.award else None,
        "medal_label": nominee.medal_text or None,
    }


@router.get(
    "",
    response={200: list[EditionSummary], **ERRORS},
    summary="Les éditions des trophées (the awards' editions)",
    description=(
        "Chaque édition, la plus récente d'abord, avec les dates d'annonce déjà passées.\n\n"
        "*English:* every edition, the latest first, with the announcements already made."
    ),
)
def edition_list(request):
    def build() -> list:
        return [_summary(edition) for edition in award_selectors.edition_list()]

    return respond(request, "editions", schema=list[EditionSummary], build=build)


@router.get(
    "/{year}",
    response={200: EditionOut, **NOT_FOUND, **ERRORS},
    summary="Une édition et son palmarès (one edition and its palmarès)",
    description=(
        "Les catégories d'une édition ; leurs nommés une fois annoncés, et leurs médailles "
        "une fois le palmarès annoncé (médaillés d'abord : or, argent, bronze, prix "
        "spéciaux).\n\n"
        "*English:* an edition's categories; their nominees once announced, and their medals "
        "once the palmarès is (medallists first: gold, silver, bronze, special prizes)."
    ),
)
def edition_get(
    request,
    year: int = Path(..., ge=2000, le=2100, description="Année (year)", example=2024),
):
    def build() -> dict:
        try:
            edition = award_selectors.edition_get(year=year)
        except Edition.DoesNotExist as error:
            raise HttpError(404, _("Édition introuvable.")) from error
        shown = announcements.visibility(edition)
        blocks = award_selectors.edition_categories(edition=edition, shown=shown, dossiers=False)
        categories = []
        for block in blocks:
            category = block.category
            awarded = block.awards
            others = [n for n in block.nominees if n.award is None]
            categories.append(
                {
                    "id": category.slug,
                    "name": category.name,
                    "kind": category.kind,
                    "description": category.description or None,
                    "territory_categories": list(category.territory_categories or []),
                    "networks": category.network_list,
                    "nominees": [_nominee(n) for n in [*awarded, *others]],
                }
            )
        return _summary(edition) | {"categories": categories}

    return respond(request, "edition", year, schema=EditionOut, build=build)
