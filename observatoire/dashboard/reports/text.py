"""Text in the report: the font, and every string made safe for ReportLab's paragraph markup.

The font is Bitstream Vera, shipped inside ReportLab's own wheel (installed from PyPI with
it, nothing from the system): it covers French (accents, œ, ’, « », €, …) but not emojis or
arrows. ReportLab silently draws nothing for a character its font lacks, so `printable`
replaces those with a lozenge, and `markup` escapes what would otherwise be read as tags or
entities (a caption holding "<b>" or "&" is shown as written, never interpreted)."""

import os
import unicodedata
from functools import cache
from xml.sax.saxutils import escape, quoteattr

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "ObservatoireSans"
FONT_BOLD = "ObservatoireSans-Bold"
FONT_ITALIC = "ObservatoireSans-Italic"
FONT_BOLD_ITALIC = "ObservatoireSans-BoldItalic"
SYMBOL = "Symbol"  # PDF standard font: the movement arrows ↑ ↓ (never embedded, always there)
FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
REPLACEMENT = "◊"  # shown instead of a character the font cannot draw (an emoji…)
# Characters the font lacks that have a close equivalent it has.
EQUIVALENTS = {
    "\u202f": "\xa0",  # narrow no-break space (French thousands, « guillemets »)
    "\u2009": " ",
    "\u2007": "\xa0",
    "\u2011": "-",
    "\ufffd": REPLACEMENT,
}
CAPTION_LENGTH = 280


@cache
def fonts_registered() -> frozenset[int]:
    """Register the report's fonts with ReportLab (once per process) and return the code
    points the regular face can draw."""
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC)):
        addMapping(FONT, bold, italic, name)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def printable(text: str) -> str:
    """`text` with what the font can draw: control characters become spaces, invisible
    joiners and emoji modifiers go, a missing character becomes REPLACEMENT (one for a run
    of them, e.g. an emoji sequence)."""
    drawable = fonts_registered()
    out: list[str] = []
    for char in unicodedata.normalize("NFC", str(text)):
        category = unicodedata.category(char)
        if category == "Cc":
            char = " "
        elif category in ("Cf", "Mn", "Sk") and ord(char) not in drawable:
            continue  # zero-width joiner, variation selector, skin tone modifier…
        char = EQUIVALENTS.get(char, char)
        if ord(char) not in drawable:
            if out and out[-1] == REPLACEMENT:
                continue
            char = REPLACEMENT
        out.append(char)
    return "".join(out)


def markup(text: object) -> str:
    """Any text (a translation, a name, a number) as paragraph markup: drawable and escaped."""
    return escape(printable(str(text)))


def caption(text: str, *, length: int = CAPTION_LENGTH) -> str:
    """A post's caption as paragraph markup: on one line, cut at `length` characters (at a
    word when one is near), drawable and escaped."""
    flat = " ".join(printable(text or "").split())
    if len(flat) > length:
        cut = flat[: length - 1]
        space = cut.rfind(" ")
        flat = (cut[:space] if space > length * 0.7 else cut).rstrip() + "…"
    return escape(flat)


def link(url: str, text: str) -> str:
    """`text` (already markup) as a link to `url`; plain text when the address is not
    http(s) (javascript:, data: … are never linked)."""
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return text
    return f'<a href={quoteattr(url)} color="#1f4e9c">{text}</a>'


def arrow(movement: int | None) -> str:
    """↑ (gained places) or ↓ in the Symbol font, as markup; "" otherwise."""
    if not movement:
        return ""
    if movement > 0:
        return f'<font name="{SYMBOL}" color="#2e7d32">\u2191</font>'
    return f'<font name="{SYMBOL}" color="#b3261e">\u2193</font>'
