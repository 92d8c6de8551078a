"""The embeddable ranking badge of a territory on a network for a month: "n°1 des
départements sur Instagram — décembre 2025", "12e des …", or a neutral badge when the
territory is not ranked that month, saying so (agreed with its category: "Non classé" for a
département, "Non classée" for a région, a commune…).

Drawn by the awards' SVG badge (`awards.badges.svg_badge`): text only, escaped, colours as
presentation attributes (safe under the strict Content-Security-Policy and as an `<img>`
anywhere), the text as <title> and accessible name. Every palette's text and background
contrast at least 4.5:1 (WCAG AA, tests/test_badges.py). Demo figures say so on the badge.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from observatoire.awards.badges import HEIGHT, PALETTES, Palette, badge_width, svg_badge
from observatoire.awards.models import Award
from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry
from observatoire.site.templatetags.site_tags import kpi_value
from observatoire.territories.models import Category, Territory

RANKED = Palette(background="#1F4E9C", text="#FFFFFF", disc="#9DB7E0")
UNRANKED = Palette(background="#F2F3F5", text="#333333", disc="#B0B7BF")
PODIUM = {1: PALETTES[Award.Medal.GOLD], 2: PALETTES[Award.Medal.SILVER]}
PODIUM[3] = PALETTES[Award.Medal.BRONZE]
MASCULINE = {Category.DEPARTEMENT}  # "un département"; the other categories are feminine


@dataclass(frozen=True)
class RankingBadge:
    headline: str  # "n°1 des départements sur Instagram"
    detail: str  # "décembre 2025 · Observatoire des collectivités"
    month: str  # "décembre 2025"
    description: str
    palette: Palette
    demo: bool = False

    @property
    def text(self) -> str:
        """The badge in one line: its title, accessible name and alt text."""
        text = f"{self.headline} — {self.month}"
        return _("%(text)s (données de démonstration)") % {"text": text} if self.demo else text

    @property
    def width(self) -> int:
        return badge_width(self.headline, self.detail)


def rank_ordinal(rank: int) -> str:
    """12e, 2e… (in English 12th, 2nd…): plain text, no <sup>, for an SVG."""
    if rank % 100 in (11, 12, 13):
        text = pgettext("ordinal 11, 12, 13", "%(number)se")
    elif rank % 10 == 1:
        text = pgettext("ordinal 1", "%(number)se")
    elif rank % 10 == 2:
        text = pgettext("ordinal 2", "%(number)se")
    elif rank % 10 == 3:
        text = pgettext("ordinal 3", "%(number)se")
    else:
        text = pgettext("ordinal other", "%(number)se")
    return text % {"number": rank}


def _headline(entry: RankingEntry | None, category: str, network: str) -> str:
    names = {"category": Category(category).label.lower(), "network": Network(network).label}
    if entry is not None and entry.eligible and entry.rank:
        if entry.rank == 1:
            return _("n°1 des %(category)s sur %(network)s") % names
        return _("%(rank)s des %(category)s sur %(network)s") % (
            names | {"rank": rank_ordinal(entry.rank)}
        )
    if category in MASCULINE:
        return _("Non classé parmi les %(category)s sur %(network)s") % names
    return _("Non classée parmi les %(category)s sur %(network)s") % names


def _description(entry: RankingEntry | None, territory: Territory) -> str:
    source = _("classement mensuel de l'Observatoire des collectivités sur les réseaux sociaux")
    if entry is not None and entry.eligible and entry.rank:
        detail = _("score %(score)s sur 100") % {"score": kpi_value(entry.score, "score")}
    elif entry is not None and entry.reason:
        detail = entry.get_reason_display().lower()
    else:
        detail = _("aucun profil classé sur ce réseau ce mois-ci")
    return f"{territory.name}, {source} : {detail}."


def ranking_badge(
    *,
    territory: Territory,
    network: str,
    month: datetime.date,
    entry: RankingEntry | None,
) -> RankingBadge:
    """The badge of the territory on `network` in `month` (`entry`: its entry then, if any)."""
    ranked = entry is not None and entry.eligible and entry.rank
    demo = bool(entry is not None and entry.profile.is_demo)
    month_label = date_format(month, "F Y")
    source = _("Observatoire des collectivités")
    if demo:
        source = _("démonstration, chiffres fictifs")
    return RankingBadge(
        headline=_headline(entry, territory.category, network),
        detail=f"{month_label} · {source}",
        month=month_label,
        description=_description(entry, territory),
        palette=PODIUM.get(entry.rank, RANKED) if ranked else UNRANKED,
        demo=demo,
    )


def ranking_badge_svg(badge: RankingBadge) -> str:
    return svg_badge(
        text=badge.text,
        lines=(badge.headline, badge.detail),
        description=badge.description,
        palette=badge.palette,
        width=badge.width,
    )


def latest_badge_snippet(*, alt: str, image_url: str, page_url: str) -> str:
    """The HTML of the badge that follows each new month: its height only, since its width
    changes with its text."""
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" height="{}"></a>', page_url, image_url, alt, HEIGHT
    )
