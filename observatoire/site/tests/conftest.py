import datetime as dt

import pytest

from .factories import build_rankings

MONTHS = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]


@pytest.fixture
def world(db):
    """Two régions of three départements, Instagram and Facebook, three published months."""
    return build_rankings(months=MONTHS)
