"""The #Hashtags come alive in the demo (`observatoire demo awards`): a 2020 edition on crisis
communication with the Gers' dossier, the 2024 edition with its nominees, jury and palmarès,
and a 2026 edition open for entries. Everything is written through the awards' services, as
the people of each step would (the manager drafts and submits, staff nominate with the
selectors' evidence, jurors score, staff close), the calendar moved along so each step is
allowed; then a past edition is given its real dates. Idempotent: a finished demo edition
is kept, the jurors' passwords are reset. `demo clear` removes the demo editions (with all
under them) and the demo jurors, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from observatoire.awards.dossier_selectors import edition_is_open
from observatoire.awards.jury import edition_close
from observatoire.awards.links import LinkError, link_parse
from observatoire.awards.models import (
    Award,
    AwardCategory,
    Conflict,
    Criterion,
    Dossier,
    Edition,
    Nomination,
)
from observatoire.demo.members import DEMO_EMAIL_DOMAIN, DEMO_MEMBER_PASSWORD
from observatoire.demo.services import DEMO_USERNAME
from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory
from observatoire.users.models import User

from .edition_2020 import EDITION_2020
from .edition_2024 import EDITION_2024
from .specs import (
    CRITERIA,
    EDITION_2026,
    GERS,
    HANDLES,
    JURORS,
    PROFILE_URLS,
    ROUTES_NOTE_DEMO,
    ROUTES_NOTE_NONE,
    SAONE,
    EditionSpec,
    JurorSpec,
)
from .steps import Context, dossier_make, jury_make

PAST_EDITIONS = (EDITION_2020, EDITION_2024)
REQUIRED = (GERS, SAONE)
OPEN_FOR = dt.timedelta(days=60)  # the 2026 call for entries, from the first run
DAY = dt.timedelta(days=1)
CREATED, KEPT, REOPENED, SKIPPED = "created", "kept", "reopened", "skipped"


class DemoAwardsError(Exception):
    """The demo's awards cannot be made (the registry is not loaded)."""


@dataclass(frozen=True)
class EditionMade:
    """An edition of the demo as it stands after the run, for the command to print."""

    year: int
    state: str  # CREATED, KEPT (already there), REOPENED (call for entries reopened), SKIPPED
    edition: Edition | None  # None when SKIPPED: a real edition has that year
    dossiers: tuple[str, ...] = ()  # collectivités with a submitted dossier
    categories: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # nominees, medals


@dataclass(frozen=True)
class DemoAwards:
    editions: list[EditionMade]
    jurors: list[tuple[User, list[str]]]  # each demo juror with their conflicts' names
    invitations: int  # e-mails the jury's invitations sent in this run


def demo_awards() -> DemoAwards:
    """Make (or keep) the demo's editions, dossiers, nominations, jury and medals."""
    territories = Territory.objects.in_bulk(_territory_keys(), field_name="key")
    missing = [key for key in REQUIRED if key not in territories]
    if missing:
        raise DemoAwardsError(
            f"Collectivités absentes du registre : {', '.join(missing)} "
            "(lancez d'abord « observatoire territories load »)."
        )
    authors = {spec.author for edition in PAST_EDITIONS for spec in edition.dossiers}
    users = User.objects.in_bulk([DEMO_USERNAME, *authors], field_name="username")
    context = Context(
        territories=territories,
        users=users,
        staff=users.get(DEMO_USERNAME),
        jurors=[_juror_user(spec) for spec in JURORS],
        texts=_texts(territories),
    )
    editions = [_past_edition(spec, context) for spec in PAST_EDITIONS]
    editions.append(_open_edition(EDITION_2026, context))
    conflicts = Conflict.objects.filter(
        juror__user__in=context.jurors, juror__edition__is_demo=True
    )
    names: dict[int, list[str]] = {user.pk: [] for user in context.jurors}
    for user_id, name in conflicts.values_list("juror__user_id", "territory__name"):
        names[user_id].append(name)
    invitations = sum(
        len(context.jurors)
        for spec, made in zip(PAST_EDITIONS, editions, strict=False)
        if spec.jury is not None and made.state == CREATED
    )
    return DemoAwards(
        editions=editions,
        jurors=[(u, names[u.pk]) for u in context.jurors],
        invitations=invitations,
    )


def demo_awards_clear() -> dict[str, int]:
    """Remove the demo editions with everything under them (criteria, categories, dossiers,
    nominations, jury, scores, medals, journal), any other demo dossier, and the demo
    jurors' accounts; nothing else."""
    counts = {}
    with transaction.atomic():
        _total, detail = Edition.objects.filter(is_demo=True).delete()
        counts["award_editions"] = detail.get(Edition._meta.label, 0)
        _total, rest = Dossier.objects.filter(is_demo=True).delete()
        counts["award_dossiers"] = detail.get(Dossier._meta.label, 0) + rest.get(
            Dossier._meta.label, 0
        )
        _total, detail = User.objects.filter(username__in=[j.username for j in JURORS]).delete()
        counts["jurors"] = detail.get(User._meta.label, 0)
    return counts


# --- who and what ----------------------------------------------------------------------------


def _territory_keys() -> set[str]:
    keys = {spec.territory for edition in PAST_EDITIONS for spec in edition.dossiers}
    keys |= {key for key, _network, _label, _default in HANDLES.values()}
    for edition in PAST_EDITIONS:
        if edition.jury is not None:
            keys |= {key for nominees in edition.jury.nominees.values() for key, _ in nominees}
    return keys


def _juror_user(spec: JurorSpec) -> User:
    """The juror's account, created or reset (password DEMO_MEMBER_PASSWORD)."""
    user, _created = User.objects.get_or_create(username=spec.username)
    user.first_name, user.last_name = spec.first_name, spec.last_name
    user.email = f"{spec.username}@{DEMO_EMAIL_DOMAIN}"
    user.is_staff = user.is_superuser = False
    user.is_active = True
    user.set_password(DEMO_MEMBER_PASSWORD)
    user.save()
    return user


def _texts(territories: dict[str, Territory]) -> dict[str, str]:
    """The handles the texts name: the demo profile's when it exists and reads as a link."""
    wanted = Q()
    for key, network, label, _default in HANDLES.values():
        if key in territories:
            wanted |= Q(territory=territories[key], network=network, label=label)
    found = {}
    if wanted:
        profiles = Profile.objects.filter(wanted, is_demo=True).order_by("-is_principal", "pk")
        for territory_key, network, label, handle in profiles.values_list(
            "territory__key", "network", "label", "handle"
        ):
            found.setdefault((territory_key, network, label), handle)
    texts = {}
    for name, (key, network, label, default) in HANDLES.items():
        handle = found.get((key, network, label), "")
        texts[name] = handle if handle and _readable(network, handle) else default
    routes = found.get(HANDLES["gers_routes"][:3], "")
    texts["gers_routes_note"] = (
        ROUTES_NOTE_DEMO.format(label=HANDLES["gers_routes"][2], handle=texts["gers_routes"])
        if routes and texts["gers_routes"] == routes
        else ROUTES_NOTE_NONE
    )
    return texts


def _readable(network: str, handle: str) -> bool:
    try:
        link_parse(PROFILE_URLS[network].format(handle))
    except LinkError:
        return False
    return True


# --- editions ------------------------------------------------------------------------------


def _existing(spec: EditionSpec) -> Edition | None:
    return Edition.objects.filter(Q(year=spec.year) | Q(slug=spec.slug)).first()


def _edition_make(spec: EditionSpec, *, opens: dt.datetime, closes: dt.datetime) -> Edition:
    """The edition with its criteria and categories, as staff set it up in the admin."""
    edition = Edition.objects.create(
        year=spec.year,
        slug=spec.slug,
        title=spec.title,
        theme=spec.theme,
        networks=list(spec.networks),
        rules=spec.rules,
        period_start=spec.period[0],
        period_end=spec.period[1],
        entries_open_at=opens,
        entries_close_at=closes,
        ceremony_place=spec.ceremony_place,
        is_demo=True,
    )
    Criterion.objects.bulk_create(
        Criterion(edition=edition, name=name, weight=Decimal(weight), description=text, position=i)
        for i, (name, weight, text) in enumerate(CRITERIA)
    )
    AwardCategory.objects.bulk_create(
        AwardCategory(
            edition=edition,
            name=category.name,
            slug=category.slug,
            kind=category.kind,
            description=category.description,
            territory_categories=list(category.territory_categories),
            networks=list(category.networks),
            position=position,
        )
        for position, category in enumerate(spec.categories)
    )
    return edition


def _calendar(edition: Edition, **dates) -> None:
    """Staff move the edition's calendar (as in the admin)."""
    for name, value in dates.items():
        setattr(edition, name, value)
    edition.save(update_fields=list(dates))


def _past_edition(spec: EditionSpec, context: Context) -> EditionMade:
    """Replay the edition: call for entries (dossiers submitted), nominations and jury, the
    closing; then its real calendar, and the moments the services stamped (submissions,
    nominations, medals, closing) dated in it. The journal keeps the times of the run."""
    existing = _existing(spec)
    if existing is not None and not existing.is_demo:
        return EditionMade(year=spec.year, state=SKIPPED, edition=None)
    if existing is not None and existing.closed_at is not None:
        return _summary(existing, KEPT)
    now = timezone.now()
    with transaction.atomic():
        if existing is not None:  # an unfinished demo edition: made again
            existing.delete()
        edition = _edition_make(spec, opens=now - DAY, closes=now + DAY)
        for dossier_spec in spec.dossiers:
            dossier_make(edition=edition, spec=dossier_spec, context=context)
        if spec.jury is not None:
            moment = timezone.now()
            _calendar(
                edition,
                entries_close_at=moment,
                jury_start_at=moment - dt.timedelta(minutes=1),
                jury_end_at=moment + DAY,
            )
            jury_make(edition=edition, jury=spec.jury, context=context)
        edition_close(edition=edition, actor=context.staff)
        _calendar(edition, **spec.calendar)
        _backdate(edition, spec)
    return _summary(edition, CREATED)


def _open_edition(spec: EditionSpec, context: Context) -> EditionMade:
    """An edition whose call for entries is open now (reopened when its time has passed),
    for a demo manager to start a dossier from Mon espace."""
    existing = _existing(spec)
    if existing is not None and not existing.is_demo:
        return EditionMade(year=spec.year, state=SKIPPED, edition=None)
    now = timezone.now()
    closes = now + OPEN_FOR
    jury = {"jury_start_at": closes + 10 * DAY, "jury_end_at": closes + 40 * DAY}
    if existing is None:
        with transaction.atomic():
            edition = _edition_make(spec, opens=now - 7 * DAY, closes=closes)
            _calendar(edition, **jury)
        return _summary(edition, CREATED)
    if edition_is_open(existing, now=now):
        return _summary(existing, KEPT)
    opens = min(existing.entries_open_at, now - DAY)
    _calendar(existing, entries_open_at=opens, entries_close_at=closes, **jury)
    return _summary(existing, REOPENED)


def _backdate(edition: Edition, spec: EditionSpec) -> None:
    for dossier in spec.dossiers:
        Dossier.objects.filter(edition=edition, territory__key=dossier.territory).update(
            submitted_at=dossier.submitted_at
        )
    closed_at = spec.calendar["jury_end_at"]
    if spec.jury is not None:
        nominations = Nomination.objects.filter(category__edition=edition)
        nominations.update(nominated_at=spec.jury.nominated_at)
        Award.objects.filter(nomination__in=nominations).update(awarded_at=closed_at)
    Edition.objects.filter(pk=edition.pk).update(closed_at=closed_at)
    edition.refresh_from_db()


# --- what the run leaves -------------------------------------------------------------------


MEDAL_ORDER = {Award.Medal.GOLD: 0, Award.Medal.SPECIAL: 0, Award.Medal.SILVER: 1}


def _summary(edition: Edition, state: str) -> EditionMade:
    """The edition's submitted dossiers, and per category its nominees, medallists first."""
    dossiers = Dossier.objects.filter(edition=edition, status=Dossier.Status.SUBMITTED)
    nominations = (
        Nomination.objects.filter(category__edition=edition)
        .select_related("territory", "category", "award")
        .order_by("category__position", "category__pk", "territory__name")
    )
    categories: dict[str, list[tuple[int, str, str]]] = {}
    for nomination in nominations:
        award = getattr(nomination, "award", None)
        rank = 9 if award is None else MEDAL_ORDER.get(award.medal, 2)
        medal = "" if award is None else (award.label or award.get_medal_display())
        categories.setdefault(nomination.category.name, []).append(
            (rank, nomination.territory.name, medal)
        )
    return EditionMade(
        year=edition.year,
        state=state,
        edition=edition,
        dossiers=tuple(
            dossiers.order_by("territory__name").values_list("territory__name", flat=True)
        ),
        categories=tuple(
            (name, tuple((territory, medal) for _rank, territory, medal in sorted(entries)))
            for name, entries in categories.items()
        ),
    )
