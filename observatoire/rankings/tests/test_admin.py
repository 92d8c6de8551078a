import pytest
from django.urls import reverse

from observatoire.rankings.models import Methodology
from observatoire.rankings.services import ranking_build

from .conftest import AUGUST

pytestmark = pytest.mark.django_db


def test_staff_see_publications_and_entries(admin_client, august):
    publication = ranking_build(month=AUGUST)
    page = admin_client.get(reverse("admin:rankings_rankingpublication_changelist"))
    assert page.status_code == 200 and "2024-08" in page.content.decode()
    entries = admin_client.get(
        reverse("admin:rankings_rankingentry_changelist"),
        {"publication__id__exact": publication.pk},
    )
    assert entries.status_code == 200 and "@b" in entries.content.decode()


def test_rules_of_a_methodology_that_published_are_read_only(admin_client, august):
    v1 = Methodology.objects.get(slug="v1")
    url = reverse("admin:rankings_methodology_change", args=[v1.pk])
    assert 'name="weights"' in admin_client.get(url).content.decode()
    ranking_build(month=AUGUST)
    assert 'name="weights"' not in admin_client.get(url).content.decode()


def test_staff_read_an_entrys_kpis_by_name(admin_client, august):
    publication = ranking_build(month=AUGUST)
    entry = publication.entries.get(profile=august.a)
    page = admin_client.get(reverse("admin:rankings_rankingentry_change", args=[entry.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "engagement_rate: 0.01, 0.6666666666666666, 22.22222222222222" in html
