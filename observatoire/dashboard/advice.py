"""What to do next, profile by profile: the explanation the public page computes
(`rankings.selectors.entry_explanation`, the value each KPI would need to gain a place),
written in plain French, and for a profile that is not ranked the reason and the fix.

Texts are built in the active language when called: do not cache them across languages."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.site.selectors import group_kpis_cached
from observatoire.site.templatetags.site_tags import kpi_value
from observatoire.territories.models import Territory

from .tables import Column, Table, kpi_column

FIRST = "first"  # ranked first: no place to gain
RANKED = "ranked"
UNRANKED = "unranked"  # has an entry, not eligible (`reason`)
NOT_PUBLISHED = "not_published"  # a principal profile without an entry in the publication
THEMATIC = "thematic"  # not the principal profile of its network: never ranked


@dataclass(frozen=True, slots=True)
class KpiStep:
    """One way to gain a place: this KPI alone reaching `needed`, the others unchanged."""

    kpi: str
    label: str
    current: float | None  # its raw value in the publication
    needed: float | None  # None: no value of this KPI alone is enough
    strictly_above: bool  # go beyond `needed` rather than reach it
    text: str  # "Taux d'engagement ≥ 2,07 %", formatted as the public page does


@dataclass(frozen=True, slots=True)
class NextStep:
    profile_id: int
    network: str
    network_label: str
    handle: str
    profile_label: str  # thematic label ("" for a main profile)
    status: str  # FIRST, RANKED, UNRANKED, NOT_PUBLISHED or THEMATIC
    rank: int | None
    group_size: int | None  # ranked profiles of its category on the network
    score: float | None
    reason: str  # RankingEntry.Reason of an UNRANKED profile, else ""
    summary: str  # where it stands, one sentence
    advice: str  # what to do, in plain French ("" when the list of `kpis` says it)
    correction: str  # text of the link to the corrections page, "" when none is needed
    warning: str  # unreachable today, for a profile that still shows a rank or none
    kpis: list[KpiStep] = field(default_factory=list)  # RANKED only


def _operator(kpi: str, strictly_above: bool) -> str:
    if catalogue.get(kpi).higher_is_better:
        return ">" if strictly_above else "≥"
    return "<" if strictly_above else "≤"


def _kpi_step(kpi: dict, window_days: int) -> KpiStep:
    name, label, needed = kpi["kpi"], str(kpi["label"]), kpi["needed"]
    if needed is None:
        text = _("%(kpi)s : insuffisant à lui seul") % {"kpi": label}
    else:
        operator = _operator(name, kpi["needed_strictly_above"])
        text = f"{label} {operator} {kpi_value(needed, name)}"
        if catalogue.get(name).whole_per_window:  # a count over the window: say it as such
            count = round(needed * window_days)
            text += " (%s)" % (
                ngettext(
                    "%(count)s publication en %(days)s jours",
                    "%(count)s publications en %(days)s jours",
                    count,
                )
                % {"count": count, "days": window_days}
            )
    return KpiStep(
        kpi=name,
        label=label,
        current=kpi["raw"],
        needed=needed,
        strictly_above=kpi["needed_strictly_above"],
        text=text,
    )


def _reason_sentence(profile: Profile) -> str:
    if not profile.unavailable_reason:
        return ""
    return " " + _("Raison : %(reason)s.") % {"reason": profile.get_unavailable_reason_display()}


def _unranked_advice(entry: RankingEntry, profile: Profile) -> tuple[str, str]:
    """What to do about the reason an entry is not ranked, and the correction link's text."""
    fix = _("Corrigez le lien du profil")
    reason = entry.reason
    if reason == RankingEntry.Reason.UNAVAILABLE:
        advice = _("Le profil n'a pas pu être lu à la date du classement.")
        return advice + _reason_sentence(profile), fix
    if reason == RankingEntry.Reason.NO_SNAPSHOT:
        advice = _(
            "Aucun nombre d'abonnés n'a pu être relevé sur la période : vérifiez que le "
            "profil est public et que son lien est juste."
        )
        return advice, fix
    if reason == RankingEntry.Reason.NO_FOLLOWERS:
        advice = _(
            "Faites connaître ce compte : liens depuis le site de la collectivité, le "
            "bulletin d'information et les autres réseaux."
        )
        return advice, ""
    days = entry.publication.methodology.window_days
    advice = _(
        "Publiez au moins une fois dans les %(days)s jours qui précèdent la fin du mois "
        "pour être classé."
    ) % {"days": days}
    return advice, ""


def _entry_step(entry: RankingEntry, profile: Profile, common: dict) -> NextStep:
    if not entry.eligible:
        advice, correction = _unranked_advice(entry, profile)
        not_ranked = _("Non classé ce mois-ci :")
        summary = f"{not_ranked} {entry.get_reason_display()}"
        return NextStep(
            **common,
            status=UNRANKED,
            rank=None,
            group_size=None,
            score=None,
            reason=entry.reason,
            summary=summary,
            advice=advice,
            correction=correction,
        )
    group = group_kpis_cached(entry=entry)  # the public page's, read once per publication
    explanation = ranking_selectors.entry_explanation(entry=entry, group=group)
    size = len(group.ids)
    summary = _("Rang %(rank)s sur %(size)s dans sa catégorie.") % {
        "rank": entry.rank,
        "size": size,
    }
    first = entry.rank == 1
    if first:
        advice = _("Aucune place à gagner ce mois-ci : gardez le rythme.")
    else:
        advice = _(
            "Pour gagner une place, un seul de ces objectifs suffit, les autres "
            "indicateurs restant égaux :"
        )
    days = entry.publication.methodology.window_days
    return NextStep(
        **common,
        status=FIRST if first else RANKED,
        rank=entry.rank,
        group_size=size,
        score=float(entry.score) if entry.score is not None else None,
        reason="",
        summary=summary,
        advice=advice,
        correction="",
        kpis=[] if first else [_kpi_step(kpi, days) for kpi in explanation["kpis"]],
    )


def _other_step(profile: Profile, common: dict) -> NextStep:
    if profile.is_principal:
        summary = _("Pas de classement publié pour ce profil.")
        advice = _("Il sera classé à la prochaine publication des classements.")
        status, correction = NOT_PUBLISHED, ""
    else:
        summary = _("Profil thématique : seul le profil principal de chaque réseau est classé.")
        advice = _("S'il s'agit de votre compte principal, demandez qu'il le devienne.")
        status, correction = THEMATIC, _("Demander une correction")
    return NextStep(
        **common,
        status=status,
        rank=None,
        group_size=None,
        score=None,
        reason="",
        summary=summary,
        advice=advice,
        correction=correction,
    )


def _warning(profile: Profile, entry: RankingEntry | None) -> str:
    """Unreachable today, unless its entry already says it was unreachable."""
    if profile.status != Profile.Status.UNAVAILABLE:
        return ""
    if entry is not None and entry.reason == RankingEntry.Reason.UNAVAILABLE:
        return ""
    if profile.unavailable_since:
        since = date_format(profile.unavailable_since, "DATE_FORMAT")
        text = _("Profil inaccessible depuis le %(date)s : il n'est plus collecté.") % {
            "date": since
        }
    else:
        text = _("Profil inaccessible : il n'est plus collecté.")
    return text + _reason_sentence(profile)


def next_steps(*, territory: Territory, publication: RankingPublication | None) -> list[NextStep]:
    """One step per profile of the collectivité (networks in the order of `Network`, the
    principal profile first; profiles no longer followed only when `publication` ranked
    them). Queries: the entries, the profiles, and each ranked entry's group (the public
    page's cached `group_kpis`)."""
    entries = {}
    if publication is not None:
        found = RankingEntry.objects.filter(
            territory=territory, publication=publication
        ).select_related("publication__methodology")
        entries = {entry.profile_id: entry for entry in found}
    labels = dict(Network.choices)
    order = {network: index for index, network in enumerate(labels)}
    profiles = sorted(
        territory.profiles.all(),
        key=lambda p: (order.get(p.network, len(order)), not p.is_principal, p.label, p.handle),
    )
    steps = []
    for profile in profiles:
        entry = entries.get(profile.pk)
        if entry is None and profile.status == Profile.Status.INACTIVE:
            continue
        warning = _warning(profile, entry)
        common = {
            "profile_id": profile.pk,
            "network": profile.network,
            "network_label": labels.get(profile.network, profile.network),
            "handle": profile.handle,
            "profile_label": profile.label,
            "warning": warning,
        }
        step = _entry_step(entry, profile, common) if entry else _other_step(profile, common)
        if warning and not step.correction:
            step = replace(step, correction=_("Corrigez le lien du profil"))
        steps.append(step)
    return steps


def next_steps_table(
    steps: list[NextStep], *, publication: RankingPublication | None = None
) -> Table:
    """The steps for the exports: one row per profile, then the value each KPI of
    `publication` would need to gain a place (empty when none is enough or not ranked)."""
    names = list(publication.kpis) if publication is not None else []
    target = _("Pour gagner une place")
    columns = [
        Column(_("Profil")),
        Column(_("Réseau")),
        Column(_("Rang"), "rank"),
        Column(_("Score"), "number", 2),
        Column(_("Situation")),
        Column(_("À faire")),
        *(_target_column(name, target) for name in names),
    ]
    rows = []
    for step in steps:
        needed = {kpi.kpi: kpi.needed for kpi in step.kpis}
        todo = " ".join(
            text for text in (step.advice, *(kpi.text for kpi in step.kpis), step.warning) if text
        )
        if step.correction:
            todo = f"{todo} {step.correction}." if todo else f"{step.correction}."
        rows.append(
            [
                f"@{step.handle}" + (f" ({step.profile_label})" if step.profile_label else ""),
                step.network_label,
                step.rank if step.rank is not None else step.summary,
                step.score,
                step.summary,
                todo,
                *(needed.get(name) for name in names),
            ]
        )
    return Table(slug="next-steps", title=_("Que faire ensuite"), columns=columns, rows=rows)


def _target_column(name: str, target: str) -> Column:
    column = kpi_column(name)
    return Column(f"{target} — {column.label}", column.kind, column.decimals)
