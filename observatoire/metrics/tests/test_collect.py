"""The `collect` command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from observatoire.connectors.tests.samples import SampleServer
from observatoire.metrics.models import Snapshot
from observatoire.metrics.tests.test_collection import account, tweet, x_profile

pytestmark = pytest.mark.django_db


def test_collect_named_profiles_and_report(settings):
    x_profile("lyon")
    x_profile("paris")
    out = StringIO()
    with SampleServer(account("lyon", "42", followers=777, tweets=[tweet("1", 1)])) as server:
        settings.X_API_URL, settings.X_BEARER_TOKEN = server.url, "test-token"
        settings.COLLECT_RATE_LIMITS = "x=0:4"
        call_command(
            "collect", "--network", "x", "--profile", "x:@Lyon", "--no-progress", stdout=out
        )

    assert "1 profils collectés, 1 publications, 0 erreurs" in out.getvalue()
    assert Snapshot.objects.get().followers == 777


def test_a_profile_must_name_its_network():
    with pytest.raises(CommandError):
        call_command("collect", "--profile", "lyon")
