"""Writes of Mon espace's dashboard: the peers a manager compares their collectivité with."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory
from observatoire.users.models import User

from .models import MAX_PEERS, PeerChoice


def peers_set(
    *, territory: Territory, peers: Sequence[Territory], chosen_by: User | None
) -> list[PeerChoice]:
    """Replace the collectivité's chosen peers by `peers`, in that order (empty: back to the
    default peers). ValidationError for more than five, a duplicate or itself."""
    ids = [peer.pk for peer in peers]
    if territory.pk in ids:
        raise ValidationError(_("Une collectivité ne peut pas être comparée à elle-même."))
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Cette collectivité est déjà parmi les collectivités comparées."))
    if len(ids) > MAX_PEERS:
        raise ValidationError(
            _(
                "%(max)s collectivités comparées au plus : retirez-en une avant d'en ajouter "
                "une autre."
            )
            % {"max": MAX_PEERS}
        )
    with transaction.atomic():
        PeerChoice.objects.filter(territory=territory).delete()
        return PeerChoice.objects.bulk_create(
            PeerChoice(territory=territory, peer=peer, position=index, chosen_by=chosen_by)
            for index, peer in enumerate(peers)
        )


def peers_change(
    *,
    territory: Territory,
    current: Sequence[Territory],
    action: str,
    peer: Territory | None,
    chosen_by: User | None,
) -> list[PeerChoice]:
    """Apply one change of the peers page to the list shown (`current`, the default one
    until a manager chooses): add `peer` at the end, remove it, move it up or down, or
    reset to the default."""
    peers = list(current)
    ids = [p.pk for p in peers]
    if action == "reset" or peer is None:
        return peers_set(territory=territory, peers=[], chosen_by=chosen_by)
    if action == "add":
        peers.append(peer)
    elif peer.pk in ids:
        index = ids.index(peer.pk)
        peers.pop(index)
        if action in ("up", "down"):
            target = max(index - 1, 0) if action == "up" else min(index + 1, len(peers))
            peers.insert(target, peer)
    return peers_set(territory=territory, peers=peers, chosen_by=chosen_by)
