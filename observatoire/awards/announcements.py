"""What of an edition is public, and since when: the calendar decides, not a button.

- The nominees are public from `nominations_announce_at` (when set and past).
- The palmarès (medals and special prizes) is public from `results_announce_at` once the
  edition is closed (`closed_at` set): its announcement time is the later of the two, so
  scheduling the results of an edition the jury has not closed yet publishes them when it
  closes. The palmarès makes its nominees public too.
- Scheduling an announcement is setting its time; nothing is public before it, to anonymous
  visitors and members alike. Staff may look ahead with `?apercu=1` (a clearly labelled
  preview); nothing else of the public side (feeds, the collectivité page) ever previews.

Pure functions of an edition and a time: the selectors filter on the same rules in SQL
(`announced_q`), the site's page cache reads them in its stamp (`selectors.awards_stamp`).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Edition

NOMINATIONS = "nominations"
RESULTS = "results"
PREVIEW_PARAMETER = "apercu"


def nominations_at(edition: Edition) -> dt.datetime | None:
    """When the nominees of `edition` are (or will be) public; None: not scheduled."""
    return edition.nominations_announce_at


def results_at(edition: Edition) -> dt.datetime | None:
    """When the palmarès is (or will be) public: its scheduled time once the edition is
    closed, or the closing itself when that comes later; None: not scheduled or not closed."""
    if edition.results_announce_at is None or edition.closed_at is None:
        return None
    return max(edition.results_announce_at, edition.closed_at)


def results_announced(edition: Edition, *, now: dt.datetime | None = None) -> bool:
    at = results_at(edition)
    return at is not None and at <= (now or timezone.now())


def nominations_announced(edition: Edition, *, now: dt.datetime | None = None) -> bool:
    at = nominations_at(edition)
    now = now or timezone.now()
    return (at is not None and at <= now) or results_announced(edition, now=now)


def announced_q(*, now: dt.datetime, prefix: str = "") -> Q:
    """Editions (through `prefix`, e.g. "category__edition__") whose nominees are public."""
    return Q(**{f"{prefix}nominations_announce_at__lte": now}) | results_q(now=now, prefix=prefix)


def results_q(*, now: dt.datetime, prefix: str = "") -> Q:
    """Editions (through `prefix`) whose palmarès is public."""
    return Q(
        **{
            f"{prefix}closed_at__isnull": False,
            f"{prefix}closed_at__lte": now,
            f"{prefix}results_announce_at__lte": now,
        }
    )


@dataclass(frozen=True)
class Visibility:
    """What a page shows of an edition to one visitor: the nominees, the palmarès, and
    whether either is a staff preview of what is not announced yet."""

    nominations: bool
    results: bool
    nominations_preview: bool = False
    results_preview: bool = False

    @property
    def preview(self) -> bool:
        return self.nominations_preview or self.results_preview


def visibility(
    edition: Edition, *, staff: bool = False, preview: bool = False, now: dt.datetime | None = None
) -> Visibility:
    """Announced parts for everyone; with `preview` asked by a staff member, the rest too."""
    now = now or timezone.now()
    nominations = nominations_announced(edition, now=now)
    results = results_announced(edition, now=now)
    if not (staff and preview):
        return Visibility(nominations=nominations, results=results)
    return Visibility(
        nominations=True,
        results=True,
        nominations_preview=not nominations,
        results_preview=not results,
    )


def preview_asked(request) -> bool:
    """`?apercu=1` from a staff member; anyone else's is ignored."""
    user = request.user
    return bool(
        request.GET.get(PREVIEW_PARAMETER) == "1" and user.is_authenticated and user.is_staff
    )


@dataclass(frozen=True)
class Announcement:
    """One announcement of an edition: its nominees or its palmarès, at its time."""

    edition: Edition
    kind: str  # NOMINATIONS or RESULTS
    at: dt.datetime


def announcements(edition: Edition, *, now: dt.datetime | None = None) -> list[Announcement]:
    """The announcements of `edition` already made at `now`, oldest first."""
    now = now or timezone.now()
    made = []
    at = nominations_at(edition)
    if at is not None and at <= now:
        made.append(Announcement(edition=edition, kind=NOMINATIONS, at=at))
    at = results_at(edition)
    if at is not None and at <= now:
        made.append(Announcement(edition=edition, kind=RESULTS, at=at))
    return made


def _day(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "j F Y")


def status_text(edition: Edition, *, now: dt.datetime | None = None) -> str:
    """Where the edition stands, in words, for the list of editions."""
    now = now or timezone.now()
    if results_announced(edition, now=now):
        return _("Palmarès publié")
    if nominations_announced(edition, now=now):
        at = results_at(edition) or edition.results_announce_at
        if at is not None and at > now:
            return _("Nommés annoncés ; palmarès le %(date)s") % {"date": _day(at)}
        return _("Nommés annoncés ; palmarès à venir")
    if now < edition.entries_open_at:
        return _("Candidatures à partir du %(date)s") % {"date": _day(edition.entries_open_at)}
    if now < edition.entries_close_at:
        return _("Candidatures ouvertes jusqu'au %(date)s") % {
            "date": _day(edition.entries_close_at)
        }
    if edition.nominations_announce_at is not None:
        return _("Candidatures closes ; nommés annoncés le %(date)s") % {
            "date": _day(edition.nominations_announce_at)
        }
    return _("Candidatures closes ; sélection en cours")
