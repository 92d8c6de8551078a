"""Shared pytest fixtures."""

import pytest
from django.core.cache import cache
from django.utils import translation

# `make_database`, for the tests that run the real command in other processes.
pytest_plugins = ["observatoire.core.tests.processes"]


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in the site's default language, whatever an earlier request chose."""
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages, stamps and throttles live in the cache: each test starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()
