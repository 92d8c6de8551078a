"""The collection task: inline without a broker, and through one real Celery worker."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from observatoire.core.models import JobRun
from observatoire.devtools.fakeapi import FakeApi, fakeapi_environment
from observatoire.devtools.server import LoopbackServer
from observatoire.metrics.models import Snapshot
from observatoire.metrics.tasks import collect
from observatoire.metrics.tests.factories import SnapshotFactory
from observatoire.profiles.tests.factories import ProfileFactory

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def fake_x(settings):
    server = LoopbackServer(FakeApi()).start()
    environment = fakeapi_environment(server.url, ["x"])
    for name, value in environment.items():
        setattr(settings, name, value)
    yield environment
    server.stop()


def seeded_profile():
    profile = ProfileFactory(network="x", handle="lyon")
    SnapshotFactory(
        profile=profile, date=timezone.localdate() - dt.timedelta(days=1), followers=4321
    )
    return profile


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_the_task_runs_inline(fake_x):
    profile = seeded_profile()
    run_id = collect.delay(networks=["x"]).get()

    assert JobRun.objects.get(pk=run_id).counts["profiles_collected"] == 1
    assert Snapshot.objects.get(profile=profile, date=timezone.localdate()).followers == 4321


def database_url() -> str:
    """The test database as a URL another process can open (PostgreSQL, or a SQLite file)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.fail(
                "the Celery test needs a database another process can open: "
                "run it with DATABASE_URL=postgres://… (make test-celery)"
            )
        return f"sqlite:///{config['NAME']}"
    user = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{config['NAME']}"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_collection_goes_through_a_real_worker(fake_x):
    redis_url = os.environ.get("REDIS_URL") or pytest.fail("the Celery test needs REDIS_URL")
    profile = seeded_profile()
    queue = f"observatoire-test-{uuid.uuid4().hex[:8]}"  # nobody else's worker takes it
    environment = (
        os.environ
        | fake_x
        | {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
        }
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        Celery(broker=redis_url).send_task(
            "metrics.collect", kwargs={"networks": ["x"]}, queue=queue
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            run = JobRun.objects.filter(
                kind=JobRun.Kind.COLLECTION, finished_at__isnull=False
            ).first()
            if run:
                break
            time.sleep(0.5)
        else:
            pytest.fail("no collection finished through the worker")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert run.status == JobRun.Status.SUCCEEDED, run.message
    assert Snapshot.objects.get(profile=profile, date=timezone.localdate()).followers == 4321
