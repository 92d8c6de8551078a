"""`observatoire rank --month M` in real processes on a database of their own: killed with
SIGKILL mid-run (the month stays whole, the next job logs the run as interrupted), and run
twice at once (both succeed, one after the other, and the month is published whole)."""

from __future__ import annotations

import time
from contextlib import closing

from observatoire.core.models import JobRun
from observatoire.core.tests.processes import (
    POLL,
    REGISTRY,
    Database,
    killed_while_running,
    killed_while_writing,
    observatoire,
    observatoire_start,
    waiting_for_a_lock,
)
from observatoire.profiles.models import Profile
from observatoire.rankings.models import RankingEntry, RankingGroup, RankingPublication

MONTH = "2026-10"
ENTRIES = RankingEntry._meta.db_table
GROUPS = RankingGroup._meta.db_table
PUBLICATIONS = RankingPublication._meta.db_table
JOB_RUNS = JobRun._meta.db_table


def ranked_database(make_database) -> Database:
    """A month of demo data, ranked once."""
    database = make_database("rank")
    observatoire(database, "migrate", "--no-input")
    observatoire(database, "territories", "load", "--from", str(REGISTRY))
    observatoire(database, "demo", "generate", "--scale", "small", "--months", "1", "--to", MONTH)
    observatoire(database, "rank", "--month", MONTH)
    return database


def published(database: Database) -> dict:
    """What readers see of the month: its publication and every entry, by profile."""
    [(publication, entry_count)] = database.rows(
        f"SELECT id, entry_count FROM {PUBLICATIONS} WHERE month = '{MONTH}-01'"
    )
    return {
        "entry_count": entry_count,
        "entries": database.rows(
            "SELECT profile_id, network, category, rank, score, eligible, movement "
            f"FROM {ENTRIES} WHERE publication_id = {publication} ORDER BY profile_id"
        ),
        "groups": database.rows(
            f"SELECT network, category, size FROM {GROUPS} "
            f"WHERE publication_id = {publication} ORDER BY network, category"
        ),
    }


def ranking_runs(database: Database) -> list[dict]:
    keys = ("status", "pid", "message", "finished_at")
    rows = database.rows(
        f"SELECT {', '.join(keys)} FROM {JOB_RUNS} WHERE kind = 'ranking' ORDER BY id"
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def assert_whole(month: dict, database: Database) -> None:
    [(principal,)] = database.rows(
        f"SELECT COUNT(*) FROM {Profile._meta.db_table} WHERE is_principal"
    )
    assert month["entry_count"] == len(month["entries"]) == principal > 0
    assert sum(size for *_, size in month["groups"]) == principal


def test_a_ranking_killed_with_sigkill_leaves_the_month_whole_and_is_logged_as_interrupted(
    make_database, tmp_path
):
    database = ranked_database(make_database)
    before = published(database)
    assert_whole(before, database)
    log = tmp_path / "killed.log"

    def start():
        return observatoire_start(database, "rank", "--month", MONTH, log=log)

    if database.vendor == "postgresql":  # killed inside its transaction, writing the entries
        killed = killed_while_writing(database, start, table=ENTRIES, log=log)
    else:  # SQLite: its write transaction is too short to catch; killed before its end
        killed = killed_while_running(database, start, log=log)

    assert published(database) == before  # readers see the month whole
    assert ranking_runs(database)[-1]["status"] == JobRun.Status.RUNNING

    observatoire(database, "rank", "--month", MONTH)

    assert published(database) == before  # same data, same ranking
    _first, killed_run, completing_run = ranking_runs(database)
    assert killed_run["pid"] == killed.pid
    assert killed_run["status"] == JobRun.Status.INTERRUPTED
    assert killed_run["finished_at"] is None
    assert "Le classement publié auparavant est resté en place" in killed_run["message"]
    assert completing_run["status"] == JobRun.Status.SUCCEEDED


def test_two_rankings_of_a_month_at_once_both_succeed_and_publish_it_whole(make_database, tmp_path):
    database = ranked_database(make_database)
    before = published(database)
    logs = [tmp_path / "first.log", tmp_path / "second.log"]

    def start_both():
        return [observatoire_start(database, "rank", "--month", MONTH, log=log) for log in logs]

    if database.vendor == "postgresql":
        # Writes to the entries wait while this test holds a lock on them, so that both
        # rankings are under way at once: one waits to write, the other for the first.
        with closing(database.connect()) as holder:
            holder.execute("BEGIN")
            holder.execute(f"LOCK TABLE {ENTRIES} IN SHARE MODE")
            processes = start_both()
            while waiting_for_a_lock(database) < 2:
                assert all(p.poll() is None for p in processes), [p.read_text() for p in logs]
                time.sleep(POLL)
            holder.execute("COMMIT")
    else:
        # SQLite serialises the writers: both compute side by side, then publish in turn.
        processes = start_both()
    for process in processes:
        process.wait()

    outputs = [log.read_text() for log in logs]
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert all(f"{MONTH} (v1) : " in output for output in outputs)
    after = published(database)
    assert after == before
    assert_whole(after, database)
    assert [run["status"] for run in ranking_runs(database)] == [JobRun.Status.SUCCEEDED] * 3
    if database.vendor == "postgresql":
        waited = [output for output in outputs if "est déjà en cours" in output]
        assert len(waited) == 1, outputs
        assert f"Un classement de {MONTH} (v1) est déjà en cours" in waited[0]
