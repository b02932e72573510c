"""`serve.py`: the dashboard and the API in one process read one campaign source, built on the API's
first request, behind the API's own mounts."""

from pathlib import Path

import pytest
import streamlit as st
from starlette.applications import Starlette
from starlette.testclient import TestClient

from components import state
from hrcities import content
from hrcities.filters import Filters
from hrcities.viewmodels.progress import progress_view

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


@pytest.fixture
def served(monkeypatch, tmp_path):
    """serve.py on the tiny fixture in a store of its own, nothing built yet."""
    monkeypatch.setenv("HRCITIES_DATA_DIR", str(TINY))
    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'served.sqlite3'}")
    st.cache_resource.clear()
    import serve

    monkeypatch.setattr(serve, "_built", {})
    yield serve
    st.cache_resource.clear()


def test_the_dashboard_and_the_api_share_one_source(served, monkeypatch):
    source = state.source()
    assert state.source() is source  # one per process and store
    reads = []
    read = source.read
    monkeypatch.setattr(source, "read", lambda: reads.append(1) or read())
    client = TestClient(Starlette(routes=served.ROUTES))
    assert not served._built  # nothing is built before the first request
    answer = client.get("/api/v1/progress")
    assert answer.status_code == 200, answer.text
    assert reads  # the API read through the dashboard's source
    shown = content.shown(read().campaign, "en")
    page = progress_view(shown, Filters(), "en", source.today())  # as the progress page gets it
    assert answer.json()["data"]["members"] == page.headcount.members
    built = dict(served._built)
    assert client.get("/embed/counter.svg").status_code == 200
    assert served._built == built  # built once
    assert served.build_api().keys() == built.keys() == {"/api", "/embed", "/light"}


def test_serve_mounts_give_the_json_404_for_an_encoded_newline(served):
    client = TestClient(Starlette(routes=served.ROUTES))
    answer = client.get("/api/v1/tables/Z%0A.csv")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("application/json")
    answer = client.get("/api/v1/no%0Aroute/")
    assert answer.status_code == 404 and answer.json()["error"]["status"] == 404
