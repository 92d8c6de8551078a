"""The jury's services: inviting jurors (account, e-mail, link), conflicts of interest
(automatic for their own collectivité, declared, scores removed), saving scores (partial,
within the jury phase only, never on a conflict or another category), all audited.

`jury_world` is shared by the jury's other test modules."""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify

from observatoire.awards import jury, jury_selectors
from observatoire.awards.models import (
    AuditEvent,
    AwardCategory,
    Conflict,
    Dossier,
    Edition,
    Juror,
    Nomination,
    Operation,
    OperationLink,
    Score,
)
from observatoire.awards.tests.factories import edition_make
from observatoire.territories.models import Territory
from observatoire.territories.tests.factories import DepartementFactory, RegionFactory
from observatoire.users.models import Membership, Role, User

PASSWORD = "un-mot-de-passe-du-jury-42"
NOMINEES = {
    "sensibilisation-citoyennete": ["Gers", "Aude", "Lot", "Saône-et-Loire"],
    "departements": ["Gers", "Aude"],
    "tiktok": ["Gers"],
    "hashtag-or": ["Saône-et-Loire", "Gers"],
}


@dataclass
class JuryWorld:
    edition: Edition
    categories: dict[str, AwardCategory]
    territories: dict[str, Territory]
    nominations: dict[tuple[str, str], Nomination]  # (category slug, territory name)
    claire: Juror  # member of the Aude's space; Sensibilisation + Départements
    bruno: Juror  # Sensibilisation + Hashtag d'or
    staff: User
    outsider: User  # logged in, on no jury

    def nomination(self, slug: str, name: str) -> Nomination:
        return self.nominations[slug, name]

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def user_make(username: str, **fields) -> User:
    return User.objects.create_user(username, f"{username}@exemple.fr", PASSWORD, **fields)


def jury_world(**edition_fields) -> JuryWorld:
    """An edition in its jury phase (since yesterday, for ten days), four départements
    nominated in its categories, a dossier for the Gers in Sensibilisation, two jurors."""
    now = timezone.now()
    fields = {
        "jury_start_at": now - dt.timedelta(days=1),
        "jury_end_at": now + dt.timedelta(days=10),
    } | edition_fields
    edition = edition_make(year=2024, open_now=False, **fields)
    categories = {category.slug: category for category in edition.categories.all()}
    region = RegionFactory(name="Occitanie")
    territories = {
        name: DepartementFactory(name=name, slug=slugify(name), region=region)
        for name in ["Gers", "Aude", "Lot", "Saône-et-Loire"]
    }
    nominations = {
        (slug, name): Nomination.objects.create(
            category=categories[slug],
            territory=territories[name],
            evidence={"performance": {"score": 50.0}},
        )
        for slug, names in NOMINEES.items()
        for name in names
    }
    gers = nominations["sensibilisation-citoyennete", "Gers"]
    gers.dossier = dossier_make(edition, territories["Gers"])
    gers.save()
    claire = Juror.objects.create(edition=edition, user=user_make("claire", first_name="Claire"))
    claire.categories.set([categories["sensibilisation-citoyennete"], categories["departements"]])
    Membership.objects.create(user=claire.user, territory=territories["Aude"], role=Role.VIEWER)
    bruno = Juror.objects.create(edition=edition, user=user_make("bruno", first_name="Bruno"))
    bruno.categories.set([categories["sensibilisation-citoyennete"], categories["hashtag-or"]])
    return JuryWorld(
        edition=edition,
        categories=categories,
        territories=territories,
        nominations=nominations,
        claire=claire,
        bruno=bruno,
        staff=user_make("staff", is_staff=True),
        outsider=user_make("outsider"),
    )


def dossier_make(edition: Edition, territory: Territory) -> Dossier:
    """The Gers' dossier: operations for adults and for young people, an X status, a
    TikTok video, and a link that is not http(s)."""
    dossier = Dossier.objects.create(
        edition=edition,
        territory=territory,
        presentation="InfoRoute32 : l'état des routes du Gers, chaque matin.",
        status=Dossier.Status.SUBMITTED,
    )
    adults = Operation.objects.create(
        dossier=dossier,
        audience=Operation.Audience.ADULTS,
        title="Questions pour un Gersois",
        description="Un quiz en direct chaque semaine.",
        networks=["x"],
        hashtags=["#Covid19Gers"],
    )
    youth = Operation.objects.create(
        dossier=dossier, audience=Operation.Audience.YOUTH, title="RDV des petits", networks=[]
    )
    OperationLink.objects.create(
        operation=adults,
        url="https://x.com/LeGers32/status/1244567890123456789",
        network="x",
        kind="status",
        account="legers32",
        external_id="1244567890123456789",
    )
    OperationLink.objects.create(
        operation=youth,
        url="javascript:alert(1)",
        network="tiktok",
        kind="video",
    )
    return dossier


def score_all(juror: Juror, nomination: Nomination, *values) -> None:
    """The juror's scores of every criterion, in the edition's order, stored directly."""
    criteria = jury_selectors.criterion_list(edition=juror.edition)
    for criterion, value in zip(criteria, values, strict=True):
        Score.objects.create(
            juror=juror, nomination=nomination, criterion=criterion, value=Decimal(str(value))
        )


def actions(edition: Edition) -> list[str]:
    return list(
        AuditEvent.objects.filter(edition=edition).order_by("pk").values_list("action", flat=True)
    )


@pytest.fixture
def world(db) -> JuryWorld:
    return jury_world()


# --- invitations -------------------------------------------------------------------------


def test_inviting_a_new_address_creates_the_account_and_mails_both_links(world):
    sensibilisation = world.categories["sensibilisation-citoyennete"]
    juror = jury.juror_invite(
        edition=world.edition,
        email=" Marie.Dupont@Departement.fr ",
        categories=[sensibilisation],
        actor=world.staff,
        base_url="http://testserver/",
    )
    assert juror.user.email == "marie.dupont@departement.fr"
    assert list(juror.categories.all()) == [sensibilisation]
    (message,) = mail.outbox
    assert message.to == ["marie.dupont@departement.fr"]
    assert "jury" in message.subject and "#Hashtags 2024" in message.subject
    html = message.alternatives[0][0]
    assert "http://testserver/trophees/jury/2024/" in message.body
    assert 'href="http://testserver/trophees/jury/2024/"' in html
    assert "Sensibilisation et citoyenneté" in message.body
    link = re.search(r"http://testserver(/compte/mot-de-passe/\S+/)", message.body).group(1)
    event = AuditEvent.objects.get(action="juror_invited")
    assert event.actor == world.staff and event.data["new_account"] is True

    # The link sets a password; the juror then logs in and reaches the jury's space.
    client = Client()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    page = client.post(
        "/compte/connexion/?next=/trophees/jury/2024/",
        {"username": "marie.dupont@departement.fr", "password": PASSWORD},
        follow=True,
    )
    assert page.redirect_chain[-1][0] == "/trophees/jury/2024/"
    assert "Sensibilisation et citoyenneté" in page.content.decode()
    # Used once: the same link no longer sets a password.
    again = Client().get(link, follow=True)
    assert 'name="new_password1"' not in again.content.decode()


def test_an_existing_account_is_invited_in_its_language_without_a_password_link(world):
    user = user_make("jean", language="en")
    user.last_login = timezone.now()
    user.save()
    jury.juror_invite(
        edition=world.edition,
        email="JEAN@exemple.fr",
        categories=[world.categories["tiktok"]],
        actor=world.staff,
    )
    (message,) = mail.outbox
    assert message.to == ["jean@exemple.fr"]
    assert '<html lang="en">' in message.alternatives[0][0]
    assert "mot-de-passe" not in message.body
    assert "http://127.0.0.1:8000/trophees/jury/2024/" in message.body  # SITE_URL
    assert User.objects.filter(email__iexact="jean@exemple.fr").count() == 1
    assert Juror.objects.get(user=user).edition == world.edition


def test_inviting_again_sets_the_categories_and_mails_again(world):
    categories = [world.categories["departements"], world.categories["tiktok"]]
    jury.juror_invite(
        edition=world.edition, user=world.claire.user, categories=categories, actor=world.staff
    )
    world.claire.refresh_from_db()
    assert set(world.claire.categories.all()) == set(categories)
    assert Juror.objects.filter(user=world.claire.user).count() == 1
    assert len(mail.outbox) == 1


def test_categories_of_another_edition_or_none_are_refused(world):
    other = edition_make(year=2025)
    with pytest.raises(jury.JuryError):
        jury.juror_invite(
            edition=world.edition,
            email="x@exemple.fr",
            categories=list(other.categories.all()),
            actor=world.staff,
        )
    with pytest.raises(jury.JuryError):
        jury.juror_invite(edition=world.edition, email="x@exemple.fr", categories=[], actor=None)
    assert mail.outbox == [] and not User.objects.filter(email="x@exemple.fr").exists()


# --- conflicts ---------------------------------------------------------------------------


def test_the_jurors_own_collectivite_is_a_conflict_without_declaring_it(world):
    aude = world.nomination("sensibilisation-citoyennete", "Aude")
    assert jury_selectors.juror_nomination_get(juror=world.claire, nomination_id=aude.pk) is None
    visible = {
        row.nomination.territory.name
        for block in jury_selectors.juror_progress(juror=world.claire)
        for row in block.nominations
    }
    assert visible == {"Gers", "Lot", "Saône-et-Loire"}
    with pytest.raises(jury.NotScorable):
        jury.score_save(juror=world.claire, nomination=aude, scores={}, actor=world.claire.user)


def test_declaring_a_conflict_removes_the_scores_given_and_logs_it(world):
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    gers_type = world.nomination("departements", "Gers")
    score_all(world.claire, gers, 8, 7, 6, 5, 4, 3, 2)
    score_all(world.claire, gers_type, 8, 7, 6, 5, 4, 3, 2)
    score_all(world.bruno, gers, 1, 1, 1, 1, 1, 1, 1)
    conflict, removed = jury.conflict_declare(
        juror=world.claire,
        territory=world.territories["Gers"],
        reason="Ancienne cheffe de projet au Département",
        actor=world.claire.user,
    )
    assert removed == 14
    assert conflict.reason.startswith("Ancienne")
    assert not Score.objects.filter(juror=world.claire).exists()
    assert Score.objects.filter(juror=world.bruno).count() == 7  # others' scores stay
    assert jury_selectors.juror_nomination_get(juror=world.claire, nomination_id=gers.pk) is None
    assert actions(world.edition) == ["conflict_declared", "scores_removed"]
    assert AuditEvent.objects.get(action="scores_removed").data["scores"] == 14


def test_a_conflict_cannot_be_declared_once_the_edition_is_closed(world):
    Edition.objects.filter(pk=world.edition.pk).update(closed_at=timezone.now())
    with pytest.raises(jury.EditionClosed):
        jury.conflict_declare(
            juror=world.claire, territory=world.territories["Lot"], actor=world.claire.user
        )
    assert not Conflict.objects.exists()


# --- scores ------------------------------------------------------------------------------


def criteria_ids(world) -> list[int]:
    return [c.pk for c in jury_selectors.criterion_list(edition=world.edition)]


def test_scores_are_saved_partially_changed_and_cleared_each_change_audited(world):
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    first, second, *_rest = criteria_ids(world)
    changed = jury.score_save(
        juror=world.claire,
        nomination=gers,
        scores={first: (Decimal("7.5"), "Clair et utile."), second: (None, "")},
        actor=world.claire.user,
    )
    assert changed
    assert Score.objects.get(juror=world.claire, criterion_id=first).value == Decimal("7.5")
    event = AuditEvent.objects.get(action="scored")
    assert event.actor == world.claire.user
    assert event.data["complete"] is False and event.data["juror"] == "claire"
    # Saving the same values again changes nothing and logs nothing.
    assert not jury.score_save(
        juror=world.claire,
        nomination=gers,
        scores={first: (Decimal("7.50"), "Clair et utile.")},
        actor=world.claire.user,
    )
    assert actions(world.edition) == ["scored"]
    jury.score_save(
        juror=world.claire, nomination=gers, scores={first: (None, "")}, actor=world.claire.user
    )
    assert not Score.objects.filter(juror=world.claire).exists()
    assert actions(world.edition) == ["scored", "scored"]


@pytest.mark.parametrize("value", ["10.5", "-1", "7.25"])
def test_a_score_outside_the_scale_or_not_by_half_points_is_refused(world, value):
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    with pytest.raises(jury.JuryError):
        jury.score_save(
            juror=world.claire,
            nomination=gers,
            scores={criteria_ids(world)[0]: (Decimal(value), "")},
            actor=world.claire.user,
        )
    assert not Score.objects.exists()


def test_a_nomination_of_another_category_cannot_be_scored(world):
    tiktok = world.nomination("tiktok", "Gers")
    with pytest.raises(jury.NotScorable):
        jury.score_save(
            juror=world.claire,
            nomination=tiktok,
            scores={criteria_ids(world)[0]: (Decimal(5), "")},
            actor=world.claire.user,
        )
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"jury_start_at": None},
        {"jury_start_at": timezone.now() + dt.timedelta(days=1)},
        {"jury_end_at": timezone.now() - dt.timedelta(minutes=1)},
        {"closed_at": timezone.now()},
    ],
    ids=["no-dates", "not-started", "ended", "closed"],
)
def test_scores_are_saved_only_during_the_jury_phase_before_closing(db, fields):
    world = jury_world(**fields)
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    with pytest.raises(jury.ScoringClosed) as refused:
        jury.score_save(
            juror=world.claire,
            nomination=gers,
            scores={criteria_ids(world)[0]: (Decimal(5), "")},
            actor=world.claire.user,
        )
    assert str(refused.value)  # a sentence the juror reads
    assert not Score.objects.exists()


def test_removing_a_juror_is_logged_with_the_scores_it_takes_away(world):
    score_all(world.bruno, world.nomination("hashtag-or", "Gers"), 5, 5, 5, 5, 5, 5, 5)
    jury.juror_remove(juror=world.bruno, actor=world.staff)
    assert not Juror.objects.filter(pk=world.bruno.pk).exists()
    assert AuditEvent.objects.get(action="juror_removed").data["scores"] == 7
