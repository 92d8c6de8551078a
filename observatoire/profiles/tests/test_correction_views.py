"""Mon espace, page "Profils": who sees a collectivité's profiles and requests, who may ask
for a correction; and the public page once staff validate one (cached, as in production)."""

import datetime as dt
import html as html_module
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from observatoire.metrics.tests.test_collection import account, collect, tweet
from observatoire.profiles.corrections import correction_approve, correction_refuse
from observatoire.profiles.models import Network, Profile, ProfileCorrection
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import Role, User

from .test_corrections import member

pytestmark = pytest.mark.django_db
Kind, Status = ProfileCorrection.Kind, ProfileCorrection.Status
BROKE = dt.date(2026, 11, 12)


@pytest.fixture
def gers():
    return DepartementFactory(name="Gers", slug="gers")


@pytest.fixture
def landes():
    return DepartementFactory(name="Landes", slug="landes")


@pytest.fixture
def profiles(gers):
    principal = ProfileFactory(
        territory=gers,
        network=Network.INSTAGRAM,
        handle="gers32",
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=Profile.UnavailableReason.NOT_FOUND,
        unavailable_since=BROKE,
    )
    roads = ProfileFactory(
        territory=gers,
        network=Network.INSTAGRAM,
        handle="inforoute32",
        is_principal=False,
        label="Info routes",
        verified_at=timezone.make_aware(dt.datetime(2026, 11, 20, 10)),
    )
    x = ProfileFactory(territory=gers, network=Network.X, handle="Gers32")
    return {"principal": principal, "roads": roads, "x": x}


@pytest.fixture
def foreign(landes):
    return ProfileFactory(territory=landes, network=Network.INSTAGRAM, handle="landes40")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(gers):
    return logged_in(member(gers, "camille"))


@pytest.fixture
def viewer(gers):
    return logged_in(member(gers, "dominique", role=Role.VIEWER))


@pytest.fixture
def stranger(landes):
    return logged_in(member(landes, "eden"))  # a manager, of another collectivité


@pytest.fixture
def staff():
    return User.objects.create_user(
        "agent", "agent@observatoire.fr", "mot-de-passe-42", is_staff=True
    )


def urls(slug: str, profile: Profile) -> dict[str, str]:
    return {
        "list": reverse("corrections:list", kwargs={"slug": slug}),
        "missing": reverse("corrections:missing", kwargs={"slug": slug}),
        "link": reverse("corrections:link", kwargs={"slug": slug, "profile_id": profile.pk}),
        "role": reverse("corrections:role", kwargs={"slug": slug, "profile_id": profile.pk}),
    }


VALID = {
    "missing": {
        "network": "tiktok",
        "handle": "gers_jeunes",
        "url": "",
        "label": "",
        "comment": "",
    },
    "link": {"kind": "renamed", "handle": "gers_officiel", "url": "", "comment": ""},
    "role": {"kind": "thematic", "label": "Jeunesse", "comment": ""},
}


def text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    return html_module.unescape(
        " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    )


# -- Permissions -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, profiles):
    for url in urls("gers", profiles["principal"]).values():
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("users:login") + "?next=")
    assert ProfileCorrection.objects.count() == 0


def test_members_of_another_collectivite_get_404(stranger, profiles):
    for name, url in urls("gers", profiles["principal"]).items():
        assert stranger.get(url).status_code == 404
        assert stranger.post(url, VALID.get(name, {})).status_code == 404
    assert ProfileCorrection.objects.count() == 0


def test_a_viewer_reads_but_sees_no_form_and_cannot_post(viewer, profiles):
    pages = urls("gers", profiles["principal"])
    response = viewer.get(pages["list"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "@gers32" in html and "@inforoute32" in html
    assert "Déclarer un profil manquant" not in html
    assert pages["link"] not in html and pages["role"] not in html
    assert 'method="post"' not in html.replace('action="/i18n/setlang/" method="post"', "").replace(
        'action="/compte/deconnexion/" method="post"', ""
    )
    for name in ("missing", "link", "role"):
        assert viewer.get(pages[name]).status_code == 404
        assert viewer.post(pages[name], VALID[name]).status_code == 404
    assert ProfileCorrection.objects.count() == 0


def test_a_forged_profile_id_is_not_found(manager, profiles, foreign):
    forged = urls("gers", foreign)
    for name in ("link", "role"):
        assert manager.get(forged[name]).status_code == 404
        assert manager.post(forged[name], VALID[name]).status_code == 404
    assert ProfileCorrection.objects.count() == 0
    foreign.refresh_from_db()
    assert foreign.handle == "landes40"


def test_staff_who_are_not_members_may_read_and_ask(staff, profiles):
    client = logged_in(staff)
    pages = urls("gers", profiles["x"])
    assert "Déclarer un profil manquant" in client.get(pages["list"]).content.decode()
    response = client.post(pages["link"], VALID["link"])
    assert response.status_code == 302
    assert ProfileCorrection.objects.get().requested_by == staff


# -- The page and the forms ------------------------------------------------------------------


def test_the_page_shows_every_profile_per_network_and_the_requests(manager, gers, profiles):
    ProfileCorrection.objects.create(
        territory=gers,
        profile=profiles["x"],
        kind=Kind.THEMATIC,
        label="Sport",
        status=Status.REFUSED,
        decided_at=timezone.make_aware(dt.datetime(2026, 11, 25, 9)),
        decision_note="C'est le compte principal.",
    )
    ProfileCorrection.objects.create(
        territory=gers, profile=profiles["principal"], kind=Kind.RENAMED, handle="gers_officiel"
    )
    page = text(manager.get(reverse("corrections:list", kwargs={"slug": "gers"})))

    instagram, x = page.index("Profils suivis sur Instagram"), page.index("Profils suivis sur X")
    assert (
        instagram < page.index("@gers32") < page.index("@inforoute32") < x < page.index("@Gers32")
    )
    assert (
        "@gers32 Principal ⚠ Inaccessible — Profil introuvable (supprimé ou renommé), "
        "depuis le 12 novembre 2026 — Profil renommé"
    ) in page
    assert (
        "@inforoute32 Thématique : Info routes Actif ✓ Profil vérifié par la collectivité "
        "le 20 novembre 2026"
    ) in page
    assert "Déclarer un profil manquant" in page
    history = page[page.index("Demandes de correction") :]
    assert "Profil renommé Instagram @gers32 @gers_officiel" in history
    assert "En attente" in history
    assert "Profil thématique X @Gers32 « Sport »" in history
    assert "Refusée 25 novembre 2026 — C'est le compte principal." in history


def test_a_manager_declares_a_missing_profile(manager, gers, profiles):
    pages = urls("gers", profiles["principal"])
    form = manager.get(pages["missing"]).content.decode()
    assert '<label for="id_network">Réseau</label>' in form and 'for="id_url"' in form

    response = manager.post(pages["missing"], VALID["missing"], follow=True)
    assert response.redirect_chain == [(pages["list"], 302)]
    assert "Demande envoyée" in response.content.decode()
    correction = ProfileCorrection.objects.get()
    assert (correction.territory, correction.kind, correction.network, correction.handle) == (
        gers,
        Kind.MISSING,
        Network.TIKTOK,
        "gers_jeunes",
    )
    assert correction.status == Status.PENDING
    assert "TikTok @gers_jeunes" in text(response)


def test_a_refused_request_shows_the_error_beside_its_field(manager, profiles, foreign):
    pages = urls("gers", profiles["principal"])
    values = {**VALID["missing"], "network": "instagram", "handle": "@Landes40"}
    response = manager.post(pages["missing"], values)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'id="id_handle"[^>]*>\s*<p class="field-error" id="id_handle_error">Le profil @landes40 '
        r"est déjà rattaché à une autre collectivité \(Landes\)",
        html,
    )
    assert 'value="@Landes40"' in html  # what was typed stays
    response = manager.post(pages["role"], {"kind": "thematic", "label": ""})
    assert 'id="id_label_error">Indiquez le thème du profil' in response.content.decode()
    response = manager.post(pages["role"], {"kind": "delete"})
    assert response.status_code == 200 and 'id="id_kind_error"' in response.content.decode()
    assert ProfileCorrection.objects.count() == 0


def test_a_manager_reports_a_renamed_profile_and_marks_one_principal(manager, gers, profiles):
    pages = urls("gers", profiles["principal"])
    assert manager.post(pages["link"], VALID["link"]).status_code == 302
    roads = urls("gers", profiles["roads"])
    assert manager.post(roads["role"], {"kind": "principal", "label": ""}).status_code == 302
    assert sorted(ProfileCorrection.objects.values_list("profile__handle", "kind", "handle")) == [
        ("gers32", Kind.RENAMED, "gers_officiel"),
        ("inforoute32", Kind.PRINCIPAL, ""),
    ]
    again = manager.post(pages["link"], VALID["link"])
    assert "Une demande identique attend déjà" in again.content.decode()


def test_untrusted_text_is_inert(manager, gers):
    ProfileFactory(territory=gers, network=Network.X, handle="<script>alert(1)</script>")
    ProfileCorrection.objects.create(
        territory=gers, kind=Kind.MISSING, network="x", comment="<b>x</b>"
    )
    html = manager.get(reverse("corrections:list", kwargs={"slug": "gers"})).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html


# -- The public page -------------------------------------------------------------------------


def card(html: str, profile: Profile) -> str:
    """A principal profile's block on the collectivité's public page."""
    start = html.index(f'aria-labelledby="net-{profile.pk}"')
    return html[start : html.index("</article>", start)]


def test_the_mark_appears_on_the_cached_public_page_once_validated(
    client, gers, profiles, staff, django_capture_on_commit_callbacks
):
    x = profiles["x"]
    url = gers.get_absolute_url()
    visitor = logged_in(member(DepartementFactory(name="Landes"), "eden"))
    assert "Profil vérifié" not in card(client.get(url).content.decode(), x)  # now cached
    assert "Profil vérifié" not in card(visitor.get(url).content.decode(), x)
    roads = client.get(url).content.decode().split('id="thematic-title"')[1]
    assert "Profil vérifié par la collectivité le 20 novembre 2026" in roads

    correction = ProfileCorrection.objects.create(
        territory=gers, profile=x, kind=Kind.RENAMED, handle="Gers_Officiel"
    )
    refused = ProfileCorrection.objects.create(
        territory=gers, profile=x, kind=Kind.BROKEN, handle="y"
    )
    with django_capture_on_commit_callbacks(execute=True):
        correction_refuse(correction=refused, decided_by=staff)
        correction = correction_approve(correction=correction, decided_by=staff)

    mark = "Profil vérifié par la collectivité le " + date_format(
        timezone.localtime(correction.decided_at), "j F Y"
    )
    for who in (client, visitor):  # the anonymous page and the body shared with members
        html = card(who.get(url).content.decode(), x)
        assert "@Gers_Officiel" in html
        assert f'<span aria-hidden="true">✓</span> {mark}</span>' in html


def test_the_danger_sign_goes_when_the_collection_reads_the_new_link(
    settings, gers, staff, django_capture_on_commit_callbacks
):
    """The sequence a collectivité lives: its X account was renamed, the collection found the
    old handle gone (⚠); staff validate the new handle; the ⚠ stays until the next collection
    reads the new account, then goes."""
    profile = ProfileFactory(
        territory=gers,
        network=Network.X,
        handle="VilleAuch",
        external_id="41",
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=Profile.UnavailableReason.NOT_FOUND,
        unavailable_since=BROKE,
    )
    visitor = logged_in(member(gers, "camille"))
    url = gers.get_absolute_url()
    danger = '<span class="warning" aria-hidden="true">⚠</span> <strong>Inaccessible</strong>'
    assert danger in card(visitor.get(url).content.decode(), profile)

    visitor.post(
        reverse("corrections:link", kwargs={"slug": "gers", "profile_id": profile.pk}),
        {"kind": "renamed", "handle": "AuchVille"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        correction_approve(correction=ProfileCorrection.objects.get(), decided_by=staff)
    html = card(visitor.get(url).content.decode(), profile)
    assert "@AuchVille" in html and danger in html  # not read yet: still unreachable
    assert "depuis le 12 novembre 2026" in html

    run = collect(settings, account("AuchVille", "77", tweets=[tweet("1", 1)]))

    assert run.counts["profiles_collected"] == 1
    profile.refresh_from_db()
    assert (profile.status, profile.external_id, profile.unavailable_since) == (
        Profile.Status.ACTIVE,
        "77",
        None,
    )
    html = card(visitor.get(url).content.decode(), profile)
    assert "⚠" not in html and "Statut : Actif" in html
    assert "Profil vérifié par la collectivité" in html
