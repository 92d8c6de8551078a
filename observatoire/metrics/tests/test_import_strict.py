"""Files that are not what they seem: each one is refused with one line naming the file, the
line and the reason, the command fails, and the database is left exactly as it was."""

import io

import pytest
from django.core.management import CommandError, call_command

from observatoire.core.models import JobRun
from observatoire.metrics.models import Post, Snapshot
from observatoire.profiles.models import Profile

from .test_imports import load_all, state, territories  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

POSTS_HEADER = "network,handle,post_id,published_at,likes,comments,shares,saves,views,text\n"
SNAPSHOTS_HEADER = "network,handle,date,followers,following,posts_count\n"
PROFILES_HEADER = "territory,network,handle,principal,status,url\n"


def post(post_id: str, text: str = "", *, at: str = "2024-08-31T10:00:00Z", likes="1") -> str:
    return f"instagram,gersledepartement,{post_id},{at},{likes},,,,,{text}\n"


def snapshot(followers: str, *, day: str = "2024-08-29") -> str:
    return f"instagram,gersledepartement,{day},{followers},,\n"


def profile(handle: str) -> str:
    return f"commune:32013,x,{handle},false,active,\n"


# (import kind, file content as bytes, line reported, words of the reason)
BAD_FILES = {
    # The quote opened on line 3 is never closed: today rows 3 and 4 become one post.
    "unterminated_quote": (
        "posts",
        (POSTS_HEADER + post("p7", "ok") + post("p8", '"Bonjour') + post("p9", "fin")).encode(),
        3,
        "guillemet",
    ),
    "unterminated_quote_closed_later": (
        "posts",
        (POSTS_HEADER + post("p8", '"Bonjour') + post("p9", '"fin"')).encode(),
        2,
        "guillemet",
    ),
    "cr_line_endings": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5")).replace("\n", "\r").encode(),
        1,
        "CR",
    ),
    "utf16_excel_unicode_text": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5")).replace(",", "\t").encode("utf-16"),
        1,
        "UTF-16",
    ),
    "utf16_without_bom": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5")).encode("utf-16-le"),
        1,
        "UTF-16",
    ),
    "field_over_the_csv_limit": (
        "posts",
        (POSTS_HEADER + post("p7", "ok") + post("p8", '"' + "a" * 131_073 + '"')).encode(),
        3,
        "131",
    ),
    "nul_byte": (
        "posts",
        (POSTS_HEADER + post("p7", "ok") + post("p8", "a\x00b")).encode(),
        3,
        "NUL",
    ),
    "semicolons": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5")).replace(",", ";").encode(),
        1,
        "séparateur « ; » détecté",
    ),
    "excel_workbook": ("snapshots", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), 1, "Excel"),
    "tabs": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5")).replace(",", "\t").encode(),
        1,
        "séparateur tabulation détecté",
    ),
    "superscript_digit": ("snapshots", (SNAPSHOTS_HEADER + snapshot("²")).encode(), 2, "followers"),
    "arabic_indic_digits": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("٣٤")).encode(),
        2,
        "followers",
    ),
    "count_beyond_the_database": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("9" * 20)).encode(),
        2,
        "followers",
    ),
    "count_beyond_what_sums_can_hold": (
        "posts",
        (POSTS_HEADER + post("p7", likes=str(2**63 - 1))).encode(),
        2,
        "likes",
    ),
    "date_before_2000": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5", day="1999-12-31")).encode(),
        2,
        "2000",
    ),
    "date_after_2100": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5", day="2101-01-01")).encode(),
        2,
        "2100",
    ),
    "week_date": (
        "snapshots",
        (SNAPSHOTS_HEADER + snapshot("5", day="2024-W01-1")).encode(),
        2,
        "date",
    ),
    "datetime_year_one": (
        "posts",
        (POSTS_HEADER + post("p7", at="0001-01-01T00:00:00+01:00")).encode(),
        2,
        "published_at",
    ),
    "datetime_far_future": (
        "posts",
        (POSTS_HEADER + post("p7", at="9999-12-31T23:00:00-05:00")).encode(),
        2,
        "published_at",
    ),
    "handle_with_control_character": (
        "profiles",
        (PROFILES_HEADER + profile("auch\x07")).encode(),
        2,
        "handle",
    ),
    "handle_with_bidi_override": (
        "profiles",
        (PROFILES_HEADER + profile("auch\u202egpj.exe")).encode(),
        2,
        "handle",
    ),
    "handle_with_angle_bracket": (
        "profiles",
        (PROFILES_HEADER + profile("<script>")).encode(),
        2,
        "handle",
    ),
    "handle_with_double_quote": (
        "profiles",
        (PROFILES_HEADER + profile('"au""ch"')).encode(),
        2,
        "handle",
    ),
    "handle_longer_than_the_column": (
        "profiles",
        (PROFILES_HEADER + profile("a" * 201)).encode(),
        2,
        "200",
    ),
    "handle_whose_lowercase_is_longer_than_the_column": (
        "profiles",
        (PROFILES_HEADER + profile("İ" * 150)).encode(),
        2,
        "200",
    ),
    "post_id_longer_than_the_column": (
        "posts",
        (POSTS_HEADER + post("p" * 201)).encode(),
        2,
        "post_id",
    ),
}


def everything():
    return (
        *state(),
        sorted(Post.objects.values_list("external_id", "text")),
        Snapshot.objects.count(),
        Profile.objects.count(),
    )


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_file_line_and_reason(tmp_path, territories, case):  # noqa: F811
    kind, content, line, words = BAD_FILES[case]
    load_all(tmp_path)
    before = everything()
    path = tmp_path / f"{case}.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", kind, path, "--no-progress", stderr=err)
    said = err.getvalue() + str(caught.value)
    located = [text for text in said.splitlines() if text.startswith(f"{path}:{line}: ")]
    assert located, said
    assert words in located[0], said
    assert "Traceback" not in said
    assert everything() == before
    run = JobRun.objects.filter(kind="import").order_by("-id").first()
    assert run.status == "failed"


def test_a_carriage_return_outside_quotes_in_a_crlf_file_is_refused(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    before = everything()
    content = SNAPSHOTS_HEADER + snapshot("5") + snapshot("6", day="2024-08-30")
    path = tmp_path / "mixed.csv"
    path.write_bytes(content.replace("\n", "\r\n").replace("29,5,,", "29,5\r,,").encode())
    with pytest.raises(CommandError):
        call_command("import", "snapshots", path, "--no-progress", stderr=io.StringIO())
    assert everything() == before


def test_crlf_files_and_quoted_line_breaks_are_still_read(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    text = '"Ligne 1\r\nligne 2\rfin, ""citée"""'
    content = (POSTS_HEADER + post("p7", "TEXT")).replace("\n", "\r\n").replace("TEXT", text)
    path = tmp_path / "crlf.csv"
    path.write_bytes(content.encode("utf-8-sig"))
    call_command("import", "posts", path, "--no-progress")
    assert Post.objects.get(external_id="p7").text == 'Ligne 1\r\nligne 2\rfin, "citée"'


def test_an_error_in_a_multiline_row_names_the_line_where_the_row_starts(tmp_path, territories):  # noqa: F811
    load_all(tmp_path)
    content = POSTS_HEADER + post("p7", '"deux\nlignes"', likes="-1")
    path = tmp_path / "multi.csv"
    path.write_text(content, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "posts", path, "--no-progress", stderr=err)
    assert err.getvalue().startswith(f"{path}:2: likes")
