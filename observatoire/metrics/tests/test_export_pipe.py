"""`observatoire export posts | head -1` in real processes: the export stops quietly once
`head` has gone — no BrokenPipeError, nor any traceback at exit — with the status of a
command stopped by SIGPIPE. The CLI runs on a SQLite file made for the test."""

import os
import subprocess
import sys
from pathlib import Path

REGISTRY = Path(__file__).resolve().parents[2] / "territories" / "tests" / "release"
CLI = Path(sys.executable).with_name("observatoire")  # the console script of this virtualenv


def run(environment: dict, *arguments: str) -> None:
    done = subprocess.run([CLI, *arguments], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_export_piped_into_head_ends_quietly(tmp_path):
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    run(environment, "migrate", "-v0")
    run(environment, "territories", "load", "--from", str(REGISTRY))
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("territory,network,handle\nregion:76,x,occitanie\n", encoding="utf-8")
    posts = tmp_path / "posts.csv"
    with open(posts, "w", encoding="utf-8") as handle:
        handle.write("network,handle,post_id,published_at,text\n")
        for i in range(3000):  # far more than a pipe holds (64 KiB)
            handle.write(f"x,occitanie,p{i},2024-08-01T10:00:00Z,{'publication ' * 5}\n")
    run(environment, "import", "profiles", str(profiles), "--no-progress")
    run(environment, "import", "posts", str(posts), "--no-progress")
    shell = f"set -o pipefail; '{CLI}' export posts | head -1"
    done = subprocess.run(["bash", "-c", shell], env=environment, capture_output=True, text=True)
    assert done.stdout == (
        "network,handle,post_id,published_at,likes,comments,shares,saves,views,"
        "media_type,image_count,image_alts,subtitles,text\n"
    )
    assert done.stderr == ""
    assert done.returncode == 141
