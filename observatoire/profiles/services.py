"""Writes of profiles: idempotent upserts keyed on (network, handle), status transitions."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Profile, normalize_handle

UPSERT_FIELDS = [
    "territory", "handle", "url", "external_id", "display_name", "label", "is_principal",
    "status", "unavailable_reason", "unavailable_since", "is_demo", "updated_at",
]  # fmt: skip


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
            territory_id=r.territory_id, network=r.network,
            handle=r.handle.strip().lstrip("@").strip(), handle_key=normalize_handle(r.handle),
            url=r.url, external_id=r.external_id, display_name=r.display_name, label=r.label,
            is_principal=r.is_principal, status=r.status,
            unavailable_reason=r.unavailable_reason, unavailable_since=r.unavailable_since,
            is_demo=r.is_demo,
        )
        for r in rows
    ]  # fmt: skip
    for start in range(0, len(objects), batch_size):
        Profile.objects.bulk_create(
            objects[start : start + batch_size],
            update_conflicts=True,
            unique_fields=["network", "handle_key"],
            update_fields=UPSERT_FIELDS,
        )
    return len(objects)


# -- Status transitions driven by collection ------------------------------------------------
# A profile the network says is gone is marked unavailable after two failed days (suspended:
# at once) and restored when it answers again. `failing_since` keeps the first failed day and
# `consecutive_failures` the number of distinct failed days; `unavailable_since` and
# `unavailable_reason` are set only once the profile is marked unavailable (the date it broke).
FAILED_DAYS_BEFORE_UNAVAILABLE = 2


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
        if profile.status != Profile.Status.UNAVAILABLE:
            profile.unavailable_since = profile.failing_since
        profile.status = Profile.Status.UNAVAILABLE
        profile.unavailable_reason = reason
    profile.save(
        update_fields=[
            "status", "unavailable_reason", "unavailable_since", "failing_since",
            "consecutive_failures", "updated_at",
        ]
    )  # fmt: skip
    return profile


def profile_record_success(*, profile: Profile, data) -> Profile:
    """The network answered with `data` (connectors.types.ProfileData): restore the profile,
    keep its stable id and follow a renamed handle when no other profile holds it."""
    profile.save(update_fields=profile_apply_success(profile=profile, data=data))
    return profile


def profile_apply_success(*, profile: Profile, data) -> list[str]:
    """profile_record_success without the save (for bulk updates): the fields it changed."""
    from django.utils import timezone

    fields = ["status", "unavailable_reason", "unavailable_since", "failing_since",
              "consecutive_failures", "last_collected_at", "updated_at"]  # fmt: skip
    if profile.status == Profile.Status.UNAVAILABLE:
        profile.status = Profile.Status.ACTIVE
    profile.unavailable_reason = ""
    profile.unavailable_since = None
    profile.failing_since = None
    profile.consecutive_failures = 0
    profile.last_collected_at = profile.updated_at = timezone.now()
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
