"""Downloads of the monthly report: the latest month's, or a named month's (members only)."""

from django.http import Http404, HttpRequest, HttpResponse

from observatoire.core.dates import MonthError, parse_month
from observatoire.rankings.models import RankingPublication
from observatoire.territories.models import Territory
from observatoire.users.access import member_required

from .data import report_publication
from .render import report_filename, report_pdf


def _pdf(territory: Territory, publication: RankingPublication | None) -> HttpResponse:
    if publication is None:
        raise Http404
    response = HttpResponse(
        report_pdf(territory=territory, publication=publication), content_type="application/pdf"
    )
    filename = report_filename(territory=territory, publication=publication)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def report_latest(request: HttpRequest, *, territory: Territory, membership) -> HttpResponse:
    return _pdf(territory, report_publication())


@member_required
def report_month(
    request: HttpRequest, *, territory: Territory, membership, month: str
) -> HttpResponse:
    try:
        first_day = parse_month(month)
    except MonthError:
        raise Http404 from None
    return _pdf(territory, report_publication(month=first_day))
