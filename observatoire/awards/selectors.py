"""Reads of the awards' public side: editions, their categories, nominees and palmarès, a
collectivité's nominations, badges, the press kit and the feeds' announcements.

What is public is decided by `announcements` (the calendar); callers pass what a visitor may
see (`announcements.Visibility`) and the selectors never return more.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from observatoire.profiles.models import Network
from observatoire.territories.models import Category, Territory

from . import announcements
from .announcements import Visibility
from .links import KIND_LABELS
from .models import Award, AwardCategory, Dossier, Edition, Nomination, Operation, OperationLink

MEDAL_ORDER = [Award.Medal.GOLD, Award.Medal.SILVER, Award.Medal.BRONZE, Award.Medal.SPECIAL]


def edition_list() -> list[Edition]:
    """Every edition, the latest first."""
    return list(Edition.objects.order_by("-year"))


def edition_get(*, year: int) -> Edition:
    """The edition of `year` with its criteria and categories; Edition.DoesNotExist."""
    return Edition.objects.prefetch_related("criteria", "categories").get(year=year)


def category_get(*, edition: Edition, slug: str) -> AwardCategory:
    """A category of `edition` by its slug; AwardCategory.DoesNotExist."""
    return AwardCategory.objects.select_related("edition").get(edition=edition, slug=slug)


def criteria_shares(*, edition: Edition) -> list[tuple]:
    """(criterion, its share of the total weight in %) in order, from the prefetched rows."""
    criteria = list(edition.criteria.all())
    total = sum(c.weight for c in criteria) or 1
    return [(c, 100 * c.weight / total) for c in criteria]


def network_labels(values: list[str]) -> list[str]:
    """Labels of Network values, unknown values kept as they are."""
    return [str(Network(value).label) if value in Network.values else value for value in values]


def category_labels(values: list[str]) -> list[str]:
    """Labels of the ranking categories (Category values) a category admits."""
    return [str(Category(value).label) if value in Category.values else value for value in values]


@dataclass(frozen=True)
class PostLink:
    url: str
    label: str  # "Instagram · @legers32 · reel"


@dataclass(frozen=True)
class OperationSummary:
    """An operation as the public reads it: the networks by name, its posts as links."""

    operation: Operation
    networks: list[str]
    links: list[PostLink]


def _operation_summary(operation: Operation) -> OperationSummary:
    links = []
    for link in operation.links.all():
        parts = network_labels([link.network])
        if link.account:
            parts.append(f"@{link.account.lstrip('@')}")
        if link.kind:
            parts.append(str(KIND_LABELS.get(link.kind, link.kind)))
        links.append(PostLink(url=link.url, label=" · ".join(parts)))
    return OperationSummary(
        operation=operation, networks=network_labels(operation.networks or []), links=links
    )


@dataclass
class Nominee:
    """A nominee as the public sees it: the collectivité, its medal when the palmarès is
    shown, and the public summary of its submitted dossier (operations by audience)."""

    nomination: Nomination
    award: Award | None
    dossier: Dossier | None
    audiences: list[tuple[str, list[OperationSummary]]] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)

    @property
    def territory(self) -> Territory:
        return self.nomination.territory

    @property
    def medal_text(self) -> str:
        return medal_text(self.award) if self.award else ""


@dataclass
class CategoryBlock:
    """A category of an edition with what a visitor may see of it."""

    category: AwardCategory
    nominees: list[Nominee]

    @property
    def awards(self) -> list[Nominee]:
        """The awarded nominees, gold first, special prizes last."""
        awarded = [n for n in self.nominees if n.award is not None]
        return sorted(awarded, key=lambda n: (MEDAL_ORDER.index(n.award.medal), n.territory.name))

    @property
    def eligibility(self) -> list[str]:
        return category_labels(self.category.territory_categories)

    @property
    def networks(self) -> list[str]:
        return network_labels(self.category.network_list)


def medal_text(award: Award) -> str:
    """ "Or", "Argent", "Bronze", or a special prize's label ("Hashtag d'or")."""
    if award.medal == Award.Medal.SPECIAL and award.label:
        return award.label
    return str(award.get_medal_display())


def _award(nomination: Nomination) -> Award | None:
    try:
        return nomination.award
    except Award.DoesNotExist:
        return None


def _nominee(nomination: Nomination, *, results: bool, dossiers: bool) -> Nominee:
    dossier = nomination.dossier
    if dossier is not None and dossier.status != Dossier.Status.SUBMITTED:
        dossier = None  # a draft is never public
    nominee = Nominee(
        nomination=nomination, award=_award(nomination) if results else None, dossier=dossier
    )
    if dossier is None or not dossiers:
        return nominee
    operations = list(dossier.operations.all())
    for value, label in Operation.Audience.choices:
        chosen = [_operation_summary(o) for o in operations if o.audience == value]
        if chosen:
            nominee.audiences.append((str(label), chosen))
    for operation in operations:
        for tag in operation.hashtags or []:
            if tag not in nominee.hashtags:
                nominee.hashtags.append(tag)
    return nominee


def edition_categories(
    *,
    edition: Edition,
    shown: Visibility,
    category: AwardCategory | None = None,
    dossiers: bool = True,
) -> list[CategoryBlock]:
    """The categories of `edition` (or only `category`), in order, with the nominees and
    medals `shown` allows (none before the announcement); with the dossiers' operations and
    links unless `dossiers` is False."""
    categories = [category] if category else list(edition.categories.all())
    by_pk = {c.pk: c for c in categories}
    nominees: dict[int, list[Nominee]] = {pk: [] for pk in by_pk}
    if shown.nominations:
        nominations = (
            Nomination.objects.filter(category__in=categories)
            .select_related("territory", "award", "dossier")
            .order_by("territory__name")
        )
        if dossiers:
            links = Prefetch("links", queryset=OperationLink.objects.order_by("position", "pk"))
            operations = Operation.objects.order_by("audience", "position", "pk")
            nominations = nominations.prefetch_related(
                Prefetch("dossier__operations", queryset=operations.prefetch_related(links))
            )
        for nomination in nominations:
            nomination.category = by_pk[nomination.category_id]  # badges read it: no query
            nominee = _nominee(nomination, results=shown.results, dossiers=dossiers)
            nominees[nomination.category_id].append(nominee)
    return [CategoryBlock(category=c, nominees=nominees[c.pk]) for c in categories]


@dataclass(frozen=True)
class TerritoryAward:
    """One announced nomination of a collectivité, with its medal once the palmarès is."""

    edition: Edition
    category: AwardCategory
    award: Award | None

    @property
    def medal_text(self) -> str:
        return medal_text(self.award) if self.award else ""


def territory_awards(*, territory: Territory, now: dt.datetime | None = None) -> list:
    """The announced nominations (and medals) of a collectivité, the latest edition first."""
    now = now or timezone.now()
    nominations = (
        Nomination.objects.filter(territory=territory)
        .filter(announcements.announced_q(now=now, prefix="category__edition__"))
        .select_related("category__edition", "award")
        .order_by("-category__edition__year", "category__position", "category__pk")
    )
    found = []
    for nomination in nominations:
        edition = nomination.category.edition
        results = announcements.results_announced(edition, now=now)
        award = _award(nomination) if results else None
        found.append(TerritoryAward(edition=edition, category=nomination.category, award=award))
    return found


def award_get(*, year: int, award_id: int) -> Award:
    """An award of the edition of `year`, with its nominee, category and edition;
    Award.DoesNotExist."""
    return Award.objects.select_related(
        "nomination__territory", "nomination__category__edition"
    ).get(pk=award_id, nomination__category__edition__year=year)


def announcement_list(*, now: dt.datetime | None = None, limit: int = 20) -> list:
    """The announcements made so far (nominees, palmarès of each edition), latest first."""
    now = now or timezone.now()
    editions = Edition.objects.filter(announcements.announced_q(now=now)).prefetch_related(
        "categories"
    )
    made = [a for edition in editions for a in announcements.announcements(edition, now=now)]
    made.sort(key=lambda a: (a.at, a.edition.year, a.kind), reverse=True)
    return made[:limit]


def awards_stamp(*, now: dt.datetime | None = None) -> str:
    """Changes when what the public sees of the awards on a collectivité page changes: an
    announcement made (by the clock too), a nomination or medal of an announced edition
    added, changed or removed, an edition or category renamed. For the site's page cache."""
    now = now or timezone.now()
    rows = (
        Nomination.objects.filter(announcements.announced_q(now=now, prefix="category__edition__"))
        .order_by("pk")
        .values_list(
            "pk",
            "territory_id",
            "category_id",
            "category__slug",
            "category__name",
            "category__position",
            "category__edition__year",
            "category__edition__title",
            "category__edition__closed_at",
            "category__edition__results_announce_at",
            "award__medal",
            "award__label",
        )
    )
    digest = hashlib.sha1()
    count = 0
    for *shown, closed_at, results_at, medal, label in rows:
        results = closed_at is not None and results_at is not None
        results = results and max(closed_at, results_at) <= now
        digest.update(repr([*shown, medal, label] if results else shown).encode())
        count += 1
    return f"{count}:{digest.hexdigest()[:16]}"


def press_kit(*, edition: Edition, shown: Visibility) -> list[dict]:
    """One row per category and nominee (a category without nominees shown: one row without
    a nominee), plain values and site paths, only what `shown` allows."""
    rows = []
    for block in edition_categories(edition=edition, shown=shown, dossiers=False):
        category = block.category
        base = {
            "year": edition.year,
            "edition": edition.title,
            "category": category.name,
            "category_slug": category.slug,
            "category_kind": str(category.get_kind_display()),
            "category_path": category_path(category),
        }
        if not block.nominees:
            rows.append(base | {"territory": None})
        for nominee in block.nominees:
            territory, award = nominee.territory, nominee.award
            rows.append(
                base
                | {
                    "territory": territory.name,
                    "territory_kind": str(territory.get_kind_display()),
                    "code": territory.code,
                    "siren": territory.siren,
                    "territory_path": territory.get_absolute_url(),
                    "medal": award.medal if award else None,
                    "medal_label": str(award.get_medal_display()) if award else None,
                    "label": award.label if award else None,
                    "badge_path": badge_path(year=edition.year, award=award) if award else None,
                }
            )
    return rows


def category_path(category: AwardCategory) -> str:
    return reverse(
        "awards:category", kwargs={"year": category.edition.year, "category": category.slug}
    )


def badge_path(*, year: int, award: Award) -> str:
    return reverse("awards:badge", kwargs={"year": year, "award_id": award.pk})
