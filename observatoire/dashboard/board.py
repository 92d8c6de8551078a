"""The dashboard of one collectivité for one month, as tables and charts: per network its
figures month by month (followers, each KPI of the publication, score, rank), then each of
them beside the category median and the peers. The page, the CSV and the XLSX read the
same `Table`s (tables.py)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.site.charts import Chart, line_chart
from observatoire.territories.models import Territory

from . import advice, posts, selectors
from .selectors import Figures, Months
from .tables import Column, Table, kpi_column


@dataclass
class Metric:
    """One figure over the months: its table (collectivité, median, peers) and its chart."""

    key: str
    label: str
    table: Table
    chart: Chart | None
    chart_title: str = ""


@dataclass
class NetworkBoard:
    network: str
    label: str
    profile: Profile | None  # the principal profile today
    summary: Table
    metrics: list[Metric]


@dataclass
class Board:
    territory: Territory
    months: Months
    peers: list[Territory]
    peers_chosen: bool
    networks: list[NetworkBoard] = field(default_factory=list)
    thematic: Table | None = None

    def compared(self, network: str) -> NetworkBoard | None:
        """The network whose figures the page compares (`network`, else the first one)."""
        return next((b for b in self.networks if b.network == network), None) or next(
            iter(self.networks), None
        )

    @property
    def tables(self) -> list[Table]:
        """Every table of the page, in its order."""
        found = []
        for block in self.networks:
            found.append(block.summary)
            found.extend(metric.table for metric in block.metrics)
        if self.thematic is not None:
            found.append(self.thematic)
        return found


def _kpi_names(publications) -> list[str]:
    """The KPIs of the publications shown, in the order of the catalogue."""
    chosen = {name for p in publications for name in p.kpis if name in catalogue.CATALOGUE}
    return list(catalogue.ordered(chosen))


def _metrics(kpis: list[str]) -> list[tuple[str, str, Column]]:
    """(key, label, column) of each figure followed month by month."""
    metrics = [
        ("rank", _("Rang"), Column(_("Rang"), "rank")),
        ("score", _("Score"), Column(_("Score"), "number", 2)),
    ]
    if "followers" not in kpis:
        metrics.append(("followers", _("Abonnés"), Column(_("Abonnés"), "count")))
    for name in kpis:
        column = kpi_column(name)
        metrics.append((name, column.label, column))
    return metrics


def _value(figures: Figures | None, key: str):
    if figures is None:
        return None
    if key == "rank":
        return figures.rank if figures.eligible else figures.reason
    if key == "score":
        return figures.score
    if key == "followers":
        return figures.followers
    return figures.kpis.get(key)


def _chart(key: str, column: Column, months: list[str], series: dict) -> Chart | None:
    def number(value):
        if value is None or isinstance(value, str):
            return None
        return value * 100 if column.kind == "percent" else value

    lines = {label: [number(v) for v in values] for label, values in series.items()}
    if key == "rank":
        return line_chart(x_labels=months, series=lines, invert=True, minimum=1, integer=True)
    return line_chart(x_labels=months, series=lines, minimum=0)


def _network_board(board: Board, network: str, profile, figures: dict, medians: dict, kpis):
    """The summary table and the metrics of one network."""
    territory, history = board.territory, board.months.history
    label = Network(network).label
    month_column = Column(_("Mois"), "month")
    metrics = _metrics(kpis)
    own = [figures.get((territory.pk, network, p.pk)) for p in history]
    # The summary reads as the public page: the KPIs (and followers), then the score.
    figures_first = [m for m in metrics if m[0] not in ("rank", "score")] + [metrics[1]]
    summary = Table(
        slug=f"{network}-synthese",
        sheet=f"{label} {_('synthèse')}",
        title=_("%(network)s : vos chiffres mois par mois") % {"network": label},
        columns=[month_column]
        + [column for key, _l, column in figures_first]
        + [Column(_("Rang"), "rank"), Column(_("Profils classés"), "integer")]
        + [Column(_("Remarque"))],
    )
    absent = _("Pas de classement publié pour ce profil ce mois-là")
    for publication, mine in zip(history, own, strict=True):
        group = medians.get((publication.pk, network), {})
        summary.rows.append(
            [publication.month]
            + [_value(mine, key) for key, _l, _c in figures_first]
            + [mine.rank if mine else None, group.get("ranked"), mine.reason if mine else absent]
        )
    x_labels = [date_format(p.month, "M Y") for p in history]
    median_label = _("Médiane de la catégorie")
    blocks = []
    for key, metric_label, column in metrics:
        series = {territory.name: [_value(mine, key) for mine in own]}
        if key != "rank":
            series[median_label] = [medians.get((p.pk, network), {}).get(key) for p in history]
        for peer in board.peers:
            series[peer.name] = [figures.get((peer.pk, network, p.pk)) for p in history]
            series[peer.name] = [_value(f, key) for f in series[peer.name]]
        table = Table(
            slug=f"{network}-{key.replace('_', '-')}",
            sheet=f"{label} {metric_label}",
            title=_("%(network)s — %(figure)s, mois par mois")
            % {"network": label, "figure": metric_label},
            columns=[month_column, *(replace(column, label=name) for name in series)],
            rows=[
                [p.month, *(values[i] for values in series.values())] for i, p in enumerate(history)
            ],
        )
        chart = _chart(key, column, x_labels, series)
        unit = " (%)" if column.kind == "percent" else ""
        blocks.append(Metric(key, metric_label, table, chart, table.title + unit))
    return NetworkBoard(network, label, profile, summary, blocks)


def _thematic(territory: Territory, profiles: list[Profile], history) -> Table | None:
    """Followers of the thematic profiles at the end of each month (they are not ranked)."""
    if not profiles:
        return None
    months = [p.month for p in history]
    followers = selectors.month_end_followers(profiles=profiles, months=months)
    names = [f"{p.get_network_display()} @{p.handle}" for p in profiles]
    return Table(
        slug="profils-thematiques",
        sheet=_("Profils thématiques"),
        title=_("Profils thématiques : abonnés en fin de mois"),
        columns=[Column(_("Mois"), "month")] + [Column(name, "count") for name in names],
        rows=[[m, *(followers.get((p.pk, m)) for p in profiles)] for m in months],
    )


def month_end(publication) -> dt.date:
    """The last day of a publication's month."""
    return (publication.month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def blocks_tables(*, territory: Territory, publication) -> list[Table]:
    """The tables of the dashboard's other blocks, for the exports: what to do next, the
    month's best and weakest posts, the heatmap of the last 90 days of the month."""
    steps = advice.next_steps(territory=territory, publication=publication)
    return [
        advice.next_steps_table(steps, publication=publication),
        posts.posts_table(posts.posts_extremes(territory=territory, month=publication.month)),
        posts.engagement_heatmap(territory=territory, until=month_end(publication)).table(),
    ]


def _medians(territory: Territory, history, figures: dict) -> dict:
    """(publication id, network) -> medians of the category the collectivité was ranked in
    that month (a town that grows changes category; today's when it has no entry)."""
    ranked_in = {
        f.publication_id: f.category for f in figures.values() if f.territory_id == territory.pk
    }
    by_category = defaultdict(list)
    for publication in history:
        by_category[ranked_in.get(publication.pk, territory.category)].append(publication)
    medians = {}
    for category, publications in by_category.items():
        medians |= selectors.category_medians(publications=publications, category=category)
    return medians


def board_build(*, territory: Territory, months: Months) -> Board:
    """The dashboard of `territory` for the chosen month (`selectors.months_choose`)."""
    chosen = selectors.peers_chosen(territory=territory)
    peers = chosen or selectors.peers_default(territory=territory, publication=months.selected)
    board = Board(territory=territory, months=months, peers=peers, peers_chosen=bool(chosen))
    profiles = selectors.territory_profiles(territory=territory)
    principal = {p.network: p for p in profiles if p.is_principal}
    if months.selected is None:
        return board
    history = months.history
    figures = selectors.entry_figures(
        territory_ids=[territory.pk, *(p.pk for p in peers)], publications=history
    )
    medians = _medians(territory, history, figures)
    present = set(principal) | {n for (t, n, _p) in figures if t == territory.pk}
    kpis = _kpi_names(history)
    for network in (n for n in Network.values if n in present):
        board.networks.append(
            _network_board(board, network, principal.get(network), figures, medians, kpis)
        )
    board.thematic = _thematic(territory, [p for p in profiles if not p.is_principal], history)
    return board
