"""Regenerating a month is atomic (a failure leaves the previous files and rows), the
publication queues the dumps once it commits, and `observatoire dumps build` writes them."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from observatoire.opendata.dumps import files as dump_files
from observatoire.opendata.dumps import services
from observatoire.opendata.dumps.services import DumpError, dumps_build
from observatoire.opendata.models import Dump
from observatoire.rankings.models import RankingEntry

from .dumps_world import OCTOBER, csv_rows, download, dump_rows, dumps_world, files_on_disk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dumps_root(settings, tmp_path):
    settings.DUMPS_ROOT = tmp_path / "dumps"


@pytest.fixture
def world(db):
    return dumps_world(census=False)


def generations(settings) -> list[str]:
    month = Path(settings.DUMPS_ROOT) / "2026-10"
    return sorted(path.name for path in month.iterdir())


def test_a_month_is_written_into_one_generation_its_rows_point_at(world, settings):
    dumps = dumps_build(month=OCTOBER)
    [generation] = generations(settings)
    assert {dump.path.rsplit("/", 1)[0] for dump in dumps} == {f"2026-10/{generation}"}
    assert sorted((d.dataset, d.format) for d in Dump.objects.all()) == sorted(
        [
            (name, fmt)
            for name in ("rankings", "kpis", "profiles", "territories")
            for fmt in ("csv", "parquet")
        ]
        + [("datapackage", "json")]
    )
    on_disk = files_on_disk(settings)
    for dump in Dump.objects.all():
        assert len(on_disk[dump.path]) == dump.size


def test_rebuilding_replaces_the_previous_generation(
    world, settings, django_capture_on_commit_callbacks
):
    first = dumps_build(month=OCTOBER)
    RankingEntry.objects.filter(publication=world.october, rank=1).update(followers=None)
    with django_capture_on_commit_callbacks(execute=True):
        second = dumps_build(month=OCTOBER)
    [generation] = generations(settings)  # the previous one is gone once the rows commit
    assert all(generation in dump.path for dump in second)
    assert {d.path for d in first}.isdisjoint(files_on_disk(settings))
    rankings = {d.dataset: d for d in first}["rankings"]
    assert Dump.objects.get(dataset="rankings", format="csv").sha256 != rankings.sha256


@pytest.mark.parametrize("failing", ["kpis", "territories"])
def test_a_failure_midway_leaves_the_previous_files_and_rows(
    world, settings, monkeypatch, client, failing
):
    dumps_build(month=OCTOBER)
    rows_before, files_before = dump_rows(), files_on_disk(settings)
    before = download(client, "2026-10", "rankings.csv")
    RankingEntry.objects.filter(publication=world.october).update(followers=None)
    write = dump_files.dataset_write

    def breaks_midway(dataset, rows, directory):
        if dataset.name == failing:
            (directory / f"{failing}.csv").write_text("month,network\r\n2026-10-01,")
            raise OSError("No space left on device")
        return write(dataset, rows, directory)

    monkeypatch.setattr(services, "dataset_write", breaks_midway)
    with pytest.raises(OSError, match="No space left"):
        dumps_build(month=OCTOBER)
    assert dump_rows() == rows_before
    assert files_on_disk(settings) == files_before  # nothing half-written is left either
    assert download(client, "2026-10", "rankings.csv") == before


def test_a_failure_recording_the_rows_leaves_the_previous_ones(world, settings, monkeypatch):
    dumps_build(month=OCTOBER)
    rows_before, files_before = dump_rows(), files_on_disk(settings)

    def refused(*args, **kwargs):
        raise IntegrityError("database is locked")

    monkeypatch.setattr(Dump.objects, "bulk_create", refused)
    with pytest.raises(IntegrityError):
        dumps_build(month=OCTOBER)
    assert dump_rows() == rows_before
    assert files_on_disk(settings) == files_before  # the new generation was removed


def test_a_month_without_publication_is_refused(world):
    with pytest.raises(DumpError, match="Aucun classement publié pour 2026-11"):
        dumps_build(month=OCTOBER.replace(month=11))
    assert not Dump.objects.exists()


def test_the_publication_queues_the_dumps_after_it_commits(
    world, client, django_capture_on_commit_callbacks
):
    from observatoire.rankings.tasks import rank_month

    with django_capture_on_commit_callbacks() as callbacks:
        publication_id = rank_month.delay(month="2026-10").get()
        assert not Dump.objects.exists()  # not before the commit
    for callback in callbacks:
        callback()
    assert set(Dump.objects.values_list("month", flat=True)) == {OCTOBER}
    # The dump is the new publication's (re-ranked from the stored data: no posts, so no
    # one is ranked) and the census of the month was computed for it.
    rows = csv_rows(download(client, "2026-10", "rankings.csv"))
    published = RankingEntry.objects.filter(publication_id=publication_id)
    assert len(rows) == published.count() and {row["rank"] for row in rows} == {""}
    assert Dump.objects.filter(dataset="census").count() == 2


def test_another_methodology_is_not_dumped(world, django_capture_on_commit_callbacks):
    from observatoire.rankings.models import Methodology
    from observatoire.rankings.tasks import rank_month

    Methodology.objects.create(slug="essai", name="Essai", weights={"followers": 1})
    with django_capture_on_commit_callbacks(execute=True):
        rank_month.delay(month="2026-10", methodology="essai")
    assert not Dump.objects.exists()


def test_the_command_writes_a_month_or_all(world):
    out = io.StringIO()
    call_command("dumps", "build", "--month", "2026-09", stdout=out)
    assert "2026-09 : 9 fichiers" in out.getvalue()
    call_command("dumps", "build", "--all", stdout=out)
    assert {m.strftime("%Y-%m") for m in Dump.objects.values_list("month", flat=True)} == {
        "2026-08",
        "2026-09",
        "2026-10",
    }
    out = io.StringIO()
    call_command("dumps", "build", stdout=out)  # the latest month
    assert out.getvalue().startswith("2026-10 : 9 fichiers (")
    with pytest.raises(CommandError, match="Aucun classement publié pour 2027-01"):
        call_command("dumps", "build", "--month", "2027-01")


def test_months_of_one_run_share_the_files_that_do_not_depend_on_the_month(
    world, client, django_capture_on_commit_callbacks
):
    call_command("dumps", "build", "--all", stdout=io.StringIO())
    registry = Dump.objects.filter(dataset="territories", format="csv")
    assert registry.count() == 3 and len({dump.sha256 for dump in registry}) == 1
    september = download(client, "2026-09", "territories.parquet")
    with django_capture_on_commit_callbacks(execute=True):
        dumps_build(month=OCTOBER.replace(month=8))  # August's first generation is removed
    assert download(client, "2026-09", "territories.parquet") == september
    rankings = Dump.objects.filter(dataset="rankings", format="csv")
    assert len({dump.sha256 for dump in rankings}) == 3  # those depend on the month
