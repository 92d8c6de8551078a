"""Paragraph and table styles of the report (the site's blue, red for warnings)."""

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .text import FONT, FONT_BOLD

BLUE = "#1f4e9c"
WARNING = "#b3261e"
GREY = colors.HexColor("#bdbdbd")
HEADER_FILL = colors.HexColor("#e8eef8")

_base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13)

STYLES = {
    "body": ParagraphStyle("body", parent=_base, spaceAfter=6),
    "warning": ParagraphStyle("warning", parent=_base, spaceBefore=4, spaceAfter=6),
    "cell": ParagraphStyle("cell", parent=_base, fontSize=8.5, leading=11),
    "number": ParagraphStyle("number", parent=_base, fontSize=8.5, leading=11, alignment=TA_RIGHT),
    "th": ParagraphStyle("th", parent=_base, fontName=FONT_BOLD, fontSize=8.5, leading=11),
    "h1": ParagraphStyle(
        "h1",
        parent=_base,
        fontName=FONT_BOLD,
        fontSize=16,
        leading=20,
        textColor=colors.HexColor(BLUE),
        spaceBefore=10,
        spaceAfter=8,
        keepWithNext=1,
    ),
    "h2": ParagraphStyle(
        "h2",
        parent=_base,
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        spaceBefore=8,
        spaceAfter=4,
        keepWithNext=1,
    ),
    "kicker": ParagraphStyle("kicker", parent=_base, fontSize=11, textColor=colors.HexColor(BLUE)),
    "title": ParagraphStyle("title", parent=_base, fontName=FONT_BOLD, fontSize=30, leading=36),
    "subtitle": ParagraphStyle("subtitle", parent=_base, fontSize=14, leading=18),
    "month": ParagraphStyle(
        "month",
        parent=_base,
        fontName=FONT_BOLD,
        fontSize=22,
        leading=28,
        textColor=colors.HexColor(BLUE),
        spaceBefore=18,
    ),
    "demo": ParagraphStyle(
        "demo",
        parent=_base,
        fontName=FONT_BOLD,
        fontSize=18,
        leading=24,
        alignment=TA_CENTER,
        textColor=colors.white,
        backColor=colors.HexColor(WARNING),
        borderPadding=10,
        spaceBefore=24,
        spaceAfter=14,
    ),
    "fact": ParagraphStyle("fact", parent=_base, fontSize=11, leading=16),
}

TABLE_STYLE = [
    ("GRID", (0, 0), (-1, -1), 0.4, GREY),
    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]
