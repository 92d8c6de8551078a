"""Reads of the alerts: who should hear about what, what is still to be sent, and what a
member received. Everything that walks all members or profiles streams (`.iterator()`) and
hands over chunks of collectivités, so memory stays flat however many there are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet

from observatoire.core.models import JobRun
from observatoire.dashboard.models import Alert, AlertDelivery, AlertPreference
from observatoire.profiles.models import Profile
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Territory
from observatoire.users.models import Membership, User

# An unreachable profile is news while it broke recently; older breakages are on the
# dashboard, not mailed to someone who joins months later.
RECENT_BREAKAGE_DAYS = 30
# Alerts not sent (the mail server failed, the worker died) are sent the next day, while
# they are still news.
PENDING_DAYS = 7
TERRITORY_CHUNK = 500  # collectivités whose members (and entries) are read at once
PAGE_SIZE = 20
PREFERENCES = ("profile_unreachable", "rank_change", "rank_move_threshold", "new_ranking")
PREFERENCE_DEFAULTS = {name: AlertPreference._meta.get_field(name).default for name in PREFERENCES}
DIGEST_KINDS = (
    Alert.Kind.TOP10_ENTERED,
    Alert.Kind.TOP10_LEFT,
    Alert.Kind.RANK_MOVED,
    Alert.Kind.RANKING_PUBLISHED,
)


@dataclass(frozen=True, slots=True)
class Member:
    """A member of one collectivité, with their alert preferences (defaults if never set)."""

    user_id: int
    territory_id: int
    profile_unreachable: bool
    rank_change: bool
    rank_move_threshold: int
    new_ranking: bool


def preference_get(*, user: User) -> AlertPreference:
    """The member's preferences, or the defaults (unsaved) until they change one."""
    return AlertPreference.objects.filter(user=user).first() or AlertPreference(user=user)


def _recipients(queryset: QuerySet) -> QuerySet:
    """Users who can receive an e-mail."""
    return queryset.filter(is_active=True).exclude(email="")


def _members(territory_ids: Iterable[int] | None = None) -> QuerySet:
    queryset = Membership.objects.filter(user__is_active=True).exclude(user__email="")
    if territory_ids is not None:
        queryset = queryset.filter(territory_id__in=list(territory_ids))
    fields = [f"user__alert_preference__{name}" for name in PREFERENCES]
    return queryset.order_by("territory_id", "user_id").values_list(
        "user_id", "territory_id", *fields
    )


def _member(row: tuple) -> Member:
    values = [
        PREFERENCE_DEFAULTS[name] if value is None else value  # no preferences saved yet
        for name, value in zip(PREFERENCES, row[2:], strict=True)
    ]
    return Member(row[0], row[1], *values)


def _chunks(rows: Iterator, territory_of, size: int) -> Iterator[list]:
    """Consecutive rows (sorted by collectivité) in lists of at most `size` collectivités."""
    chunk, territories = [], set()
    for row in rows:
        territory = territory_of(row)
        if territory not in territories and len(territories) == size:
            yield chunk
            chunk, territories = [], set()
        territories.add(territory)
        chunk.append(row)
    if chunk:
        yield chunk


def members_in_chunks(*, without_email: str, size: int = TERRITORY_CHUNK) -> Iterator[list[Member]]:
    """Every member of every collectivité who has not had the e-mail `without_email` (the
    month's digest: what is recorded after it would never be sent), a chunk of collectivités
    at a time."""
    sent = AlertDelivery.objects.filter(user=OuterRef("user_id"), key=without_email)
    rows = _members().exclude(Exists(sent)).iterator(chunk_size=2000)
    for chunk in _chunks(rows, lambda row: row[1], size):
        yield [_member(row) for row in chunk]


def member_list(*, territory_ids: Iterable[int]) -> list[Member]:
    return [_member(row) for row in _members(territory_ids)]


def unreachable_profiles_in_chunks(
    *, since: dt.datetime, on: dt.date, size: int = TERRITORY_CHUNK
) -> Iterator[list[dict]]:
    """Profiles unreachable now that the collection (or staff) touched since `since` and that
    broke recently (or at an unknown date), a chunk of collectivités at a time."""
    rows = (
        Profile.objects.filter(status=Profile.Status.UNAVAILABLE, updated_at__gte=since)
        .filter(
            Q(unavailable_since__isnull=True)
            | Q(unavailable_since__gte=on - dt.timedelta(days=RECENT_BREAKAGE_DAYS))
        )
        .order_by("territory_id", "pk")
        .values(
            "pk", "territory_id", "network", "handle", "unavailable_reason", "unavailable_since"
        )
        .iterator(chunk_size=2000)
    )
    yield from _chunks(rows, lambda row: row["territory_id"], size)


def publication_alerts_due(*, publication: RankingPublication) -> bool:
    """Only the published rankings (the default methodology's) are announced to members."""
    default = methodology_default()
    return default is not None and publication.methodology_id == default.pk


def publication_has_previous(*, publication: RankingPublication) -> bool:
    """Whether the month before was published too (else nobody "entered" or "moved")."""
    previous = (publication.month - dt.timedelta(days=1)).replace(day=1)
    return RankingPublication.objects.filter(
        methodology_id=publication.methodology_id, month=previous
    ).exists()


def publication_get(*, publication_id: int) -> RankingPublication | None:
    return RankingPublication.objects.filter(pk=publication_id).first()


def publication_recent(*, since: dt.datetime) -> RankingPublication | None:
    """The latest month of the default methodology, if (re)published since `since`."""
    default = methodology_default()
    if default is None:
        return None
    latest = RankingPublication.objects.filter(methodology=default).order_by("-month").first()
    return latest if latest is not None and latest.published_at >= since else None


def entries_by_territory(
    *, publication: RankingPublication, territory_ids: Iterable[int]
) -> dict[int, list[dict]]:
    """The ranked profiles of these collectivités in `publication`, by collectivité."""
    rows = (
        RankingEntry.objects.filter(publication=publication, territory_id__in=list(territory_ids))
        .order_by("territory_id", "network")
        .values("territory_id", "network", "category", "rank", "previous_rank", "movement")
    )
    found: dict[int, list[dict]] = {}
    for row in rows:
        found.setdefault(row["territory_id"], []).append(row)
    return found


def unreachable_recipients(*, key: str, since: dt.datetime) -> Iterator[User]:
    """Users with unreachable alerts recorded since `since` and not sent, who have not had
    the e-mail `key` yet (one a day)."""
    pending = Alert.objects.filter(
        user=OuterRef("pk"),
        kind=Alert.Kind.PROFILE_UNREACHABLE,
        delivery__isnull=True,
        created_at__gte=since,
    )
    sent = AlertDelivery.objects.filter(user=OuterRef("pk"), key=key)
    users = _recipients(User.objects.filter(Exists(pending)).exclude(Exists(sent)))
    return users.order_by("pk").iterator(chunk_size=500)


def unreachable_pending(*, user: User, since: dt.datetime) -> list[Alert]:
    return list(
        user.alerts.filter(
            kind=Alert.Kind.PROFILE_UNREACHABLE, delivery__isnull=True, created_at__gte=since
        )
        .select_related("territory")
        .order_by("territory__name", "created_at", "pk")
    )


def digest_recipients(*, key: str) -> Iterator[User]:
    """Members of at least one collectivité who have not had the digest `key` yet, with
    their preferences."""
    member = Membership.objects.filter(user=OuterRef("pk"))
    sent = AlertDelivery.objects.filter(user=OuterRef("pk"), key=key)
    users = _recipients(User.objects.filter(Exists(member)).exclude(Exists(sent)))
    return users.select_related("alert_preference").order_by("pk").iterator(chunk_size=500)


def digest_pending(*, user: User, publication: RankingPublication) -> list[Alert]:
    """The member's alerts about `publication`, not sent yet."""
    return list(
        user.alerts.filter(
            kind__in=DIGEST_KINDS, delivery__isnull=True, data__publication=publication.pk
        )
        .select_related("territory")
        .order_by("territory__name", "kind", "pk")
    )


def member_territories(*, user: User) -> list[Territory]:
    return list(Territory.objects.filter(memberships__user=user).order_by("name", "pk"))


def alert_page(*, user: User, number: str | int | None) -> Page:
    """The member's alerts, newest first, with the e-mail that carried each."""
    alerts = user.alerts.select_related("territory", "delivery").order_by("-created_at", "-pk")
    return Paginator(alerts, PAGE_SIZE).get_page(number)


def delivery_page(*, user: User, number: str | int | None) -> Page:
    """The e-mails sent to the member, newest first."""
    deliveries = user.alert_deliveries.order_by("-sent_at", "-pk")
    return Paginator(deliveries, PAGE_SIZE).get_page(number)


def run_started_at(*, run_id: int) -> dt.datetime | None:
    run = JobRun.objects.filter(pk=run_id).only("started_at").first()
    return run.started_at if run is not None else None
