"""The default lexicon: loaded by the migration, one bit per theme, demo captions classified."""

import pytest

from observatoire.editorial.lexicon_default import THEMES, default_entries
from observatoire.editorial.models import LexiconRevision, Theme, ThemeTerm
from observatoire.editorial.themes import lexicon_compile, themes_of


@pytest.mark.django_db
def test_the_migration_loads_the_default_lexicon_as_revision_1():
    assert [(t.slug, t.bit) for t in Theme.objects.order_by("bit")] == [
        (spec.slug, spec.bit) for spec in sorted(THEMES, key=lambda spec: spec.bit)
    ]
    route = Theme.objects.get(slug="routes-mobilites")
    assert ThemeTerm.objects.filter(theme=route, term="feuille de route", negative=True).exists()
    assert LexiconRevision.objects.get().pk == 1


def test_bits_are_unique_and_fit_the_mask():
    bits = [spec.bit for spec in THEMES]
    assert len(set(bits)) == len(bits)
    assert all(0 <= bit <= 62 for bit in bits)


def test_a_road_post_is_in_routes_and_mobilites():
    lexicon = lexicon_compile(entries=default_entries(), revision=1)
    mask = themes_of(text="Route barrée à Auch", hashtags=[], lexicon=lexicon)
    assert mask == 1 << THEMES[1].bit
