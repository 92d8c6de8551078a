"""The awards' public pages: editions, an edition, a category, badges and the press kit.

What each visitor sees is decided by `announcements.visibility` (the calendar; a staff
preview with ?apercu=1). Not served from the site's page cache: they read a few rows and
must follow the clock to the second."""

import io

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from observatoire.core.csvio import CsvWriter

from . import announcements, badges, selectors
from .models import Award, AwardCategory, Edition


def editions(request: HttpRequest) -> HttpResponse:
    rows = [(e, announcements.status_text(e)) for e in selectors.edition_list()]
    return render(request, "awards/public/editions.html", {"rows": rows})


def _edition(year: int) -> Edition:
    try:
        return selectors.edition_get(year=year)
    except Edition.DoesNotExist as error:
        raise Http404(_("Édition introuvable.")) from error


def _shown(request: HttpRequest, edition: Edition) -> announcements.Visibility:
    return announcements.visibility(
        edition, staff=request.user.is_staff, preview=announcements.preview_asked(request)
    )


def _palmares(request: HttpRequest, blocks: list) -> list[tuple]:
    """(category block, [(nominee, badge, image path, snippet to copy)]) for the categories
    with medals shown."""
    palmares = []
    for block in blocks:
        entries = []
        for nominee in block.awards:
            badge = badges.badge_of(nominee.award)
            path = selectors.badge_path(year=block.category.edition.year, award=nominee.award)
            page = selectors.category_path(block.category)
            snippet = badges.badge_snippet(
                badge,
                image_url=request.build_absolute_uri(path),
                page_url=request.build_absolute_uri(page),
            )
            entries.append((nominee, badge, path, snippet))
        if entries:
            palmares.append((block, entries))
    return palmares


def _context(request: HttpRequest, edition: Edition, shown, blocks: list) -> dict:
    staff_can_preview = request.user.is_staff and not (shown.nominations and shown.results)
    return {
        "edition": edition,
        "shown": shown,
        "blocks": blocks,
        "palmares": _palmares(request, blocks) if shown.results else [],
        "staff_can_preview": staff_can_preview or shown.preview,
        "preview_query": "?" + announcements.PREVIEW_PARAMETER + "=1" if shown.preview else "",
        "nominations_at": announcements.nominations_at(edition),
        "results_at": announcements.results_at(edition),
    }


def edition(request: HttpRequest, year: int) -> HttpResponse:
    chosen = _edition(year)
    shown = _shown(request, chosen)
    blocks = selectors.edition_categories(edition=chosen, shown=shown)
    context = _context(request, chosen, shown, blocks)
    context |= {
        "networks": selectors.network_labels(chosen.networks),
        "criteria": selectors.criteria_shares(edition=chosen),
    }
    return render(request, "awards/public/edition.html", context)


def category(request: HttpRequest, year: int, category: str) -> HttpResponse:
    chosen = _edition(year)
    try:
        found = selectors.category_get(edition=chosen, slug=category)
    except AwardCategory.DoesNotExist as error:
        raise Http404(_("Catégorie introuvable.")) from error
    shown = _shown(request, chosen)
    blocks = selectors.edition_categories(edition=chosen, shown=shown, category=found)
    context = _context(request, chosen, shown, blocks) | {"current": blocks[0]}
    return render(request, "awards/public/category.html", context)


def badge(request: HttpRequest, year: int, award_id: int) -> HttpResponse:
    """The award's SVG badge, once the palmarès is announced (staff: ?apercu=1 before)."""
    try:
        award = selectors.award_get(year=year, award_id=award_id)
    except Award.DoesNotExist as error:
        raise Http404(_("Médaille introuvable.")) from error
    if not _shown(request, award.nomination.category.edition).results:
        raise Http404(_("Médaille introuvable."))
    response = HttpResponse(
        badges.badge_svg(badges.badge_of(award)), content_type="image/svg+xml; charset=utf-8"
    )
    response["Cache-Control"] = "no-store" if request.user.is_staff else "public, max-age=3600"
    return response


PRESS_COLUMNS = [
    ("year", gettext_lazy("Année")),
    ("edition", gettext_lazy("Édition")),
    ("category", gettext_lazy("Catégorie")),
    ("category_kind", gettext_lazy("Nature de la catégorie")),
    ("territory", gettext_lazy("Collectivité")),
    ("territory_kind", gettext_lazy("Type de collectivité")),
    ("code", gettext_lazy("Code officiel (Insee)")),
    ("siren", gettext_lazy("SIREN")),
    ("medal_label", gettext_lazy("Médaille")),
    ("label", gettext_lazy("Intitulé du prix")),
    ("territory_url", gettext_lazy("Page de la collectivité")),
    ("category_url", gettext_lazy("Page de la catégorie")),
    ("badge_url", gettext_lazy("Badge")),
]


def _press_kit(request: HttpRequest, year: int) -> tuple:
    """The edition, what is shown of it, its press-kit rows with absolute links, and the
    file name's stem."""
    chosen = _edition(year)
    shown = _shown(request, chosen)
    rows = selectors.press_kit(edition=chosen, shown=shown)
    for row in rows:
        for name in ("territory", "category", "badge"):
            path = row.pop(f"{name}_path", None)
            row[f"{name}_url"] = request.build_absolute_uri(path) if path else None
    prefix = ("demo-" if chosen.is_demo else "") + ("apercu-" if shown.preview else "")
    return chosen, shown, rows, f"{prefix}trophees-{chosen.year}-presse"


def press_kit_csv(request: HttpRequest, year: int) -> HttpResponse:
    _chosen, _shown_parts, rows, stem = _press_kit(request, year)
    text = io.StringIO()
    text.write("\ufeff")  # spreadsheets detect UTF-8
    writer = CsvWriter(text, reversible=False, lineterminator="\r\n")
    writer.writerow([str(label) for _name, label in PRESS_COLUMNS])
    for row in rows:
        writer.writerow([row.get(name) for name, _label in PRESS_COLUMNS])
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


def press_kit_json(request: HttpRequest, year: int) -> HttpResponse:
    chosen, shown, rows, stem = _press_kit(request, year)
    document = {
        "edition": {
            "year": chosen.year,
            "title": chosen.title,
            "theme": chosen.theme,
            "url": request.build_absolute_uri(
                reverse("awards:edition", kwargs={"year": chosen.year})
            ),
            "nominations_announced": shown.nominations,
            "results_announced": shown.results,
            "preview": shown.preview,
        },
        "categories": _press_categories(rows),
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return response


def _press_categories(rows: list[dict]) -> list[dict]:
    """The press-kit rows grouped by category, nominees inside."""
    categories: dict[str, dict] = {}
    for row in rows:
        category = categories.setdefault(
            row["category_slug"],
            {
                "name": row["category"],
                "slug": row["category_slug"],
                "kind": row["category_kind"],
                "url": row["category_url"],
                "nominees": [],
            },
        )
        if row["territory"] is None:
            continue
        category["nominees"].append(
            {
                "name": row["territory"],
                "kind": row["territory_kind"],
                "code": row["code"],
                "siren": row["siren"] or None,
                "url": row["territory_url"],
                "medal": row["medal"],
                "medal_label": row["medal_label"],
                "label": row["label"] or None,
                "badge_url": row["badge_url"],
            }
        )
    return list(categories.values())
