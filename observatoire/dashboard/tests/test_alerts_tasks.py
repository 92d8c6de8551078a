"""The alerts are queued by the collection and the ranking tasks once their work commits,
and run inline without a broker."""

import pytest
from django.core import mail

from observatoire.connectors.tests.samples import SampleServer
from observatoire.dashboard.models import Alert, AlertDelivery, AlertPreference
from observatoire.metrics.tasks import collect
from observatoire.metrics.tests.test_collection import gone
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.tasks import rank_month

from .worlds import dashboard_world

pytestmark = pytest.mark.django_db


def no_report(*users):
    for user in users:
        AlertPreference.objects.create(user=user, monthly_report=False)


def test_the_collection_queues_the_unreachable_alerts_after_it_commits(
    settings, django_capture_on_commit_callbacks
):
    world = dashboard_world(months=2)
    no_report(world.manager, world.viewer, world.outsider)
    ProfileFactory(territory=world.territory, network=Network.X, handle="gers_x")
    with SampleServer(gone("gers_x", detail="User has been suspended: [{}].")) as server:
        settings.X_API_URL, settings.X_BEARER_TOKEN = server.url, "test-token"
        settings.COLLECT_RATE_LIMITS = "x=0:4"
        with django_capture_on_commit_callbacks() as callbacks:
            collect.delay(networks=["x"])
            assert Profile.objects.get(handle="gers_x").status == Profile.Status.UNAVAILABLE
            assert mail.outbox == [] and not Alert.objects.exists()  # not before the commit

    for callback in callbacks:  # the alerts' among the census's, the dumps' …
        callback()

    assert sorted(message.to[0] for message in mail.outbox) == [
        world.manager.email,
        world.viewer.email,
    ]
    assert "@gers_x" in mail.outbox[0].body and "suspendu" in mail.outbox[0].body
    assert not Alert.objects.filter(user=world.outsider).exists()


def test_the_ranking_queues_the_digests_after_it_commits(django_capture_on_commit_callbacks):
    world = dashboard_world(months=2)
    no_report(world.manager, world.viewer, world.outsider)
    month = f"{world.months[-1]:%Y-%m}"

    with django_capture_on_commit_callbacks() as callbacks:
        publication_id = rank_month.delay(month=month).get()
        assert mail.outbox == [] and not Alert.objects.exists()  # not before the commit

    for callback in callbacks:  # the alerts' among the census's, the dumps' …
        callback()

    assert len(mail.outbox) == 3  # the Gers' manager and viewer, Saône-et-Loire's manager
    assert AlertDelivery.objects.filter(key=f"digest:{month}").count() == 3
    assert set(Alert.objects.values_list("data__publication", flat=True)) == {publication_id}

    with django_capture_on_commit_callbacks(execute=True):
        rank_month.delay(month=month)  # published again: nothing more is sent
    assert len(mail.outbox) == 3


def test_without_celery_the_alerts_command_sends_what_the_commands_did_not(capsys):
    """Deployments on cron run `observatoire rank` (no task, no hook): `observatoire alerts`
    then sends the month's digests, once."""
    from django.core.management import call_command

    world = dashboard_world(months=2)
    no_report(world.manager, world.viewer, world.outsider)
    call_command("rank", "--month", f"{world.months[-1]:%Y-%m}", verbosity=0)
    assert mail.outbox == []
    call_command("alerts")
    assert "Courriels d'alerte envoyés : 3" in capsys.readouterr().out
    assert len(mail.outbox) == 3
    call_command("alerts")
    assert "Courriels d'alerte envoyés : 0" in capsys.readouterr().out
    assert len(mail.outbox) == 3
