"""The score simulator: the collectivité's category re-scored with other weights from the
stored normalised KPIs (rankings.services.reweight, which writes nothing), network by
network, beside what was published. A simulation is never published nor stored."""

from dataclasses import dataclass, field

from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingPublication
from observatoire.rankings.services import reweight
from observatoire.territories.models import Territory

from . import selectors

TOP = 10


@dataclass(frozen=True)
class SimulatedRow:
    rank: int
    name: str
    score: float
    published_rank: int
    is_self: bool


@dataclass
class NetworkSimulation:
    network: str
    label: str
    reason: str = ""  # why the collectivité is not ranked this month on this network
    published_rank: int | None = None
    published_score: float | None = None
    simulated_rank: int | None = None
    simulated_score: float | None = None
    size: int = 0  # profiles ranked in the category
    top: list[SimulatedRow] = field(default_factory=list)

    @property
    def gain(self) -> int | None:
        """Places gained by the simulation (negative: lost)."""
        if self.published_rank is None or self.simulated_rank is None:
            return None
        return self.published_rank - self.simulated_rank

    @property
    def loss(self) -> int:
        """Places lost by the simulation (0 when it gains or keeps its rank)."""
        return max(-(self.gain or 0), 0)


def simulation_run(
    *, territory: Territory, publication: RankingPublication, weights: dict[str, float]
) -> list[NetworkSimulation]:
    """For each network where the collectivité has an entry in `publication`: its published
    and simulated rank and score in its category, and the simulated top 10 (with it, if it
    is further down). ValueError for a negative weight or when all are 0 (as reweight)."""
    own = selectors.entry_figures(territory_ids=[territory.pk], publications=[publication])
    rescored = reweight(publication=publication, weights=weights, category=territory.category)
    groups = {group.network: group for group in rescored}  # one query for every network
    result, names_needed = [], set()
    for (_territory, network, _publication), figures in sorted(
        own.items(), key=lambda item: Network.values.index(item[0][1])
    ):
        simulation = NetworkSimulation(network=network, label=Network(network).label)
        simulation.published_rank, simulation.published_score = figures.rank, figures.score
        simulation.reason = figures.reason
        group = groups.get(network)
        if group is not None:
            simulation.size = len(group)
            shown = list(range(min(TOP, len(group))))
            if territory.pk in group.territory_ids:
                index = group.territory_ids.index(territory.pk)
                simulation.simulated_rank = group.ranks[index]
                simulation.simulated_score = group.scores[index]
                if index >= TOP:
                    shown.append(index)
            names_needed.update(group.territory_ids[i] for i in shown)
            simulation.top = shown  # indexes for now, rows below
        result.append(simulation)
    names = {t.pk: t.name for t in selectors.territories_by_ids(ids=sorted(names_needed))}
    for simulation in result:
        group = groups.get(simulation.network)
        if group is None:
            continue
        simulation.top = [
            SimulatedRow(
                rank=group.ranks[i],
                name=names.get(group.territory_ids[i], ""),
                score=group.scores[i],
                published_rank=group.published_ranks[i],
                is_self=group.territory_ids[i] == territory.pk,
            )
            for i in simulation.top
        ]
    return result
