"""Reads of profiles for the collectivité's own pages (Mon espace) and its correction requests."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from observatoire.territories.models import Territory

from .models import Network, Profile, ProfileCorrection, normalize_handle

NETWORK_ORDER = {network: position for position, network in enumerate(Network.values)}


@dataclass
class NetworkProfiles:
    """A collectivité's profiles on one network, the principal one first."""

    network: str
    label: str
    profiles: list[Profile] = field(default_factory=list)


@dataclass
class CorrectionOverview:
    """What the page of a collectivité's profiles shows: its profiles per network (each with
    `pending_kinds`, the labels of its requests awaiting a decision) and its requests."""

    networks: list[NetworkProfiles]
    corrections: list[ProfileCorrection]


def correction_overview(*, territory: Territory) -> CorrectionOverview:
    profiles = territory.profiles.order_by("network", "-is_principal", "label", "handle_key")
    corrections = list(
        correction_list(territory=territory).select_related("profile", "requested_by")
    )
    pending = defaultdict(list)
    for correction in corrections:
        if correction.status == ProfileCorrection.Status.PENDING and correction.profile_id:
            pending[correction.profile_id].append(correction.get_kind_display())
    networks: dict[str, NetworkProfiles] = {}
    for profile in profiles:
        profile.pending_kinds = pending.get(profile.pk, [])
        block = networks.get(profile.network)
        if block is None:
            block = networks[profile.network] = NetworkProfiles(
                network=profile.network, label=profile.get_network_display()
            )
        block.profiles.append(profile)
    ordered = sorted(networks.values(), key=lambda block: NETWORK_ORDER.get(block.network, 99))
    return CorrectionOverview(networks=ordered, corrections=corrections)


def correction_list(*, territory: Territory) -> QuerySet[ProfileCorrection]:
    """A collectivité's correction requests, newest first."""
    return ProfileCorrection.objects.filter(territory=territory).order_by("-created_at", "-pk")


def territory_profile(*, territory: Territory, profile_id: int) -> Profile | None:
    """One of the collectivité's profiles; None for any other (a forged id is not found)."""
    return Profile.objects.filter(territory=territory, pk=profile_id).first()


def profile_holding(*, network: str, handle: str) -> Profile | None:
    """The profile that holds `handle` on `network`, compared as Profile.save stores it."""
    key = normalize_handle(handle)
    return Profile.objects.filter(network=network, handle_key=key).first() if key else None


def territory_has_principal(*, territory_id: int, network: str) -> bool:
    return Profile.objects.filter(
        territory_id=territory_id, network=network, is_principal=True
    ).exists()


def correction_pending_exists(
    *, kind: str, profile: Profile | None = None, network: str = "", handle: str = ""
) -> bool:
    """A request of `kind` awaits a decision for `profile` (or, for a missing profile, for the
    same handle on `network`)."""
    pending = ProfileCorrection.objects.filter(kind=kind, status=ProfileCorrection.Status.PENDING)
    if profile is not None:
        return pending.filter(profile=profile).exists()
    return pending.filter(network=network, handle__iexact=handle).exists()
