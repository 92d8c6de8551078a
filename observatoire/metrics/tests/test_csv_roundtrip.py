"""`observatoire export` → `observatoire import` into an empty database → export gives the
same bytes, whatever the text; cells a spreadsheet would run are escaped reversibly; a pipe
closed early ends the export quietly; a profile's breaking date is never invented."""

import csv
import datetime as dt
import io
import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from observatoire.metrics.models import Post, PostDailyRollup, Snapshot
from observatoire.metrics.services import PostRow, posts_upsert
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.services import ranking_build

from .test_imports import load_all, territories, write  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
KINDS = ("profiles", "snapshots", "posts")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
AT = dt.datetime(2024, 8, 31, 10, tzinfo=dt.UTC)


def export(kind: str, path) -> bytes:
    call_command("export", kind, "-o", path, stderr=io.StringIO())
    return path.read_bytes()


def empty_database() -> None:
    Post.objects.all().delete()
    PostDailyRollup.objects.all().delete()
    Snapshot.objects.all().delete()
    Profile.objects.all().delete()


def round_trip(tmp_path) -> dict[str, tuple[bytes, bytes]]:
    """Each kind's export before and after an import into an empty database."""
    first = {kind: export(kind, tmp_path / f"{kind}.csv") for kind in KINDS}
    empty_database()
    for kind in KINDS:
        call_command(
            "import", kind, tmp_path / f"{kind}.csv", "--no-progress", stdout=io.StringIO()
        )
    return {kind: (first[kind], export(kind, tmp_path / f"{kind}-again.csv")) for kind in KINDS}


@contextmanager
def rolled_back():
    """Each hypothesis example starts from the same database."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


CHARACTERS = st.one_of(
    st.sampled_from(
        ["\r", "\n", '"', ",", "'", *TRIGGERS, ";", "#", "\ufeff", "\u2028", "\x85", "\u202e", " "]
    ),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
)
POSTS = st.lists(
    st.tuples(
        st.text(CHARACTERS, max_size=60),
        st.datetimes(
            min_value=dt.datetime(2000, 1, 1),
            max_value=dt.datetime(2100, 12, 31),
            timezones=st.just(dt.UTC),
        ),
        st.one_of(st.none(), st.integers(0, 10**12)),
        # what the audit reads: format, alt text of each image ("" none; fewer than the
        # images counted: the rest unverifiable), subtitles (None: not said)
        st.sampled_from(["", *Post.MediaType.values]),
        st.lists(st.text(CHARACTERS, max_size=20), max_size=3),
        st.integers(0, 2),
        st.sampled_from([None, True, False]),
    ),
    min_size=1,
    max_size=5,
)
HANDLES = st.sampled_from(
    ["gers", "=HYPERLINK(1)", "-moins", "+plus", "'apostrophe", "''deux", "a,b", "İstanbul", "ÉTÉ"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(posts=POSTS, handle=HANDLES, post_id_prefix=st.sampled_from(["p", "-", "=", "'", "@"]))
@example(
    posts=[("ligne\rsuivante", AT, 1, "", [], 0, None), ("fin\r", AT, None, "", [], 0, None)],
    handle="gers",
    post_id_prefix="p",
)
@example(
    posts=[
        ("=1+1", AT, None, "carousel", ["=SOMME(A1)", "", 'guillemets "x", virgule'], 1, None),
        ("'cité", AT, 0, "video", [], 0, True),
    ],
    handle="'apostrophe",
    post_id_prefix="-",
)
def test_any_text_round_trips_byte_for_byte(tmp_path, territories, posts, handle, post_id_prefix):  # noqa: F811
    with rolled_back():
        profile = ProfileFactory(territory=territories[0], network="x", handle=handle)
        posts_upsert(
            rows=[
                PostRow(
                    profile_id=profile.id,
                    external_id=f"{post_id_prefix}{i}",
                    published_at=at,
                    text=text,
                    likes=likes,
                    media_type=media_type,
                    image_count=len(alts) + unverifiable,
                    images=tuple({"alt": alt} for alt in alts),
                    subtitles=subtitles,
                )
                for i, (text, at, likes, media_type, alts, unverifiable, subtitles) in enumerate(
                    posts
                )
            ]
        )
        fields = ("text", "media_type", "image_count", "images", "subtitles")
        stored = sorted(Post.objects.values_list(*fields), key=repr)
        for kind, (before, after) in round_trip(tmp_path).items():
            assert after == before, kind
        assert sorted(Post.objects.values_list(*fields), key=repr) == stored


def test_a_lone_carriage_return_in_a_text_survives_the_round_trip(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    Post.objects.filter(external_id="p2").update(text="avant\raprès\r")
    exports = round_trip(tmp_path)
    assert exports["posts"][1] == exports["posts"][0]
    assert Post.objects.get(external_id="p2").text == "avant\raprès\r"


def cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]


def test_cells_a_spreadsheet_would_run_are_escaped_and_restored(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    routes = Profile.objects.get(handle="InfoRoutesGers")
    routes.handle = "=HYPERLINK(1)"
    routes.save()
    Post.objects.filter(external_id="p1").update(text="@SUM(1+1)")
    Post.objects.filter(external_id="p2").update(text="'déjà une apostrophe", external_id="-p2")
    exports = round_trip(tmp_path)
    for kind, (before, after) in exports.items():
        assert after == before, kind
        assert not any(cell.startswith(TRIGGERS) for cell in cells(before)), kind
    assert "'=HYPERLINK(1)" in cells(exports["profiles"][0])
    assert {"'@SUM(1+1)", "''déjà une apostrophe", "'-p2"} <= set(cells(exports["posts"][0]))
    assert Profile.objects.filter(handle="=HYPERLINK(1)").exists()
    assert Post.objects.get(external_id="-p2").text == "'déjà une apostrophe"


def test_export_into_a_pipe_closed_early_ends_quietly(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    posts_upsert(
        rows=[
            PostRow(
                profile_id=Profile.objects.get(network="instagram").id,
                external_id=f"n{i}",
                published_at=dt.datetime(2024, 8, 1, tzinfo=dt.UTC),
                text="x" * 100,
            )
            for i in range(2000)
        ]
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` once it has read its lines
    stdout = os.fdopen(write_end, "w", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("export", "posts", stdout=stdout, stderr=err)
    assert caught.value.code == 141  # what a shell reports for a command stopped by SIGPIPE
    assert err.getvalue() == ""
    stdout.close()  # the rest of the buffer goes nowhere, without a second BrokenPipeError


# --- unavailable_since ------------------------------------------------------------------

UNAVAILABLE = """territory,network,handle,status
commune:32013,x,auch,unavailable
"""


def test_an_unavailable_profile_without_a_date_gets_no_invented_date(tmp_path, territories):  # noqa: F811
    call_command("import", "profiles", write(tmp_path, "u.csv", UNAVAILABLE), "--no-progress")
    auch = Profile.objects.get(handle="auch")
    assert auch.status == "unavailable" and auch.unavailable_since is None
    # Unknown breaking date: never ranked, not even in months long before the import.
    publication = ranking_build(month=dt.date(2024, 8, 1))
    entry = publication.entries.get(profile=auch)
    assert not entry.eligible and entry.reason == "unavailable"


def test_unavailable_since_is_imported_exported_and_round_trips(tmp_path, territories):  # noqa: F811
    dated = (
        "territory,network,handle,status,unavailable_since\n"
        "commune:32013,x,auch,unavailable,2024-09-03\n"
        "departement:32,x,gers,active,\n"
    )
    call_command("import", "profiles", write(tmp_path, "d.csv", dated), "--no-progress")
    assert Profile.objects.get(handle="auch").unavailable_since == dt.date(2024, 9, 3)
    exported = export("profiles", tmp_path / "profiles.csv").decode()
    assert exported.splitlines()[0].endswith(",unavailable_since")
    assert "commune:32013,x,auch,true,unavailable,,2024-09-03" in exported
    for before, after in round_trip(tmp_path).values():
        assert after == before
    # A file without the column keeps the date the database knows.
    call_command("import", "profiles", write(tmp_path, "u.csv", UNAVAILABLE), "--no-progress")
    assert Profile.objects.get(handle="auch").unavailable_since == dt.date(2024, 9, 3)


@pytest.mark.parametrize(
    ("status", "since", "words"),
    [
        ("active", "2024-09-03", "unavailable_since"),
        ("unavailable", "2024-13-01", "unavailable_since"),
        ("unavailable", "2999-01-01", "unavailable_since"),
    ],
)
def test_a_bad_unavailable_since_is_refused(tmp_path, territories, status, since, words):  # noqa: F811
    bad = (
        "territory,network,handle,status,unavailable_since\n"
        f"commune:32013,x,auch,{status},{since}\n"
    )
    err = io.StringIO()
    with pytest.raises(Exception, match="Import annulé"):
        call_command(
            "import", "profiles", write(tmp_path, "b.csv", bad), "--no-progress", stderr=err
        )
    assert f"b.csv:2: {words}" in err.getvalue()
    assert not Profile.objects.exists()
