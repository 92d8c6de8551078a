"""Writes of profiles: idempotent upserts keyed on (network, handle), status transitions."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from .models import Profile, normalize_handle

UPSERT_FIELDS = [
    "territory",
    "handle",
    "url",
    "external_id",
    "display_name",
    "label",
    "is_principal",
    "status",
    "unavailable_reason",
    "unavailable_since",
    "is_demo",
    "updated_at",
]


@dataclass(frozen=True, slots=True)
class ProfileRow:
    territory_id: int
    network: str
    handle: str
    is_principal: bool = True
    status: str = Profile.Status.ACTIVE
    url: str = ""
    external_id: str = ""
    display_name: str = ""
    label: str = ""
    is_demo: bool = False
    unavailable_reason: str = ""
    unavailable_since: date | None = None


def profiles_upsert(*, rows: Iterable[ProfileRow], batch_size: int = 1000) -> int:
    """Create or update profiles keyed on (network, handle compared case-insensitively).

    Rows that stop being principal are written first, so a file can move the principal
    from one profile to another of the same collectivité and network.
    """
    rows = sorted(rows, key=lambda r: r.is_principal)
    objects = [
        Profile(
            territory_id=r.territory_id,
            network=r.network,
            handle=r.handle.strip().lstrip("@").strip(),
            handle_key=normalize_handle(r.handle),
            url=r.url,
            external_id=r.external_id,
            display_name=r.display_name,
            label=r.label,
            is_principal=r.is_principal,
            status=r.status,
            unavailable_reason=r.unavailable_reason,
            unavailable_since=r.unavailable_since,
            is_demo=r.is_demo,
        )
        for r in rows
    ]
    for start in range(0, len(objects), batch_size):
        Profile.objects.bulk_create(
            objects[start : start + batch_size],
            update_conflicts=True,
            unique_fields=["network", "handle_key"],
            update_fields=UPSERT_FIELDS,
        )
    return len(objects)


# -- Status transitions: the one place for them ---------------------------------------------
# Every change of a profile's status — the admin, the profiles import, the daily collection —
# goes through `profile_status_resolve`:
#   unavailable         a reason (the one given; else the one it had if it was unavailable
#                       already; else "other") and the date it broke (the one given; else the
#                       one known if it was unavailable already; else unknown: never ranked)
#   active, inactive    no reason, no date
# The collection marks a profile the network says is gone unavailable after two failed days
# (suspended: at once), dated from its first failed day, and restores it (active) when it
# answers again. `failing_since` keeps the first failed day and `consecutive_failures` the
# number of distinct failed days; a success clears them.
FAILED_DAYS_BEFORE_UNAVAILABLE = 2
STATUS_FIELDS = ["status", "unavailable_reason", "unavailable_since"]
FAILURE_FIELDS = ["failing_since", "consecutive_failures"]
# What a successful collection writes on every profile it read (metrics.collection saves a
# batch of them in one statement, `profiles_save_fields`).
COLLECTED_FIELDS = [*STATUS_FIELDS, *FAILURE_FIELDS, "last_collected_at", "updated_at"]


def profile_status_resolve(
    *, status: str, reason: str = "", since: date | None = None, stored: Profile | None = None
) -> tuple[str, str, date | None]:
    """(status, unavailable_reason, unavailable_since) of a profile stored as `stored` (None: a
    new one) once told `status`, with the `reason` and `since` known ("" / None: unknown)."""
    if status != Profile.Status.UNAVAILABLE:
        return status, "", None
    if stored is not None and stored.status == Profile.Status.UNAVAILABLE:
        reason = reason or stored.unavailable_reason
        since = since or stored.unavailable_since
    return status, reason or Profile.UnavailableReason.OTHER, since


def profile_status_apply(
    *, profile: Profile, status: str, reason: str = "", since: date | None = None
) -> list[str]:
    """Move `profile` (unsaved) to `status` by the rule above; returns STATUS_FIELDS."""
    profile.status, profile.unavailable_reason, profile.unavailable_since = profile_status_resolve(
        status=status, reason=reason, since=since, stored=profile
    )
    return STATUS_FIELDS


def profile_record_failure(*, profile: Profile, reason: str, on: date) -> Profile:
    """Record that the network said, on day `on`, that the profile cannot be read."""
    if profile.consecutive_failures == 0 or profile.failing_since is None:
        profile.consecutive_failures = 1
        profile.failing_since = on
    elif (on - profile.failing_since).days >= profile.consecutive_failures:
        profile.consecutive_failures += 1  # a later day than the last failure counted
    if (
        reason == Profile.UnavailableReason.SUSPENDED
        or profile.consecutive_failures >= FAILED_DAYS_BEFORE_UNAVAILABLE
    ):
        breaking = profile.status != Profile.Status.UNAVAILABLE
        since = profile.failing_since if breaking else None  # else: the date known stays
        profile_status_apply(
            profile=profile, status=Profile.Status.UNAVAILABLE, reason=reason, since=since
        )
    profile.save(update_fields=[*STATUS_FIELDS, *FAILURE_FIELDS, "updated_at"])
    return profile


def profile_record_success(*, profile: Profile, data) -> Profile:
    """The network answered with `data` (connectors.types.ProfileData): restore the profile,
    keep its stable id and follow a renamed handle when no other profile holds it."""
    changed = profile_apply_success(profile=profile, data=data)
    profile.save(update_fields=[*COLLECTED_FIELDS, *changed])
    return profile


def profile_apply_success(*, profile: Profile, data) -> list[str]:
    """profile_record_success without the save (for bulk updates): sets COLLECTED_FIELDS and
    returns the fields of its identity it changed too (external id, name, handle), if any."""
    restored = Profile.Status.ACTIVE if profile.status == Profile.Status.UNAVAILABLE else None
    profile_status_apply(profile=profile, status=restored or profile.status)
    profile.failing_since = None
    profile.consecutive_failures = 0
    profile.last_collected_at = profile.updated_at = timezone.now()
    return _apply_identity(profile=profile, data=data)


def _apply_identity(*, profile: Profile, data) -> list[str]:
    """What the network says of the account: its stable id, its name, a renamed handle (kept
    when another profile holds it). Returns the fields changed."""
    fields = []
    if data.external_id and profile.external_id != data.external_id:
        profile.external_id = data.external_id
        fields.append("external_id")
    if data.display_name and profile.display_name != data.display_name:
        profile.display_name = data.display_name
        fields.append("display_name")
    new_handle = (data.handle or "").strip().lstrip("@").strip()
    new_key = normalize_handle(new_handle)
    if (
        new_key
        and new_key != profile.handle_key
        and not Profile.objects.filter(network=profile.network, handle_key=new_key).exists()
    ):
        profile.handle, profile.handle_key = new_handle, new_key
        fields += ["handle", "handle_key"]
    elif new_key == profile.handle_key and new_handle != profile.handle:
        profile.handle = new_handle  # same handle, the network's own capitalisation
        fields.append("handle")
    return fields


def profiles_save_fields(*, profiles: list[Profile], fields: Sequence[str]) -> None:
    """Save `fields` of many profiles in one executemany (UPDATE … WHERE id = …): the
    collection's batch of profiles read, as profile.save(update_fields=fields) would."""
    if not profiles:
        return
    model_fields = [Profile._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
    rows = [
        [f.get_db_prep_save(getattr(p, f.attname), connection) for f in model_fields] + [p.pk]
        for p in profiles
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Profile._meta.db_table)} SET {assignments} "
            f"WHERE {quote(Profile._meta.pk.column)} = %s",
            rows,
        )
