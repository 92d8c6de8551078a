from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from observatoire.editorial.models import EditorialMonth, PostAnalysis
from observatoire.metrics.services import posts_upsert
from observatoire.profiles.tests.factories import ProfileFactory

from .factories import post_row

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("editorial", *args, stdout=out)
    return out.getvalue()


def test_the_rebuild_rewrites_nothing_without_yes():
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile)])
    PostAnalysis.objects.all().delete()
    with pytest.raises(CommandError, match="--yes"):
        run("rebuild")
    assert not PostAnalysis.objects.exists()


def test_the_rebuild_analyses_posts_written_outside_the_services_and_says_what_it_wrote():
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile, hashtags=("Gers",)), post_row(profile)])
    PostAnalysis.objects.all().delete()  # as after posts written by raw SQL
    EditorialMonth.objects.all().delete()
    assert "Publications : 2, analysées : 0, sans analyse : 2" in run("status")
    assert "→ observatoire editorial rebuild --yes" in run("status")
    out = run("rebuild", "--yes", "--no-progress")
    assert "2 publications analysées, 1 hashtags" in out
    assert PostAnalysis.objects.count() == 2
    status = run("status")
    assert "Publications : 2, analysées : 2, sans analyse : 0" in status
    assert "Analyses à reclassifier (lexique antérieur) : 0" in status
    assert "Dernière tâche : Analyse des publications : reconstruction" in status
    assert "rebuild --yes" not in status
