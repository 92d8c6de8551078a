"""The English translation: complete, compiled, up to date with the sources, and served."""

import ast
import datetime as dt
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from observatoire.blog.models import Article

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES / "django.po"
MO_FILE = MESSAGES / "django.mo"
# Same exclusions as `make messages`.
IGNORED = [".venv", "node_modules", "var", "bench", "tests/e2e"]


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry = field = None
            continue
        if entry is not None and entry["msgstr"] and not line.startswith(('"', "msgstr")):
            entries.append(entry)  # a new entry without a blank line before it
            entry = None
        if entry is None:
            entry = {
                "msgctxt": None,
                "msgid": "",
                "msgid_plural": None,
                "msgstr": {},
                "flags": set(),
            }
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        else:
            match = re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line
            )
            if match:
                keyword, index, literal = match.groups()
                field = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else keyword
                text = ast.literal_eval(literal)
            else:  # continuation of the previous string
                text = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] = entry["msgstr"].get(field[1], "") + text
            else:
                entry[field] = (entry[field] or "") + text
    return [
        {**e, "msgstr": [e["msgstr"][i] for i in sorted(e["msgstr"])]}
        for e in entries
        if not e.get("obsolete")
    ]


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    return read_po(PO_FILE)


def messages(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e["msgid"]]  # without the header


def test_the_po_file_holds_the_messages(po_entries):
    assert len(messages(po_entries)) > 300
    header = next(e for e in po_entries if not e["msgid"])
    assert "Language: en" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    untranslated = [e["msgid"] for e in messages(po_entries) if not all(e["msgstr"])]
    assert untranslated == []
    plural_forms = [e["msgid"] for e in messages(po_entries) if e["msgid_plural"]]
    assert plural_forms, "the site has plural messages"
    wrong_count = [
        e["msgid"] for e in messages(po_entries) if e["msgid_plural"] and len(e["msgstr"]) != 2
    ]
    assert wrong_count == []


def test_placeholders_survive_translation(po_entries):
    placeholder = re.compile(r"%\((\w+)\)[sd]|%%")
    broken = []
    for entry in messages(po_entries):
        for source in filter(None, [entry["msgid"], entry["msgid_plural"]]):
            expected = sorted(placeholder.findall(source))
            for translation in entry["msgstr"]:
                if sorted(placeholder.findall(translation)) != expected:
                    broken.append((source, translation))
    assert broken == []


def test_the_committed_mo_file_matches_the_po_file(po_entries):
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    different = []
    for entry in messages(po_entries):
        msgid, plural, context = entry["msgid"], entry["msgid_plural"], entry["msgctxt"]
        if plural is None:
            got = [
                compiled.pgettext(context, msgid)
                if context is not None
                else compiled.gettext(msgid)
            ]
        elif context is not None:
            got = [compiled.npgettext(context, msgid, plural, n) for n in (1, 2)]
        else:
            got = [compiled.ngettext(msgid, plural, n) for n in (1, 2)]
        if got != entry["msgstr"]:
            different.append((msgid, got, entry["msgstr"]))
    assert different == [], "run `make messages` and commit the .mo file"
    # Nothing left in the .mo that the .po no longer has (the catalog keys plural ids by index).
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in compiled._catalog}
    source_ids = {
        (f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] is not None else e["msgid"])
        for e in po_entries
    }
    assert compiled_ids - source_ids == set()


def test_the_po_file_has_every_marked_string(po_entries, tmp_path, monkeypatch, settings):
    """A fresh extraction finds no message the committed .po file lacks (`make messages`)."""
    committed_text = PO_FILE.read_bytes()
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(settings.BASE_DIR)
    # Ignoring the real locale folder keeps makemessages from writing into it.
    ignored = [*IGNORED, str(PO_FILE.parent.parent.parent.relative_to(settings.BASE_DIR))]
    call_command("makemessages", locale=["en"], ignore_patterns=ignored, verbosity=0)
    assert PO_FILE.read_bytes() == committed_text
    fresh = read_po(tmp_path / "en" / "LC_MESSAGES" / "django.po")
    committed = {(e["msgctxt"], e["msgid"]) for e in po_entries}
    missing = [e["msgid"] for e in messages(fresh) if (e["msgctxt"], e["msgid"]) not in committed]
    assert missing == [], "run `make messages`, translate the new entries and commit"


@pytest.fixture
def published(db):
    from observatoire.site.tests.factories import build_rankings

    cache.clear()
    world = build_rankings(months=[dt.date(2026, 9, 1), dt.date(2026, 10, 1)])
    Article.objects.create(
        title="Bilan d'octobre",
        slug="bilan",
        body="Texte",
        published_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    yield world
    cache.clear()


def english_page(client, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en">' in page
    return html.unescape(page)


def french_sentences(entries: list[dict]) -> list[str]:
    """Literal parts of French messages long enough not to match a name or an English word."""
    sentences = []
    for entry in messages(entries):
        if entry["msgstr"][0] == entry["msgid"]:
            continue
        for part in re.split(r"%\(\w+\)[sd]|%%|\n", entry["msgid"]):
            if len(part.strip()) >= 15:
                sentences.append(part.strip())
    return sentences


@pytest.mark.parametrize(
    ("page", "english", "french"),
    [
        (
            "home",
            [
                "French local authorities on social media",
                "Biggest climbers",
                "Latest articles",
                "Skip to content",
            ],
            [
                "Les collectivités françaises sur les réseaux sociaux",
                "Les plus fortes progressions",
                "Derniers articles",
            ],
        ),
        (
            "rankings",
            [
                "Départements on Instagram — October 2026",
                "Download this table (CSV)",
                "Engagement rate",
            ],
            ["sur Instagram", "octobre 2026", "Taux d'engagement"],
        ),
        (
            "methodology",
            [
                "The five indicators and their weights",
                "Worked example",
                "Score (in %) = 100 × Σ (weight × normalised indicator) ÷ Σ weights.",
            ],
            ["Les cinq indicateurs et leur poids", "Exemple de calcul"],
        ),
        ("blog", ["Subscribe (RSS)", "2 November 2026"], ["S'abonner", "novembre"]),
        (
            "login",
            ["For Observatory staff and local authorities only.", "Forgotten your password?"],
            ["Se connecter", "Mot de passe oublié"],
        ),
        (
            "territory",
            [
                "Profiles and rankings",
                "Where the points come from (Instagram)",
                "Rank and score over the months",
            ],
            ["Profils et classements", "D'où viennent les points"],
        ),
    ],
)
def test_pages_in_english(client, published, po_entries, page, english, french):
    url = {
        "home": reverse("site:home"),
        "rankings": reverse("site:rankings"),
        "methodology": reverse("site:methodology"),
        "blog": reverse("blog:list"),
        "login": reverse("users:login"),
        "territory": published["departements"][0].get_absolute_url(),
    }[page]
    text = english_page(client, url)
    for heading in english:
        assert heading in text
    for heading in french:
        assert heading not in text
    left_in_french = [s for s in french_sentences(po_entries) if s in text]
    assert left_in_french == []


def test_french_stays_the_default(client, published):
    page = html.unescape(client.get(reverse("site:methodology")).content.decode())
    assert '<html lang="fr">' in page
    assert "Les cinq indicateurs et leur poids" in page
    assert "The five indicators and their weights" not in page
