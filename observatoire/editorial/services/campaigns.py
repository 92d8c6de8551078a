"""Campaigns: a named set of hashtags of a collectivité over a period (#Covid19Gers from
13 March 2020). Created, changed and deleted here (Mon espace's forms, the admin); their
posts are read by the selectors from PostHashtag."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory

from ..cache import editorial_cache_bump
from ..models import Campaign
from .analyses import TAG_LENGTH, hashtag_key

MAX_HASHTAGS = 20
NAME_LENGTH = Campaign._meta.get_field("name").max_length
# Hashtags as the networks read them: letters, digits and underscores (any script).
_HASHTAG = re.compile(r"\w+")
_SEPARATORS = re.compile(r"[\s,;]+")


def campaign_hashtags_parse(value: str | Iterable[str]) -> list[str]:
    """The keys of the hashtags a user typed, in order, without duplicates:
    "#Covid19Gers, covid19gers #GersLeDepartement" -> ["covid19gers", "gersledepartement"].
    Raises ValidationError (field "hashtags") for anything that is not a hashtag, none, or
    more than MAX_HASHTAGS."""
    parts = _SEPARATORS.split(value) if isinstance(value, str) else list(value)
    keys, wrong = [], []
    for part in parts:
        written = (part or "").strip()
        if not written.lstrip("#"):
            continue
        key = hashtag_key(written)
        if not _HASHTAG.fullmatch(key) or len(written.lstrip("#")) > TAG_LENGTH:
            wrong.append(written)
        elif key not in keys:
            keys.append(key)
    if wrong:
        message = _("Ce n'est pas un hashtag (lettres, chiffres et _ seulement) : %(tags)s.")
        raise ValidationError({"hashtags": message % {"tags": ", ".join(wrong)}})
    if not keys:
        raise ValidationError({"hashtags": _("Indiquez au moins un hashtag.")})
    if len(keys) > MAX_HASHTAGS:
        message = _("Une campagne compte au plus %(max)d hashtags (%(count)d indiqués).")
        raise ValidationError({"hashtags": message % {"max": MAX_HASHTAGS, "count": len(keys)}})
    return keys


def campaign_validate(
    *,
    territory: Territory,
    name: str,
    hashtags: str | Iterable[str],
    starts_on: date | None,
    ends_on: date | None,
    campaign: Campaign | None = None,
) -> dict:
    """The values a campaign would be saved with (name tidied, hashtags as keys), or a
    ValidationError naming each wrong field; `campaign`: the one being changed. Forms call
    it in their clean() to show the messages beside the fields."""
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = [_("Donnez un nom à la campagne.")]
    elif len(name) > NAME_LENGTH:
        errors["name"] = [_("Le nom compte au plus %(max)d caractères.") % {"max": NAME_LENGTH}]
    else:
        others = Campaign.objects.filter(territory=territory)
        if campaign is not None:
            others = others.exclude(pk=campaign.pk)
        # Compared here: SQLite's LIKE folds the case of ASCII letters only (Été, ÉTÉ).
        if name.casefold() in {n.casefold() for n in others.values_list("name", flat=True)}:
            errors["name"] = [_("Une campagne de cette collectivité porte déjà ce nom.")]
    keys = []
    try:
        keys = campaign_hashtags_parse(hashtags)
    except ValidationError as error:
        errors.update(error.message_dict)
    if starts_on is None:
        errors["starts_on"] = [_("Indiquez la date de début.")]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("La fin ne peut précéder le début.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "hashtags": keys, "starts_on": starts_on, "ends_on": ends_on}


def campaign_create(
    *,
    territory: Territory,
    name: str,
    hashtags: str | Iterable[str],
    starts_on: date,
    ends_on: date | None = None,
    description: str = "",
    created_by: AbstractBaseUser | None = None,
) -> Campaign:
    """Create a campaign; ValidationError naming the field (name, hashtags, starts_on,
    ends_on) when something is wrong."""
    values = campaign_validate(
        territory=territory, name=name, hashtags=hashtags, starts_on=starts_on, ends_on=ends_on
    )
    user = created_by if created_by is not None and created_by.is_authenticated else None
    campaign = Campaign(
        territory=territory, description=description.strip(), created_by=user, **values
    )
    _save(campaign)
    return campaign


def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    hashtags: str | Iterable[str],
    starts_on: date,
    ends_on: date | None,
    description: str = "",
) -> Campaign:
    """Change a campaign (every field given, as a form has them); ValidationError as
    campaign_create."""
    values = campaign_validate(
        territory=campaign.territory,
        name=name,
        hashtags=hashtags,
        starts_on=starts_on,
        ends_on=ends_on,
        campaign=campaign,
    )
    for field, value in values.items():
        setattr(campaign, field, value)
    campaign.description = description.strip()
    _save(campaign)
    return campaign


def campaign_delete(*, campaign: Campaign) -> None:
    with transaction.atomic():
        campaign.delete()
        transaction.on_commit(editorial_cache_bump)


def _save(campaign: Campaign) -> None:
    try:
        with transaction.atomic():
            campaign.save()
            transaction.on_commit(editorial_cache_bump)
    except IntegrityError as error:  # the same name saved meanwhile by someone else
        raise ValidationError(
            {"name": [_("Une campagne de cette collectivité porte déjà ce nom.")]}
        ) from error
