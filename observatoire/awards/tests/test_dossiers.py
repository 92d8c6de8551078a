"""The rules of a dossier (awards.dossiers): eligible categories, hashtags and links read or
refused with the line named, submission (complete, before the deadline, logged with its
actor), frozen once submitted; and staff corrections in the admin, logged with what changed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from observatoire.awards.dossiers import (
    dossier_create,
    dossier_submit,
    dossier_update,
    hashtags_read,
    link_add,
    links_read,
    operation_create,
)
from observatoire.awards.models import AuditEvent, Dossier, OperationLink
from observatoire.awards.tests.dossier_factories import LINKS, gers_collected
from observatoire.awards.tests.factories import edition_make
from observatoire.profiles.tests.test_corrections import member
from observatoire.territories.tests.factories import TerritoryFactory
from observatoire.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def gers():
    return gers_collected()


@pytest.fixture
def manager(gers):
    return member(gers, "camille")


@pytest.fixture
def edition():
    return edition_make(year=2020)


def category(edition, slug):
    return edition.categories.get(slug=slug)


def values(audience="adults", title="Questions pour un Gersois", networks=("instagram",)):
    return {
        "audience": audience,
        "title": title,
        "description": "Un quiz en direct.",
        "networks": list(networks),
        "starts_on": dt.date(2020, 3, 20),
        "ends_on": dt.date(2020, 5, 11),
    }


def errors_of(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


def test_hashtags_are_read_as_in_posts_and_shown_with_their_hash():
    assert hashtags_read("#Covid19Gers, RestezChezVous #covid19gers  #Gers_32") == [
        "Covid19Gers",
        "RestezChezVous",
        "Gers_32",
    ]
    with pytest.raises(ValidationError) as error:
        hashtags_read("#Covid-19 #ok")
    assert "#Covid-19" in error.value.messages[0]


def test_every_unreadable_link_is_named_with_its_line():
    lines = [LINKS["ig_quiz"], "", "https://piaille.fr/about", LINKS["x_tips"], "https://t.co/Ab1"]

    with pytest.raises(ValidationError) as error:
        links_read(lines)

    messages = errors_of(error)["links"]
    assert len(messages) == 2
    assert messages[0].startswith("Ligne 3 : « https://piaille.fr/about » — ")
    assert "Réseau non pris en charge" in messages[0]
    assert messages[1].startswith("Ligne 5 : « https://t.co/Ab1 » — Lien raccourci t.co")


def test_the_same_publication_given_twice_is_kept_once():
    read = links_read([LINKS["x_tips"], "https://twitter.com/LeGers32/status/1244567890123456789"])

    assert [(parsed.network, parsed.external_id) for parsed in read] == [
        ("x", "1244567890123456789")
    ]


def test_only_eligible_categories_may_be_entered(gers, manager, edition):
    commune = TerritoryFactory(name="Auch")
    for territory, slug in ((commune, "departements"), (gers, "hashtag-or")):
        with pytest.raises(ValidationError) as error:
            dossier_create(
                edition=edition,
                territory=territory,
                actor=manager,
                categories=[category(edition, slug)],
            )
        assert "Votre collectivité ne peut pas concourir dans" in errors_of(error)["categories"][0]
    assert not Dossier.objects.exists()

    dossier = dossier_create(
        edition=edition,
        territory=gers,
        actor=manager,
        categories=[category(edition, "departements"), category(edition, "tiktok")],
    )

    assert set(dossier.categories.values_list("slug", flat=True)) == {"departements", "tiktok"}
    assert AuditEvent.objects.get(action="dossier_created").actor == manager


def test_one_dossier_per_edition_and_only_while_entries_are_open(gers, manager, edition):
    dossier_create(edition=edition, territory=gers, actor=manager)
    with pytest.raises(ValidationError, match="déjà un dossier"):
        dossier_create(edition=edition, territory=gers, actor=manager)

    closed = edition_make(year=2019, open_now=False)
    with pytest.raises(ValidationError, match="est clos depuis le"):
        dossier_create(edition=closed, territory=gers, actor=manager)
    later = timezone.now() + dt.timedelta(days=3)
    future = edition_make(year=2030, entries_open_at=later, entries_close_at=later)
    with pytest.raises(ValidationError, match="ouvrira le"):
        dossier_create(edition=future, territory=gers, actor=manager)


def test_an_unreadable_link_saves_nothing_of_the_operation(gers, manager, edition):
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)

    with pytest.raises(ValidationError) as error:
        operation_create(
            dossier=dossier,
            actor=manager,
            values=values(),
            hashtags=["Covid19Gers"],
            links=[LINKS["ig_quiz"], "https://www.facebook.com/events/123456/"],
        )

    assert errors_of(error)["links"][0].startswith("Ligne 2 : « https://www.facebook.com/events/")
    assert not dossier.operations.exists()
    assert not OperationLink.objects.exists()


def test_an_operation_uses_the_networks_of_the_edition_and_ends_after_it_starts(
    gers, manager, edition
):
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)
    wrong = values(networks=("instagram", "snapchat")) | {"ends_on": dt.date(2020, 3, 1)}

    with pytest.raises(ValidationError) as error:
        operation_create(dossier=dossier, actor=manager, values=wrong, hashtags=[], links=[])

    assert set(errors_of(error)) == {"networks", "ends_on"}


def test_a_link_added_alone_is_read_matched_and_not_given_twice(gers, manager, edition):
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)
    operation = operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=[], links=[]
    )

    link = link_add(operation=operation, actor=manager, url=LINKS["tiktok_first"])

    assert (link.network, link.kind, link.account) == ("tiktok", "video", "legers32")
    assert link.external_id == "7312345678901234567"
    assert link.url == "https://www.tiktok.com/@legers32/video/7312345678901234567"
    assert link.post.external_id == "7312345678901234567"
    with pytest.raises(ValidationError, match="déjà dans l'opération"):
        link_add(operation=operation, actor=manager, url=LINKS["tiktok_first"])
    with pytest.raises(ValidationError, match="Lien raccourci"):
        link_add(operation=operation, actor=manager, url="https://fb.watch/abCdEfGh/")


def test_a_post_of_another_collectivite_is_not_matched(gers, manager, edition):
    landes = gers_collected(name="Landes", slug="landes", handle="landes40")  # the same ids
    dossier = dossier_create(edition=edition, territory=landes, actor=manager)

    operation = operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=[], links=[LINKS["x_tips"]]
    )

    assert operation.links.get().post.profile.territory == landes


def test_submission_needs_a_category_and_an_operation_and_is_logged(gers, manager, edition):
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)

    with pytest.raises(ValidationError) as error:
        dossier_submit(dossier=dossier, actor=manager)
    assert error.value.messages == [
        "Choisissez au moins une catégorie avant de déposer le dossier.",
        "Ajoutez au moins une opération avant de déposer le dossier.",
    ]

    dossier_update(
        dossier=dossier,
        actor=manager,
        presentation="Le Gers face au confinement.",
        categories=[category(edition, "sensibilisation-citoyennete")],
    )
    operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=[], links=[LINKS["ig_quiz"]]
    )
    submitted = dossier_submit(dossier=dossier, actor=manager)

    assert submitted.status == Dossier.Status.SUBMITTED
    assert submitted.submitted_by == manager
    event = AuditEvent.objects.get(action="dossier_submitted")
    assert (event.actor, event.subject) == (manager, "Gers — #Hashtags 2020")
    assert event.data == {
        "categories": ["sensibilisation-citoyennete"],
        "operations": 1,
        "links": 1,
    }


def test_a_submitted_dossier_is_frozen(gers, manager, edition):
    dossier = dossier_create(
        edition=edition, territory=gers, actor=manager, categories=[category(edition, "tiktok")]
    )
    operation = operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=[], links=[]
    )
    dossier_submit(dossier=dossier, actor=manager)

    for write in (
        lambda: dossier_update(dossier=dossier, actor=manager, presentation="x", categories=[]),
        lambda: link_add(operation=operation, actor=manager, url=LINKS["ig_quiz"]),
        lambda: dossier_submit(dossier=dossier, actor=manager),
        lambda: operation_create(
            dossier=dossier, actor=manager, values=values(), hashtags=[], links=[]
        ),
    ):
        with pytest.raises(ValidationError, match=r"a été déposé le .* ne peut plus être modifié"):
            write()
    assert dossier.operations.count() == 1
    assert AuditEvent.objects.filter(action="dossier_submitted").count() == 1


def test_after_the_deadline_a_draft_can_no_longer_be_submitted(gers, manager, edition):
    dossier = dossier_create(
        edition=edition, territory=gers, actor=manager, categories=[category(edition, "tiktok")]
    )
    operation_create(dossier=dossier, actor=manager, values=values(), hashtags=[], links=[])
    edition.entries_close_at = timezone.now() - dt.timedelta(minutes=1)
    edition.save()
    dossier.refresh_from_db()

    with pytest.raises(ValidationError, match="est clos depuis le"):
        dossier_submit(dossier=dossier, actor=manager)

    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DRAFT
    assert not AuditEvent.objects.filter(action="dossier_submitted").exists()


def test_submission_matches_the_links_whose_posts_were_collected_since(gers, manager, edition):
    dossier = dossier_create(
        edition=edition, territory=gers, actor=manager, categories=[category(edition, "tiktok")]
    )
    operation = operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=[], links=[LINKS["x_tips"]]
    )
    OperationLink.objects.update(post=None)  # as if the status was collected afterwards

    dossier_submit(dossier=dossier, actor=manager)

    assert operation.links.get().post.external_id == "1244567890123456789"


# --- staff corrections in the admin -------------------------------------------------------


def _admin_post_data(response) -> dict:
    """The POST data of an admin change form as the page rendered it."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-{name}": value
                for name, value in formset.management_form.initial.items()
            }
        )
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def staff():
    return User.objects.create_user(
        "equipe", "equipe@example.fr", "un-mot-de-passe-42", is_staff=True, is_superuser=True
    )


@pytest.fixture
def submitted(gers, manager, edition):
    dossier = dossier_create(
        edition=edition,
        territory=gers,
        actor=manager,
        presentation="Le Gers face au confinement.",
        categories=[category(edition, "tiktok")],
    )
    operation_create(
        dossier=dossier, actor=manager, values=values(), hashtags=["Covid19Gers"], links=[]
    )
    return dossier_submit(dossier=dossier, actor=manager)


def test_a_staff_correction_of_a_submitted_dossier_is_logged_with_what_changed(
    client, staff, submitted
):
    client.force_login(staff)
    url = reverse("admin:awards_dossier_change", args=[submitted.pk])
    data = _admin_post_data(client.get(url))
    operation_title = next(name for name in data if name.endswith("-title"))
    data["presentation"] = "Le Gers face au confinement, en 2020."
    data[operation_title] = "Questions pour un Gersois (en direct)"

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    submitted.refresh_from_db()
    assert submitted.presentation == "Le Gers face au confinement, en 2020."
    assert submitted.status == Dossier.Status.SUBMITTED
    event = AuditEvent.objects.get(action="dossier_corrected")
    assert event.actor == staff
    assert event.data["changes"] == [
        {
            "object": "dossier « Gers — #Hashtags 2020 »",
            "fields": {
                "presentation": [
                    "Le Gers face au confinement.",
                    "Le Gers face au confinement, en 2020.",
                ]
            },
        },
        {
            "object": "opération « Questions pour un Gersois (en direct) »",
            "fields": {
                "title": ["Questions pour un Gersois", "Questions pour un Gersois (en direct)"]
            },
        },
    ]


def test_a_link_corrected_by_staff_is_read_again_and_logged(client, staff, submitted):
    operation = submitted.operations.get()
    client.force_login(staff)
    url = reverse("admin:awards_operation_change", args=[operation.pk])
    data = _admin_post_data(client.get(url))
    data["links-0-url"] = LINKS["fb_equipment"]

    client.post(url, data)

    link = operation.links.get()
    assert (link.network, link.external_id) == ("facebook", "3012345678901234")
    assert link.post.external_id == "100064512345678_3012345678901234"
    changes = AuditEvent.objects.get(action="dossier_corrected").data["changes"]
    assert changes == [{"object": f"lien « {link.url} »", "added": True}]


def test_saving_a_draft_in_the_admin_is_not_a_correction(client, staff, gers, manager, edition):
    dossier = dossier_create(edition=edition, territory=gers, actor=manager)
    client.force_login(staff)
    url = reverse("admin:awards_dossier_change", args=[dossier.pk])
    data = _admin_post_data(client.get(url)) | {"presentation": "Brouillon de l'équipe."}

    assert client.post(url, data).status_code == 302
    assert not AuditEvent.objects.filter(action="dossier_corrected").exists()
