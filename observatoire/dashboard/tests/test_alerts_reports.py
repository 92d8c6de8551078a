"""The monthly digest carries the PDF report of each of the member's collectivités, when
they asked for it; each report is rendered once per collectivité (and language), not once
per member."""

import subprocess

import pytest
from django.core import mail

from observatoire.dashboard.alerts.services import alerts_after_ranking
from observatoire.dashboard.models import AlertDelivery, AlertPreference
from observatoire.dashboard.reports import render
from observatoire.users.models import Membership, Role, User

from .worlds import dashboard_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Which reports were rendered (the real renderer runs)."""
    calls = []
    real = render.report_pdf

    def counted(*, territory, publication):
        calls.append(territory.name)
        return real(territory=territory, publication=publication)

    monkeypatch.setattr(render, "report_pdf", counted)
    return calls


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_digest_attaches_each_collectivites_report_rendered_once(renders, tmp_path):
    world = dashboard_world(months=2)
    saone = world.departements[7]
    # The Gers' manager also belongs to Saône-et-Loire; its viewer wants no report.
    Membership.objects.create(user=world.manager, territory=saone, role=Role.VIEWER)
    AlertPreference.objects.create(user=world.viewer, monthly_report=False)
    colleague = User.objects.create_user(username="colleague", email="colleague@exemple.fr")
    Membership.objects.create(user=colleague, territory=world.territory, role=Role.VIEWER)

    alerts_after_ranking(publication_id=world.publications[-1].pk)

    # Gers and Saône-et-Loire, once each for three members who want them.
    assert sorted(renders) == ["Gers", "Saône-et-Loire"]
    [digest] = [m for m in mail.outbox if m.to == [world.manager.email]]
    month = f"{world.months[-1]:%Y-%m}"
    assert sorted(name for name, _content, _type in digest.attachments) == [
        f"observatoire-{world.territory.slug}-{month}.pdf",
        f"observatoire-{saone.slug}-{month}.pdf",
    ]
    assert all(mimetype == "application/pdf" for *_rest, mimetype in digest.attachments)
    gers_pdf = next(c for name, c, _t in digest.attachments if world.territory.slug in name)
    assert "Gers" in pdf_text(gers_pdf, tmp_path)
    assert "rapports mensuels en PDF sont joints" in digest.body
    assert AlertDelivery.objects.get(user=world.manager).has_report is True

    [no_report] = [m for m in mail.outbox if m.to == [world.viewer.email]]
    assert no_report.attachments == []
    assert AlertDelivery.objects.get(user=world.viewer).has_report is False
    [same_pdf] = [m for m in mail.outbox if m.to == [colleague.email]]
    assert same_pdf.attachments[0][1] == gers_pdf


def test_a_report_is_rendered_in_each_members_language(renders, tmp_path):
    world = dashboard_world(months=2)
    world.viewer.language = "en"
    world.viewer.save()
    AlertPreference.objects.create(user=world.outsider, monthly_report=False)

    alerts_after_ranking(publication_id=world.publications[-1].pk)

    assert sorted(renders) == ["Gers", "Gers"]  # French for the manager, English for the viewer
    [english] = [m for m in mail.outbox if m.to == [world.viewer.email]]
    [french] = [m for m in mail.outbox if m.to == [world.manager.email]]
    month = world.months[-1]
    assert f"{month:%B %Y}" in pdf_text(english.attachments[0][1], tmp_path)  # "October 2026"
    assert "octobre 2026" in pdf_text(french.attachments[0][1], tmp_path)


def test_a_member_who_only_wants_the_report_gets_a_digest_with_it(renders):
    world = dashboard_world(months=2)
    AlertPreference.objects.create(user=world.manager, rank_change=False, new_ranking=False)
    for user in (world.viewer, world.outsider):
        AlertPreference.objects.create(
            user=user, rank_change=False, new_ranking=False, monthly_report=False
        )

    alerts_after_ranking(publication_id=world.publications[-1].pk)

    [digest] = mail.outbox
    assert digest.to == [world.manager.email] and len(digest.attachments) == 1
    assert renders == ["Gers"]
