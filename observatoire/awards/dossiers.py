"""Writes of a collectivité's dossiers (candidatures to the #Hashtags), from Mon espace and
the admin. Rules:
- a dossier is created and changed while the edition's call for entries is open, as a
  draft; once submitted it is frozen: only staff correct it, in the admin, and each
  correction is written in the audit log with what changed;
- its categories are among those it is eligible for (dossier_selectors.category_is_eligible);
- submitting needs at least one category and one operation, before `entries_close_at`;
- every link of an operation is read by `links.link_parse`: one unreadable link refuses the
  whole form (its line and the link named), nothing saved; a readable one keeps its network,
  kind, account and post id, and is matched to the collected post when we have it.
Each write locks the dossier's row, so an edit and a submission never interleave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.core.values import hashtags_in
from observatoire.territories.models import Territory

from .audit import audit_log
from .dossier_selectors import category_is_eligible
from .links import Kind, LinkError, ParsedLink, link_parse, links_match
from .models import AwardCategory, Dossier, Edition, Operation, OperationLink
from .tasks import queue_links_fetch

MAX_LINKS = 100  # per operation
MAX_HASHTAGS = 20  # per operation


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def entry_refusal(*, edition: Edition, now: dt.datetime | None = None) -> str | None:
    """Why a dossier cannot be created or changed for `edition` now, or None."""
    now = now or timezone.now()
    if now < edition.entries_open_at:
        return _("L'appel à candidatures de %(edition)s ouvrira le %(date)s.") % {
            "edition": edition.title,
            "date": _when(edition.entries_open_at),
        }
    if now >= edition.entries_close_at:
        return _(
            "L'appel à candidatures de %(edition)s est clos depuis le %(date)s : un dossier ne "
            "peut plus être modifié ni déposé."
        ) % {"edition": edition.title, "date": _when(edition.entries_close_at)}
    return None


def dossier_refusal(*, dossier: Dossier, now: dt.datetime | None = None) -> str | None:
    """Why the dossier cannot be changed (nor submitted) from Mon espace, or None."""
    if dossier.status == Dossier.Status.SUBMITTED:
        return _(
            "Ce dossier a été déposé le %(date)s : il ne peut plus être modifié. Pour une "
            "correction, écrivez à l'équipe de l'Observatoire."
        ) % {"date": _when(dossier.submitted_at) if dossier.submitted_at else "—"}
    return entry_refusal(edition=dossier.edition, now=now)


def _locked(dossier: Dossier) -> Dossier:
    """The dossier's row, locked until the transaction ends; ValidationError when it can
    no longer be changed."""
    locked = Dossier.objects.select_for_update().select_related("edition").get(pk=dossier.pk)
    refusal = dossier_refusal(dossier=locked)
    if refusal:
        raise ValidationError(refusal, code="frozen")
    return locked


def _categories_check(
    categories: Sequence[AwardCategory], *, edition: Edition, territory: Territory
) -> None:
    refused = [
        category.name
        for category in categories
        if category.edition_id != edition.pk or not category_is_eligible(category, territory)
    ]
    if refused:
        message = _("Votre collectivité ne peut pas concourir dans : %(names)s.")
        raise ValidationError({"categories": message % {"names": ", ".join(refused)}})


@transaction.atomic
def dossier_create(
    *,
    edition: Edition,
    territory: Territory,
    actor,
    presentation: str = "",
    categories: Sequence[AwardCategory] = (),
) -> Dossier:
    """A draft dossier of the collectivité for the edition (one per edition)."""
    refusal = entry_refusal(edition=edition)
    if refusal:
        raise ValidationError(refusal, code="closed")
    _categories_check(categories, edition=edition, territory=territory)
    dossier, created = Dossier.objects.get_or_create(
        edition=edition,
        territory=territory,
        defaults={"presentation": presentation, "created_by": actor, "is_demo": edition.is_demo},
    )
    if not created:
        raise ValidationError(
            _("Votre collectivité a déjà un dossier pour cette édition."), code="exists"
        )
    dossier.categories.set(categories)
    audit_log(edition=edition, action="dossier_created", subject=dossier, actor=actor)
    return dossier


@transaction.atomic
def dossier_update(
    *, dossier: Dossier, actor, presentation: str, categories: Sequence[AwardCategory]
) -> Dossier:
    """Change a draft's presentation and categories."""
    locked = _locked(dossier)
    _categories_check(categories, edition=locked.edition, territory=locked.territory)
    locked.presentation = presentation
    locked.save(update_fields=["presentation", "updated_at"])
    locked.categories.set(categories)
    return locked


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor) -> Dossier:
    """Submit a draft before the deadline: it is frozen from then on."""
    locked = _locked(dossier)
    categories = list(locked.categories.order_by("position").values_list("slug", flat=True))
    operations = locked.operations.count()
    errors = []
    if not categories:
        errors.append(_("Choisissez au moins une catégorie avant de déposer le dossier."))
    if not operations:
        errors.append(_("Ajoutez au moins une opération avant de déposer le dossier."))
    if errors:
        raise ValidationError(errors, code="incomplete")
    dossier_links_match(dossier=locked)
    locked.status = Dossier.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = actor
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    links = OperationLink.objects.filter(operation__dossier=locked).count()
    audit_log(
        edition=locked.edition,
        action="dossier_submitted",
        subject=locked,
        actor=actor,
        categories=categories,
        operations=operations,
        links=links,
    )
    queue_links_fetch(dossier_id=locked.pk)
    return locked


def dossier_correct(*, dossier: Dossier, actor, changes: list[dict]) -> None:
    """Record a staff correction of a submitted dossier made in the admin: `changes` says
    what changed ([{"object": …, "fields": {name: [before, after]}} or {"object": …,
    "added"/"deleted": …}]). Nothing is recorded for a draft or without changes."""
    if dossier.status != Dossier.Status.SUBMITTED or not changes:
        return
    audit_log(
        edition=dossier.edition,
        action="dossier_corrected",
        subject=dossier,
        actor=actor,
        changes=changes,
    )


# --- operations and their links ---------------------------------------------------------


def hashtags_read(text: str) -> list[str]:
    """Campaign hashtags typed with or without '#', separated by spaces or commas, as
    core.values.hashtags_in reads them in posts (without '#', first spelling kept,
    duplicates dropped). ValidationError names what is not a hashtag."""
    found, refused = [], []
    for token in text.replace(",", " ").replace(";", " ").split():
        word = token.lstrip("#")
        tags = hashtags_in(f"#{word}")
        if len(tags) != 1 or tags[0] != word:
            refused.append(token)
        elif word.lower() not in {tag.lower() for tag in found}:
            found.append(word)
    if refused:
        raise ValidationError(
            _("Pas un hashtag (lettres, chiffres et _ seulement) : %(tokens)s")
            % {"tokens": ", ".join(refused)}
        )
    if len(found) > MAX_HASHTAGS:
        raise ValidationError(_("%(count)s hashtags au plus.") % {"count": MAX_HASHTAGS})
    return found


def _key(parsed: ParsedLink) -> tuple[str, str, str, str]:
    return (parsed.network, parsed.kind, parsed.account, parsed.external_id)


def links_read(lines: Sequence[str]) -> list[ParsedLink]:
    """Each non-blank line read by link_parse, duplicates dropped. ValidationError (on
    "links") lists every unreadable line with its number (its index + 1) and the link."""
    read, errors, seen = [], [], set()
    for number, line in enumerate(lines, start=1):
        url = line.strip()
        if not url:
            continue
        try:
            parsed = link_parse(url)
        except LinkError as error:
            errors.append(
                _("Ligne %(line)s : « %(link)s » — %(error)s")
                % {"line": number, "link": url[:200], "error": error}
            )
            continue
        if _key(parsed) not in seen:
            seen.add(_key(parsed))
            read.append(parsed)
    if not errors and len(read) > MAX_LINKS:
        errors.append(_("%(count)s liens au plus par opération.") % {"count": MAX_LINKS})
    if errors:
        raise ValidationError({"links": errors})
    return read


def _links_write(operation: Operation, read: list[ParsedLink], start: int) -> None:
    """Store the links (their address without tracking parameters) with their posts."""
    posts = links_match(links=read, territory_id=operation.dossier.territory_id)
    OperationLink.objects.bulk_create(
        OperationLink(
            operation=operation,
            url=parsed.url,
            network=parsed.network,
            kind=parsed.kind,
            account=parsed.account,
            external_id=parsed.external_id,
            post=posts[parsed],
            position=start + index,
        )
        for index, parsed in enumerate(read)
    )
    queue_links_fetch(dossier_id=operation.dossier_id)


def dossier_links_match(*, dossier: Dossier) -> int:
    """Match the dossier's links still without a post to the posts collected since they were
    given (a stored match is kept); how many were matched."""
    links = [
        link
        for link in OperationLink.objects.filter(operation__dossier=dossier, post__isnull=True)
        if link.kind not in Kind.ACCOUNT_ONLY and link.external_id
    ]
    parsed = {
        link.pk: ParsedLink(link.network, link.kind, link.account, link.external_id, link.url)
        for link in links
    }
    posts = links_match(links=parsed.values(), territory_id=dossier.territory_id)
    matched = [link for link in links if posts[parsed[link.pk]] is not None]
    for link in matched:
        link.post = posts[parsed[link.pk]]
    OperationLink.objects.bulk_update(matched, ["post"])
    return len(matched)


def _operation_values_check(values: dict, edition: Edition) -> None:
    errors = {}
    unknown = [network for network in values["networks"] if network not in edition.networks]
    if unknown:
        errors["networks"] = _("Réseaux hors de l'édition : %(networks)s") % {
            "networks": ", ".join(unknown)
        }
    if values["audience"] not in Operation.Audience.values:
        errors["audience"] = _("Choisissez un public.")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("La fin de l'opération précède son début.")
    if errors:
        raise ValidationError(errors)


OPERATION_FIELDS = ("audience", "title", "description", "networks", "starts_on", "ends_on")


@transaction.atomic
def operation_create(
    *, dossier: Dossier, actor, values: dict, hashtags: Sequence[str], links: Sequence[str]
) -> Operation:
    """An operation of a draft with its links (`links`: one per line, see links_read).
    `values`: audience, title, description, networks, starts_on, ends_on."""
    locked = _locked(dossier)
    _operation_values_check(values, locked.edition)
    read = links_read(links)
    last = locked.operations.aggregate(last=Max("position"))["last"]
    operation = Operation.objects.create(
        dossier=locked,
        hashtags=hashtags_read(" ".join(hashtags)),
        position=0 if last is None else last + 1,
        **{name: values.get(name) for name in OPERATION_FIELDS},
    )
    _links_write(operation, read, start=0)
    return operation


@transaction.atomic
def operation_update(
    *,
    operation: Operation,
    actor,
    values: dict,
    hashtags: Sequence[str],
    links: Sequence[str] | None,
) -> Operation:
    """Change an operation of a draft; with `links`, they replace its links."""
    locked = _locked(operation.dossier)
    _operation_values_check(values, locked.edition)
    read = links_read(links) if links is not None else None
    operation = Operation.objects.get(pk=operation.pk, dossier=locked)
    for name in OPERATION_FIELDS:
        setattr(operation, name, values.get(name))
    operation.hashtags = hashtags_read(" ".join(hashtags))
    operation.save()
    if read is not None:
        operation.links.all().delete()
        _links_write(operation, read, start=0)
    return operation


@transaction.atomic
def operation_delete(*, operation: Operation, actor) -> None:
    _locked(operation.dossier)
    Operation.objects.filter(pk=operation.pk).delete()


@transaction.atomic
def link_add(*, operation: Operation, actor, url: str) -> OperationLink:
    """Add one link to an operation of a draft (ValidationError on "url" when unreadable or
    already given)."""
    locked = _locked(operation.dossier)
    operation = Operation.objects.get(pk=operation.pk, dossier=locked)
    try:
        parsed = link_parse(url.strip())
    except LinkError as error:
        raise ValidationError({"url": str(error)}) from None
    given = operation.links.filter(
        network=parsed.network,
        kind=parsed.kind,
        account=parsed.account,
        external_id=parsed.external_id,
    )
    if given.exists():
        raise ValidationError({"url": _("Ce lien est déjà dans l'opération.")})
    if operation.links.count() >= MAX_LINKS:
        raise ValidationError({"url": _("%(count)s liens au plus.") % {"count": MAX_LINKS}})
    last = operation.links.aggregate(last=Max("position"))["last"]
    _links_write(operation, [parsed], start=0 if last is None else last + 1)
    return operation.links.order_by("-position", "-pk").first()


@transaction.atomic
def link_remove(*, link: OperationLink, actor) -> None:
    _locked(link.operation.dossier)
    OperationLink.objects.filter(pk=link.pk).delete()
