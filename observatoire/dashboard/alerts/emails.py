"""The alert e-mails: their absolute links, the signed unsubscribe links (no login needed)
and the messages themselves, HTML with a plain-text alternative, rendered in the language
active when they are built (the caller wraps them in `translation.override`)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

UNSUBSCRIBE_SALT = "observatoire.alerts.unsubscribe"
# What an unsubscribe link switches off: one preference, or "digest", the monthly e-mail
# as a whole (its List-Unsubscribe header).
UNSUBSCRIBE_KINDS = {
    "profile_unreachable": ("profile_unreachable",),
    "rank_change": ("rank_change",),
    "new_ranking": ("new_ranking",),
    "monthly_report": ("monthly_report",),
    "digest": ("rank_change", "new_ranking", "monthly_report"),
}
UNSUBSCRIBE_LABELS = {
    "profile_unreachable": _("les alertes « un profil devient inaccessible »"),
    "rank_change": _("les alertes de changement de rang et de Top 10"),
    "new_ranking": _("les alertes « un nouveau classement est publié »"),
    "monthly_report": _("le rapport mensuel en PDF"),
    "digest": _("le récapitulatif mensuel (changements de rang, nouveau classement et rapport)"),
}


def absolute_url(path: str) -> str:
    """`path` on the public site (settings.SITE_URL): e-mails are built outside requests."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    if kind not in UNSUBSCRIBE_KINDS:
        raise ValueError(f"unknown alert kind: {kind}")
    return signing.dumps({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a token this site signed; None if it was altered or is unknown.
    Tokens do not expire: a link in an old e-mail keeps working (RFC 8058)."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("kind") not in UNSUBSCRIBE_KINDS:
        return None
    user_id = value.get("user")
    return (user_id, value["kind"]) if isinstance(user_id, int) else None


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute_url(reverse("alerts:unsubscribe", kwargs={"token": token}))


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


def message_build(
    *,
    user,
    subject: str,
    template: str,
    context: dict,
    unsubscribe: str,
    attachments: Iterable[Attachment] = (),
) -> EmailMultiAlternatives:
    """The e-mail `alerts/email/<template>.txt|.html` to `user`, with links to their
    preferences and to unsubscribe from `unsubscribe` (also as RFC 8058 one-click headers)."""
    links = {
        "preferences_url": absolute_url(reverse("alerts:preferences")),
        "unsubscribe_url": unsubscribe_url(user_id=user.pk, kind=unsubscribe),
        "unsubscribe_label": UNSUBSCRIBE_LABELS[unsubscribe],
        "site_url": absolute_url("/"),
    }
    context = {**context, **links, "user": user, "subject": subject}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message
