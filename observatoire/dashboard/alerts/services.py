"""Writes of the alerts: record what each member should know, then e-mail it (sending.py).

Recording is idempotent: an alert has a key unique per member (`unreachable:<profile>:<since>`,
`top10_entered:<publication>:<collectivité>:<network>`, `published:<publication>`…) and is
inserted with ON CONFLICT DO NOTHING, so running a scan again records nothing new. The
tasks run `alerts_after_collection`, `alerts_after_ranking` and the daily `alerts_catch_up`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from observatoire.dashboard.models import Alert, AlertPreference
from observatoire.rankings.models import RankingPublication
from observatoire.rankings.services import TOP
from observatoire.users.models import User

from . import selectors
from .emails import UNSUBSCRIBE_KINDS
from .sending import alerts_unreachable_send, digest_key, digests_send

DIGEST_RETRY_DAYS = 7  # the daily catch-up still sends a month's digest this long after


# --- recording ------------------------------------------------------------------------


def _record(alerts: list[Alert]) -> None:
    Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)


def alerts_unreachable_record(*, since: dt.datetime, on: dt.date) -> None:
    """An alert for each member (who wants it) of the collectivité of every profile found
    unreachable since `since` (see selectors.unreachable_profiles_in_chunks)."""
    for profiles in selectors.unreachable_profiles_in_chunks(since=since, on=on):
        members = defaultdict(list)
        for member in selectors.member_list(territory_ids={p["territory_id"] for p in profiles}):
            if member.profile_unreachable:
                members[member.territory_id].append(member.user_id)
        alerts = []
        for profile in profiles:
            broke = profile["unavailable_since"]
            data = {
                "profile": profile["pk"],
                "network": profile["network"],
                "handle": profile["handle"],
                "reason": profile["unavailable_reason"],
                "since": broke.isoformat() if broke else None,
            }
            key = f"unreachable:{profile['pk']}:{data['since'] or 'unknown'}"
            alerts += [
                Alert(
                    user_id=user_id,
                    territory_id=profile["territory_id"],
                    kind=Alert.Kind.PROFILE_UNREACHABLE,
                    key=key,
                    data=data,
                )
                for user_id in members[profile["territory_id"]]
            ]
        _record(alerts)


def _rank_change(entry: dict, threshold: int) -> tuple[str, str] | None:
    """(kind, key prefix) of what a member should hear about one ranked profile, if any:
    entering or leaving the Top 10 first, else a move of at least `threshold` places."""
    rank, previous, movement = entry["rank"], entry["previous_rank"], entry["movement"]
    was_top = previous is not None and previous <= TOP
    is_top = rank is not None and rank <= TOP
    if is_top and not was_top:
        return Alert.Kind.TOP10_ENTERED, "top10_entered"
    if was_top and not is_top:
        return Alert.Kind.TOP10_LEFT, "top10_left"
    if movement is not None and abs(movement) >= threshold:
        return Alert.Kind.RANK_MOVED, "moved"
    return None


def _ranking_alerts(member, entries: list[dict], publication: RankingPublication) -> list[Alert]:
    month = publication.month.isoformat()
    alerts = []
    if member.new_ranking:  # one per member, whatever their number of collectivités
        alerts.append(
            Alert(
                user_id=member.user_id,
                kind=Alert.Kind.RANKING_PUBLISHED,
                key=f"published:{publication.pk}",
                data={"publication": publication.pk, "month": month},
            )
        )
    for entry in entries if member.rank_change else ():
        change = _rank_change(entry, member.rank_move_threshold)
        if change is None:
            continue
        kind, prefix = change
        data = {"publication": publication.pk, "month": month, **entry}
        del data["territory_id"]
        alerts.append(
            Alert(
                user_id=member.user_id,
                territory_id=member.territory_id,
                kind=kind,
                key=f"{prefix}:{publication.pk}:{member.territory_id}:{entry['network']}",
                data=data,
            )
        )
    return alerts


def alerts_ranking_record(*, publication: RankingPublication) -> None:
    """The alerts of a published month for every member, as their preferences allow: the
    new ranking, and per network their collectivité entering or leaving the Top 10 of its
    category or moving by at least their threshold (only if the month before was
    published: on the first month nobody "moves"). Other methodologies than the default
    (simulations, staff trials) are never announced."""
    if not selectors.publication_alerts_due(publication=publication):
        return
    compare = selectors.publication_has_previous(publication=publication)
    digest = digest_key(publication)
    for members in selectors.members_in_chunks(without_email=digest):
        entries = {}
        if compare:
            territory_ids = {m.territory_id for m in members if m.rank_change}
            entries = selectors.entries_by_territory(
                publication=publication, territory_ids=territory_ids
            )
        alerts = []
        for member in members:
            alerts += _ranking_alerts(member, entries.get(member.territory_id, []), publication)
        _record(alerts)


# --- what the tasks run ---------------------------------------------------------------


def alerts_after_collection(*, run_id: int) -> int:
    """After a collection: record the profiles it found unreachable, send the day's
    e-mails. Returns the number of e-mails sent."""
    started = selectors.run_started_at(run_id=run_id)
    if started is None:
        return 0
    alerts_unreachable_record(since=started, on=timezone.localdate())
    return alerts_unreachable_send()


def alerts_after_ranking(*, publication_id: int) -> int:
    """After a month is published: record its alerts, send the digests."""
    publication = selectors.publication_get(publication_id=publication_id)
    if publication is None:
        return 0
    alerts_ranking_record(publication=publication)
    return digests_send(publication=publication)


def alerts_catch_up() -> int:
    """The daily safety net: what the last day's collection or the month's ranking could
    not send (broker unreachable, mail server down, worker killed) is recorded and sent
    now; what was sent is not sent again. Returns the number of e-mails sent."""
    now = timezone.now()
    alerts_unreachable_record(since=now - dt.timedelta(days=1), on=timezone.localdate())
    sent = alerts_unreachable_send()
    publication = selectors.publication_recent(since=now - dt.timedelta(days=DIGEST_RETRY_DAYS))
    if publication is not None:
        alerts_ranking_record(publication=publication)
        sent += digests_send(publication=publication)
    return sent


# --- preferences ----------------------------------------------------------------------


def alert_preference_update(*, user: User, values: dict) -> AlertPreference:
    """Save the member's choices (the fields of AlertPreference named in `values`)."""
    preference, _created = AlertPreference.objects.update_or_create(user=user, defaults=values)
    return preference


def alert_unsubscribe(*, user_id: int, kind: str) -> bool:
    """Switch off what an unsubscribe link names (emails.UNSUBSCRIBE_KINDS) for the user;
    False if the account no longer exists."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    alert_preference_update(user=user, values=dict.fromkeys(UNSUBSCRIBE_KINDS[kind], False))
    return True
