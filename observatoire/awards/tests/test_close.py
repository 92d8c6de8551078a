"""Closing an edition: results computed again from the stored scores (checked by hand),
gold/silver/bronze per category by type or thematic, the Hashtag d'or of agility, fewer
nominees fewer medals, scores frozen, every medal audited, and closing twice changes
nothing."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from observatoire.awards import jury, jury_selectors
from observatoire.awards.models import AuditEvent, Award, Juror, Score
from observatoire.awards.tests.test_jury import jury_world, score_all, user_make
from observatoire.users.models import Membership


@pytest.fixture
def world(db):
    """Scores (weights 3, 2, 1, 1, 2, 2, 1):
    - Sensibilisation: Aude 9 (Bruno; Claire's scores do not count, she belongs to the
      Aude's space), Lot 7 (Claire (3×10 + 9×6)/12 = 7, Bruno 7), Gers 7 (Claire 8,
      Bruno 6): tied with the Lot, whose heaviest criterion is higher (8.5 against 7);
      Saône-et-Loire 5.
    - Départements: Gers 6 (Claire); the Aude has no score (no medal).
    - TikTok: nobody on its jury. Hashtag d'or: Saône-et-Loire 9, Gers 4 (Bruno)."""
    world = jury_world()
    claire, bruno = world.claire, world.bruno
    score_all(claire, world.nomination("sensibilisation-citoyennete", "Aude"), *[0] * 7)
    score_all(bruno, world.nomination("sensibilisation-citoyennete", "Aude"), *[9] * 7)
    score_all(claire, world.nomination("sensibilisation-citoyennete", "Lot"), 10, *[6] * 6)
    score_all(bruno, world.nomination("sensibilisation-citoyennete", "Lot"), *[7] * 7)
    score_all(claire, world.nomination("sensibilisation-citoyennete", "Gers"), *[8] * 7)
    score_all(bruno, world.nomination("sensibilisation-citoyennete", "Gers"), *[6] * 7)
    for juror in (claire, bruno):
        score_all(
            juror, world.nomination("sensibilisation-citoyennete", "Saône-et-Loire"), *[5] * 7
        )
    score_all(claire, world.nomination("departements", "Gers"), *[6] * 7)
    score_all(bruno, world.nomination("hashtag-or", "Saône-et-Loire"), *[9] * 7)
    score_all(bruno, world.nomination("hashtag-or", "Gers"), *[4] * 7)
    return world


def medals(edition) -> dict[tuple[str, str], tuple[str, str, Decimal]]:
    """(category slug, territory name) -> (medal, label, score)."""
    return {
        (award.nomination.category.slug, award.nomination.territory.name): (
            award.medal,
            award.label,
            award.score,
        )
        for award in Award.objects.filter(nomination__category__edition=edition).select_related(
            "nomination__category", "nomination__territory"
        )
    }


def ranking(world, slug: str) -> list[tuple[str, Fraction | None, str]]:
    for block in jury_selectors.edition_results(edition=world.edition):
        if block.category.slug == slug:
            return [(r.nominee.name, r.score, r.tie_break) for r in block.ranking]
    raise AssertionError(slug)


def test_results_are_computed_from_the_stored_scores_as_by_hand(world):
    expected = [
        ("Aude", Fraction(9), ""),
        ("Lot", Fraction(7), ""),
        ("Gers", Fraction(7), "heaviest"),
        ("Saône-et-Loire", Fraction(5), ""),
    ]
    assert ranking(world, "sensibilisation-citoyennete") == expected
    assert ranking(world, "sensibilisation-citoyennete") == expected  # again, identical
    assert ranking(world, "departements") == [("Gers", Fraction(6), ""), ("Aude", None, "")]


def test_closing_awards_the_podiums_and_the_hashtag_dor(world):
    awards = jury.edition_close(edition=world.edition, actor=world.staff)
    assert len(awards) == 5
    assert medals(world.edition) == {
        ("sensibilisation-citoyennete", "Aude"): ("gold", "", Decimal("9.000")),
        ("sensibilisation-citoyennete", "Lot"): ("silver", "", Decimal("7.000")),
        ("sensibilisation-citoyennete", "Gers"): ("bronze", "", Decimal("7.000")),
        ("departements", "Gers"): ("gold", "", Decimal("6.000")),  # the Aude unscored
        ("hashtag-or", "Saône-et-Loire"): ("special", "Hashtag d'or", Decimal("9.000")),
    }
    world.edition.refresh_from_db()
    assert world.edition.closed_at is not None
    events = AuditEvent.objects.filter(edition=world.edition)
    assert events.filter(action="awarded").count() == 5
    assert events.filter(action="edition_closed", actor=world.staff).count() == 1
    gold = events.get(action="awarded", subject="Aude — Sensibilisation et citoyenneté")
    assert gold.data == {
        "medal": "gold",
        "category": "sensibilisation-citoyennete",
        "score": "9.000",
        "rank": 1,
    }


def test_closing_twice_changes_nothing(world):
    jury.edition_close(edition=world.edition, actor=world.staff)
    world.edition.refresh_from_db()
    closed_at = world.edition.closed_at
    before = (medals(world.edition), AuditEvent.objects.count(), Award.objects.count())
    again = jury.edition_close(edition=world.edition, actor=world.outsider)
    assert len(again) == 5
    world.edition.refresh_from_db()
    assert world.edition.closed_at == closed_at
    assert (medals(world.edition), AuditEvent.objects.count(), Award.objects.count()) == before


def test_scores_are_frozen_once_closed(world):
    jury.edition_close(edition=world.edition, actor=world.staff)
    lot = world.nomination("sensibilisation-citoyennete", "Lot")
    first = jury_selectors.criterion_list(edition=world.edition)[0]
    with pytest.raises(jury.ScoringClosed):
        jury.score_save(
            juror=world.claire,
            nomination=lot,
            scores={first.pk: (Decimal(0), "")},
            actor=world.claire.user,
        )
    with pytest.raises(jury.EditionClosed):
        jury.conflict_declare(juror=world.claire, territory=lot.territory, actor=world.claire.user)
    assert Score.objects.get(juror=world.claire, nomination=lot, criterion=first).value == 10


def test_from_five_jurors_the_highest_and_lowest_scores_are_dropped(world):
    sensibilisation = world.categories["sensibilisation-citoyennete"]
    gers = world.nomination("sensibilisation-citoyennete", "Gers")
    for name, value in [("j3", 2), ("j4", 10), ("j5", 7)]:
        juror = Juror.objects.create(edition=world.edition, user=user_make(name))
        juror.categories.set([sensibilisation])
        score_all(juror, gers, *[value] * 7)
    # Juror scores 2, 6, 7, 8, 10: the mean would be 6.6; without 2 and 10, 7.
    (result,) = [
        r
        for block in jury_selectors.edition_results(edition=world.edition)
        for r in block.ranking
        if r.nominee.id == gers.pk
    ]
    assert (result.score, result.method, result.jurors) == (Fraction(7), "trimmed_mean", 5)


def test_scores_of_a_juror_who_became_conflicted_do_not_count(world):
    """Claire joins the Gers' space after scoring it: her scores stay stored but the results
    leave them out (only Bruno's 6 counts; in Départements, nobody's)."""
    gers = world.territories["Gers"]
    Membership.objects.create(user=world.claire.user, territory=gers)
    rows = {name: score for name, score, _tie in ranking(world, "sensibilisation-citoyennete")}
    assert rows["Gers"] == Fraction(6)
    assert ranking(world, "departements") == [("Aude", None, ""), ("Gers", None, "")]
    jury.edition_close(edition=world.edition, actor=world.staff)
    assert ("departements", "Gers") not in medals(world.edition)


def test_staff_close_the_edition_from_the_jury_follow_up(world):
    client = world.client(world.staff)
    url = reverse("jury:close", kwargs={"year": 2024})
    page = client.get(url).content.decode()
    assert "Clôturer l'édition et attribuer les médailles" in page
    assert "Hashtag d&#x27;or" in page and "Argent" in page
    assert not Award.objects.exists()  # the confirmation page awards nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("jury:progress", kwargs={"year": 2024})
    assert "Édition close : 5 médailles et prix attribués." in response.content.decode()
    assert Award.objects.count() == 5
    again = client.post(url, follow=True)
    assert "Cette édition était déjà close : rien n&#x27;a changé." in again.content.decode()
    assert Award.objects.count() == 5
