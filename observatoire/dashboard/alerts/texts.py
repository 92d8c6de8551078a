"""What an alert says, in the active language: one line per alert (e-mails and the history
page) and, for an unreachable profile, how to fix it. Alerts store codes and numbers only
(`Alert.data`), so the words are chosen when the member reads them, in their language."""

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from observatoire.dashboard.models import Alert
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category

Reason = Profile.UnavailableReason

# What the member can do about each reason the collection gives.
ADVICE = {
    Reason.NOT_FOUND: gettext_lazy(
        "Le compte a été supprimé ou renommé : s'il a changé d'adresse, signalez la nouvelle "
        "depuis la page Profils de votre espace."
    ),
    Reason.PRIVATE: gettext_lazy(
        "Le compte est privé : repassez-le en public pour que l'Observatoire puisse lire ses "
        "chiffres."
    ),
    Reason.SUSPENDED: gettext_lazy(
        "Le réseau a suspendu le compte : demandez son rétablissement au réseau, puis signalez "
        "sa nouvelle adresse depuis la page Profils de votre espace si elle change."
    ),
    Reason.BROKEN_LINK: gettext_lazy(
        "Le lien enregistré ne mène plus au compte : indiquez la bonne adresse depuis la page "
        "Profils de votre espace."
    ),
    Reason.OTHER: gettext_lazy(
        "Vérifiez que le compte existe toujours et qu'il est public, puis signalez toute "
        "correction depuis la page Profils de votre espace."
    ),
}


def label(choices, value: str) -> str:
    """The display label of a stored code (the code itself if it is no longer known)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def month_label(iso: str) -> str:
    """The month of an ISO date: "octobre 2026" (French), "October 2026" (English)."""
    return date_format(dt.date.fromisoformat(iso), "F Y")


def day_label(day: dt.date) -> str:
    return date_format(day, "j F Y")


def advice(reason: str) -> str:
    return str(ADVICE.get(reason, ADVICE[Reason.OTHER]))


def alert_summary(alert: Alert) -> str:
    """One line saying what happened, for the e-mails and the history page."""
    data = alert.data
    if alert.kind == Alert.Kind.PROFILE_UNREACHABLE:
        return _unreachable_summary(data)
    if alert.kind == Alert.Kind.RANKING_PUBLISHED:
        return _("Nouveau classement publié : %(month)s") % {"month": month_label(data["month"])}
    values = {
        "network": label(Network, data["network"]),
        "category": label(Category, data["category"]),
        "month": month_label(data["month"]),
        "rank": data["rank"],
        "previous": data["previous_rank"],
    }
    if alert.kind == Alert.Kind.TOP10_ENTERED:
        if data["previous_rank"] is None:
            text = _(
                "%(network)s : entrée dans le Top 10 (%(category)s), rang %(rank)d en %(month)s"
            )
        else:
            text = _(
                "%(network)s : entrée dans le Top 10 (%(category)s), rang %(rank)d en %(month)s "
                "contre %(previous)d le mois précédent"
            )
        return text % values
    if alert.kind == Alert.Kind.TOP10_LEFT:
        if data["rank"] is None:
            text = _(
                "%(network)s : sortie du Top 10 (%(category)s), non classé en %(month)s "
                "contre le rang %(previous)d le mois précédent"
            )
        else:
            text = _(
                "%(network)s : sortie du Top 10 (%(category)s), rang %(rank)d en %(month)s "
                "contre %(previous)d le mois précédent"
            )
        return text % values
    return _moved_summary(data["movement"], values)


def _moved_summary(movement: int, values: dict) -> str:
    count = abs(movement)
    if movement > 0:
        text = ngettext(
            "%(network)s : %(count)d place gagnée (%(category)s), rang %(rank)d en %(month)s "
            "contre %(previous)d le mois précédent",
            "%(network)s : %(count)d places gagnées (%(category)s), rang %(rank)d en %(month)s "
            "contre %(previous)d le mois précédent",
            count,
        )
    else:
        text = ngettext(
            "%(network)s : %(count)d place perdue (%(category)s), rang %(rank)d en %(month)s "
            "contre %(previous)d le mois précédent",
            "%(network)s : %(count)d places perdues (%(category)s), rang %(rank)d en %(month)s "
            "contre %(previous)d le mois précédent",
            count,
        )
    return text % {**values, "count": count}


def _unreachable_summary(data: dict) -> str:
    values = {
        "network": label(Network, data["network"]),
        "handle": data["handle"],
        "reason": label(Reason, data["reason"]),
    }
    if data.get("since"):
        values["date"] = day_label(dt.date.fromisoformat(data["since"]))
        return _("%(network)s @%(handle)s : %(reason)s, depuis le %(date)s") % values
    return _("%(network)s @%(handle)s : %(reason)s") % values
