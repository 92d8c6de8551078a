"""A palmarès for the tests of the awards' public side: the 2024 edition with its
announcements scheduled in the future, nominees with dossiers (one a draft), medals, a
member of a nominated collectivité and a staff member; and helpers to read the pages."""

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape

from django.utils import timezone

from observatoire.awards.models import (
    Award,
    AwardCategory,
    Dossier,
    Edition,
    Nomination,
    Operation,
    OperationLink,
)
from observatoire.awards.tests.factories import edition_make
from observatoire.territories.models import Territory
from observatoire.territories.tests.factories import DepartementFactory, RegionFactory
from observatoire.users.models import Membership, Role, User

PASSWORD = "mot-de-passe-du-test-42"
HOUR = dt.timedelta(hours=1)


@dataclass
class Palmares:
    edition: Edition
    gers: Territory
    saone: Territory
    aude: Territory
    awards: dict  # (category slug, territory name) -> Award
    member: User  # gestionnaire of the Gers
    staff: User

    def category(self, slug: str) -> AwardCategory:
        return self.edition.categories.get(slug=slug)

    def announce(self, *, nominations: bool = True, results: bool = False) -> None:
        """Move the announcement times into the past (as the clock would)."""
        past = timezone.now() - dt.timedelta(minutes=5)
        if nominations:
            self.edition.nominations_announce_at = past - HOUR
        if results:
            self.edition.results_announce_at = past
        self.edition.save()


def _dossier(edition, territory, categories, *, status=Dossier.Status.SUBMITTED, **fields):
    dossier = Dossier.objects.create(edition=edition, territory=territory, status=status, **fields)
    dossier.categories.set(categories)
    return dossier


def palmares_world(*, closed: bool = True) -> Palmares:
    """The 2024 edition with its announcements scheduled in the future (nominees in one hour,
    palmarès in two), closed by the jury; the Gers nominated in Sensibilisation et
    citoyenneté (gold) and TikTok (bronze), Saône-et-Loire the hashtag d'or, the Aude
    nominated with a draft dossier that must never show."""
    now = timezone.now()
    edition = edition_make(
        year=2024,
        open_now=False,
        nominations_announce_at=now + HOUR,
        results_announce_at=now + 2 * HOUR,
        closed_at=now - HOUR if closed else None,
        ceremony_place="Lille",
    )
    occitanie = RegionFactory(name="Occitanie")
    gers = DepartementFactory(name="Gers", slug="gers", code="32", siren="223200010")
    gers.region = occitanie
    gers.save()
    saone = DepartementFactory(name="Saône-et-Loire", slug="saone-et-loire", code="71")
    aude = DepartementFactory(name="Aude", slug="aude", code="11")
    categories = {c.slug: c for c in edition.categories.all()}
    sensibilisation, tiktok = categories["sensibilisation-citoyennete"], categories["tiktok"]
    dossier = _dossier(
        edition,
        gers,
        [sensibilisation, tiktok],
        presentation="InfoRoute32, la page des routes du Gers, informe chaque matin.",
        submitted_at=now - 40 * HOUR,
    )
    roads = Operation.objects.create(
        dossier=dossier,
        audience=Operation.Audience.ADULTS,
        title="InfoRoute32 : l'état des routes chaque matin",
        description="Neige, travaux, déviations.",
        networks=["instagram", "facebook"],
        starts_on=dt.date(2023, 11, 1),
        ends_on=dt.date(2024, 3, 31),
        hashtags=["InfoRoute32"],
    )
    OperationLink.objects.create(
        operation=roads,
        url="https://www.instagram.com/p/C1a2b3c4d5e/?hl=fr",
        network="instagram",
        kind="post",
        account="inforoute32",
        external_id="C1a2b3c4d5e",
    )
    OperationLink.objects.create(
        operation=roads,
        url="javascript:alert(1)",
        network="facebook",
        kind="post",
        position=1,
    )
    first_tiktok = Operation.objects.create(
        dossier=dossier,
        audience=Operation.Audience.YOUTH,
        title="Un premier TikTok pour les collégiens",
        networks=["tiktok"],
        hashtags=["LeGers32", "InfoRoute32"],
    )
    OperationLink.objects.create(
        operation=first_tiktok,
        url="https://www.tiktok.com/@legers32/video/7301234567890123456",
        network="tiktok",
        kind="video",
        account="legers32",
        external_id="7301234567890123456",
    )
    draft = _dossier(
        edition, aude, [sensibilisation], status=Dossier.Status.DRAFT, presentation="Brouillon"
    )
    nominees = [
        (sensibilisation, gers, dossier, Award.Medal.GOLD, ""),
        (sensibilisation, aude, draft, Award.Medal.SILVER, ""),
        (tiktok, gers, dossier, Award.Medal.BRONZE, ""),
        (categories["hashtag-or"], saone, None, Award.Medal.SPECIAL, "Hashtag d'or"),
        (categories["departements"], aude, None, None, ""),
    ]
    awards = {}
    for category, territory, entry, medal, label in nominees:
        nomination = Nomination.objects.create(
            category=category, territory=territory, dossier=entry
        )
        if medal:
            awards[category.slug, territory.name] = Award.objects.create(
                nomination=nomination, medal=medal, label=label, score=8
            )
    member = User.objects.create_user("gestionnaire.gers", "g@gers.fr", PASSWORD)
    Membership.objects.create(user=member, territory=gers, role=Role.MANAGER)
    staff = User.objects.create_user("equipe", "e@obs.fr", PASSWORD, is_staff=True)
    return Palmares(
        edition=edition,
        gers=gers,
        saone=saone,
        aude=aude,
        awards=awards,
        member=member,
        staff=staff,
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def main(html: str) -> str:
    """The page's own content (the header's language form repeats the address)."""
    return html[html.index("<main") : html.index("</main>")]


def section(html: str, anchor: str) -> str:
    """The HTML of the <section> whose heading has id `anchor`."""
    start = html.index(f'<h2 id="{anchor}"')
    return html[start : html.index("</section>", start)]
