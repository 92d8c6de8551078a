"""The awards' audit log: one call every service makes after a state change."""

from .models import AuditEvent, Edition


def audit_log(*, edition: Edition, action: str, subject: object, actor=None, **data) -> AuditEvent:
    """Record `action` (e.g. "dossier_submitted", "nominated", "scored", "awarded") on
    `subject` by `actor` (None: the system), with JSON-serialisable details."""
    return AuditEvent.objects.create(
        edition=edition, action=action, subject=str(subject)[:300], actor=actor, data=data
    )
