"""A small ranked world for the tests of Mon espace, built through the real engine.

Two régions; the département "Gers" (région "Occitanie") is the collectivité whose members
log in. Every département runs a principal Instagram and Facebook profile; the Gers also
runs a thematic Instagram profile. Each month has snapshots and posts (captions, links,
media types, times of day spread over the week) and is published by `ranking_build`.
Particular cases a user would notice:
- the Gers' Facebook profile published nothing in the first month (not ranked: no posts);
- the last département of the second région has an unreachable Instagram profile
  (not ranked in any month: unavailable);
- one Gers caption starts with "=" and one holds HTML (untrusted text from a network).
"""

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import RankingPublication
from observatoire.rankings.services import ranking_build
from observatoire.territories.models import Territory
from observatoire.territories.tests.factories import DepartementFactory, RegionFactory
from observatoire.users.models import Membership, Role, User

PASSWORD = "mot-de-passe-du-test-42"
LAST_MONTH = dt.date(2026, 10, 1)
NETWORKS = (Network.INSTAGRAM, Network.FACEBOOK)
# (région, its départements with their populations); the Gers comes first.
REGIONS = (
    (
        "Occitanie",
        [
            ("Gers", 191_000),
            ("Ariège", 153_000),
            ("Aude", 374_000),
            ("Aveyron", 279_000),
            ("Hautes-Pyrénées", 229_000),
            ("Lot", 174_000),
            ("Tarn", 389_000),
        ],
    ),
    (
        "Bourgogne-Franche-Comté",
        [("Saône-et-Loire", 551_000), ("Nièvre", 204_000), ("Yonne", 335_000)],
    ),
)
UNSAFE_CAPTION = '=HYPERLINK("http://exemple.invalid";"Fête") du melon à Lectoure'
HTML_CAPTION = "<b>Marché</b> <script>alert(1)</script> de Noël à Auch"
MEDIA_TYPES = ("image", "video", "carousel", "reel")


@dataclass
class World:
    months: list[dt.date]  # oldest first
    publications: list[RankingPublication]  # one per month, oldest first
    regions: list[Territory]
    departements: list[Territory]
    territory: Territory  # the Gers
    profiles: dict[tuple[str, int], Profile]  # (network, territory pk) -> principal profile
    thematic: Profile  # the Gers' roads page on Instagram (not ranked)
    manager: User  # gestionnaire of the Gers
    viewer: User  # lecteur of the Gers
    outsider: User  # gestionnaire of Saône-et-Loire only
    staff: User  # staff, member of nothing
    password: str = PASSWORD
    extra: dict = field(default_factory=dict)

    def profile(self, network: str, territory: Territory | None = None) -> Profile:
        return self.profiles[network, (territory or self.territory).pk]


def month_list(last: dt.date, count: int) -> list[dt.date]:
    """`count` first days of months ending with `last`, oldest first."""
    months = [last]
    while len(months) < count:
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    return months


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _snapshots(rng, profile: Profile, month: dt.date, base: int, index: int) -> None:
    """Two readings in the month, growing a little month after month."""
    followers = base + index * rng.randint(50, 400)
    rows = [
        SnapshotRow(profile.pk, month.replace(day=10), followers - 40, rng.randint(80, 900), 400),
        SnapshotRow(profile.pk, _month_end(month), followers, rng.randint(80, 900), 410),
    ]
    snapshots_upsert(rows=rows)


def _posts(rng, profile: Profile, month: dt.date, count: int, captions=()) -> None:
    """`count` posts on days 3–28 of the month at various hours (inside the 30-day window)."""
    rows = []
    for i in range(count):
        day = 3 + (i * 5 + rng.randint(0, 4)) % 26
        at = dt.datetime(month.year, month.month, day, rng.randint(6, 20), 15, tzinfo=dt.UTC)
        text = captions[i] if i < len(captions) else f"Publication {i + 1} de {profile.handle}"
        rows.append(
            PostRow(
                profile_id=profile.pk,
                external_id=f"{profile.handle}-{month:%Y%m}-{i}",
                published_at=at,
                text=text,
                permalink=f"https://{profile.network}.example/{profile.handle}/{month:%Y%m}-{i}",
                media_type=MEDIA_TYPES[i % len(MEDIA_TYPES)],
                likes=rng.randint(5, 400),
                comments=rng.randint(0, 40),
                shares=rng.randint(0, 30),
                views=rng.randint(500, 20_000),
            )
        )
    posts_upsert(rows=rows)


def _user(username: str, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@exemple.fr", password=PASSWORD, **extra
    )


def dashboard_world(*, months: int = 4, last_month: dt.date = LAST_MONTH, seed: int = 12) -> World:
    """Build the world described in the module docstring and publish `months` months up to
    `last_month` (first day of a month) under the default methodology."""
    rng = random.Random(seed)
    month_days = month_list(last_month, months)
    regions, departements = [], []
    for region_name, members in REGIONS:
        region = RegionFactory(name=region_name)
        regions.append(region)
        for name, population in members:
            departements.append(DepartementFactory(name=name, population=population, region=region))
    gers = departements[0]
    unreachable = departements[-1]
    profiles = {}
    for departement in departements:
        for network in NETWORKS:
            broken = network == Network.INSTAGRAM and departement == unreachable
            profiles[network, departement.pk] = ProfileFactory(
                territory=departement,
                network=network,
                handle=f"{network[:2]}_{departement.slug}",
                status=Profile.Status.UNAVAILABLE if broken else Profile.Status.ACTIVE,
                unavailable_reason=Profile.UnavailableReason.NOT_FOUND if broken else "",
                unavailable_since=month_days[0] if broken else None,
            )
    thematic = ProfileFactory(
        territory=gers, network=Network.INSTAGRAM, handle="inforoute32", is_principal=False
    )
    bases = {profile.pk: rng.randint(3_000, 80_000) for profile in profiles.values()}
    bases[thematic.pk] = 1_200
    for index, month in enumerate(month_days):
        for (network, territory_pk), profile in profiles.items():
            _snapshots(rng, profile, month, bases[profile.pk], index)
            if network == Network.FACEBOOK and territory_pk == gers.pk and index == 0:
                continue  # the Gers' Facebook page was silent the first month
            captions = (UNSAFE_CAPTION, HTML_CAPTION) if territory_pk == gers.pk else ()
            _posts(rng, profile, month, rng.randint(6, 30), captions)
        _snapshots(rng, thematic, month, bases[thematic.pk], index)
        _posts(rng, thematic, month, 8)
    publications = [ranking_build(month=month) for month in month_days]
    manager, viewer = _user("gestionnaire.gers"), _user("lecteur.gers")
    outsider, staff = _user("gestionnaire.saone"), _user("equipe", is_staff=True)
    Membership.objects.create(user=manager, territory=gers, role=Role.MANAGER)
    Membership.objects.create(user=viewer, territory=gers, role=Role.VIEWER)
    Membership.objects.create(user=outsider, territory=departements[7], role=Role.MANAGER)
    return World(
        months=month_days,
        publications=publications,
        regions=regions,
        departements=departements,
        territory=gers,
        profiles=profiles,
        thematic=thematic,
        manager=manager,
        viewer=viewer,
        outsider=outsider,
        staff=staff,
    )


class _TableParser(HTMLParser):
    """The text of each cell (th or td) of each row of the table with a given id."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.depth, self.rows, self.cell = table_id, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(re.sub(r"[ \t\r\n]+", " ", "".join(self.cell)).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_table(content: bytes | str, table_id: str) -> list[list[str]]:
    """The rows (header row first) of the table `table_id` of a page, as the text of each
    cell, spaces and line breaks collapsed (no-break spaces kept); [] when the page has no
    such table."""
    parser = _TableParser(table_id)
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    return parser.rows
