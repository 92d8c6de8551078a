"""/donnees/: the page listing the monthly dumps, and their files at stable URLs.

Files are served from disk as they were generated (FileResponse, streamed), with their
content type, a download name, an ETag from their SHA-256 and Last-Modified from their
generation, so clients and proxies revalidate instead of downloading again. The page is
not served from the page cache: the dumps are written after the publication that changes
the cache's stamp, and the page reads a few dozen rows."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from observatoire.core.dates import MonthError, month_text, parse_month
from observatoire.demo.selectors import demo_data_present

from .dumps import selectors
from .dumps.datapackage import LICENCE
from .dumps.datasets import DATASETS, FORMATS, dataset_get
from .dumps.files import MEDIA_TYPES

API_DOCS = "/api/docs"  # the API's interactive documentation (opendata/api)
MAX_AGE = 3600


def index(request: HttpRequest) -> HttpResponse:
    context = {
        "months": selectors.dump_months(),
        "datasets": DATASETS,
        "licence": LICENCE,
        "api_docs": API_DOCS,
    }
    return render(request, "opendata/dumps.html", context)


def _known(dataset: str, fmt: str) -> bool:
    if dataset == selectors.DATAPACKAGE:
        return fmt == "json"
    return dataset_get(dataset) is not None and fmt in FORMATS


def file(request: HttpRequest, month: str, dataset: str, fmt: str) -> HttpResponse:
    try:
        day = parse_month(month)
    except MonthError as error:
        raise Http404(str(error)) from error
    if not _known(dataset, fmt):
        raise Http404(_("Fichier introuvable."))
    for _attempt in range(2):  # regenerated between the row and the file: the new row
        found = selectors.dump_file(month=day, dataset=dataset, fmt=fmt)
        if found is None:
            break
        etag, modified = f'"{found.sha256}"', found.generated_at.timestamp()
        unchanged = get_conditional_response(request, etag=etag, last_modified=int(modified))
        if unchanged is not None:
            return _cached(unchanged)
        try:
            stream = selectors.dump_path(found).open("rb")
        except FileNotFoundError:
            continue
        prefix = "demo-" if demo_data_present() else ""  # fictitious figures say so everywhere
        response = FileResponse(
            stream,
            as_attachment=fmt != "json",
            filename=f"{prefix}observatoire-{month_text(day)}-{dataset}.{fmt}",
            content_type=MEDIA_TYPES[fmt] + ("" if fmt == "parquet" else "; charset=utf-8"),
        )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        return _cached(response)
    raise Http404(_("Fichier introuvable."))


def _cached(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def latest(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    """/donnees/latest/<file>: a temporary redirect to the same file of the latest month."""
    month = selectors.dump_latest_month()
    if month is None or not _known(dataset, fmt):
        raise Http404(_("Fichier introuvable."))
    kwargs = {"month": month_text(month), "dataset": dataset, "fmt": fmt}
    response = redirect(reverse("opendata_dump:file", kwargs=kwargs))
    patch_cache_control(response, public=True, max_age=300)
    return response
