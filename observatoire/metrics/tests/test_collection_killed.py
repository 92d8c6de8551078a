"""`observatoire collect` killed with SIGKILL mid-run, then run again, in real processes: the
fake API serves a demo database, the collection writes into a second one, and what it leaves
is compared with an uninterrupted collection into a third (same registry, same profiles)."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone

from observatoire.connectors.registry import connector_networks
from observatoire.core.models import JobRun, JobRunError
from observatoire.core.tests.processes import CLI, REGISTRY, Database, environment, observatoire
from observatoire.metrics.models import Post, PostDailyRollup, Snapshot
from observatoire.profiles.models import Profile

SLOW = "1:1"  # requests per second : profiles at once, per network, for the run to be killed
KILL_AFTER = 3  # snapshots written by the run before it is killed

PROFILES = Profile._meta.db_table
SNAPSHOTS = Snapshot._meta.db_table
POSTS = Post._meta.db_table
ROLLUPS = PostDailyRollup._meta.db_table
JOB_RUNS = JobRun._meta.db_table
JOB_RUN_ERRORS = JobRunError._meta.db_table


@contextmanager
def fake_api(source: Database) -> Iterator[dict[str, str]]:
    """`observatoire fakeapi` serving the source on a free port; yields the variables it
    prints for the connectors (API roots, placeholder credentials, rate limits)."""
    server = subprocess.Popen(
        [CLI, "fakeapi", "--port", "0"],
        env=environment(source),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        variables = {}
        for line in server.stdout:
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                variables[name] = value
                if name == "COLLECT_RATE_LIMITS":  # the last one printed
                    break
        assert variables, "the fake API did not start"
        yield variables
    finally:
        server.terminate()
        server.wait()


def collected(database: Database) -> dict[str, list[tuple]]:
    """What a user sees of a collection: profiles' states, snapshots, posts, daily rollups."""
    who = f"JOIN {PROFILES} p ON p.id = t.profile_id"
    return {
        "profiles": database.rows(
            "SELECT network, handle, status, unavailable_reason, unavailable_since, "
            "failing_since, consecutive_failures, external_id, display_name "
            f"FROM {PROFILES} ORDER BY network, handle"
        ),
        "snapshots": database.rows(
            "SELECT p.network, p.handle, t.date, t.followers, t.following, t.posts_count "
            f"FROM {SNAPSHOTS} t {who} ORDER BY 1, 2, 3"
        ),
        "posts": database.rows(
            "SELECT p.network, p.handle, t.external_id, t.published_at, t.text, t.likes, "
            f"t.comments, t.shares, t.views, t.image_count FROM {POSTS} t {who} ORDER BY 1, 2, 3"
        ),
        "rollups": database.rows(
            "SELECT p.network, p.handle, t.day, t.posts, t.interactions "
            f"FROM {ROLLUPS} t {who} ORDER BY 1, 2, 3"
        ),
    }


def collection_runs(database: Database) -> list[dict]:
    """The collection runs of the job log, with their errors, oldest first."""
    keys = ("id", "status", "pid", "arguments", "counts", "error_count", "message", "finished_at")
    rows = database.rows(
        f"SELECT {', '.join(keys)} FROM {JOB_RUNS} WHERE kind = 'collection' ORDER BY id"
    )
    runs = [dict(zip(keys, row, strict=True)) for row in rows]
    for run in runs:
        for key in ("arguments", "counts"):  # JSON comes back as text from SQLite
            if isinstance(run[key], str):
                run[key] = json.loads(run[key])
        run["errors"] = database.rows(
            f"SELECT kind, subject FROM {JOB_RUN_ERRORS} WHERE run_id = {run.pop('id')} "
            "ORDER BY kind, subject"
        )
    return runs


def collect_killed_midway(target: Database, fake: dict[str, str], *, log: Path):
    """`observatoire collect`, slowed by rate limits, SIGKILLed once it has written a few
    snapshots. Returns the process and the number of snapshots it left."""
    slow = ",".join(f"{network}={SLOW}" for network in connector_networks())
    with open(log, "w") as output:
        killed = subprocess.Popen(
            [CLI, "collect", "--no-progress"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=environment(target, **fake | {"COLLECT_RATE_LIMITS": slow}),
        )
        while target.count(SNAPSHOTS) < KILL_AFTER:
            assert killed.poll() is None, f"ended before it could be killed:\n{log.read_text()}"
            time.sleep(0.02)
        killed.send_signal(signal.SIGKILL)
        killed.wait()  # reaped: its pid is gone, as after a kill -9 from a shell
    return killed, target.count(SNAPSHOTS)


def test_a_collection_killed_with_sigkill_is_completed_by_the_next_run(make_database, tmp_path):
    # The source: a small registry and a month of demo data, which the fake API serves.
    source = make_database("source")
    observatoire(source, "migrate", "--no-input")
    observatoire(source, "territories", "load", "--from", str(REGISTRY))
    target = make_database("target", copy_of=source)  # migrated, same registry, no profile
    month = f"{timezone.localdate():%Y-%m}"  # every post of the month is in the 35-day window
    observatoire(source, "demo", "generate", "--scale", "small", "--months", "1", "--to", month)
    observatoire(source, "export", "profiles", "--output", str(tmp_path / "profiles.csv"))
    observatoire(target, "import", "profiles", str(tmp_path / "profiles.csv"), "--no-progress")
    reference = make_database("reference", copy_of=target)

    with fake_api(source) as fake:
        observatoire(reference, "collect", "--no-progress", **fake)  # never interrupted

        killed, written_when_killed = collect_killed_midway(target, fake, log=tmp_path / "log")
        [left] = collection_runs(target)
        assert left["status"] == JobRun.Status.RUNNING  # killed mid-run, with no chance to log it

        observatoire(target, "collect", "--no-progress", **fake)

    expected, got = collected(reference), collected(target)
    [reference_run] = collection_runs(reference)
    day = reference_run["arguments"]["date"]
    active = [
        (n, h) for n, h, status, *_ in expected["profiles"] if status == Profile.Status.ACTIVE
    ]
    assert 0 < written_when_killed < len(active)
    assert expected["posts"], "the fake API served no post: nothing was tested"
    # Every active profile has today's snapshot exactly once, the same as without the kill.
    assert [(n, h) for n, h, date, *_ in got["snapshots"] if str(date) == day] == active
    assert got["snapshots"] == expected["snapshots"]
    # Every post served is stored once: none lost, none twice, counts of the last answer.
    keys = [(n, h, external_id) for n, h, external_id, *_ in got["posts"]]
    assert len(keys) == len(set(keys))
    assert got["posts"] == expected["posts"]
    # The daily rollups the rankings read count each post once, and profiles' states agree.
    assert got["rollups"] == expected["rollups"]
    assert got["profiles"] == expected["profiles"]

    killed_run, completing_run = collection_runs(target)
    assert killed_run["pid"] == killed.pid
    assert killed_run["status"] == JobRun.Status.INTERRUPTED
    assert "la collecte suivante complète la journée" in killed_run["message"].lower()
    # The completing run's log is whole: the same counts as a run never interrupted.
    assert completing_run["finished_at"] is not None
    assert completing_run["status"] == reference_run["status"]
    assert completing_run["counts"] == reference_run["counts"]
    assert completing_run["error_count"] == reference_run["error_count"]
    assert completing_run["errors"] == reference_run["errors"]
    assert completing_run["counts"]["profiles_collected"] == len(active)
