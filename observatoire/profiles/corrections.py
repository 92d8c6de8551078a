"""Writes of profile corrections: a collectivité asks (`correction_request`), staff decide
(`correction_approve`, `correction_refuse`). An approved request applies to the profiles the
way the admin changes them — Profile.save normalises the handle, a new profile's status goes
through the status rule of profiles.services — and the requester gets an e-mail of the
decision in their language.

What an approved request changes (every time, `Profile.verified_at`):
  missing     a new profile: principal if the collectivité has none on that network, else
              thematic (with the theme given)
  broken,     the profile's handle and address; the old account's external id is cleared and
  renamed     so are its failed days, the status stays: an unreachable profile keeps its ⚠
              until the next collection reads the new link (profile_record_success)
  thematic    no longer principal, with the theme given
  principal   principal; the network's previous principal becomes thematic
"""

import unicodedata
from functools import partial
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory
from observatoire.users.models import User

from . import selectors
from .models import Network, Profile, ProfileCorrection, normalize_handle
from .services import FAILURE_FIELDS, profile_status_apply

Kind = ProfileCorrection.Kind
LINK_KINDS = frozenset({Kind.BROKEN, Kind.RENAMED})
ROLE_KINDS = frozenset({Kind.THEMATIC, Kind.PRINCIPAL})
HANDLE_LENGTH = Profile._meta.get_field("handle").max_length
URL_LENGTH = ProfileCorrection._meta.get_field("url").max_length
LABEL_LENGTH = ProfileCorrection._meta.get_field("label").max_length
COMMENT_LENGTH = ProfileCorrection._meta.get_field("comment").max_length
NOTE_LENGTH = ProfileCorrection._meta.get_field("decision_note").max_length
FORBIDDEN_IN_HANDLE = set('<>"/?#')

# Where each network's profile pages live, and the path segments that come before the handle
# (linkedin.com/company/<handle>). Mastodon: any instance, https://<instance>/@<user>.
PROFILE_HOSTS = {
    Network.INSTAGRAM: ({"instagram.com"}, ()),
    Network.FACEBOOK: ({"facebook.com", "fb.com"}, ()),
    Network.X: ({"x.com", "twitter.com"}, ()),
    Network.YOUTUBE: ({"youtube.com"}, ("c", "user", "channel")),
    Network.TIKTOK: ({"tiktok.com"}, ()),
    Network.LINKEDIN: ({"linkedin.com"}, ("company", "school", "showcase")),
    Network.BLUESKY: ({"bsky.app"}, ("profile",)),
    Network.THREADS: ({"threads.net", "threads.com"}, ()),
    Network.SNAPCHAT: ({"snapchat.com"}, ("add",)),
}
NOT_A_PROFILE = {"p", "reel", "reels", "tv", "watch", "shorts", "explore", "hashtag", "search"}


def correction_request(
    *,
    territory: Territory,
    kind: str,
    requested_by: User,
    profile: Profile | None = None,
    network: str = "",
    handle: str = "",
    url: str = "",
    label: str = "",
    comment: str = "",
) -> ProfileCorrection:
    """Record a collectivité's request, pending until staff decide. ValidationError naming the
    field at fault (handle, url, network, label, profile, kind) when it cannot be made."""
    handle, url, label = handle.strip().lstrip("@").strip(), url.strip(), label.strip()
    if kind == Kind.MISSING:
        profile = None
        network, handle = _new_account(
            territory_id=territory.pk, network=network, handle=handle, url=url
        )
    elif kind in LINK_KINDS | ROLE_KINDS:
        if profile is None or profile.territory_id != territory.pk:
            raise ValidationError({"profile": _("Choisissez un profil de votre collectivité.")})
        network = profile.network
        if kind in LINK_KINDS:
            handle, label = _new_link(profile=profile, handle=handle, url=url), ""
        else:
            _check_role(profile=profile, kind=kind, label=label)
            handle, url = "", ""
            label = label if kind == Kind.THEMATIC else ""
    else:
        raise ValidationError({"kind": _("Type de demande inconnu.")})
    for name, value, limit in (
        ("label", label, LABEL_LENGTH),
        ("comment", comment, COMMENT_LENGTH),
    ):
        if len(value.strip()) > limit:
            raise ValidationError({name: _("Au plus %(max)d caractères.") % {"max": limit}})
    with transaction.atomic():
        # The collectivité's requests one at a time: two identical ones cannot both pass.
        Territory.objects.select_for_update().filter(pk=territory.pk).first()
        if selectors.correction_pending_exists(
            kind=kind, profile=profile, network=network, handle=handle
        ):
            raise ValidationError(
                _("Une demande identique attend déjà la décision de l'équipe de l'Observatoire.")
            )
        return ProfileCorrection.objects.create(
            territory=territory,
            profile=profile,
            kind=kind,
            network=network,
            handle=handle,
            url=url,
            label=label,
            comment=comment.strip(),
            requested_by=requested_by,
        )


def _new_account(*, territory_id: int, network: str, handle: str, url: str) -> tuple[str, str]:
    """(network, handle) of a profile to add, read from its handle or its address."""
    if network not in Network.values:
        raise ValidationError({"network": _("Choisissez un réseau.")})
    if not handle and not url:
        raise ValidationError({"handle": _("Indiquez l'identifiant ou l'adresse du profil.")})
    field = "handle" if handle else "url"
    handle = _handle_checked(network=network, handle=handle, url=url)
    _check_free(network=network, handle=handle, field=field, territory_id=territory_id)
    return network, handle


def _new_link(*, profile: Profile, handle: str, url: str) -> str:
    """The new handle of a broken or renamed profile (its own when only the address changes)."""
    if not handle and not url:
        raise ValidationError(
            {"handle": _("Indiquez le nouvel identifiant ou la nouvelle adresse.")}
        )
    field = "handle" if handle else "url"
    handle = _handle_checked(network=profile.network, handle=handle, url=url)
    if normalize_handle(handle) != profile.handle_key:
        _check_free(
            network=profile.network, handle=handle, field=field, territory_id=profile.territory_id
        )
    elif not url or url == profile.url:
        raise ValidationError(
            {field: _("C'est déjà l'identifiant de ce profil : indiquez le nouveau.")}
        )
    return handle


def _check_role(*, profile: Profile, kind: str, label: str) -> None:
    if kind == Kind.PRINCIPAL and profile.is_principal:
        raise ValidationError(_("Ce profil est déjà le profil principal de ce réseau."))
    if kind == Kind.THEMATIC:
        if not label:
            raise ValidationError(
                {"label": _("Indiquez le thème du profil, par exemple « Info routes ».")}
            )
        if not profile.is_principal and label == profile.label:
            raise ValidationError({"label": _("Ce profil a déjà ce thème.")})


def _handle_checked(*, network: str, handle: str, url: str) -> str:
    """The handle given, or read from the address; both checked and consistent."""
    if url:
        if len(url) > URL_LENGTH:
            raise ValidationError({"url": _("Au plus %(max)d caractères.") % {"max": URL_LENGTH}})
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError({"url": _("Adresse invalide.")}) from None
        from_url = handle_from_url(network=network, url=url)
        if handle and normalize_handle(handle) != normalize_handle(from_url):
            raise ValidationError(
                {"url": _("Cette adresse ne mène pas au profil @%(handle)s.") % {"handle": handle}}
            )
        handle = handle or from_url
    if len(handle) > HANDLE_LENGTH or len(normalize_handle(handle)) > HANDLE_LENGTH:
        raise ValidationError({"handle": _("Au plus %(max)d caractères.") % {"max": HANDLE_LENGTH}})
    if any(c in FORBIDDEN_IN_HANDLE or unicodedata.category(c)[0] in "CZ" for c in handle):
        raise ValidationError(
            {"handle": _('Un identifiant ne contient ni espace ni caractère < > " / ? #.')}
        )
    if network == Network.MASTODON and "@" not in handle:
        raise ValidationError({"handle": _("Un compte Mastodon s'écrit utilisateur@instance.")})
    return handle


def handle_from_url(*, network: str, url: str) -> str:
    """The handle a profile's address names on `network` (ValidationError on `url` if none)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if network == Network.MASTODON:
        if host and len(segments) == 1 and segments[0].startswith("@"):
            return f"{segments[0][1:]}@{host.removeprefix('www.')}"
    elif network in PROFILE_HOSTS:
        hosts, prefixes = PROFILE_HOSTS[network]
        if not any(host == name or host.endswith(f".{name}") for name in hosts):
            label = Network(network).label
            raise ValidationError(
                {"url": _("Ce n'est pas une adresse %(network)s.") % {"network": label}}
            )
        if network == Network.FACEBOOK and segments == ["profile.php"]:
            segments = parse_qs(parts.query).get("id", [])[:1]
        if len(segments) > 1 and segments[0].lower() in prefixes:
            segments = segments[1:]
        if segments and segments[0].lower() not in NOT_A_PROFILE | set(prefixes):
            return segments[0].lstrip("@")
    raise ValidationError(
        {"url": _("Impossible de lire l'identifiant dans cette adresse : indiquez-le.")}
    )


def _check_free(*, network: str, handle: str, field: str, territory_id: int) -> None:
    """Refuse a handle some profile already holds (the request names `field`)."""
    holder = selectors.profile_holding(network=network, handle=handle)
    if holder is None:
        return
    if holder.territory_id == territory_id:
        message = _("Le profil @%(handle)s est déjà suivi pour votre collectivité.")
    else:
        message = _(
            "Le profil @%(handle)s est déjà rattaché à une autre collectivité "
            "(%(territory)s) : écrivez à l'équipe de l'Observatoire si c'est une erreur."
        )
    raise ValidationError(
        {field: message % {"handle": holder.handle, "territory": holder.territory.name}}
    )


# -- Decisions ---------------------------------------------------------------------------------


def correction_approve(*, correction: ProfileCorrection, decided_by: User) -> ProfileCorrection:
    """Apply a pending request to the profiles and record the decision, in one transaction;
    the requester is told once it commits. ValidationError if it was decided already or can no
    longer apply (its handle taken meanwhile): nothing changes then."""
    with transaction.atomic():
        correction = _pending(correction)
        now = timezone.now()
        APPLY[correction.kind](correction=correction, at=now)
        _decide(correction, status=ProfileCorrection.Status.APPROVED, by=decided_by, at=now)
    return correction


def correction_refuse(
    *, correction: ProfileCorrection, decided_by: User, note: str = ""
) -> ProfileCorrection:
    """Refuse a pending request, with an optional note the requester reads."""
    with transaction.atomic():
        correction = _pending(correction)
        correction.decision_note = note.strip()[:NOTE_LENGTH]
        _decide(
            correction, status=ProfileCorrection.Status.REFUSED, by=decided_by, at=timezone.now()
        )
    return correction


def _pending(correction: ProfileCorrection) -> ProfileCorrection:
    """The request as stored, locked until the decision commits; decided once only."""
    stored = (
        ProfileCorrection.objects.select_for_update(of=("self",))
        .select_related("territory", "profile", "requested_by")
        .filter(pk=correction.pk)
        .first()
    )
    if stored is None or stored.status != ProfileCorrection.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été décidée."))
    return stored


def _decide(correction: ProfileCorrection, *, status: str, by: User, at) -> None:
    correction.status, correction.decided_by, correction.decided_at = status, by, at
    correction.save(
        update_fields=["profile", "status", "decided_by", "decided_at", "decision_note"]
    )
    transaction.on_commit(partial(_notify, correction), robust=True)


def _locked_profile(correction: ProfileCorrection) -> Profile:
    return Profile.objects.select_for_update().get(pk=correction.profile_id)


def _save(profile: Profile, *, fields: list[str] | None = None) -> None:
    """Save, a handle taken meanwhile by another profile refusing the decision."""
    try:
        with transaction.atomic():
            profile.save(update_fields=fields)
    except IntegrityError:
        raise ValidationError(
            {"handle": _("Le profil @%(handle)s est déjà suivi.") % {"handle": profile.handle}}
        ) from None


def _apply_missing(*, correction: ProfileCorrection, at) -> None:
    principal = not selectors.territory_has_principal(
        territory_id=correction.territory_id, network=correction.network
    )
    profile = Profile(
        territory_id=correction.territory_id,
        network=correction.network,
        handle=correction.handle,
        url=correction.url,
        label=correction.label,
        is_principal=principal,
        verified_at=at,
    )
    profile_status_apply(profile=profile, status=Profile.Status.ACTIVE)
    _save(profile)
    correction.profile = profile


def _apply_link(*, correction: ProfileCorrection, at) -> None:
    profile = _locked_profile(correction)
    profile.handle, profile.url = correction.handle, correction.url  # save() normalises it
    profile.external_id = ""  # the old account's: the collection looks the new handle up
    profile.failing_since, profile.consecutive_failures = None, 0  # failures of the old link
    profile.verified_at = at
    fields = ["handle", "handle_key", "url", "external_id", *FAILURE_FIELDS, "verified_at"]
    _save(profile, fields=[*fields, "updated_at"])


def _apply_thematic(*, correction: ProfileCorrection, at) -> None:
    profile = _locked_profile(correction)
    profile.is_principal, profile.label, profile.verified_at = False, correction.label, at
    profile.save(update_fields=["is_principal", "label", "verified_at", "updated_at"])


def _apply_principal(*, correction: ProfileCorrection, at) -> None:
    """The previous principal is demoted first: one principal per network at every moment."""
    profile = _locked_profile(correction)
    for other in Profile.objects.select_for_update().filter(
        territory_id=profile.territory_id, network=profile.network, is_principal=True
    ):
        if other.pk != profile.pk:
            other.is_principal = False
            other.save(update_fields=["is_principal", "updated_at"])
    profile.is_principal, profile.verified_at = True, at
    profile.save(update_fields=["is_principal", "verified_at", "updated_at"])


APPLY = {
    Kind.MISSING: _apply_missing,
    Kind.BROKEN: _apply_link,
    Kind.RENAMED: _apply_link,
    Kind.THEMATIC: _apply_thematic,
    Kind.PRINCIPAL: _apply_principal,
}


def _notify(correction: ProfileCorrection) -> None:
    """A short text e-mail of the decision, in the requester's language."""
    user = correction.requested_by
    if user is None or not user.email:
        return
    with translation.override(user.language):
        context = {"correction": correction, "user": user}
        subject = render_to_string("profiles/email/decision_subject.txt", context)
        body = render_to_string("profiles/email/decision_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
