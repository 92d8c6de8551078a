"""A collectivité's corrections of its own profiles: requested by its managers, decided by
staff (services and admin), applied as the admin would, and shown on the public page."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from observatoire.profiles.corrections import (
    correction_approve,
    correction_refuse,
    correction_request,
)
from observatoire.profiles.models import Network, Profile, ProfileCorrection
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import Membership, Role, User

pytestmark = pytest.mark.django_db
Kind, Status = ProfileCorrection.Kind, ProfileCorrection.Status
BROKE = dt.date(2026, 11, 12)


def member(territory, username: str, role: str = Role.MANAGER, language: str = "fr") -> User:
    user = User.objects.create_user(
        username, f"{username}@example.fr", "un-mot-de-passe-42", language=language
    )
    user.first_name = username.title()
    user.save()
    Membership.objects.create(user=user, territory=territory, role=role)
    return user


@pytest.fixture
def gers():
    return DepartementFactory(name="Gers", slug="gers")


@pytest.fixture
def camille(gers):
    return member(gers, "camille")


@pytest.fixture
def staff():
    return User.objects.create_user(
        "agent", "agent@observatoire.fr", "un-mot-de-passe-42", is_staff=True, is_superuser=True
    )


@pytest.fixture
def principal(gers):
    return ProfileFactory(territory=gers, network=Network.INSTAGRAM, handle="gers32")


def request(territory, user, kind, **values) -> ProfileCorrection:
    return correction_request(territory=territory, kind=kind, requested_by=user, **values)


def approve(correction, staff, capture) -> ProfileCorrection:
    """Approve as the admin does; the e-mail leaves once the transaction commits."""
    with capture(execute=True):
        return correction_approve(correction=correction, decided_by=staff)


def error_fields(excinfo) -> dict[str, list[str]]:
    error = excinfo.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


# -- Missing profiles ------------------------------------------------------------------------


def test_a_missing_profile_becomes_the_principal_when_the_network_has_none(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    correction = request(
        gers, camille, Kind.MISSING, network=Network.TIKTOK, handle=" @Gers_Jeunes "
    )
    assert (correction.status, correction.handle, correction.profile) == (
        Status.PENDING,
        "Gers_Jeunes",
        None,
    )
    assert not Profile.objects.filter(
        network=Network.TIKTOK
    ).exists()  # nothing before staff decide

    correction = approve(correction, staff, django_capture_on_commit_callbacks)

    profile = Profile.objects.get(network=Network.TIKTOK)
    assert (profile.territory, profile.handle, profile.handle_key) == (
        gers,
        "Gers_Jeunes",
        "gers_jeunes",
    )
    assert profile.is_principal and profile.status == Profile.Status.ACTIVE
    assert profile.verified_at == correction.decided_at
    assert (correction.status, correction.decided_by, correction.profile) == (
        Status.APPROVED,
        staff,
        profile,
    )
    (email,) = mail.outbox
    assert email.to == ["camille@example.fr"]
    assert email.subject == "Votre demande de correction pour Gers est validée"
    assert "Profil manquant" in email.body and "TikTok @Gers_Jeunes" in email.body


def test_a_missing_profile_beside_a_principal_is_thematic_with_its_theme(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    correction = request(
        gers,
        camille,
        Kind.MISSING,
        network=Network.INSTAGRAM,
        handle="inforoute32",
        label="Info routes",
    )
    approve(correction, staff, django_capture_on_commit_callbacks)

    added = Profile.objects.get(handle_key="inforoute32")
    assert (added.is_principal, added.label) == (False, "Info routes")
    principal.refresh_from_db()
    assert principal.is_principal and principal.verified_at is None


@pytest.mark.parametrize(
    ("network", "url", "handle"),
    [
        (Network.INSTAGRAM, "https://www.instagram.com/gers_tourisme/", "gers_tourisme"),
        (Network.TIKTOK, "https://www.tiktok.com/@gers.jeunesse?lang=fr", "gers.jeunesse"),
        (
            Network.LINKEDIN,
            "https://fr.linkedin.com/company/departement-du-gers/",
            "departement-du-gers",
        ),
        (Network.MASTODON, "https://mastodon.social/@gers", "gers@mastodon.social"),
        (Network.FACEBOOK, "https://www.facebook.com/profile.php?id=100064", "100064"),
        (Network.X, "https://twitter.com/Gers32/status/1", "Gers32"),
    ],
)
def test_a_missing_profile_can_be_given_by_its_address(gers, camille, network, url, handle):
    correction = request(gers, camille, Kind.MISSING, network=network, url=url)
    assert (correction.network, correction.handle, correction.url) == (network, handle, url)


def test_a_handle_already_followed_is_refused_and_says_by_whom(gers, camille, principal):
    ProfileFactory(
        territory=DepartementFactory(name="Landes"), network=Network.X, handle="Landes40"
    )

    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.MISSING, network=Network.X, handle="@LANDES40")
    (message,) = error_fields(excinfo)["handle"]
    assert "@Landes40" in message and "une autre collectivité (Landes)" in message

    with pytest.raises(ValidationError) as excinfo:
        request(
            gers,
            camille,
            Kind.MISSING,
            network=Network.INSTAGRAM,
            url="https://instagram.com/GERS32",
        )
    assert error_fields(excinfo)["url"] == [
        "Le profil @gers32 est déjà suivi pour votre collectivité."
    ]
    assert ProfileCorrection.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"network": "", "handle": "gers"}, "network", "Choisissez un réseau."),
        ({"network": "myspace", "handle": "gers"}, "network", "Choisissez un réseau."),
        ({"network": "x"}, "handle", "Indiquez l'identifiant ou l'adresse du profil."),
        (
            {"network": "x", "url": "https://www.instagram.com/gers/"},
            "url",
            "Ce n'est pas une adresse X.",
        ),
        ({"network": "x", "url": "pas une adresse"}, "url", "Adresse invalide."),
        (
            {"network": "instagram", "url": "https://www.instagram.com/p/C0de/"},
            "url",
            "Impossible de lire l'identifiant dans cette adresse : indiquez-le.",
        ),
        (
            {"network": "x", "handle": "gers", "url": "https://x.com/landes"},
            "url",
            "Cette adresse ne mène pas au profil @gers.",
        ),
        (
            {"network": "x", "handle": "le gers"},
            "handle",
            'Un identifiant ne contient ni espace ni caractère < > " / ? #.',
        ),
        (
            {"network": "mastodon", "handle": "gers"},
            "handle",
            "Un compte Mastodon s'écrit utilisateur@instance.",
        ),
    ],
)
def test_a_request_that_cannot_be_made_names_the_field(gers, camille, values, field, message):
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.MISSING, **values)
    assert error_fields(excinfo) == {field: [message]}


# -- Broken and renamed profiles -------------------------------------------------------------


@pytest.fixture
def broken(gers):
    """A profile the collection found gone: unreachable since 12 November."""
    return ProfileFactory(
        territory=gers,
        network=Network.X,
        handle="VilleAuch",
        external_id="41",
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=Profile.UnavailableReason.NOT_FOUND,
        unavailable_since=BROKE,
        failing_since=BROKE,
        consecutive_failures=3,
    )


def test_a_renamed_profile_takes_its_new_handle_and_loses_the_old_accounts_id(
    gers, camille, staff, broken, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.RENAMED, profile=broken, handle="@AuchVille")
    approve(correction, staff, django_capture_on_commit_callbacks)

    broken.refresh_from_db()
    assert (broken.handle, broken.handle_key, broken.url, broken.external_id) == (
        "AuchVille",
        "auchville",
        "",
        "",
    )
    # The status stays what the collection found until it reads the new link.
    assert (broken.status, broken.unavailable_reason, broken.unavailable_since) == (
        Profile.Status.UNAVAILABLE,
        Profile.UnavailableReason.NOT_FOUND,
        BROKE,
    )
    assert (broken.failing_since, broken.consecutive_failures) == (None, 0)
    assert broken.verified_at is not None


def test_a_broken_link_can_be_fixed_by_its_address_alone(
    gers, camille, staff, broken, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.BROKEN, profile=broken, url="https://x.com/VilleAuch")
    assert correction.handle == "VilleAuch"
    approve(correction, staff, django_capture_on_commit_callbacks)
    broken.refresh_from_db()
    assert (broken.handle, broken.url, broken.external_id) == (
        "VilleAuch",
        "https://x.com/VilleAuch",
        "",
    )


def test_a_new_handle_must_be_new_and_free(gers, camille, broken):
    ProfileFactory(
        territory=DepartementFactory(name="Landes"), network=Network.X, handle="Landes40"
    )
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.RENAMED, profile=broken, handle="villeauch")
    assert error_fields(excinfo) == {
        "handle": ["C'est déjà l'identifiant de ce profil : indiquez le nouveau."]
    }
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.RENAMED, profile=broken, handle="landes40")
    assert "une autre collectivité (Landes)" in error_fields(excinfo)["handle"][0]
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.BROKEN, profile=broken)
    assert list(error_fields(excinfo)) == ["handle"]


def test_a_handle_taken_before_the_decision_leaves_everything_as_it_was(
    gers, camille, staff, broken, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.RENAMED, profile=broken, handle="AuchVille")
    ProfileFactory(network=Network.X, handle="auchville")  # imported by staff meanwhile

    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        correction_approve(correction=correction, decided_by=staff)

    correction.refresh_from_db()
    broken.refresh_from_db()
    assert (correction.status, correction.decided_at) == (Status.PENDING, None)
    assert (broken.handle, broken.external_id, broken.verified_at) == ("VilleAuch", "41", None)
    assert mail.outbox == []


# -- Thematic and principal ------------------------------------------------------------------


def test_a_principal_profile_marked_thematic_gets_its_theme(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.THEMATIC, profile=principal)
    assert list(error_fields(excinfo)) == ["label"]

    correction = request(
        gers, camille, Kind.THEMATIC, profile=principal, label="Jeunesse", handle="ignored"
    )
    assert (correction.handle, correction.label) == ("", "Jeunesse")
    approve(correction, staff, django_capture_on_commit_callbacks)

    principal.refresh_from_db()
    assert (principal.is_principal, principal.label) == (False, "Jeunesse")
    assert principal.verified_at is not None


def test_a_new_principal_demotes_the_previous_one_in_the_same_transaction(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    roads = ProfileFactory(
        territory=gers,
        network=Network.INSTAGRAM,
        handle="inforoute32",
        is_principal=False,
        label="Info routes",
    )
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.PRINCIPAL, profile=principal)
    assert error_fields(excinfo)["__all__"] == [
        "Ce profil est déjà le profil principal de ce réseau."
    ]

    correction = request(gers, camille, Kind.PRINCIPAL, profile=roads)
    approve(correction, staff, django_capture_on_commit_callbacks)

    principal.refresh_from_db()
    roads.refresh_from_db()
    assert (roads.is_principal, principal.is_principal) == (True, False)
    assert roads.verified_at is not None
    assert list(gers.profiles.filter(network=Network.INSTAGRAM, is_principal=True)) == [roads]


def test_only_the_collectivites_own_profiles_can_be_corrected(gers, camille, principal):
    foreign = ProfileFactory(
        territory=DepartementFactory(name="Landes"), network=Network.X, handle="Landes40"
    )
    for kind, values in [
        (Kind.RENAMED, {"handle": "Landes"}),
        (Kind.PRINCIPAL, {}),
        (Kind.THEMATIC, {"label": "x"}),
    ]:
        with pytest.raises(ValidationError) as excinfo:
            request(gers, camille, kind, profile=foreign, **values)
        assert error_fields(excinfo) == {"profile": ["Choisissez un profil de votre collectivité."]}
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, "delete", profile=principal)
    assert list(error_fields(excinfo)) == ["kind"]
    assert ProfileCorrection.objects.count() == 0


def test_one_pending_request_per_profile_and_kind(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    first = request(gers, camille, Kind.THEMATIC, profile=principal, label="Jeunesse")
    with pytest.raises(ValidationError) as excinfo:
        request(gers, camille, Kind.THEMATIC, profile=principal, label="Sport")
    assert error_fields(excinfo)["__all__"] == [
        "Une demande identique attend déjà la décision de l'équipe de l'Observatoire."
    ]
    request(gers, camille, Kind.RENAMED, profile=principal, handle="gers_officiel")  # another kind
    request(gers, camille, Kind.MISSING, network=Network.TIKTOK, handle="gers_jeunes")
    with pytest.raises(ValidationError):
        request(gers, camille, Kind.MISSING, network=Network.TIKTOK, handle="@GERS_JEUNES")

    with django_capture_on_commit_callbacks(execute=True):
        correction_refuse(correction=first, decided_by=staff)
    request(gers, camille, Kind.THEMATIC, profile=principal, label="Sport")  # decided: free again
    assert ProfileCorrection.objects.filter(status=Status.PENDING).count() == 3


# -- Decisions -------------------------------------------------------------------------------


def test_a_request_is_decided_once(
    gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.THEMATIC, profile=principal, label="Jeunesse")
    stale = ProfileCorrection.objects.get(pk=correction.pk)
    approve(correction, staff, django_capture_on_commit_callbacks)
    decided_at = ProfileCorrection.objects.get(pk=correction.pk).decided_at

    for decide in (
        lambda: correction_approve(correction=stale, decided_by=staff),
        lambda: correction_refuse(correction=stale, decided_by=staff, note="Non"),
    ):
        with (
            pytest.raises(ValidationError) as excinfo,
            django_capture_on_commit_callbacks(execute=True),
        ):
            decide()
        assert excinfo.value.messages == ["Cette demande a déjà été décidée."]

    stored = ProfileCorrection.objects.get(pk=correction.pk)
    assert (stored.status, stored.decided_at, stored.decision_note) == (
        Status.APPROVED,
        decided_at,
        "",
    )
    assert len(mail.outbox) == 1


def test_a_refusal_changes_no_profile_and_tells_the_requester_in_their_language(
    gers, staff, principal, django_capture_on_commit_callbacks
):
    alex = member(gers, "alex", language="en")
    correction = request(gers, alex, Kind.THEMATIC, profile=principal, label="Jeunesse")
    with django_capture_on_commit_callbacks(execute=True):
        correction_refuse(
            correction=correction, decided_by=staff, note="  C'est bien le compte principal.  "
        )

    correction.refresh_from_db()
    assert (correction.status, correction.decided_by, correction.decision_note) == (
        Status.REFUSED,
        staff,
        "C'est bien le compte principal.",
    )
    assert correction.decided_at is not None
    principal.refresh_from_db()
    assert (principal.is_principal, principal.label, principal.verified_at) == (True, "", None)
    (email,) = mail.outbox
    assert email.to == ["alex@example.fr"]
    assert "C'est bien le compte principal." in email.body
    with translation.override("en"):  # in English (the dates at least, before translation)
        assert date_format(correction.created_at, "j F Y") in email.body
    with translation.override("fr"):
        assert date_format(correction.created_at, "j F Y") not in email.body


# -- The admin --------------------------------------------------------------------------------


@pytest.fixture
def admin(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_the_admin_lists_pending_requests_first(
    admin, gers, camille, staff, principal, django_capture_on_commit_callbacks
):
    done = request(gers, camille, Kind.THEMATIC, profile=principal, label="Jeunesse")
    with django_capture_on_commit_callbacks(execute=True):
        correction_refuse(correction=done, decided_by=staff)
    pending = request(gers, camille, Kind.MISSING, network=Network.TIKTOK, handle="gers_jeunes")
    ProfileCorrection.objects.filter(pk=pending.pk).update(
        created_at=done.created_at - dt.timedelta(days=1)
    )

    html = admin.get("/admin/profiles/profilecorrection/").content.decode()
    assert html.index(f"/admin/profiles/profilecorrection/{pending.pk}/change/") < html.index(
        f"/admin/profiles/profilecorrection/{done.pk}/change/"
    )
    assert "@gers_jeunes" in html and ">Gers<" in html and ">camille<" in html
    assert admin.get(f"/admin/profiles/profilecorrection/{pending.pk}/change/").status_code == 200


def test_staff_approve_in_the_admin(
    admin, gers, camille, principal, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.MISSING, network=Network.TIKTOK, handle="gers_jeunes")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/profiles/profilecorrection/",
            {"action": "approve", "_selected_action": [correction.pk]},
            follow=True,
        )
    assert "1 demande validée." in response.content.decode()
    assert Profile.objects.get(handle_key="gers_jeunes").territory == gers
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):  # twice: refused, said so
        response = admin.post(
            "/admin/profiles/profilecorrection/",
            {"action": "approve", "_selected_action": [correction.pk]},
            follow=True,
        )
    assert "Cette demande a déjà été décidée." in response.content.decode()
    assert len(mail.outbox) == 1


def test_staff_refuse_in_the_admin_with_a_note(
    admin, gers, camille, principal, django_capture_on_commit_callbacks
):
    correction = request(gers, camille, Kind.THEMATIC, profile=principal, label="Jeunesse")
    selected = {"action": "refuse", "_selected_action": [correction.pk]}
    page = admin.post("/admin/profiles/profilecorrection/", selected)
    assert page.status_code == 200 and "Motif du refus" in page.content.decode()
    assert ProfileCorrection.objects.get(pk=correction.pk).status == Status.PENDING  # asked first

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            "/admin/profiles/profilecorrection/",
            {**selected, "confirm": "yes", "note": "Compte principal confirmé."},
            follow=True,
        )
    assert "1 demande refusée." in response.content.decode()
    correction.refresh_from_db()
    assert (correction.status, correction.decision_note) == (
        Status.REFUSED,
        "Compte principal confirmé.",
    )
    assert "Compte principal confirmé." in mail.outbox[0].body


def test_the_admin_is_for_staff_only_and_the_profile_admin_still_works(
    client, admin, camille, principal
):
    client.force_login(camille)
    response = client.get("/admin/profiles/profilecorrection/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert admin.get(f"/admin/profiles/profile/{principal.pk}/change/").status_code == 200
    assert admin.get("/admin/profiles/profile/").status_code == 200


def test_staff_who_may_only_view_corrections_cannot_decide_them(client, gers, camille):
    from django.contrib.auth.models import Permission

    from observatoire.users.models import User

    correction = request(gers, camille, Kind.MISSING, network=Network.TIKTOK, handle="gers_jeunes")
    reader = User.objects.create_user("lectrice", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_profilecorrection"))
    client.force_login(reader)
    assert client.get("/admin/profiles/profilecorrection/").status_code == 200
    for action in ("approve", "refuse"):
        selected = {"action": action, "_selected_action": [correction.pk], "confirm": "yes"}
        client.post("/admin/profiles/profilecorrection/", selected)
    assert ProfileCorrection.objects.get(pk=correction.pk).status == Status.PENDING
    assert not Profile.objects.filter(handle_key="gers_jeunes").exists()
