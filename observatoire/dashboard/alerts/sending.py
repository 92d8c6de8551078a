"""Sending the alerts: unreachable profiles go out the day they are found, in one e-mail
per member and day (`unreachable:<date>`); ranking news in one digest per member and month
(`digest:<YYYY-MM>`), with the PDF report of each of their collectivités.

Each e-mail is one transaction: its AlertDelivery row (unique per member and key) is
inserted, its alerts are linked to it, the mail is handed to the mail server, then the
transaction commits. A second run, or a concurrent worker, finds the row (or waits on its
unique key, then finds it) and sends nothing: never twice. If the mail server refuses, the
row rolls back and the alerts stay pending for the next run (the daily catch-up): never
lost. The only window for a double is a crash between the server accepting the mail and
the COMMIT (milliseconds).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from observatoire.dashboard.models import Alert, AlertDelivery, AlertPreference
from observatoire.rankings.models import RankingPublication
from observatoire.territories.models import Territory
from observatoire.users.models import User

from . import selectors
from .emails import Attachment, absolute_url, message_build
from .texts import advice, alert_summary, day_label, month_label

logger = logging.getLogger(__name__)
# The page cache of the digest run's SQLite connection: SQLite's own default, in KiB.
SQLITE_RUN_CACHE_KIB = 2000


class _Outbox:
    """One connection to the mail server for a run, opened at the first e-mail."""

    def __init__(self):
        self.connection = mail.get_connection()
        self.opened = False

    def send(self, message) -> None:
        if not self.opened:
            self.connection.open()
            self.opened = True
        message.connection = self.connection
        message.send()

    def close(self) -> None:
        if self.opened:
            self.connection.close()


def _deliver(
    *, user: User, key: str, kind: str, message, alerts: list[Alert], outbox: _Outbox
) -> int:
    """Send `message` unless the e-mail `key` was already sent to `user` (module docstring)."""
    with transaction.atomic():
        delivery, created = AlertDelivery.objects.get_or_create(
            user=user,
            key=key,
            defaults={
                "kind": kind,
                "subject": message.subject,
                "language": user.language,
                "has_report": bool(message.attachments),
            },
        )
        if not created:
            return 0
        Alert.objects.filter(pk__in=[a.pk for a in alerts], delivery__isnull=True).update(
            delivery=delivery
        )
        outbox.send(message)
    return 1


def _corrections_url(territory: Territory) -> str:
    return absolute_url(reverse("corrections:list", kwargs={"slug": territory.slug}))


def _unreachable_message(user: User, alerts: list[Alert], on: dt.date):
    items = [
        {
            "territory": alert.territory,
            "summary": alert_summary(alert),
            "advice": advice(alert.data.get("reason", "")),
            "corrections_url": _corrections_url(alert.territory),
        }
        for alert in alerts
    ]
    subject = ngettext(
        "%(count)d profil de votre collectivité est devenu inaccessible (%(date)s)",
        "%(count)d profils de vos collectivités sont devenus inaccessibles (%(date)s)",
        len(alerts),
    ) % {"count": len(alerts), "date": day_label(on)}
    context = {"items": items, "day": day_label(on)}
    return message_build(
        user=user,
        subject=subject,
        template="unreachable",
        context=context,
        unsubscribe="profile_unreachable",
    )


def alerts_unreachable_send(*, on: dt.date | None = None) -> int:
    """The day's e-mail about unreachable profiles to every member with such alerts still
    to send (one per member and day: alerts found after it go out the next day). Returns
    the number of e-mails sent."""
    on = on or timezone.localdate()
    key = f"unreachable:{on.isoformat()}"
    since = timezone.now() - dt.timedelta(days=selectors.PENDING_DAYS)
    outbox, sent = _Outbox(), 0
    try:
        for user in selectors.unreachable_recipients(key=key, since=since):
            alerts = selectors.unreachable_pending(user=user, since=since)
            if not alerts:  # sent meanwhile by another run
                continue
            with translation.override(user.language):
                message = _unreachable_message(user, alerts, on)
            sent += _deliver(
                user=user,
                key=key,
                kind=AlertDelivery.Kind.IMMEDIATE,
                message=message,
                alerts=alerts,
                outbox=outbox,
            )
    finally:
        outbox.close()
    return sent


class _Reports:
    """Each collectivité's PDF report of the month, rendered once per language (not once
    per member) and kept on disk while the digests go out, so memory stays flat."""

    def __init__(self, publication: RankingPublication):
        self.publication = publication
        self.directory = tempfile.TemporaryDirectory(prefix="observatoire-reports-")
        self.failed: set[tuple[int, str]] = set()

    def get(self, territory: Territory) -> Attachment | None:
        language = translation.get_language()
        path = Path(self.directory.name) / f"{territory.pk}-{language}.pdf"
        if (territory.pk, language) in self.failed:
            return None
        from observatoire.dashboard.reports.render import report_filename, report_pdf

        if not path.exists():
            try:
                path.write_bytes(report_pdf(territory=territory, publication=self.publication))
            except Exception:  # one report failing must not stop everyone's digest
                logger.exception("monthly report of %s failed", territory.slug)
                self.failed.add((territory.pk, language))
                return None
        filename = report_filename(territory=territory, publication=self.publication)
        return Attachment(filename=filename, content=path.read_bytes())

    def close(self) -> None:
        self.directory.cleanup()


def _preference(user: User) -> AlertPreference:
    try:
        return user.alert_preference
    except AlertPreference.DoesNotExist:
        return AlertPreference(user=user)


def _rankings_url(data: dict) -> str:
    query = f"?month={data['month'][:7]}"
    if "network" in data:
        query += f"&network={data['network']}&category={data['category']}"
    return absolute_url(reverse("site:rankings") + query)


def _digest_context(alerts: list[Alert], reports: list[tuple[Territory, bool]]) -> dict:
    published = [a for a in alerts if a.kind == Alert.Kind.RANKING_PUBLISHED]
    sections: dict[int, dict] = {}
    for alert in alerts:
        if alert.territory is None:
            continue
        section = sections.setdefault(
            alert.territory.pk,
            {
                "territory": alert.territory,
                "dashboard_url": absolute_url(
                    reverse("dashboard:home", args=[alert.territory.slug])
                ),
                "lines": [],
            },
        )
        section["lines"].append({"summary": alert_summary(alert), "url": _rankings_url(alert.data)})
    return {
        "published": [
            {"summary": alert_summary(a), "url": _rankings_url(a.data)} for a in published
        ],
        "sections": list(sections.values()),
        "reports": [territory for territory, attached in reports if attached],
        "missing_reports": [territory for territory, attached in reports if not attached],
    }


def _digest_message(user: User, alerts: list[Alert], territories, publication, reports):
    attachments, attached = [], []
    for territory in territories:
        attachment = reports.get(territory)
        attached.append((territory, attachment is not None))
        if attachment is not None:
            attachments.append(attachment)
    month = month_label(publication.month.isoformat())
    context = {**_digest_context(alerts, attached), "month": month}
    return message_build(
        user=user,
        subject=_("Votre récapitulatif mensuel de l'Observatoire : %(month)s") % {"month": month},
        template="digest",
        context=context,
        unsubscribe="digest",
        attachments=attachments,
    )


@contextmanager
def _database_memory_bounded():
    """On SQLite, the digest run's connection reads the file without mapping it into memory
    and keeps SQLite's default page cache (SQLITE_RUN_CACHE_KIB), then gets its settings back.

    config/settings/base.py gives each SQLite connection a 64 MB page cache and maps up to
    256 MB of the file (mmap_size): right for a request, whose connection closes at its end,
    but a run reporting on a thousand collectivités through one connection kept what it read,
    up to those 320 MB: the process grew by ~0.13 MB per report (160 → 288 MB over 1,000
    digests of the national demo) while the Python heap stayed flat. The connection cannot
    be closed midway (the recipients are read through an open cursor), so it is made to keep
    less. PostgreSQL caches in the server: nothing to do there."""
    if connection.vendor != "sqlite":
        yield
        return
    before = {}
    with connection.cursor() as cursor:
        for name, bounded in (("mmap_size", 0), ("cache_size", -SQLITE_RUN_CACHE_KIB)):
            cursor.execute(f"PRAGMA {name}")
            row = cursor.fetchone()
            if row is not None:  # None: mmap_size of an in-memory database (no file)
                before[name] = int(row[0])
                cursor.execute(f"PRAGMA {name}={bounded}")
    try:
        yield
    finally:
        if before and not connection.needs_rollback:  # a broken transaction: its error first
            with connection.cursor() as cursor:
                for name, value in before.items():
                    cursor.execute(f"PRAGMA {name}={value}")


def digest_key(publication: RankingPublication) -> str:
    """The month's digest, one per member (AlertDelivery.key)."""
    return f"digest:{publication.month:%Y-%m}"


def digests_send(*, publication: RankingPublication) -> int:
    """The month's digest to every member who has something in it: their alerts about
    `publication` and, if they asked for it, the PDF report of each of their collectivités.
    One per member and month. Returns the number of e-mails sent."""
    if not selectors.publication_alerts_due(publication=publication):
        return 0
    key = digest_key(publication)
    outbox, reports, sent = _Outbox(), _Reports(publication), 0
    try:
        with _database_memory_bounded():
            for user in selectors.digest_recipients(key=key):
                alerts = selectors.digest_pending(user=user, publication=publication)
                territories = []
                if _preference(user).monthly_report:
                    territories = selectors.member_territories(user=user)
                if not alerts and not territories:
                    continue
                with translation.override(user.language):
                    message = _digest_message(user, alerts, territories, publication, reports)
                sent += _deliver(
                    user=user,
                    key=key,
                    kind=AlertDelivery.Kind.DIGEST,
                    message=message,
                    alerts=alerts,
                    outbox=outbox,
                )
    finally:
        outbox.close()
        reports.close()
    return sent
