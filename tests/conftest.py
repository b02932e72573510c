"""Shared fixtures: the repository paths, a fixed 'today' and the real campaign loaded once."""

import os
from datetime import date
from pathlib import Path

import pytest

from hrcities.load import Campaign, load_campaign
from hrcities.paths import DATABASE_ENV

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 11, 28)


@pytest.fixture(scope="session", autouse=True)
def _session_store(tmp_path_factory):
    """Every AppTest in this run reads one store of the real data in a temporary folder, never the
    developer's var/ store; tests that write point HRCITIES_DATABASE_URL at a store of their own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'session.sqlite3'}"
    previous = os.environ.get(DATABASE_ENV)
    os.environ[DATABASE_ENV] = url
    yield url
    if previous is None:
        os.environ.pop(DATABASE_ENV, None)
    else:
        os.environ[DATABASE_ENV] = previous


@pytest.fixture
def fresh_app_caches(monkeypatch):
    """An AppTest of the real data folder with Streamlit's caches empty before and after."""
    import streamlit as st

    monkeypatch.delenv("HRCITIES_DATA_DIR", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def real() -> Campaign:
    """The shipped data, loaded with the geography check, as of TODAY."""
    return load_campaign(DATA_DIR, today=TODAY, check_geography=True)


@pytest.fixture(scope="session")
def tiny() -> Campaign:
    """The synthetic campaign in tests/fixtures/tiny (Testville & co.), loaded like the real one."""
    return load_campaign(FIXTURES / "tiny", today=TODAY, check_geography=True)
