"""Reads of the census's stored figures: for the census page, the API (/api/v1/census/…) and
the monthly dumps. Only the rows `services.census_build` wrote are read, never the raw tables.

Scopes are written as the registry's keys: "" is France, "region:76" a région,
"departement:32" a département; `scope="region"` / `scope="departement"` ask for every région /
département, `scope=None` for every scope. Strata are `Stratum` values ("" = every
collectivité), networks `Network` values ("" = at least one network). Shares are in %, one
decimal, None when there is nothing to divide (unknown stays unknown, never 0)."""

import statistics
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.core.signals import request_finished, request_started
from django.db.models import Count, Max, Q

from observatoire.core.cache import memo_get, memo_set
from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry, kpis_unpack
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Territory

from ..models import CensusFigure, CensusMonth, CensusMove, Stratum

SCOPE_LEVELS = ("region", "departement")
# Changes whenever the census is computed again: part of the census page's cache key. Cached
# for a few seconds (the build forgets it at once in its own process and in a shared cache).
# Not `shared`: only the census's pages and answers read it, the other pages never fetch it.
STAMP_KEY = "census:stamp"
STAMP_SECONDS = 10


# Within a request the stamp is read once (the page's key and its month list both need it).
_request = threading.local()


def _request_start(**_kwargs) -> None:
    _request.active, _request.held = True, None


def _request_end(**_kwargs) -> None:
    _request.active, _request.held = False, None


request_started.connect(_request_start, dispatch_uid="census-stamp-request-start")
request_finished.connect(_request_end, dispatch_uid="census-stamp-request-end")


def stamp_request_forget() -> None:
    """The request that rebuilt the census reads the new stamp."""
    _request.held = None


def _stamped() -> tuple[str, tuple[str, ...]]:
    if getattr(_request, "active", False) and _request.held is not None:
        return _request.held
    held = _stamp_read()
    if getattr(_request, "active", False):
        _request.held = held
    return held


def _stamp_read() -> tuple[str, tuple[str, ...]]:
    held = memo_get(STAMP_KEY)
    if held is None:
        row = CensusMonth.objects.aggregate(last=Max("computed_at"), count=Count("id"))
        stamp = f"{row['last'].isoformat() if row['last'] else '-'}/{row['count']}"
        months = CensusMonth.objects.order_by("-month").values_list("month", flat=True)
        held = (stamp, tuple(f"{month:%Y-%m}" for month in months))
        memo_set(STAMP_KEY, held, STAMP_SECONDS)
    return held


def census_stamp() -> str:
    """When the census was last computed, and how many months it holds."""
    return _stamped()[0]


def census_month_texts() -> tuple[str, ...]:
    """The months computed (AAAA-MM), newest first, read with the stamp (the census page
    checks its URL's month without a round trip of its own)."""
    return _stamped()[1]


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole in %, one decimal; None when whole is 0 or either is unknown."""
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


@dataclass(frozen=True, slots=True)
class Figure:
    """The collectivités of a stratum in a scope, and those present and active on a network
    (or on at least one, network "") during the month."""

    scope: str
    stratum: str
    network: str
    territories: int
    present: int
    active: int  # present, and posted during the month on the network (on any, network "")
    profiles: int  # profiles present
    profiles_active: int  # profiles present that posted during the month
    network_counts: tuple[int, ...] | None  # network "": collectivités with 0, 1, 2… networks

    @property
    def present_share(self) -> float | None:
        """Share of the collectivités present, in %."""
        return share(self.present, self.territories)

    @property
    def active_share(self) -> float | None:
        """Share of the collectivités present that posted during the month, in %."""
        return share(self.active, self.present)

    @property
    def profiles_active_share(self) -> float | None:
        """Share of the profiles present that posted during the month, in %."""
        return share(self.profiles_active, self.profiles)

    @property
    def mean_networks(self) -> float | None:
        """Networks per collectivité present, on average (network "" only)."""
        if not self.network_counts or not self.present:
            return None
        total = sum(count * n for n, count in enumerate(self.network_counts))
        return round(total / self.present, 2)

    def as_dict(self) -> dict:
        """Plain values (API, dumps): the counts, the shares and the distribution."""
        return {
            "scope": self.scope,
            "stratum": self.stratum,
            "network": self.network,
            "territories": self.territories,
            "present": self.present,
            "present_share": self.present_share,
            "active": self.active,
            "active_share": self.active_share,
            "profiles": self.profiles,
            "profiles_active": self.profiles_active,
            "profiles_active_share": self.profiles_active_share,
            "network_counts": list(self.network_counts) if self.network_counts else None,
        }


@dataclass(frozen=True, slots=True)
class CensusFigures:
    """The figures of one month, as last computed."""

    month: date
    computed_at: datetime
    data_until: date  # the month is partial while this is before its last day
    demo: bool  # demo profiles are counted: the figures are fictitious
    figures: tuple[Figure, ...]

    def figure(self, *, scope: str = "", stratum: str = "", network: str = "") -> Figure | None:
        """One figure, None when the stratum has no collectivité in the scope."""
        return self._index().get((scope, stratum, network))

    def _index(self) -> dict:
        return {(f.scope, f.stratum, f.network): f for f in self.figures}

    @property
    def complete(self) -> bool:
        next_month = date(self.month.year + self.month.month // 12, self.month.month % 12 + 1, 1)
        return (next_month - self.data_until).days <= 1


FIGURE_FIELDS = (
    "scope",
    "stratum",
    "network",
    "territories",
    "present",
    "active",
    "profiles",
    "profiles_active",
    "network_counts",
)


def _scope_filter(scope: str | None) -> Q:
    if scope is None:
        return Q()
    if scope in SCOPE_LEVELS:
        return Q(scope__startswith=f"{scope}:")
    return Q(scope=scope)


def census_months() -> list[date]:
    """The months computed, newest first."""
    return list(CensusMonth.objects.order_by("-month").values_list("month", flat=True))


NETWORKS = ("", *Network.values)


def _figure(values) -> Figure:
    counts = values[-1] if values[2] == "" and values[-1] else None
    return Figure(*values[:-1], network_counts=tuple(counts) if counts else None)


def _with_zeros(found: list[Figure], networks) -> list[Figure]:
    """The figures found, and a zero figure for each network of `networks` where a group
    (scope, stratum) has none: the build stores no row for a network with no profile present
    in the group (its collectivités are counted, none is present: 0, known)."""
    have = {(f.scope, f.stratum, f.network) for f in found}
    zeros = [
        Figure(f.scope, f.stratum, network, f.territories, 0, 0, 0, 0, None)
        for f in found
        if f.network == ""
        for network in networks
        if network and (f.scope, f.stratum, network) not in have
    ]
    return sorted([*found, *zeros], key=lambda f: (f.scope, f.stratum, NETWORKS.index(f.network)))


def census_figures(
    *,
    month: date | None = None,
    scope: str | None = "",
    stratum: str | None = None,
    network: str | None = None,
) -> CensusFigures | None:
    """The census of `month` (default: the latest computed), None when it was not computed.

    `scope`: "" France (default), a région's or département's key, "region" / "departement"
    for every one of them, None for every scope. `stratum` / `network`: one of them ("" for
    every collectivité / at least one network), None for all."""
    months = CensusMonth.objects.all()
    head = (
        months.filter(month=month.replace(day=1)) if month else months.order_by("-month")
    ).first()
    if head is None:
        return None
    rows = CensusFigure.objects.filter(_scope_filter(scope), census=head)
    if stratum is not None:
        rows = rows.filter(stratum=stratum)
    if network:
        rows = rows.filter(network__in=("", network))  # "" gives the collectivités counted
    elif network == "":
        rows = rows.filter(network="")
    found = [
        _figure(values)
        for values in rows.order_by("scope", "stratum", "network").values_list(*FIGURE_FIELDS)
    ]
    wanted = NETWORKS if network is None else (network,)
    figures = tuple(
        figure
        for figure in _with_zeros(found, wanted)
        if network is None or figure.network == network
    )
    return CensusFigures(
        month=head.month,
        computed_at=head.computed_at,
        data_until=head.data_until,
        demo=head.demo,
        figures=figures,
    )


def census_series(
    *, scope: str = "", stratum: str = "", network: str | None = ""
) -> dict[str, list[tuple[date, Figure]]]:
    """Network ("" = at least one) -> its figure in every computed month, oldest first (the
    page's time series); every network when `network` is None."""
    rows = CensusFigure.objects.filter(scope=scope, stratum=stratum)
    if network:
        rows = rows.filter(network__in=("", network))
    elif network == "":
        rows = rows.filter(network="")
    by_month: dict[date, list[Figure]] = defaultdict(list)
    for values in rows.order_by("census__month").values_list("census__month", *FIGURE_FIELDS):
        by_month[values[0]].append(_figure(values[1:]))
    wanted = NETWORKS if network is None else (network,)
    series: dict[str, list[tuple[date, Figure]]] = defaultdict(list)
    for month, found in by_month.items():
        for figure in _with_zeros(found, wanted):
            if network is None or figure.network == network:
                series[figure.network].append((month, figure))
    return dict(series)


def census_places() -> dict[str, tuple[str, str | None]]:
    """Key -> (name, key of its région) of every région and département of the registry."""
    rows = Territory.objects.filter(
        kind__in=(Territory.Kind.REGION, Territory.Kind.DEPARTEMENT)
    ).values_list("key", "name", "region__key")
    return {key: (name, region) for key, name, region in rows}


def ranking_medians(
    *, month: date, network: str, category: str, kpi: str | None = None
) -> dict[str, float] | None:
    """The median score (or raw value of `kpi`) of the eligible entries of a category on a
    network in the published ranking of `month` (default methodology), per département and
    per région (their keys; a département or région's own entry counts for itself). None
    when the month is not published; a place without an eligible entry is left out."""
    methodology = methodology_default()
    entries = RankingEntry.objects.filter(
        publication__methodology=methodology,
        publication__month=month.replace(day=1),
        network=network,
        category=category,
        eligible=True,
    )
    if methodology is None or not entries.exists():
        return None
    values: dict[str, list[float]] = defaultdict(list)
    rows = entries.values_list(
        "territory__key",
        "territory__kind",
        "territory__departement__key",
        "region__key",
        "score",
        "kpi_data",
        "publication__kpis",
    )
    for key, kind, departement, region, score, data, kpis in rows:
        if kpi is None:
            value = float(score)
        else:
            value = kpis_unpack(data, kpis).get(kpi, (None,))[0] if kpi in kpis else None
            if value is None or value != value:
                continue
        if kind == Territory.Kind.REGION:
            region = key
        elif kind == Territory.Kind.DEPARTEMENT:
            departement = key
        for place in (departement, region):
            if place:
                values[place].append(value)
    return {place: statistics.median(found) for place, found in values.items()}


@dataclass(frozen=True, slots=True)
class Move:
    """A profile that stopped posting, became unreachable or was opened."""

    date: date
    kind: str
    network: str
    handle: str
    territory_key: str
    territory_name: str
    territory_slug: str
    region_key: str | None
    departement_key: str | None

    @property
    def network_label(self) -> str:
        return str(Network(self.network).label)

    @property
    def kind_label(self) -> str:
        return str(CensusMove.Kind(self.kind).label)

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "network": self.network,
            "handle": self.handle,
            "territory": self.territory_key,
            "name": self.territory_name,
        }


def _moves(*, scope: str | None, network: str | None, kind: str | None, year: int | None):
    moves = CensusMove.objects.all()
    if scope:
        level, _sep, _code = scope.partition(":")
        moves = moves.filter(
            Q(territory__key=scope)
            | (Q(territory__region__key=scope) if level == "region" else Q())
            | (Q(territory__departement__key=scope) if level == "departement" else Q())
        )
    if network:
        moves = moves.filter(network=network)
    if kind:
        moves = moves.filter(kind=kind)
    if year:
        moves = moves.filter(date__year=year)
    return moves


def census_moves(
    *,
    scope: str | None = None,
    network: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    limit: int | None = None,
) -> list[Move]:
    """The moves, newest first: of a région's or département's collectivités (`scope`, its
    key; default every one), on a network, of a kind, in a year."""
    rows = (
        _moves(scope=scope, network=network, kind=kind, year=year)
        .order_by("-date", "territory__name", "network", "pk")
        .values_list(
            "date",
            "kind",
            "network",
            "profile__handle",
            "territory__key",
            "territory__name",
            "territory__slug",
            "territory__region__key",
            "territory__departement__key",
        )
    )
    return [Move(*row) for row in (rows[:limit] if limit else rows)]


def census_move_counts(
    *, scope: str | None = None, network: str | None = None, year: int | None = None
) -> dict[date, dict[tuple[str, str], int]]:
    """Moves per month (first day) -> {(kind, network): count}, oldest month first."""
    counts: dict[date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    rows = _moves(scope=scope, network=network, kind=None, year=year).values_list(
        "date", "kind", "network"
    )
    for day, kind, move_network in rows:
        counts[day.replace(day=1)][(kind, move_network)] += 1
    return {month: dict(counts[month]) for month in sorted(counts)}


STRATA = tuple(Stratum)
