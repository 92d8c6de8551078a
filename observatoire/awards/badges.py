"""The embeddable badge of an award: an SVG image a collectivité puts on its own site, and
the HTML snippet to copy.

The SVG holds text only (escaped by the template: a category named "<R&D>" stays text), no
script, no style element nor attribute — colours are presentation attributes — so it is safe
under the site's strict Content-Security-Policy and as an `<img>` anywhere. Each medal's text
and background colours contrast at least 4.5:1 (WCAG AA, checked in tests/test_badges.py).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Award
from .selectors import medal_text

HEIGHT = 64
TEXT_X = 64  # after the medal's disc
TITLE_EM, LINE_EM = 9.6, 7.8  # generous average glyph widths (px) at 16px bold and 14px


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    disc: str


PALETTES = {
    Award.Medal.GOLD: Palette(background="#F6D365", text="#1A1A1A", disc="#B8860B"),
    Award.Medal.SILVER: Palette(background="#DDE1E6", text="#1A1A1A", disc="#8A939C"),
    Award.Medal.BRONZE: Palette(background="#8C4B1F", text="#FFFFFF", disc="#D08B58"),
    Award.Medal.SPECIAL: Palette(background="#1F4E9C", text="#FFFFFF", disc="#F6D365"),
}


@dataclass(frozen=True)
class Badge:
    edition_line: str  # "#Hashtags 2024"
    award_line: str  # "Or — Sensibilisation et citoyenneté"
    territory: str
    palette: Palette

    @property
    def text(self) -> str:
        """The badge in one line: its title, accessible name and alt text."""
        return f"{self.edition_line} — {self.award_line}"

    @property
    def width(self) -> int:
        return badge_width(self.edition_line, self.award_line)


def badge_width(first_line: str, second_line: str) -> int:
    """Pixels wide enough for a badge's bold first line and its second line."""
    longest = max(len(first_line) * TITLE_EM, len(second_line) * LINE_EM)
    return int(TEXT_X + longest + 16)


def badge_of(award: Award) -> Badge:
    """The badge of `award` (its nomination, category and edition selected with it)."""
    category = award.nomination.category
    medal = medal_text(award)
    return Badge(
        edition_line=_("#Hashtags %(year)s") % {"year": category.edition.year},
        award_line=f"{medal} — {category.name}",
        territory=award.nomination.territory.name,
        palette=PALETTES[award.medal],
    )


def badge_svg(badge: Badge) -> str:
    """The SVG document of the badge."""
    return svg_badge(
        text=badge.text,
        lines=(badge.edition_line, badge.award_line),
        description=_("Lauréat : %(name)s.") % {"name": badge.territory},
        palette=badge.palette,
        width=badge.width,
    )


def svg_badge(
    *, text: str, lines: tuple[str, str], description: str, palette: Palette, width: int
) -> str:
    """An SVG badge: a disc, a bold first line and a second line on the palette's colours,
    `text` as its title and accessible name (also the rankings' badges, opendata/badges.py)."""
    context = {
        "text": text,
        "lines": lines,
        "description": description,
        "palette": palette,
        "width": width,
        "height": HEIGHT,
    }
    return render_to_string("awards/public/badge.svg", context)


def badge_snippet(badge: Badge, *, image_url: str, page_url: str) -> str:
    """The HTML a collectivité copies: the badge image, with its text as alt, linking to the
    category's page on this site."""
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
        page_url,
        image_url,
        badge.text,
        badge.width,
        HEIGHT,
    )
