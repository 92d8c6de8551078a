"""The jury's pages: who may open them (anonymous → login, not a juror → 404, another
category or a conflict → 404, staff only for the follow-up), what a juror sees (their
nominations minus conflicts, the dossier with safe links, their own scores only), scoring
through the form (partial, refused outside the jury phase), declaring a conflict, and the
staff's completion table and admin."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.models import Conflict, Edition, Juror, Score
from observatoire.awards.tests.test_jury import jury_world, score_all
from observatoire.territories.tests.factories import TerritoryFactory


@pytest.fixture
def world(db):
    return jury_world()


def edition_url(world) -> str:
    return reverse("jury:edition", kwargs={"year": world.edition.year})


def nomination_url(world, slug: str, name: str) -> str:
    nomination = world.nomination(slug, name)
    return reverse("jury:nomination", kwargs={"year": 2024, "nomination_id": nomination.pk})


def conflicts_url(world) -> str:
    return reverse("jury:conflicts", kwargs={"year": world.edition.year})


def progress_url(world) -> str:
    return reverse("jury:progress", kwargs={"year": world.edition.year})


def score_post(world, values: list, comments: dict | None = None, **extra) -> dict:
    """Form data: the values in the criteria's order ("" = not scored)."""
    criteria = world.edition.criteria.order_by("position")
    data = {}
    for index, (criterion, value) in enumerate(zip(criteria, values, strict=False)):
        data[f"value_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = (comments or {}).get(index, "")
    return data | extra


def text(response) -> str:
    return response.content.decode()


# --- who may open what ---------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    for url in [
        reverse("jury:index"),
        edition_url(world),
        nomination_url(world, "sensibilisation-citoyennete", "Gers"),
        conflicts_url(world),
    ]:
        response = world.client(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=")


@pytest.mark.parametrize("who", ["outsider", "staff"])
def test_someone_not_on_the_jury_gets_404_even_staff(world, who):
    client = world.client(getattr(world, who))
    for url in [
        edition_url(world),
        nomination_url(world, "sensibilisation-citoyennete", "Gers"),
        conflicts_url(world),
    ]:
        assert client.get(url).status_code == 404


def test_a_juror_of_another_edition_gets_404(world):
    other = Edition.objects.create(
        year=2023,
        slug="2023",
        title="#Hashtags 2023",
        period_start=dt.date(2022, 9, 1),
        period_end=dt.date(2023, 8, 31),
        entries_open_at=timezone.now(),
        entries_close_at=timezone.now(),
    )
    assert world.client(world.claire.user).get("/trophees/jury/2023/").status_code == 404
    Juror.objects.create(edition=other, user=world.outsider)
    assert world.client(world.outsider).get(edition_url(world)).status_code == 404


def test_a_juror_sees_only_their_categories_minus_their_conflicts(world):
    client = world.client(world.claire.user)
    page = text(client.get(edition_url(world)))
    assert "Sensibilisation et citoyenneté" in page and "Départements" in page
    assert "TikTok" not in page and "Hashtag d&#x27;or" not in page
    assert nomination_url(world, "sensibilisation-citoyennete", "Gers") in page
    assert nomination_url(world, "sensibilisation-citoyennete", "Lot") in page
    # The Aude: Claire belongs to its space, so it is hidden everywhere.
    assert "Aude" not in page
    for slug, name in [
        ("sensibilisation-citoyennete", "Aude"),
        ("departements", "Aude"),
        ("tiktok", "Gers"),
        ("hashtag-or", "Gers"),
    ]:
        assert client.get(nomination_url(world, slug, name)).status_code == 404


def test_the_follow_up_is_for_staff_only(world):
    for user in [None, world.outsider, world.claire.user]:
        response = world.client(user).get(progress_url(world))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    close_url = reverse("jury:close", kwargs={"year": 2024})
    response = world.client(world.claire.user).post(close_url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    world.edition.refresh_from_db()
    assert world.edition.closed_at is None
    assert world.client(world.staff).get(progress_url(world)).status_code == 200


# --- the dossier and the form --------------------------------------------------------


def test_the_dossier_shows_operations_by_audience_and_only_http_links(world):
    page = text(
        world.client(world.claire.user).get(
            nomination_url(world, "sensibilisation-citoyennete", "Gers")
        )
    )
    assert "InfoRoute32" in page
    assert page.index("Adultes") < page.index("Questions pour un Gersois")
    assert page.index("Enfants / Jeunes") < page.index("RDV des petits")
    assert "#Covid19Gers" in page
    assert '<a href="https://x.com/LeGers32/status/1244567890123456789"' in page
    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page  # shown as text
    assert page.count("<fieldset>") == 7  # one per criterion


def test_scoring_through_the_form_partially_then_coming_back(world):
    client = world.client(world.claire.user)
    url = nomination_url(world, "sensibilisation-citoyennete", "Gers")
    data = score_post(world, ["8", "6.5", "", "", "", "", ""], {0: "Très clair."})
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Vos notes sont enregistrées." in text(response)
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    assert sorted(Score.objects.filter(nomination=gers).values_list("value", flat=True)) == [
        Decimal("6.5"),
        Decimal("8"),
    ]
    page = text(client.get(url))
    assert 'value="8.0"' in page and 'value="6.5"' in page and "Très clair." in page
    listing = text(client.get(edition_url(world)))
    assert re.search(r"Gers</a></th>\s*<td[^>]*>2 / 7</td>\s*<td>En cours", listing)
    # Completing it, then back to the list.
    data = score_post(world, ["8", "6.5", "5", "5", "5", "5", "5"], then="list")
    response = client.post(url, data)
    assert response["Location"] == edition_url(world)
    listing = text(client.get(edition_url(world)))
    assert re.search(r"Gers</a></th>\s*<td[^>]*>7 / 7</td>\s*<td>Noté", listing)


def test_invalid_values_are_explained_and_nothing_is_saved(world):
    client = world.client(world.claire.user)
    url = nomination_url(world, "sensibilisation-citoyennete", "Gers")
    response = client.post(url, score_post(world, ["11", "7.25", "", "", "", "", ""], {2: "x"}))
    assert response.status_code == 400
    page = text(response)
    assert "inférieure ou égale à 10" in page
    assert "Donnez une note pour enregistrer ce commentaire." in page
    assert not Score.objects.exists()


def test_a_juror_sees_only_their_own_scores(world):
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    score_all(world.bruno, gers, 3, 3, 3, 3, 3, 3, 3)
    Score.objects.filter(juror=world.bruno).update(comment="Avis de Bruno")
    page = text(
        world.client(world.claire.user).get(
            nomination_url(world, "sensibilisation-citoyennete", "Gers")
        )
    )
    assert "Avis de Bruno" not in page and 'value="3.0"' not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"closed_at": timezone.now()}, "L&#x27;édition est close : les notes sont figées."),
        (
            {"jury_end_at": timezone.now() - dt.timedelta(hours=1)},
            "La phase de jury est terminée",
        ),
        (
            {"jury_start_at": timezone.now() + dt.timedelta(days=2)},
            "La phase de jury n&#x27;a pas commencé",
        ),
    ],
    ids=["closed", "ended", "not-started"],
)
def test_scoring_outside_the_jury_phase_is_refused_with_a_clear_message(db, fields, message):
    world = jury_world(**fields)
    client = world.client(world.claire.user)
    url = nomination_url(world, "sensibilisation-citoyennete", "Gers")
    page = text(client.get(url))
    assert message in page
    assert "disabled" in page and "Enregistrer" not in page.split("Vos notes")[1]
    response = client.post(url, score_post(world, ["8", "8", "8", "8", "8", "8", "8"]))
    assert response.status_code == 403
    assert message in text(response)
    assert not Score.objects.exists()


# --- conflicts -------------------------------------------------------------------------


def test_declaring_a_conflict_hides_the_dossier_and_removes_the_scores(world):
    client = world.client(world.claire.user)
    page = text(client.get(conflicts_url(world)))
    assert "Aude" in page  # automatic: Claire is a member of its space
    lot = world.nomination("sensibilisation-citoyennete", "Lot")
    score_all(world.claire, lot, 5, 5, 5, 5, 5, 5, 5)
    found = text(client.get(conflicts_url(world), {"q": "lot"}))
    assert f'name="territory" value="{lot.territory.pk}"' in found
    response = client.post(
        conflicts_url(world),
        {"territory": lot.territory.pk, "reason": "Mon conjoint y travaille"},
        follow=True,
    )
    page = text(response)
    assert "Conflit d&#x27;intérêts déclaré : Lot" in page
    assert "Les notes que vous lui aviez données sont retirées." in page
    assert "Mon conjoint y travaille" in page
    assert Conflict.objects.get(juror=world.claire).territory == lot.territory
    assert not Score.objects.filter(juror=world.claire).exists()
    assert client.get(nomination_url(world, "sensibilisation-citoyennete", "Lot")).status_code == (
        404
    )
    assert "Lot" not in text(client.get(edition_url(world)))


def test_a_conflict_can_be_declared_with_any_collectivite_of_the_registry(world):
    commune = TerritoryFactory(name="Auch", slug="auch")
    client = world.client(world.claire.user)
    client.post(conflicts_url(world), {"territory": commune.pk, "reason": ""})
    assert Conflict.objects.get(juror=world.claire).territory == commune
    response = client.post(conflicts_url(world), {"territory": 999999}, follow=True)
    assert "Choisissez une collectivité dans les résultats." in text(response)


# --- staff -------------------------------------------------------------------------------


def test_staff_follow_completion_per_juror_category_and_nomination(world):
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    score_all(world.claire, gers, 8, 8, 8, 8, 8, 8, 8)
    score_all(world.bruno, gers, 6, 6, 6, 6, 6, 6, 6)
    Score.objects.filter(juror=world.bruno, criterion__position=6).delete()  # incomplete
    page = text(world.client(world.staff).get(progress_url(world)))
    jurors = page.split('id="completion-jurors"')[1].split("</table>")[0]
    # Columns: Départements, Sensibilisation, TikTok, Hashtag d'or.
    claire = re.search(r"Claire</th>(.*?)</tr>", jurors, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", claire) == ["0 / 1", "1 / 3", "—", "—"]
    bruno = re.search(r"Bruno</th>(.*?)</tr>", jurors, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", bruno) == ["—", "0 / 4", "—", "0 / 2"]
    nominations = page.split("Avancement par nomination")[1]
    table = nominations.split("Sensibilisation et citoyenneté</caption>")[1]
    gers_row = re.search(r"Gers</th>(.*?)</tr>", table.split("</table>")[0], re.S)
    assert re.findall(r"<td[^>]*>(.*?)</td>", gers_row.group(1)) == ["1", "2"]
    # Staff see the provisional scores (Claire's 8.000 alone: Bruno's is incomplete).
    assert "8.000" in page or "8,000" in page


def test_staff_invite_a_juror_from_the_admin(world):
    client = world.client(world.staff)
    world.staff.is_superuser = True
    world.staff.save()
    response = client.post(
        reverse("admin:awards_juror_add"),
        {
            "edition": world.edition.pk,
            "email": "anne@cap-com.org",
            "categories": [world.categories["tiktok"].pk],
            "language": "fr",
        },
    )
    assert response.status_code == 302
    juror = Juror.objects.get(user__email="anne@cap-com.org")
    assert list(juror.categories.all()) == [world.categories["tiktok"]]
    (message,) = mail.outbox
    assert "http://testserver/trophees/jury/2024/" in message.body
    # Scores are read-only in the admin.
    score_all(world.claire, world.nomination("departements", "Gers"), 1, 1, 1, 1, 1, 1, 1)
    score = Score.objects.first()
    change = client.get(reverse("admin:awards_score_change", args=[score.pk]))
    assert change.status_code == 200 and 'name="value"' not in text(change)
    assert client.get(reverse("admin:awards_score_add")).status_code == 403


def test_the_jury_index_lists_the_users_juries_and_staff_follow_ups(world):
    juror_page = text(world.client(world.claire.user).get(reverse("jury:index")))
    assert f'href="{edition_url(world)}"' in juror_page
    assert progress_url(world) not in juror_page
    assert "Vous ne faites partie d'aucun jury." not in juror_page
    outsider_page = text(world.client(world.outsider).get(reverse("jury:index")))
    assert edition_url(world) not in outsider_page
    assert "Vous ne faites partie d'aucun jury." in outsider_page
    staff_page = text(world.client(world.staff).get(reverse("jury:index")))
    assert f'href="{progress_url(world)}"' in staff_page
