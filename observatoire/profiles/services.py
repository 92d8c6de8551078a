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
