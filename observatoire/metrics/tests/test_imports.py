import datetime as dt
import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from observatoire.core.models import JobRun
from observatoire.metrics.imports import ImportRejected, posts_import
from observatoire.metrics.models import Post, Snapshot
from observatoire.profiles.imports import profiles_import
from observatoire.profiles.models import Profile
from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territories():
    gers = DepartementFactory(code="32", key="departement:32", name="Gers")
    auch = TerritoryFactory(code="32013", key="commune:32013", name="Auch")
    return gers, auch


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


PROFILES = """territory,network,handle,principal,status,url
departement:32,instagram,@GersLeDepartement,true,active,https://www.instagram.com/gersledepartement/
departement:32,facebook,gers.departement,,,
departement:32,facebook,InfoRoutesGers,false,active,
commune:32013,mastodon,auch@mastodon.social,true,unavailable,
"""
SNAPSHOTS = """network,handle,date,followers,following,posts_count
instagram,gersledepartement,2024-08-30,28000,662,1750
instagram,GERSLEDEPARTEMENT,2024-08-31,28010,,
facebook,gers.departement,2024-08-31,25000,,
"""
POSTS = (
    "network,handle,post_id,published_at,likes,comments,shares,saves,views,text\n"
    "instagram,gersledepartement,p1,2024-08-31T22:30:00+02:00,120,4,,,,"
    '"Le #Gers en été, ""vive"" l\'#OccitanieSport\nsur deux lignes"\n'
    "instagram,gersledepartement,p2,2024-08-02T00:10:00Z,0,,,,,\n"
)


def load_all(tmp_path):
    call_command("import", "profiles", write(tmp_path, "p.csv", PROFILES), "--no-progress")
    call_command("import", "snapshots", write(tmp_path, "s.csv", SNAPSHOTS), "--no-progress")
    call_command("import", "posts", write(tmp_path, "po.csv", POSTS), "--no-progress")


def state():
    return (
        sorted(
            Profile.objects.values_list(
                "territory__key", "network", "handle", "is_principal", "status", "url"
            )
        ),
        sorted(
            Snapshot.objects.values_list(
                "profile__handle", "date", "followers", "following", "posts_count"
            )
        ),
        sorted(
            Post.objects.values_list(
                "external_id", "published_at", "likes", "comments", "shares", "text"
            )
        ),
    )


def test_import_profiles_snapshots_posts(tmp_path, territories):
    load_all(tmp_path)
    insta = Profile.objects.get(network="instagram")
    assert insta.handle == "GersLeDepartement"  # leading @ dropped, case kept for display
    assert Profile.objects.get(handle="gers.departement").is_principal  # default true
    assert not Profile.objects.get(handle="InfoRoutesGers").is_principal
    masto = Profile.objects.get(network="mastodon")
    assert masto.status == "unavailable" and masto.unavailable_since is None  # date unknown
    assert masto.public_url == "https://mastodon.social/@auch"
    # Handles compare case-insensitively; an empty count is unknown, not zero.
    latest = Snapshot.objects.get(profile=insta, date=dt.date(2024, 8, 31))
    assert (latest.followers, latest.following, latest.posts_count) == (28010, None, None)
    p1 = Post.objects.get(external_id="p1")
    assert p1.published_at == dt.datetime(2024, 8, 31, 20, 30, tzinfo=dt.UTC)
    assert (p1.likes, p1.comments, p1.shares) == (120, 4, None)
    assert p1.text.endswith("sur deux lignes") and p1.hashtags == ["Gers", "OccitanieSport"]
    assert Post.objects.get(external_id="p2").likes == 0


def test_importing_twice_changes_nothing_and_newer_values_update(tmp_path, territories):
    load_all(tmp_path)
    before = state()
    load_all(tmp_path)
    assert state() == before
    newer = POSTS.replace("p2,2024-08-02T00:10:00Z,0", "p2,2024-08-02T00:10:00Z,7")
    call_command("import", "posts", write(tmp_path, "newer.csv", newer), "--no-progress")
    assert Post.objects.get(external_id="p2").likes == 7
    assert Post.objects.count() == 2


def test_a_bad_file_changes_nothing_and_names_every_bad_line(tmp_path, territories):
    load_all(tmp_path)
    before = state()
    bad = (
        "network,handle,post_id,published_at,likes,comments,shares,saves,views,text\n"
        "instagram,gersledepartement,p9,2024-08-31T10:00:00Z,5,,,,,fine row\n"
        "instagram,gersledepartement,p1,2024-08-31 22:30:00,1,,,,,\n"
        "instagram,gersledepartement,p4,2024-08-31T22:30:00Z,-3,,,,,\n"
        "instagram,nobody,p5,2024-08-31T22:30:00Z,1,,,,,\n"
        "tiktok,gersledepartement,p6,2024-08-31T22:30:00Z,1,,,,,\n"
        "instagram,gersledepartement,p7,2024-13-31T22:30:00Z,1,,,,,\n"
        "instagram,gersledepartement,p8,2024-08-31T22:30:00Z,1,2\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 ligne"):
        call_command(
            "import", "posts", write(tmp_path, "bad.csv", bad), "--no-progress", stderr=err
        )
    report = err.getvalue()
    for line, words in [
        (3, "fuseau horaire"),
        (4, "négatif"),
        (5, "profil inconnu"),
        (6, "profil inconnu"),
        (7, "ISO 8601"),
        (8, "valeurs au lieu"),
    ]:
        assert f"bad.csv:{line}:" in report and words in report.split(f"bad.csv:{line}:")[1]
    assert "bad.csv:2:" not in report
    assert state() == before  # the good row p9 was not written either
    run = JobRun.objects.filter(kind="import").order_by("-id").first()
    assert run.status == "failed" and run.error_count == 6


def test_two_principals_are_refused_in_the_file_and_against_the_database(tmp_path, territories):
    load_all(tmp_path)
    two = (
        "territory,network,handle,principal\n"
        "commune:32013,x,auch_a,true\n"
        "commune:32013,x,auch_b,true\n"
        "departement:32,instagram,gers_autre,true\n"
    )
    with pytest.raises(ImportRejected) as caught:
        profiles_import(path=write(tmp_path, "two.csv", two), progress=False)
    errors = dict(caught.value.report.errors)
    assert "ligne 2" in errors[3]
    assert "déjà en base" in errors[4]
    assert not Profile.objects.filter(handle__startswith="auch_").exists()


def test_the_principal_can_move_to_another_profile_in_one_file(tmp_path, territories):
    load_all(tmp_path)
    move = (
        "territory,network,handle,principal\n"
        "departement:32,facebook,InfoRoutesGers,true\n"
        "departement:32,facebook,gers.departement,false\n"
    )
    profiles_import(path=write(tmp_path, "move.csv", move), progress=False)
    assert Profile.objects.get(network="facebook", is_principal=True).handle == "InfoRoutesGers"


def test_bad_header_is_refused(tmp_path, territories):
    with pytest.raises(CommandError, match="Manquantes : followers"):
        call_command(
            "import",
            "snapshots",
            write(tmp_path, "h.csv", "network,handle,date,folowers\n"),
            "--no-progress",
        )


def test_export_then_import_into_an_empty_database_round_trips(tmp_path, territories):
    load_all(tmp_path)
    exports = {}
    for kind in ("profiles", "snapshots", "posts"):
        call_command("export", kind, "-o", tmp_path / f"{kind}.csv")
        exports[kind] = (tmp_path / f"{kind}.csv").read_text(encoding="utf-8")
    Post.objects.all().delete()
    Snapshot.objects.all().delete()
    Profile.objects.all().delete()
    for kind in ("profiles", "snapshots", "posts"):
        call_command("import", kind, tmp_path / f"{kind}.csv", "--no-progress")
        call_command("export", kind, "-o", tmp_path / f"{kind}-again.csv")
        assert (tmp_path / f"{kind}-again.csv").read_text(encoding="utf-8") == exports[kind]
    assert "28010,,\n" in exports["snapshots"]  # unknown stays unknown


def test_export_json_keeps_types(tmp_path, territories):
    load_all(tmp_path)
    out = io.StringIO()
    call_command("export", "snapshots", "--format", "json", stdout=out)
    import json

    rows = json.loads(out.getvalue())
    assert rows[1] == {
        "network": "instagram",
        "handle": "GersLeDepartement",
        "date": "2024-08-30",
        "followers": 28000,
        "following": 662,
        "posts_count": 1750,
    }


def test_export_territories_columns(tmp_path, territories):
    gers, auch = territories
    auch.departement = gers
    auch.save()
    out = io.StringIO()
    call_command("export", "territories", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "territory,name,category,population,departement,region,epci"
    assert "commune:32013,Auch,petite_ville,5000,departement:32,," in lines


def _posts_file(tmp_path, n):
    path = tmp_path / f"posts{n}.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("network,handle,post_id,published_at,likes,comments,shares,saves,views,text\n")
        start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
        for i in range(n):
            published = (start + dt.timedelta(minutes=20 * i)).isoformat()  # ~70 a day
            handle.write(
                f"instagram,gersledepartement,id{i},{published},"
                f"{i % 50},{i % 7},,,,Publication numéro {i} #Gers {'x' * 80}\n"
            )
    return path


def test_large_files_stream_with_flat_memory(tmp_path, territories):
    load_all(tmp_path)
    peaks = []
    for n in (5_000, 20_000):
        path = _posts_file(tmp_path, n)
        tracemalloc.start()
        posts_import(path=path, progress=False)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert Post.objects.count() == 20_000 + 2  # ids of the first file are reused
    # Four times the rows must not need anywhere near four times the memory.
    assert peaks[1] < peaks[0] * 1.6


def test_imported_hashtags_follow_the_connectors_rule(tmp_path, territories):
    # Before: the import's own regex made &#39; (an apostrophe) the hashtag "39", and a link's
    # fragment (…/agenda#juillet) a hashtag too; collected posts never did.
    call_command("import", "profiles", write(tmp_path, "p.csv", PROFILES), "--no-progress")
    posts = (
        "network,handle,post_id,published_at,text\n"
        "instagram,gersledepartement,p3,2024-08-31T10:00:00Z,"
        '"L&#39;été du #Gers : https://gers.fr/agenda#juillet #Gers #Été2024"\n'
    )
    call_command("import", "posts", write(tmp_path, "po.csv", posts), "--no-progress")
    assert Post.objects.get(external_id="p3").hashtags == ["Gers", "Été2024"]


# --- what the audit of posts reads: format, images and their alt texts, subtitles ---------

ACCESSIBILITY = (
    "network,handle,post_id,published_at,media_type,image_count,image_alts,subtitles,text\n"
    'facebook,gers.departement,a1,2024-08-31T10:00:00Z,carousel,3,"[""La cathédrale '
    "Sainte-Marie d'Auch"
    ', au soleil couchant"", """"]",,#GersLeDepartement\n'
    "facebook,gers.departement,a2,2024-08-31T11:00:00Z,image,1,,,sans alt connu\n"
    'facebook,gers.departement,a3,2024-08-31T12:00:00Z,IMAGE,,"[""Le pont""]",,\n'
    "facebook,gers.departement,a4,2024-08-31T13:00:00Z,video,,,oui,\n"
    "facebook,gers.departement,a5,2024-08-31T14:00:00Z,reel,0,,false,\n"
)


def test_posts_carry_their_format_images_alt_texts_and_subtitles(tmp_path, territories):
    call_command("import", "profiles", write(tmp_path, "p.csv", PROFILES), "--no-progress")
    call_command("import", "posts", write(tmp_path, "a.csv", ACCESSIBILITY), "--no-progress")

    posts = {
        p.external_id: (p.media_type, p.image_count, p.images, p.subtitles)
        for p in Post.objects.all()
    }
    assert posts == {
        # the third image has no text in the cell: unverifiable, not missing
        "a1": (
            "carousel",
            3,
            [{"alt": "La cathédrale Sainte-Marie d'Auch, au soleil couchant"}, {"alt": ""}],
            None,
        ),
        "a2": ("image", 1, [], None),  # counted, no alt text known
        "a3": ("image", 1, [{"alt": "Le pont"}], None),  # image_count from the texts
        "a4": ("video", 0, [], True),
        "a5": ("reel", 0, [], False),
    }


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("story,,,", "media_type : « story » inconnu"),
        ("image,1,pas du json,", "image_alts : tableau JSON"),
        ('image,1,"{""alt"": ""x""}",', "image_alts : tableau JSON"),
        ('image,2,"[""a"", 3]",', "image_alts : tableau JSON"),
        ('image,1,"[""a\\u0000""]",', "image_alts : caractère NUL"),
        ('image,1,"[""\\ud800""]",', "image_alts : texte Unicode invalide"),
        ('image,1,"[""a"", ""b""]",', "image_alts : 2 textes pour 1 image"),
        ("image,1001,,", "image_count : au plus 1000"),
        ("image,-1,,", "image_count : nombre négatif"),
        ("video,,,peut-être", "subtitles : « peut-être » n'est ni true ni false"),
    ],
)
def test_a_bad_accessibility_cell_names_the_file_line_and_column(
    tmp_path, territories, cells, words
):
    call_command("import", "profiles", write(tmp_path, "p.csv", PROFILES), "--no-progress")
    bad = (
        "network,handle,post_id,published_at,media_type,image_count,image_alts,subtitles\n"
        "facebook,gers.departement,ok,2024-08-31T10:00:00Z,image,1,,\n"
        f"facebook,gers.departement,b1,2024-08-31T10:00:00Z,{cells}\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 ligne"):
        call_command("import", "posts", write(tmp_path, "b.csv", bad), "--no-progress", stderr=err)
    assert f"b.csv:3: {words}" in err.getvalue()
    assert not Post.objects.exists()
