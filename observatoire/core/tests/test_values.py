"""The one rule of counts and the one rule of hashtags, shared by connectors and imports."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from observatoire.connectors import base
from observatoire.core.cells import RowError, parse_count
from observatoire.core.values import MAX_COUNT, CountError, count_value, hashtags_in

# The two rules this one replaces, kept here as references.
OLD_CONNECTOR_HASHTAG = re.compile(r"(?<![\w&/])#(\w+)", re.UNICODE)
OLD_IMPORT_HASHTAG = re.compile(r"#(\w+)")


def _unique(found: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found))


@given(st.text())
def test_hashtags_never_crash_and_match_the_connectors_rule(text):
    assert hashtags_in(text) == _unique(OLD_CONNECTOR_HASHTAG.findall(text))


words = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@given(st.lists(st.tuples(st.booleans(), words), max_size=12), st.sampled_from([" ", "\n", " : "]))
def test_on_ordinary_text_the_import_finds_what_it_found_before(items, separator):
    """Words and #tags between spaces or punctuation: both old rules agreed, so does the new."""
    text = separator.join(("#" if tagged else "") + word for tagged, word in items)
    assert hashtags_in(text) == _unique(OLD_IMPORT_HASHTAG.findall(text))


def test_html_entities_links_and_mid_word_signs_are_not_hashtags():
    text = "L&#39;été #Gers https://gers.fr/agenda#juillet C#ville #Gers l'#Été2024 (#Auch)"
    assert hashtags_in(text) == ("Gers", "Été2024", "Auch")
    assert hashtags_in(None) == ()


def test_connectors_use_the_shared_rules():
    assert base.hashtags_in is hashtags_in
    assert base.count is count_value


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_a_count_reads_the_same_from_a_payload_and_from_a_csv_cell(number):
    assert count_value(number) == count_value(str(number)) == count_value(f" {number} ") == number
    assert count_value(float(number)) == number  # exact: MAX_COUNT < 2**53
    assert parse_count(str(number), "likes") == number


@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=15), st.booleans()))
def test_any_value_is_a_count_unknown_or_refused_never_a_crash(value):
    try:
        number = count_value(value)
    except CountError as exc:
        assert exc.reason in {"negative", "not_whole", "too_large"}
        if isinstance(value, str):  # a CSV cell: refused with the column's name
            with pytest.raises(RowError, match=r"^likes : "):
                parse_count(value, "likes")
    else:
        assert number is None or 0 <= number <= MAX_COUNT


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (-1, "negative"),
        ("-3", "negative"),
        (True, "not_whole"),
        (2.5, "not_whole"),
        ("1 000", "not_whole"),
        ("+3", "not_whole"),
        ("١٢", "not_whole"),
        (MAX_COUNT + 1, "too_large"),
        (str(MAX_COUNT + 1), "too_large"),
    ],
)
def test_not_counts(value, reason):
    with pytest.raises(CountError) as caught:
        count_value(value)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)  # a connector leaves such a post out (a gap)
