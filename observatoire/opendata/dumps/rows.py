"""The rows of each dataset of a month: tuples in the order of the dataset's fields, read
from the database in chunks, so memory stays flat whatever the number of rows.

Unknown stays unknown: None (an empty CSV cell, a Parquet null), never 0."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

import numpy as np
from django.db.models import F
from django.urls import reverse

from observatoire.profiles.models import Profile, canonical_url
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.models import PACKED, RankingEntry, RankingPublication
from observatoire.territories.models import Territory

from ..census.selectors import CensusFigures

CHUNK = 5_000

# The census's "" scope, stratum and network, written as values (an empty cell is unknown).
FRANCE, ALL_STRATA, ANY_NETWORK = "france", "all", "any"


@dataclass(frozen=True)
class MonthSource:
    """What a month's dump is read from: its publication (default methodology), the census
    of the month if computed, and the site's address for the links."""

    month: date
    publication: RankingPublication
    census: CensusFigures | None
    site_url: str


def chunked(rows: Iterable[tuple], size: int = CHUNK) -> Iterator[list[tuple]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _nullable(value: float) -> float | None:
    return None if value != value else value  # NaN is unknown


def territory_rows(source: MonthSource) -> Iterator[list[tuple]]:
    """The registry as it is when the dump is generated (every collectivité)."""
    page = source.site_url + reverse("site:territory", kwargs={"slug": "slug-placeholder"})
    head, _sep, tail = page.partition("slug-placeholder")
    rows = (
        Territory.objects.order_by("key")
        .values_list(
            "key",
            "kind",
            "code",
            "name",
            "category",
            "population",
            "siren",
            "epci_type",
            "postcodes",
            "region__key",
            "departement__key",
            "epci__key",
            "slug",
        )
        .iterator(chunk_size=CHUNK)
    )
    for row in rows:
        *values, slug = row
        for index in (6, 7, 8):  # blank registry texts are unknown
            values[index] = values[index] or None
        yield (*values, head + slug + tail)


def profile_rows(source: MonthSource) -> Iterator[tuple]:
    """Every profile as it is when the dump is generated, principal or thematic."""
    rows = (
        Profile.objects.order_by("pk")
        .values_list(
            "pk",
            "territory__key",
            "network",
            "handle",
            "url",
            "display_name",
            "label",
            "is_principal",
            "status",
            "unavailable_reason",
            "unavailable_since",
            "is_demo",
        )
        .iterator(chunk_size=CHUNK)
    )
    for pk, territory, network, handle, url, name, label, principal, *rest in rows:
        status, reason, since, demo = rest
        address = url or canonical_url(network, handle)
        yield (
            *(pk, territory, network, handle, address, name or None, label or None, principal),
            *(status, reason or None, since, demo),
        )


def _entries(source: MonthSource):
    return RankingEntry.objects.filter(publication=source.publication).order_by(
        "network", "category", F("rank").asc(nulls_last=True), "territory__name", "pk"
    )


def ranking_rows(source: MonthSource) -> Iterator[tuple]:
    """Every entry of the month's publication, by network, category and rank."""
    publication = source.publication
    rows = (
        _entries(source)
        .values_list(
            "network",
            "category",
            "territory__key",
            "territory__name",
            "profile_id",
            "profile__handle",
            "eligible",
            "reason",
            "rank",
            "score",
            "region__key",
            "region_rank",
            "previous_rank",
            "movement",
            "streak_first",
            "streak_top10",
            "followers",
            "following",
            "posts",
            "interactions",
            "profile__is_demo",
        )
        .iterator(chunk_size=CHUNK)
    )
    methodology = publication.methodology.slug
    for network, category, *row in rows:
        row[5] = row[5] or None  # reason: blank when ranked
        row[7] = float(row[7]) if row[7] is not None else None  # score
        yield (source.month, methodology, network, category, *row)


def kpi_rows(source: MonthSource) -> Iterator[tuple]:
    """Every KPI of the catalogue for every entry of the publication: the publication's own
    KPIs as published (value, normalised value, points, weight), the others computed from
    the entry's stored figures with the catalogue's formulas (value only)."""
    publication = source.publication
    methodology = publication.methodology
    published = list(publication.kpis)
    names = catalogue.names()
    weights = [methodology.weights.get(name) if name in published else None for name in names]
    rows = (
        _entries(source)
        .values_list(
            "network",
            "category",
            "territory__key",
            "profile_id",
            "followers",
            "following",
            "posts",
            "interactions",
            "territory__population",
            "kpi_data",
            "profile__is_demo",
        )
        .iterator(chunk_size=CHUNK)
    )
    for chunk in chunked(rows):
        values, normalised, points = _kpi_block(chunk, published, names, methodology.window_days)
        for i, (network, category, territory, profile_id, *_figures, demo) in enumerate(chunk):
            for k, name in enumerate(names):
                yield (
                    *(source.month, network, category, territory, profile_id, name),
                    _nullable(values[i][k]),
                    _nullable(normalised[i][k]),
                    _nullable(points[i][k]),
                    weights[k],
                    demo,
                )


def _kpi_block(chunk: list[tuple], published: list[str], names, window_days: int) -> tuple:
    """(n, k) lists of values, normalised values and points of the catalogue's KPIs."""
    n, k = len(chunk), len(names)
    values, normalised, points = (np.full((n, k), np.nan) for _ in range(3))
    stored = [i for i, row in enumerate(chunk) if row[9]]  # entries hold their packed KPIs
    if published and stored:
        blobs = b"".join(bytes(chunk[i][9]) for i in stored)
        packed = np.frombuffer(blobs, dtype=PACKED).reshape(len(stored), 3, len(published))
        for j, name in enumerate(published):
            at = names.index(name)
            values[stored, at], normalised[stored, at], points[stored, at] = packed[:, :, j].T
    others = [name for name in names if name not in published]
    if others:
        columns = list(zip(*(row[4:9] for row in chunk), strict=True))
        floats = [np.array(column, dtype=float) for column in columns]  # None is NaN
        figures = catalogue.MonthFigures(
            followers=floats[0],
            following=floats[1],
            posts=np.nan_to_num(floats[2]),
            interactions=np.nan_to_num(floats[3]),
            population=floats[4],
            window_days=window_days,
        )
        for name in others:
            values[:, names.index(name)] = catalogue.get(name).compute(figures)
    return values.tolist(), normalised.tolist(), points.tolist()


def census_rows(source: MonthSource) -> Iterator[tuple] | None:
    """The census figures of the month (France, régions, départements × strata × networks),
    None when the census of the month was not computed."""
    if source.census is None:
        return None
    demo = source.census.demo
    return (
        (
            source.month,
            figure.scope or FRANCE,
            figure.stratum or ALL_STRATA,
            figure.network or ANY_NETWORK,
            figure.territories,
            figure.present,
            figure.present_share,
            figure.active,
            figure.active_share,
            figure.profiles,
            figure.profiles_active,
            figure.profiles_active_share,
            list(figure.network_counts) if figure.network_counts else None,
            demo,
        )
        for figure in source.census.figures
    )
