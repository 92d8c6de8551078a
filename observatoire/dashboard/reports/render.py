"""The monthly PDF report of a collectivité: `report_pdf(territory=…, publication=…)`.

Why ReportLab: it installs as pure wheels from PyPI (ReportLab, and Pillow it needs), with
its own fonts (Bitstream Vera) inside the wheel, so `pip install` is the whole set-up on
every fresh machine, CI included. WeasyPrint, the other serious candidate (HTML + CSS to
PDF), needs Pango, Cairo and their fonts from the system's packages, which `.ci/run`, every
developer's machine and every server would have to install with apt; for a report laid out
once, in code, that is a lot of moving parts for little gain. Charts are drawn with
reportlab.graphics (vector, no image library, no browser).

The report is rendered in the active language (gettext): the views use the request's, the
monthly digest activates each member's before calling it."""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from observatoire.core.dates import month_text
from observatoire.rankings.models import RankingPublication
from observatoire.territories.models import Territory

from . import sections, text
from .data import ReportData, report_data
from .styles import STYLES, WARNING

MARGIN = 2 * cm


def report_pdf(*, territory: Territory, publication: RankingPublication) -> bytes:
    """The report of `territory` for the month of `publication`, as the bytes of a PDF."""
    return report_render(report=report_data(territory=territory, publication=publication))


def report_filename(*, territory: Territory, publication: RankingPublication) -> str:
    """observatoire-<collectivité>-<AAAA-MM>.pdf, in plain ASCII (downloads, attachments)."""
    name = slugify(territory.slug) or "collectivite"
    return f"observatoire-{name}-{month_text(publication.month)}.pdf"


def report_render(*, report: ReportData) -> bytes:
    """The PDF of gathered report data (no database access)."""
    text.fonts_registered()
    month = sections.month_label(report.month)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=text.printable(
            _("Rapport mensuel — %(territory)s — %(month)s")
            % {"territory": report.territory_name, "month": month}
        ),
        author=_("Observatoire des collectivités sur les réseaux sociaux"),
        subject=_("Classements et indicateurs sur les réseaux sociaux"),
        creator="Observatoire",
        lang=get_language() or "fr",
    )
    frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="content")
    footer = _footer(report, month)
    document.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame], onPage=footer),
            PageTemplate(id="body", frames=[frame], onPage=footer),
        ]
    )
    document.build(
        [
            *_cover(report, month),
            NextPageTemplate("body"),
            PageBreak(),
            *sections.ranks_section(report),
            *sections.unreachable_section(report),
            *sections.history_section(report),
            *sections.best_posts_section(report),
            *sections.method_section(report),
        ]
    )
    return buffer.getvalue()


def _cover(report: ReportData, month: str) -> list[Flowable]:
    def line(label: str, style: str = "fact") -> Paragraph:
        return Paragraph(label, STYLES[style])

    where = text.markup(_("Catégorie de classement : %(category)s")) % {
        "category": text.markup(report.category_label)
    }
    if report.region_name:
        where += " · " + text.markup(report.region_name)
    first, last = report.window
    flowables: list[Flowable] = [
        Spacer(1, 3 * cm),
        line(text.markup(_("Observatoire des collectivités sur les réseaux sociaux")), "kicker"),
        Spacer(1, 0.4 * cm),
        line(text.markup(_("Rapport mensuel")), "subtitle"),
        Spacer(1, 0.3 * cm),
        line(text.markup(report.territory_name), "title"),
        line(where, "subtitle"),
        line(text.markup(month), "month"),
    ]
    if report.ranks:
        flowables.append(Spacer(1, 0.3 * cm))
        flowables += [
            Paragraph(sections.summary_markup(rank), STYLES["fact"], bulletText="•")
            for rank in report.ranks
        ]
    if report.demo:
        flowables += [
            line(text.markup(_("Données de démonstration")), "demo"),
            line(
                text.markup(
                    _(
                        "Les chiffres de ce rapport sont fictifs : ne les présentez pas comme "
                        "des mesures réelles."
                    )
                )
            ),
        ]
    facts = [
        _("Méthodologie : %(slug)s — %(name)s")
        % {"slug": report.method.slug, "name": report.method.name},
        _("Période observée : du %(first)s au %(last)s")
        % {"first": sections.day_text(first), "last": sections.day_text(last)},
        _("Rapport généré le %(date)s") % {"date": sections.day_text(timezone.localdate())},
    ]
    flowables.append(Spacer(1, 1.5 * cm))
    flowables += [line(text.markup(fact)) for fact in facts]
    return flowables


def _footer(report: ReportData, month: str):
    """Draws the footer of every page: the collectivité and month, the page number, and the
    demo label when the data is demo."""
    left = text.printable(f"{report.territory_name} — {month}")
    demo = text.printable(_("Données de démonstration")) if report.demo else ""

    def draw(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(text.FONT, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN / 2, left)
        page = text.printable(_("Page %(number)s") % {"number": document.page})
        canvas.drawRightString(A4[0] - MARGIN, MARGIN / 2, page)
        if demo:
            canvas.setFont(text.FONT_BOLD, 9)
            canvas.setFillColor(colors.HexColor(WARNING))
            canvas.drawCentredString(A4[0] / 2, A4[1] - MARGIN / 2, demo.upper())
        canvas.restoreState()

    return draw
