"""`observatoire import posts FILE` killed with SIGKILL inside its transaction, then run
again, in real processes on a database of their own: the killed import leaves nothing, the
next job logs it as interrupted, and the next import writes the whole file once."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from observatoire.core.models import JobRun
from observatoire.core.tests.processes import (
    REGISTRY,
    Database,
    killed_while_writing,
    observatoire,
    observatoire_start,
)
from observatoire.metrics.models import Post, PostDailyRollup
from observatoire.profiles.models import Profile

MONTH = "2026-10"
ROWS = 40_000  # enough for the import to be caught writing (≈ 20 batches)
POSTS = Post._meta.db_table
ROLLUPS = PostDailyRollup._meta.db_table
JOB_RUNS = JobRun._meta.db_table
PROFILES = Profile._meta.db_table


def write_posts_file(path: Path, profiles: list[tuple[str, str]]) -> list[tuple]:
    """A CSV of ROWS new posts spread over the profiles; returns what should be stored."""
    expected = []
    with open(path, "w", newline="", encoding="utf-8") as output:
        writer = csv.writer(output)
        writer.writerow(
            ["network", "handle", "post_id", "published_at", "likes", "comments", "shares", "text"]
        )
        for i in range(ROWS):
            network, handle = profiles[i % len(profiles)]
            day = f"{MONTH}-{1 + i % 28:02d}"
            writer.writerow(
                [
                    network,
                    handle,
                    f"import-{i}",
                    f"{day}T10:00:00Z",
                    i % 50,
                    i % 7,
                    i % 3,
                    f"Publication {i} #Import",
                ]
            )
            expected.append((network, handle, f"import-{i}", i % 50, i % 7, i % 3))
    return sorted(expected)


def imported(database: Database) -> list[tuple]:
    return database.rows(
        "SELECT p.network, p.handle, t.external_id, t.likes, t.comments, t.shares "
        f"FROM {POSTS} t JOIN {PROFILES} p ON p.id = t.profile_id "
        "WHERE t.external_id LIKE 'import-%' ORDER BY 1, 2, 3"
    )


def rollup_totals(database: Database) -> tuple[int, int]:
    """What the rankings read: posts and interactions summed over the daily rollups."""
    posts, interactions = database.rows(f"SELECT SUM(posts), SUM(interactions) FROM {ROLLUPS}")[0]
    return int(posts), int(interactions)


def import_runs(database: Database) -> list[dict]:
    keys = ("status", "pid", "counts", "message", "finished_at")
    rows = database.rows(
        f"SELECT {', '.join(keys)} FROM {JOB_RUNS} WHERE kind = 'import' ORDER BY id"
    )
    runs = [dict(zip(keys, row, strict=True)) for row in rows]
    for run in runs:
        if isinstance(run["counts"], str):  # JSON comes back as text from SQLite
            run["counts"] = json.loads(run["counts"])
    return runs


def test_an_import_killed_with_sigkill_writes_nothing_and_is_logged_as_interrupted(
    make_database, tmp_path
):
    database = make_database("imports")
    observatoire(database, "migrate", "--no-input")
    observatoire(database, "territories", "load", "--from", str(REGISTRY))
    observatoire(database, "demo", "generate", "--scale", "small", "--months", "1", "--to", MONTH)
    profiles = database.rows(f"SELECT network, handle FROM {PROFILES} ORDER BY id")
    posts_file = tmp_path / "posts.csv"
    expected = write_posts_file(posts_file, profiles)
    posts_before, rollups_before = database.count(POSTS), rollup_totals(database)

    arguments = ("import", "posts", str(posts_file), "--no-progress")
    killed = killed_while_writing(
        database,
        lambda: observatoire_start(database, *arguments, log=tmp_path / "killed.log"),
        table=ROLLUPS,  # the posts of the first batch are written, not yet their rollups
        log=tmp_path / "killed.log",
    )

    # Nothing of the killed import is visible; its run could not log its end.
    assert database.count(POSTS) == posts_before
    assert rollup_totals(database) == rollups_before
    [left] = import_runs(database)
    assert (left["status"], left["pid"]) == (JobRun.Status.RUNNING, killed.pid)

    output = observatoire(database, *arguments)

    assert f"{ROWS} ligne(s) importée(s)" in output
    # Every post of the file is stored once, with the file's counts, and counted once in
    # the rollups the rankings read.
    assert imported(database) == expected
    assert database.count(POSTS) == posts_before + ROWS
    interactions = sum(likes + comments + shares for *_, likes, comments, shares in expected)
    assert rollup_totals(database) == (
        rollups_before[0] + ROWS,
        rollups_before[1] + interactions,
    )
    killed_run, completing_run = import_runs(database)
    assert killed_run["status"] == JobRun.Status.INTERRUPTED
    assert killed_run["finished_at"] is None
    assert f"processus {killed.pid}" in killed_run["message"]
    assert "Rien n'a été écrit" in killed_run["message"]
    assert completing_run["status"] == JobRun.Status.SUCCEEDED
    assert completing_run["counts"] == {"rows": ROWS, "written": ROWS}
