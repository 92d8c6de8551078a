"""Objects of the database turned into the API's rows (plain values, see schemas.py)."""

from django.conf import settings

from observatoire.core.dates import month_text
from observatoire.profiles.models import Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.models import RankingEntry
from observatoire.territories.models import Territory

from .selectors import Page


def page_meta(page: Page, *, demo: bool) -> dict:
    return {
        "count": page.count,
        "page": page.number,
        "pages": page.pages,
        "page_size": page.size,
        "demo": demo,
    }


def safe_url(url: str) -> str | None:
    """An http(s) address, else None (a stored address is never trusted to be a link)."""
    return url if url.lower().startswith(("https://", "http://")) else None


def _key(territory: Territory | None) -> str | None:
    return territory.key if territory is not None else None


def territory_ref(territory: Territory) -> dict:
    return {"id": territory.key, "name": territory.name}


def territory_row(territory: Territory) -> dict:
    """A territory read with its région, département and EPCI (`select_related`)."""
    return {
        "id": territory.key,
        "name": territory.name,
        "kind": territory.kind,
        "code": territory.code,
        "category": territory.category,
        "population": territory.population,
        "siren": territory.siren or None,
        "postcodes": territory.postcodes.split(),
        "region": _key(territory.region),
        "departement": _key(territory.departement),
        "epci": _key(territory.epci),
        "url": settings.SITE_URL + territory.get_absolute_url(),
    }


def profile_ref(profile: Profile) -> dict:
    unreachable = profile.status == Profile.Status.UNAVAILABLE
    return {
        "id": profile.key,
        "network": profile.network,
        "handle": profile.handle,
        "url": safe_url(profile.public_url),
        "status": profile.status,
        "unavailable_since": profile.unavailable_since if unreachable else None,
        "unavailable_reason": (profile.unavailable_reason or None) if unreachable else None,
        "demo": profile.is_demo,
    }


def profile_row(profile: Profile) -> dict:
    return profile_ref(profile) | {
        "display_name": profile.display_name or None,
        "label": profile.label or None,
        "principal": profile.is_principal,
        "verified_at": profile.verified_at,
    }


def _counts() -> set[str]:
    return {name for name, kpi in catalogue.CATALOGUE.items() if kpi.unit == "count"}


def kpi_value(name: str, value: float | None) -> float | int | None:
    """A raw KPI value as exported: counts as whole numbers."""
    if value is not None and name in _counts():
        return int(value)
    return value


def kpi_results(entry: RankingEntry) -> dict:
    """KPI name -> raw value, normalised value and points, for the publication's KPIs (read
    the entry with its publication)."""
    return {
        name: {
            "value": kpi_value(name, result.value),
            "normalised": result.normalised,
            "points": result.points,
        }
        for name, result in entry.kpis.items()
    }


def score(entry: RankingEntry) -> float | None:
    return float(entry.score) if entry.score is not None else None


def entry_row(entry: RankingEntry) -> dict:
    """An entry read with its publication, territory, profile and région (`ranking_list`)."""
    return {
        "rank": entry.rank,
        "region_rank": entry.region_rank,
        "previous_rank": entry.previous_rank,
        "movement": entry.movement,
        "streak_first": entry.streak_first,
        "streak_top10": entry.streak_top10,
        "eligible": entry.eligible,
        "reason": entry.reason or None,
        "reason_label": str(entry.get_reason_display()) if entry.reason else None,
        "score": score(entry),
        "territory": territory_ref(entry.territory),
        "region": _key(entry.region),
        "profile": profile_ref(entry.profile),
        "kpis": kpi_results(entry),
    }


def publication_head(publication) -> dict:
    return {
        "month": month_text(publication.month),
        "methodology": publication.methodology.slug,
        "published_at": publication.published_at,
        "kpis": list(publication.kpis),
    }
