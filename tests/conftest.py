"""Shared fixtures: the repository paths, a fixed 'today' and the real campaign loaded once."""

from datetime import date
from pathlib import Path

import pytest

from hrcities.load import Campaign, load_campaign

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="session")
def real() -> Campaign:
    """The shipped data, loaded with the geography check, as of TODAY."""
    return load_campaign(DATA_DIR, today=TODAY, check_geography=True)


@pytest.fixture(scope="session")
def tiny() -> Campaign:
    """The synthetic campaign in tests/fixtures/tiny (Testville & co.), loaded like the real one."""
    return load_campaign(FIXTURES / "tiny", today=TODAY, check_geography=True)
