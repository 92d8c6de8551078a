from types import SimpleNamespace

from django.utils import translation

from observatoire.site.templatetags.site_tags import (
    kpi_value,
    movement_text,
    ordinal,
    safe_url,
    streak_badge,
)


def entry(**kwargs):
    values = {
        "eligible": True,
        "previous_rank": 5,
        "movement": 0,
        "streak_first": 0,
        "streak_top10": 0,
    } | kwargs
    return SimpleNamespace(**values)


def test_kpi_values_in_french():
    with translation.override("fr"):
        assert kpi_value(0.0321, "engagement_rate") == "3,21 %"
        assert kpi_value(12345, "followers") == "12\xa0345"
        assert kpi_value(None, "reach") == "—"
        assert kpi_value("72.456", "score") == "72,46"


def test_movements():
    with translation.override("fr"):
        assert movement_text(entry(movement=3)) == "+3"
        assert movement_text(entry(movement=-2)) == "−2"
        assert movement_text(entry(movement=0)) == "="
        assert movement_text(entry(previous_rank=None, movement=None)) == "nouveau"
        assert movement_text(entry(eligible=False)) == ""


def test_streaks_and_ordinals():
    with translation.override("fr"):
        assert streak_badge(entry(streak_first=3)) == "1er pour le 3e mois consécutif"
        assert streak_badge(entry(streak_top10=4)) == "Top 10 depuis 4 mois"
        assert streak_badge(entry(streak_first=1, streak_top10=1)) == ""
        assert ordinal(1) == "1<sup>er</sup>" and ordinal(2) == "2<sup>e</sup>"
    with translation.override("en"):
        assert [ordinal(n) for n in (1, 2, 3, 11, 22)] == [
            "1<sup>st</sup>",
            "2<sup>nd</sup>",
            "3<sup>rd</sup>",
            "11<sup>th</sup>",
            "22<sup>nd</sup>",
        ]


def test_only_web_addresses_become_links():
    assert safe_url("https://www.instagram.com/x/") == "https://www.instagram.com/x/"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url(" data:text/html,x") == ""
