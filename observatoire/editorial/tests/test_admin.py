import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from observatoire.core.models import JobRun
from observatoire.editorial.models import (
    Campaign,
    EditorialMonth,
    LexiconRevision,
    PostAnalysis,
    Theme,
)
from observatoire.editorial.services import lexicon_current
from observatoire.metrics.services import posts_upsert
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import TerritoryFactory

from .factories import post_row

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:editorial_theme_changelist")
RECLASSIFY = reverse("admin:editorial_theme_reclassify")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("equipe", "equipe@observatoire.test", "x")


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user("lecteur", "lecteur@observatoire.test", "x")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_theme", "view_themeterm"])
    )
    return user


def add_petanque(client) -> None:
    """Staff add a theme with one term through the admin's form and its inline."""
    response = client.post(
        reverse("admin:editorial_theme_add"),
        {
            "name": "Pétanque",
            "name_en": "Petanque",
            "slug": "petanque",
            "bit": 40,
            "position": 20,
            "description": "",
            "note": "Demande du Gers",
            "terms-TOTAL_FORMS": 1,
            "terms-INITIAL_FORMS": 0,
            "terms-MIN_NUM_FORMS": 0,
            "terms-MAX_NUM_FORMS": 1000,
            "terms-0-term": "pétanque",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_change_of_the_lexicon_is_a_revision_and_the_rerun_classifies_older_posts(
    client, staff, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    posts_upsert(
        rows=[
            post_row(profile, text="Concours de pétanque ce dimanche"),
            post_row(profile, text="Conseil départemental"),
        ]
    )
    before = lexicon_current().revision
    client.force_login(staff)
    add_petanque(client)
    revision = LexiconRevision.objects.first()
    assert revision.pk > before
    assert (revision.created_by, revision.note) == (staff, "Demande du Gers")
    petanque = Theme.objects.get(slug="petanque")
    assert petanque.terms.get().term == "pétanque"

    page = client.get(CHANGELIST).content.decode()
    assert "2 publications analysées avec une version antérieure" in page
    assert "Relancer la classification" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECLASSIFY)
    assert response.status_code == 302
    analyses = {a.post.text: a for a in PostAnalysis.objects.select_related("post")}
    assert analyses["Concours de pétanque ce dimanche"].themes & 1 << 40
    assert not analyses["Conseil départemental"].themes & 1 << 40
    assert {a.lexicon_revision for a in analyses.values()} == {revision.pk}
    assert EditorialMonth.objects.get(dimension="theme", key=str(petanque.pk)).posts == 1
    run = JobRun.objects.get(kind="editorial")
    assert (run.status, run.counts["posts"], run.counts["posts_changed"]) == ("succeeded", 2, 1)
    # "0 publication(s)": French puts 0 in the singular once the catalogue says so.
    assert re.search(r": 0 publications? analysées?", client.get(CHANGELIST).content.decode())


def test_a_theme_changed_or_deleted_is_a_revision(client, staff):
    client.force_login(staff)
    add_petanque(client)
    theme = Theme.objects.get(slug="petanque")
    count = LexiconRevision.objects.count()
    response = client.post(
        reverse("admin:editorial_theme_delete", args=[theme.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert LexiconRevision.objects.count() == count + 1
    assert LexiconRevision.objects.first().note == "Thème « Pétanque » supprimé"


def test_staff_who_may_only_read_the_lexicon_cannot_rerun_the_classification(
    client, viewer, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "Relancer la classification" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(RECLASSIFY).status_code == 403
    assert not callbacks
    assert not JobRun.objects.filter(kind="editorial").exists()


def test_the_rerun_is_a_post(client, staff):
    client.force_login(staff)
    assert client.get(RECLASSIFY).status_code == 405


def test_a_campaign_is_added_in_the_admin_with_hashtags_typed_as_users_do(client, staff):
    territory = TerritoryFactory()
    client.force_login(staff)
    data = {
        "territory": territory.pk,
        "name": "Covid-19",
        "hashtags": "#Covid19Gers, covid19gers #RestezChezVous",
        "starts_on": "2020-03-13",
        "ends_on": "",
        "description": "",
    }
    response = client.post(reverse("admin:editorial_campaign_add"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.hashtags == ["covid19gers", "restezchezvous"]
    assert (campaign.starts_on, campaign.created_by) == (dt.date(2020, 3, 13), staff)
    again = client.post(reverse("admin:editorial_campaign_add"), data | {"ends_on": "2020-01-01"})
    assert again.status_code == 200
    errors = again.context["adminform"].form.errors
    assert set(errors) == {"name", "ends_on"}
    change = client.get(reverse("admin:editorial_campaign_change", args=[campaign.pk]))
    assert "#covid19gers, #restezchezvous" in change.content.decode()


def test_the_analyses_are_listed_read_only(client, staff):
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile, text="Randonnée", hashtags=("Gers",))])
    client.force_login(staff)
    analyses = client.get(reverse("admin:editorial_postanalysis_changelist"))
    assert analyses.status_code == 200
    assert "Tourisme et attractivité" in analyses.content.decode()
    assert client.get(reverse("admin:editorial_posthashtag_changelist")).status_code == 200
    assert client.get(reverse("admin:editorial_brandedhashtag_changelist")).status_code == 200
    assert client.get(reverse("admin:editorial_postanalysis_add")).status_code == 403


def test_a_post_deleted_in_the_admin_takes_its_analysis_which_cannot_be_deleted_alone(
    client, staff
):
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile, hashtags=("Gers",)), post_row(profile)])
    kept, deleted = PostAnalysis.objects.order_by("post_id")
    client.force_login(staff)
    response = client.post(
        reverse("admin:metrics_post_delete", args=[deleted.post_id]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert list(PostAnalysis.objects.values_list("post_id", flat=True)) == [kept.post_id]
    assert EditorialMonth.objects.get(dimension="all").posts == 1
    url = reverse("admin:editorial_postanalysis_delete", args=[kept.post_id])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert PostAnalysis.objects.count() == 1
