"""The report's body, section by section, as ReportLab flowables: ranks and scores, the
unreachable profiles, twelve months of KPIs, the best posts, the method. Every string goes
through `text.markup` (or `text.caption` for a post) before it reaches a paragraph; numbers
are formatted like the public pages (`site_tags.kpi_value`, `ordinal`)."""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from observatoire.site.templatetags import site_tags
from observatoire.site.templatetags.site_tags import kpi_value

from . import text
from .charts import line_drawing
from .data import BestPost, Method, NetworkHistory, NetworkRank, ReportData, UnreachableProfile
from .styles import STYLES, TABLE_STYLE, WARNING

CONTENT_WIDTH = 17 * cm  # A4 less 2 cm margins


def para(markup: str, style: str = "cell") -> Paragraph:
    return Paragraph(markup, STYLES[style])


def heading(label: str, level: int = 1) -> Paragraph:
    return Paragraph(text.markup(label), STYLES[f"h{level}"])


def table(rows: list[list], widths: list[float]) -> Table:
    """A table with its header row repeated on each page."""
    found = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    found.setStyle(TABLE_STYLE)
    return found


def header(*labels: str) -> list[Paragraph]:
    return [para(text.markup(label), "th") for label in labels]


def month_label(month) -> str:
    """ "Octobre 2026" in French, "October 2026" in English."""
    label = date_format(month, "F Y")
    return label[:1].upper() + label[1:]


def day_text(day) -> str:
    """ "5 novembre 2026", never split across lines."""
    return date_format(day, "j F Y").replace(" ", "\xa0")


def ordinal(rank: int) -> str:
    """ "1er", "3e" (1st, 3rd in English) as the public pages say it, in plain text: a
    superscript would read back as a separate line when the PDF's text is copied."""
    return text.markup(strip_tags(site_tags.ordinal(rank)))


def score_text(value) -> str:
    return text.markup(kpi_value(value, "score"))


# --- ranks and scores ---------------------------------------------------------------------


def movement_markup(line: NetworkRank, *, previous: bool = True) -> str:
    """↑ +3 places, ↓ −2 places, = or "nouveau" (not ranked the month before); with
    `previous`, the previous rank below."""
    if not line.eligible:
        return ""
    if line.previous_rank is None or line.movement is None:
        return text.markup(_("nouveau"))
    if line.movement == 0:
        return text.markup(_("= même rang"))
    places = abs(line.movement)
    if line.movement > 0:
        moved = ngettext("+%(n)s place", "+%(n)s places", places) % {"n": places}
    else:
        moved = ngettext("−%(n)s place", "−%(n)s places", places) % {"n": places}
    shown = f"{text.arrow(line.movement)} {text.markup(moved)}"
    if not previous:
        return shown
    before = text.markup(_("(%(rank)s le mois précédent)")) % {"rank": ordinal(line.previous_rank)}
    return f"{shown}<br/>{before}"


def summary_markup(line: NetworkRank) -> str:
    """One network in one line, for the cover: rank, score and movement, or why unranked."""
    network = f"<b>{text.markup(line.network_label)}</b>"
    if not line.published:
        return text.markup(_("%(network)s : pas de classement publié")) % {"network": network}
    if not line.eligible:
        return text.markup(_("%(network)s : non classé (%(reason)s)")) % {
            "network": network,
            "reason": text.markup(line.reason_label),
        }
    found = text.markup(
        _("%(network)s : %(rank)s sur %(count)s · score %(score)s · %(movement)s")
    ) % {
        "network": network,
        "rank": ordinal(line.rank),
        "count": line.ranked_count,
        "score": score_text(line.score),
        "movement": movement_markup(line, previous=False),
    }
    if line.unreachable_now:
        found += f' · <font color="{WARNING}">{text.markup(_("Attention danger"))}</font>'
    return found


def _rank_cells(line: NetworkRank) -> list:
    if not line.published:
        return [para(text.markup(_("Pas de classement publié pour ce profil ce mois-ci.")))]
    if not line.eligible:
        why = text.markup(_("Non classé ce mois-ci : %(reason)s")) % {
            "reason": text.markup(line.reason_label)
        }
        return [para(f'<font color="{WARNING}">{why}</font>')]
    out_of = text.markup(_("%(rank)s sur %(count)s")) % {
        "rank": f"<b>{ordinal(line.rank)}</b>",
        "count": line.ranked_count,
    }
    region = ""
    if line.region_rank and line.region_name:
        region = text.markup(_("%(rank)s en %(region)s")) % {
            "rank": ordinal(line.region_rank),
            "region": text.markup(line.region_name),
        }
    return [
        para(out_of),
        para(region or "—"),
        para(f"<b>{score_text(line.score)}</b>", "number"),
        para(movement_markup(line)),
    ]


def ranks_section(report: ReportData) -> list[Flowable]:
    flowables: list[Flowable] = [heading(_("Rangs et scores du mois"))]
    if not report.ranks:
        return [*flowables, para(text.markup(_("Aucun profil principal classé.")), "body")]
    among = _("Rangs parmi les %(category)s, réseau par réseau, pour %(month)s.") % {
        "category": report.category_label.lower(),
        "month": date_format(report.month, "F Y"),
    }
    flowables.append(para(text.markup(among), "body"))
    labels = (_("Réseau"), _("Rang"), _("Rang régional"))
    labels += (_("Score"), _("Évolution"), _("Abonnés"))
    rows = [header(*labels)]
    spans, kept = [], []
    for index, line in enumerate(report.ranks, 1):
        network = f"<b>{text.markup(line.network_label)}</b><br/>@{text.markup(line.handle)}"
        if line.unreachable_now:
            network += f'<br/><font color="{WARNING}">{text.markup(_("Attention danger"))}</font>'
            kept.append(line)
        cells = _rank_cells(line)
        if len(cells) == 1:
            spans.append(("SPAN", (1, index), (4, index)))
            cells += ["", "", ""]
        followers = text.markup(kpi_value(line.followers, "followers"))
        rows.append([para(network), *cells, para(followers, "number")])
    found = table(rows, [4.2 * cm, 2.6 * cm, 3.2 * cm, 1.6 * cm, 3.2 * cm, 2.2 * cm])
    found.setStyle(spans)
    return [*flowables, found, *(_kept_notice(line) for line in kept)]


def _kept_notice(line: NetworkRank) -> Paragraph:
    """Below the table, for a ranked profile that cannot be reached today."""
    notice = text.markup(
        _(
            "Attention danger — %(network)s : le profil est inaccessible aujourd'hui. Rang "
            "obtenu avec les données du mois, quand le profil était accessible : il est maintenu."
        )
    ) % {"network": text.markup(line.network_label)}
    return para(f'<font color="{WARNING}">{notice}</font>', "warning")


def unreachable_section(report: ReportData) -> list[Flowable]:
    flowables: list[Flowable] = [heading(_("Attention danger : profils inaccessibles"), 2)]
    if not report.unreachable:
        none = _("Aucun profil inaccessible : tous les profils suivis ont répondu.")
        return [*flowables, para(text.markup(none), "body")]
    advice = _(
        "Ces profils ne répondent plus à la collecte. Vérifiez-les et signalez le nouveau lien "
        "depuis Mon espace : ils seront de nouveau collectés dès la validation."
    )
    items = [_unreachable_item(profile) for profile in report.unreachable]
    return [*flowables, para(text.markup(advice), "body"), *items]


def _unreachable_item(profile: UnreachableProfile) -> Paragraph:
    """ "Instagram @handle (theme) — reason, since 5 November 2026"."""
    name = f"<b>{text.markup(profile.network_label)}</b> @{text.markup(profile.handle)}"
    if not profile.principal:
        theme = profile.label or _("profil thématique")
        name += f" ({text.markup(theme)})"
    reason = text.markup(profile.reason_label or _("Inaccessible"))
    if profile.since:
        since = _("depuis le %(date)s") % {"date": day_text(profile.since)}
    else:
        since = _("depuis une date inconnue")
    return Paragraph(f"{name} — {reason}, {text.markup(since)}", STYLES["body"], bulletText="•")


# --- twelve months --------------------------------------------------------------------------


def history_section(report: ReportData) -> list[Flowable]:
    flowables: list[Flowable] = [
        CondPageBreak(8 * cm),
        heading(_("Indicateurs des douze derniers mois")),
    ]
    if not report.history:
        return [*flowables, para(text.markup(_("Aucun classement publié.")), "body")]
    for history in report.history:
        flowables.append(KeepTogether([heading(history.network_label, 2), *_history(history)]))
    return flowables


def _history(history: NetworkHistory) -> list[Flowable]:
    """The score and the rank (the followers when never ranked) as two charts side by
    side, and the same figures in a table."""
    labels = [date_format(month, "M y") for month in history.months]
    size = {"x_labels": labels, "width": CONTENT_WIDTH / 2 - 0.2 * cm, "height": 4.2 * cm}
    score = line_drawing(
        series={history.network_label: history.scores},
        minimum=0,
        empty_text=_("Pas de score sur la période"),
        **size,
    )
    if any(rank is not None for rank in history.ranks):
        title = _("Rang (1 en haut)")
        values = [float(rank) if rank else None for rank in history.ranks]
        second = line_drawing(
            series={history.network_label: values}, invert=True, integer=True, **size
        )
    else:
        title = _("Abonnés")
        values = [float(count) if count else None for count in history.followers]
        second = line_drawing(series={history.network_label: values}, integer=True, **size)
    titles = [para(text.markup(_("Score (sur 100)")), "th"), para(text.markup(title), "th")]
    charts = Table([titles, [score, second]], colWidths=[CONTENT_WIDTH / 2] * 2, hAlign="LEFT")
    rows = [header(_("Mois"), _("Rang"), _("Score"), _("Abonnés"))]
    for month, rank, value, followers in zip(
        history.months, history.ranks, history.scores, history.followers, strict=True
    ):
        rows.append(
            [
                para(text.markup(month_label(month))),
                para(text.markup(rank if rank is not None else "—"), "number"),
                para(score_text(value), "number"),
                para(text.markup(kpi_value(followers, "followers")), "number"),
            ]
        )
    return [charts, Spacer(1, 0.2 * cm), table(rows, [5 * cm, 3 * cm, 3 * cm, 4 * cm])]


# --- best posts -----------------------------------------------------------------------------


def best_posts_section(report: ReportData) -> list[Flowable]:
    period = _(
        "Publications de %(month)s de tous les profils de la collectivité, classées par "
        "interactions, comme dans son tableau de bord."
    ) % {"month": date_format(report.month, "F Y")}
    flowables: list[Flowable] = [
        CondPageBreak(6 * cm),
        heading(_("Meilleures publications du mois")),
        para(text.markup(period), "body"),
    ]
    for network_label, posts in report.best_posts:
        flowables.append(heading(network_label, 2))
        if not posts:
            none = _("Aucune publication sur la période.")
            flowables.append(para(text.markup(none), "body"))
            continue
        labels = (_("Date"), _("Type"), _("Interactions"), _("Taux d'engagement"))
        rows = [header(*labels, _("Publication")), *(_post_row(post) for post in posts)]
        flowables.append(table(rows, [2.2 * cm, 2.3 * cm, 2.5 * cm, 2.8 * cm, 7.2 * cm]))
    return flowables


def _post_row(post: BestPost) -> list:
    caption = text.caption(post.caption) or text.markup(_("(sans texte)"))
    address = text.link(post.permalink, text.markup(post.permalink)) if post.permalink else ""
    return [
        para(text.markup(date_format(post.published_at, "SHORT_DATETIME_FORMAT"))),
        para(text.markup(post.media_label or "—")),
        para(text.markup(kpi_value(post.interactions, "followers")), "number"),
        para(text.markup(kpi_value(post.engagement_rate, "engagement_rate")), "number"),
        para(f"{caption}<br/>{address}" if address else caption),
    ]


# --- the method -----------------------------------------------------------------------------


def method_section(report: ReportData) -> list[Flowable]:
    return [
        CondPageBreak(5 * cm),
        heading(_("La méthode en bref")),
        para(method_markup(report.method), "body"),
    ]


def method_markup(method: Method) -> str:
    """The publication's method in one paragraph: its KPIs, their weights, the formula."""
    kpis = text.markup(pgettext("separator of a list", " ; ")).join(
        text.markup(_("%(label)s (poids %(weight)s) : %(definition)s"))
        % {
            "label": f"<b>{text.markup(kpi.label)}</b>",
            "weight": text.markup(floatformat(kpi.weight, "-2")),
            "definition": text.markup(kpi.definition),
        }
        for kpi in method.kpis
    )
    opening = text.markup(
        _(
            "Méthodologie %(slug)s (« %(name)s »). Pour chaque réseau, le profil principal de "
            "la collectivité est comparé aux profils des collectivités de sa catégorie, sur les "
            "%(days)s jours qui finissent le dernier jour du mois. Indicateurs et poids : "
            "%(kpis)s. Chaque indicateur est ramené entre 0 et 1 au sein de la catégorie ; le "
            "score vaut 100 × la somme des poids × valeurs ramenées, divisée par la somme des "
            "poids (%(total)s). Un profil sans publication sur la période, ou inaccessible, "
            "n'est pas classé et le rapport dit pourquoi."
        )
    )
    return opening % {
        "slug": text.markup(method.slug),
        "name": text.markup(method.name),
        "days": method.window_days,
        "kpis": kpis,
        "total": text.markup(floatformat(method.weights_total, "-2")),
    }
