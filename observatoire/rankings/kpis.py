"""The KPI catalogue: one declaration per KPI, from which everything else derives.

The formulas (`formulas.Rules`, `kpi_arrays`), the stored entries (their packed KPI values
name their KPIs through the publication), the exports, the site's labels and number formats
and the methodology page all read these declarations. Adding a KPI is declaring it here
(and listing it in a methodology's weights); nothing else changes, and publications made
before it existed keep the KPIs they were made with (`RankingPublication.kpis`).

No ORM here: a KPI is computed from a month's figures, plain arrays of every profile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

PERCENTILE = "percentile"  # average position among the group's values ÷ group size
TARGET = "target"  # min(value ÷ target, 1)
UNITS = ("percent", "per_day", "count", "ratio")


@dataclass(frozen=True, slots=True)
class MonthFigures:
    """What a month's KPIs are computed from, one value per profile (NaN: unknown, e.g. no
    snapshot in the window, unknown following or population)."""

    followers: np.ndarray
    following: np.ndarray
    posts: np.ndarray  # published in the window
    interactions: np.ndarray  # likes + comments + shares of those posts
    population: np.ndarray
    window_days: int = 30


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI. `label` and `definition` are French, translated through gettext;
    `definition` may name the methodology's `%(target)s`. `decimals` is what people read
    (of the percentage for a "percent" unit). `compute` returns one float per profile, NaN
    where the KPI cannot be computed. `whole_per_window`: the KPI is a count over the window
    ÷ its days, so a value needed to gain a rank is a whole count."""

    name: str
    label: Promise | str
    definition: Promise | str
    unit: str
    decimals: int
    compute: Callable[[MonthFigures], np.ndarray]
    normalisation: str = PERCENTILE
    target: float | None = None
    higher_is_better: bool = True
    whole_per_window: bool = False

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"KPI {self.name}: unknown unit {self.unit!r}")
        if self.normalisation not in (PERCENTILE, TARGET):
            raise ValueError(f"KPI {self.name}: unknown normalisation {self.normalisation!r}")
        if self.normalisation == TARGET and (not self.target or not self.higher_is_better):
            raise ValueError(f"KPI {self.name}: a target needs a value and higher is better")

    def describe(self, *, target: float | None = None) -> SafeString:
        """The definition for the methodology page (the translation is trusted text, the
        target a localised number)."""
        text = str(self.definition)
        if "%(target)s" in text:
            text = text % {"target": conditional_escape(localize(target or self.target))}
        return mark_safe(text)  # our own translated text, like {% translate %} in a template


def _engagement_rate(f: MonthFigures) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = f.interactions / f.posts / f.followers
    return np.where((f.followers > 0) & (f.posts > 0), rate, np.nan)


def _reach(f: MonthFigures) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = f.followers / f.population
    return np.where(f.population > 0, reach, np.where(np.isnan(f.followers), np.nan, 0.0))


def _posts_per_day(f: MonthFigures) -> np.ndarray:
    return f.posts / f.window_days


def _followers(f: MonthFigures) -> np.ndarray:
    return f.followers


def _audience_ratio(f: MonthFigures) -> np.ndarray:
    return f.followers / np.maximum(np.nan_to_num(f.following, nan=0.0), 1.0)


CATALOGUE: dict[str, Kpi] = {}


def register(kpi: Kpi) -> Kpi:
    if kpi.name in CATALOGUE:
        raise ValueError(f"KPI {kpi.name} is already declared")
    CATALOGUE[kpi.name] = kpi
    return kpi


@contextmanager
def registered(*declared: Kpi) -> Iterator[None]:
    """Declare KPIs for the duration of a block (tests of a KPI the catalogue lacks)."""
    for kpi in declared:
        register(kpi)
    try:
        yield
    finally:
        for kpi in declared:
            CATALOGUE.pop(kpi.name, None)


def get(name: str) -> Kpi:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise ValueError(f"unknown KPI: {name}") from None


def names() -> tuple[str, ...]:
    """Every declared KPI, in the order of the catalogue."""
    return tuple(CATALOGUE)


def ordered(chosen) -> tuple[str, ...]:
    """The chosen KPI names in the order of the catalogue (ValueError for an unknown one)."""
    for name in chosen:
        get(name)
    return tuple(name for name in CATALOGUE if name in chosen)


register(
    Kpi(
        name="engagement_rate",
        label=_("Taux d'engagement"),
        definition=_(
            "Interactions moyennes par publication de la période (j'aime + commentaires "
            "+ partages) ÷ abonnés"
        ),
        unit="percent",
        decimals=2,
        compute=_engagement_rate,
    )
)
register(
    Kpi(
        name="reach",
        label=_("Portée"),
        definition=_("Abonnés ÷ population de la collectivité"),
        unit="percent",
        decimals=2,
        compute=_reach,
    )
)
register(
    Kpi(
        name="posts_per_day",
        label=_("Publications par jour"),
        definition=_("Publications de la période ÷ nombre de jours (cible : %(target)s par jour)"),
        unit="per_day",
        decimals=2,
        compute=_posts_per_day,
        normalisation=TARGET,
        target=1.0,
        whole_per_window=True,
    )
)
register(
    Kpi(
        name="followers",
        label=_("Abonnés"),
        definition=_("Abonnés au dernier relevé de la période"),
        unit="count",
        decimals=0,
        compute=_followers,
    )
)
register(
    Kpi(
        name="audience_ratio",
        label=_("Ratio d'audience"),
        definition=_("Abonnés ÷ abonnements"),
        unit="ratio",
        decimals=1,
        compute=_audience_ratio,
    )
)
