"""Mon espace comes alive on first run: demo members of the Gers, Saône-et-Loire and a few
communes, with pending access requests and profile corrections for the staff queues. All
written through the services the site uses; removed by `demo clear`."""

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from observatoire.editorial.models import Campaign
from observatoire.editorial.services import campaign_create
from observatoire.profiles.corrections import correction_request
from observatoire.profiles.models import Profile, ProfileCorrection
from observatoire.territories.models import Territory
from observatoire.users.models import JoinRequest, Membership, MembershipEvent, Role, User
from observatoire.users.services import DuplicateJoinRequest, join_request_create

DEMO_MEMBER_PASSWORD = "demo-espace"  # local demonstration only
DEMO_EMAIL_DOMAIN = "demo.observatoire.invalid"  # reserved TLD: never delivered


@dataclass(frozen=True)
class DemoMember:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...]  # (territory key, role)

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


DEMO_MEMBERS = (
    DemoMember("demo-gers", "Camille", "Lafitte", (("departement:32", Role.MANAGER),)),
    DemoMember("demo-gers-lecteur", "Louis", "Abadie", (("departement:32", Role.VIEWER),)),
    DemoMember("demo-saone-et-loire", "Claire", "Bonnot", (("departement:71", Role.MANAGER),)),
    DemoMember(
        "demo-communes",
        "Inès",
        "Garcia",
        (
            ("commune:32013", Role.MANAGER),  # Auch
            ("commune:71270", Role.MANAGER),  # Mâcon
            ("commune:71076", Role.VIEWER),  # Chalon-sur-Saône
        ),
    ),
)

# (territory key, name, e-mail, job title): the staff queue shows the domain beside the
# collectivité, a professional address and a personal one.
DEMO_JOIN_REQUESTS = (
    ("departement:32", "Marion Dupuy", "marion.dupuy@gers.fr", "Chargée de communication"),
    ("departement:71", "J. Martin", "jmartin71@gmail.com", ""),
    ("commune:32013", "Paul Roux", "paul.roux@mairie-auch.fr", "Webmestre"),
)


def demo_members() -> list[tuple[DemoMember, list[str]]]:
    """Create or reset the demo members (password DEMO_MEMBER_PASSWORD) and their
    memberships, then the pending requests and corrections. Returns each member with the
    names of their collectivités; collectivités missing from the registry are skipped."""
    territories = Territory.objects.in_bulk(
        [key for member in DEMO_MEMBERS for key, _role in member.roles]
        + [row[0] for row in DEMO_JOIN_REQUESTS],
        field_name="key",
    )
    created = []
    with transaction.atomic():
        for member in DEMO_MEMBERS:
            user = _member_user(member)
            names = []
            for key, role in member.roles:
                if key in territories:
                    Membership.objects.update_or_create(
                        user=user, territory=territories[key], defaults={"role": role}
                    )
                    names.append(f"{territories[key].name} ({Role(role).label})")
            created.append((member, names))
        _join_requests(territories)
        _corrections(territories)
        _campaigns(territories)
    return created


def _member_user(member: DemoMember) -> User:
    user, _created = User.objects.get_or_create(username=member.username)
    user.first_name, user.last_name, user.email = member.first_name, member.last_name, member.email
    user.is_staff = user.is_superuser = False
    user.is_active = True
    user.set_password(DEMO_MEMBER_PASSWORD)
    user.save()
    return user


def _join_requests(territories: dict[str, Territory]) -> None:
    for key, name, email, job_title in DEMO_JOIN_REQUESTS:
        if key not in territories:
            continue
        with suppress(DuplicateJoinRequest):  # still pending from an earlier run
            join_request_create(
                territory=territories[key],
                email=email,
                name=name,
                job_title=job_title,
                language="fr",
            )


def _corrections(territories: dict[str, Territory]) -> None:
    """The Gers declares a missing TikTok; Saône-et-Loire reports its X account renamed and
    marks a profile thematic — each only when the demo data lets it make sense."""
    managers = {m.roles[0][0]: m for m in DEMO_MEMBERS if m.roles[0][1] == Role.MANAGER}
    requests = [
        (
            "departement:32",
            {
                "kind": ProfileCorrection.Kind.MISSING,
                "network": "tiktok",
                "handle": "gers_le_departement",
                "comment": "Notre compte TikTok pour les 15-25 ans.",
            },
        ),
    ]
    profiles = Profile.objects.filter(territory__key="departement:71", is_demo=True)
    renamed = (
        profiles.filter(is_principal=True, network__in=["x", "facebook", "instagram"])
        .order_by("-network")
        .first()
    )
    thematic = profiles.filter(is_principal=False).order_by("network").first()
    if renamed is not None:
        requests.append(
            (
                "departement:71",
                {
                    "kind": ProfileCorrection.Kind.RENAMED,
                    "profile": renamed,
                    "handle": f"{renamed.handle}_officiel",
                    "comment": "Le compte a changé de nom en septembre.",
                },
            )
        )
    if thematic is not None:
        requests.append(
            (
                "departement:71",
                {
                    "kind": ProfileCorrection.Kind.THEMATIC,
                    "profile": thematic,
                    "label": "Info routes",
                },
            )
        )
    for key, fields in requests:
        territory = territories.get(key)
        if territory is None or _pending(territory, fields):
            continue
        requested_by = User.objects.get(username=managers[key].username)
        # Refused, e.g. the handle belongs to another demo profile: nothing to show.
        with suppress(ValidationError):
            correction_request(territory=territory, requested_by=requested_by, **fields)


def _pending(territory: Territory, fields: dict) -> bool:
    return ProfileCorrection.objects.filter(
        territory=territory,
        kind=fields["kind"],
        profile=fields.get("profile"),
        status=ProfileCorrection.Status.PENDING,
    ).exists()


# The Gers' campaigns in Mon espace › Publications, over hashtags the demo posts carry.
DEMO_CAMPAIGNS = (
    (
        "departement:32",
        "Crue de mai 2025",
        "#VigilanceCrueGers",
        date(2025, 5, 12),
        date(2025, 5, 25),
        "Alertes et consignes pendant la crue de mai 2025, sur tous les réseaux.",
    ),
    (
        "departement:32",
        "Vos photos du Gers",
        "#GersLeDepartement",
        date(2024, 12, 1),
        None,
        "L'invitation à partager ses photos du Gers, reprises chaque mois.",
    ),
)


def _campaigns(territories: dict[str, Territory]) -> None:
    user = User.objects.get(username="demo-gers")
    for key, name, hashtags, starts_on, ends_on, description in DEMO_CAMPAIGNS:
        if (
            key not in territories
            or Campaign.objects.filter(territory=territories[key], name=name).exists()
        ):
            continue
        campaign_create(
            territory=territories[key],
            name=name,
            hashtags=hashtags,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description,
            created_by=user,
        )


def demo_members_clear() -> dict[str, int]:
    """Remove the demo members (with their memberships, alerts and corrections) and the demo
    access requests; nothing else."""
    usernames = [member.username for member in DEMO_MEMBERS]
    counts = {}
    counts["campaigns"], _detail = Campaign.objects.filter(
        created_by__username__in=usernames
    ).delete()
    counts["corrections"], _detail = ProfileCorrection.objects.filter(
        requested_by__username__in=usernames
    ).delete()
    emails = [row[2] for row in DEMO_JOIN_REQUESTS] + [m.email for m in DEMO_MEMBERS]
    counts["join_requests"], _detail = JoinRequest.objects.filter(email__in=emails).delete()
    MembershipEvent.objects.filter(email__in=emails).delete()
    _total, detail = User.objects.filter(username__in=usernames).delete()
    counts["members"] = detail.get(User._meta.label, 0)
    return counts
