import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from observatoire.editorial.models import Campaign
from observatoire.editorial.services import (
    campaign_create,
    campaign_delete,
    campaign_hashtags_parse,
    campaign_update,
)
from observatoire.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
MARCH_13 = dt.date(2020, 3, 13)


def errors(**kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        campaign_create(**{"territory": TerritoryFactory(), "starts_on": MARCH_13, **kwargs})
    return caught.value.message_dict


def test_hashtags_typed_any_way_become_keys_once_each():
    typed = "#Covid19Gers, covid19gers  #GersLeDépartement;#RestezChezVous"
    assert campaign_hashtags_parse(typed) == ["covid19gers", "gersledépartement", "restezchezvous"]
    assert campaign_hashtags_parse(["#A", "b"]) == ["a", "b"]


def test_a_campaign_is_created_with_its_hashtags_as_keys(django_user_model):
    territory = TerritoryFactory()
    user = django_user_model.objects.create_user("gers-cm")
    campaign = campaign_create(
        territory=territory,
        name="  Crise   Covid-19 ",
        hashtags="#Covid19Gers, #RestezChezVous",
        starts_on=MARCH_13,
        created_by=user,
    )
    campaign.refresh_from_db()
    assert (campaign.name, campaign.hashtags, campaign.ends_on) == (
        "Crise Covid-19",
        ["covid19gers", "restezchezvous"],
        None,
    )
    assert campaign.created_by == user


@pytest.mark.parametrize(
    ("hashtags", "message"),
    [
        ("", "au moins un hashtag"),
        ("#, ,", "au moins un hashtag"),
        ("#Covid-19", "Covid-19"),
        ("#Gers https://example.org", "https://example.org"),
        (", ".join(f"#tag{n}" for n in range(21)), "au plus 20 hashtags (21 indiqués)"),
    ],
)
def test_wrong_hashtags_are_refused_with_a_message_on_the_field(hashtags, message):
    found = errors(name="Campagne", hashtags=hashtags)
    assert list(found) == ["hashtags"]
    assert message in found["hashtags"][0]


def test_twenty_hashtags_are_enough():
    campaign = campaign_create(
        territory=TerritoryFactory(),
        name="Vingt",
        hashtags=[f"tag{n}" for n in range(20)],
        starts_on=MARCH_13,
    )
    assert len(campaign.hashtags) == 20


def test_each_wrong_field_is_named():
    found = errors(name=" ", hashtags="#Gers", ends_on=dt.date(2020, 3, 1))
    assert set(found) == {"name", "ends_on"}
    assert found["ends_on"] == ["La fin ne peut précéder le début."]


def test_a_name_is_unique_per_collectivite_whatever_its_case():
    territory = TerritoryFactory()
    campaign_create(territory=territory, name="Été", hashtags="#Gers", starts_on=MARCH_13)
    with pytest.raises(ValidationError) as caught:
        campaign_create(territory=territory, name="ÉTÉ", hashtags="#Gers", starts_on=MARCH_13)
    assert list(caught.value.message_dict) == ["name"]
    other = campaign_create(
        territory=TerritoryFactory(), name="Été", hashtags="#Gers", starts_on=MARCH_13
    )
    assert other.pk


def test_a_campaign_is_updated_and_deleted():
    territory = TerritoryFactory()
    campaign = campaign_create(
        territory=territory, name="Été", hashtags="#Gers", starts_on=MARCH_13
    )
    campaign_update(
        campaign=campaign,
        name="Été",  # its own name is not a duplicate
        hashtags="#Gers #Auch",
        starts_on=MARCH_13,
        ends_on=dt.date(2020, 9, 1),
        description="Saison",
    )
    campaign.refresh_from_db()
    assert (campaign.hashtags, campaign.ends_on, campaign.description) == (
        ["gers", "auch"],
        dt.date(2020, 9, 1),
        "Saison",
    )
    with pytest.raises(ValidationError):
        campaign_update(
            campaign=campaign, name="Été", hashtags="", starts_on=MARCH_13, ends_on=None
        )
    campaign_delete(campaign=campaign)
    assert not Campaign.objects.exists()
