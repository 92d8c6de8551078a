"""The press kit of an edition (CSV and JSON): categories, nominees with their official
codes, medals and links — only what is announced; the CSV safe in a spreadsheet."""

import csv
import io
import json

import pytest
from django.urls import reverse

from observatoire.awards.tests.public_world import palmares_world


@pytest.fixture
def world(db):
    return palmares_world()


def csv_rows(client, **params) -> list[dict]:
    response = client.get(reverse("awards:press_csv", kwargs={"year": 2024}), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def kit(client, **params) -> dict:
    response = client.get(reverse("awards:press_json", kwargs={"year": 2024}), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_before_the_announcements_only_the_categories(client, world):
    rows = csv_rows(client)
    assert [r["Catégorie"] for r in rows] == [
        "Départements",
        "Sensibilisation et citoyenneté",
        "TikTok",
        "Hashtag d'or de l'agilité",
    ]
    assert {r["Collectivité"] for r in rows} == {""}
    document = kit(client)
    assert document["edition"]["nominations_announced"] is False
    assert all(c["nominees"] == [] for c in document["categories"])


def test_the_nominees_with_their_codes_once_announced(client, world):
    world.announce(nominations=True)
    rows = csv_rows(client)
    gers = [r for r in rows if r["Collectivité"] == "Gers"]
    assert [r["Catégorie"] for r in gers] == ["Sensibilisation et citoyenneté", "TikTok"]
    assert gers[0]["Code officiel (Insee)"] == "32" and gers[0]["SIREN"] == "223200010"
    assert gers[0]["Type de collectivité"] == "Département"
    assert gers[0]["Page de la collectivité"] == "http://testserver/collectivites/gers/"
    assert gers[0]["Page de la catégorie"] == (
        "http://testserver/trophees/2024/sensibilisation-citoyennete/"
    )
    assert {r["Médaille"] for r in rows} == {""} and {r["Badge"] for r in rows} == {""}
    document = kit(client)
    tiktok = next(c for c in document["categories"] if c["slug"] == "tiktok")
    assert tiktok["nominees"] == [
        {
            "name": "Gers",
            "kind": "Département",
            "code": "32",
            "siren": "223200010",
            "url": "http://testserver/collectivites/gers/",
            "medal": None,
            "medal_label": None,
            "label": None,
            "badge_url": None,
        }
    ]


def test_the_medals_and_badges_once_the_palmares_is(client, world):
    world.announce(nominations=True, results=True)
    rows = {(r["Catégorie"], r["Collectivité"]): r for r in csv_rows(client)}
    gold = rows["Sensibilisation et citoyenneté", "Gers"]
    award = world.awards["sensibilisation-citoyennete", "Gers"]
    assert gold["Médaille"] == "Or"
    assert gold["Badge"] == f"http://testserver/trophees/2024/badges/{award.pk}.svg"
    special = rows["Hashtag d'or de l'agilité", "Saône-et-Loire"]
    assert special["Médaille"] == "Prix spécial" and special["Intitulé du prix"] == "Hashtag d'or"
    assert rows["Départements", "Aude"]["Médaille"] == ""
    document = kit(client)
    assert document["edition"]["results_announced"] is True
    agility = next(c for c in document["categories"] if c["slug"] == "hashtag-or")
    assert agility["nominees"][0]["medal"] == "special"
    assert agility["nominees"][0]["label"] == "Hashtag d'or"


def test_the_csv_is_safe_in_a_spreadsheet(client, world):
    world.announce(nominations=True)
    world.gers.name = '=HYPERLINK("http://exemple.invalid";"Gers")'
    world.gers.save()
    cells = [r["Collectivité"] for r in csv_rows(client)]
    assert '\'=HYPERLINK("http://exemple.invalid";"Gers")' in cells


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_staff_get_a_preview_kit(client, world, who):
    if who == "member":
        client.force_login(world.member)
    assert {r["Collectivité"] for r in csv_rows(client, apercu="1")} == {""}
    assert kit(client, apercu="1")["edition"]["preview"] is False


def test_staff_preview_kit_says_so_in_its_name(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("awards:press_csv", kwargs={"year": 2024}), {"apercu": "1"})
    assert 'filename="apercu-trophees-2024-presse.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["Médaille"] for r in rows} >= {"Or", "Argent", "Bronze", "Prix spécial"}
    assert kit(client, apercu="1")["edition"]["preview"] is True
    public = client.get(reverse("awards:press_json", kwargs={"year": 2024}))
    assert 'filename="trophees-2024-presse.json"' in public["Content-Disposition"]


def test_a_demo_edition_says_so_in_the_file_name(client, world):
    world.edition.is_demo = True
    world.edition.save()
    response = client.get(reverse("awards:press_csv", kwargs={"year": 2024}))
    assert 'filename="demo-trophees-2024-presse.csv"' in response["Content-Disposition"]


def test_an_unknown_edition_has_no_press_kit(client, world):
    assert client.get(reverse("awards:press_csv", kwargs={"year": 1999})).status_code == 404
    assert client.get(reverse("awards:press_json", kwargs={"year": 1999})).status_code == 404
