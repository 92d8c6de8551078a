"""The census page (/recensement/): parse the parameters, read the stored figures through
`page.census_context`, render. Served whole from the page cache to anonymous visitors and its
body from a fragment for everyone, both keyed on the census's stamp (site/cache.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from observatoire.site.cache import fragment, page, page_context

from .page import census_context, census_form_choices, census_parameters, census_query
from .selectors import census_stamp


@page(parameters=census_parameters)
def census(request: HttpRequest) -> HttpResponse:
    query, invalid = census_query(request.GET)
    if invalid:  # to the same page without them: a value never read is never cached
        kept = request.GET.copy()
        for name in invalid:
            kept.pop(name)
        return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)
    body = fragment(
        "census",
        census_stamp(),
        *query.values(),
        render=lambda: render_to_string(
            "opendata/census_body.html",
            census_context(query=query) | census_form_choices(query=query),
        ),
    )
    return render(request, "opendata/census.html", page_context(request, {"body": body}))
