"""Access: every write path tried without sign-in and with forged grants or session state: all refused.

Three layers: the store's write functions (each called with no grant and with every forgery, on
SQLite and PostgreSQL; the store's checksum must not move), every coordinator page under AppTest
with a tampered `st.session_state` (no write control may appear), the same through the URL (the only
way a browser can put values into the session), and the open-data API's routes with write methods.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import time
from dataclasses import replace

import pytest
import streamlit as st
from conftest import DATA_DIR, ROOT, TODAY, pg_admin_url, report
from streamlit.testing.v1 import AppTest

from hrcities import auth, tracker
from hrcities.store import archive, imports, submissions
from hrcities.store.archive import checksum

COORDINATOR_PAGES = [
    "views/coordinator/edit.py",
    "views/coordinator/tracker.py",
    "views/coordinator/review.py",
    "views/coordinator/export.py",
    "views/coordinator/activity.py",
]
WRITE_LABELS = {
    "Save changes",
    "Add record",
    "Move",
    "Approve and publish",
    "Reject",
    "Apply the import",
    "Undo",
    "Restore",
    "Apply this profile update",
    "Spreadsheet (XLSX)",
    "CSV files (zip)",
    "Backup (zip)",
}
_TOTALS = {"store": 0, "pages": 0, "url": 0, "api": 0}


def other_process_grant() -> auth.Grant:
    """A genuine grant issued by another Python process (signed with that process's key)."""
    code = (
        "import pickle, sys; from hrcities import auth; "
        "sys.stdout.buffer.write(pickle.dumps(auth.issue('coordinator@elsewhere', 'passphrase')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True).stdout
    return pickle.loads(out)


def forgeries() -> dict[str, object]:
    genuine = auth.issue("coordinator@test", "passphrase")
    stale = time.time() - auth.GRANT_HOURS * 3600 - 5
    return {
        "no sign-in": None,
        "a dict shaped like a grant": {
            "name": "me",
            "method": "passphrase",
            "issued": time.time(),
            "signature": genuine.signature,
        },
        "a plain string": "coordinator",
        "True": True,
        "a Grant with a made-up signature": auth.Grant("intruder", "passphrase", time.time(), "0" * 64),
        "a genuine grant renamed": replace(genuine, name="intruder"),
        "a genuine grant with its date moved": replace(genuine, issued=genuine.issued + 10 * 3600),
        "a genuine grant with its method changed": replace(genuine, method="oidc"),
        "an expired grant, correctly signed": auth.Grant(
            "old", "passphrase", stale, auth._sign("old", "passphrase", stale)
        ),
        "a genuine grant of another process": other_process_grant(),
    }


def write_calls(store, grant) -> dict[str, callable]:
    """Every write function of the store, each called as a page would."""
    terr = store.records("territories").set_index("id")
    key = terr.index[0]
    version = int(terr.at[key, "row_version"])
    new = {
        "id": "forgedville",
        "name": "Forgedville",
        "country": "France",
        "lat": "1",
        "lon": "1",
        "stage": "engaged",
    }
    upload = tracker.read_upload("t.csv", b"Name,Country,Stage\nForgedtown,France,engaged\n")
    plan = imports.plan_upload(store, upload, tracker.suggest_mapping(list(upload.frame.columns)), TODAY)
    batch = imports.batch_from(plan, "intruder", TODAY)
    sub_id = submissions.submit(
        store,
        "practice",
        {
            "kind": "practice",
            "territory_name": "X",
            "country": "Y",
            "contact_name": "Z",
            "contact_email": "z@example.org",
            "title": "T",
            "summary": "S" * 30,
        },
        f"resilience-{grant!r}"[:200],
    )
    pending = submissions.queue(store).set_index("id").loc[sub_id].to_dict() | {"id": sub_id}
    return {
        "Store.insert": lambda: store.insert(grant, "territories", new, today=TODAY),
        "Store.update": lambda: store.update(
            grant, "territories", key, version, {"population": "1"}, today=TODAY
        ),
        "Store.move_stage": lambda: store.move_stage(
            grant, key, version, "member", "2020", "confirmed", today=TODAY
        ),
        "Store.apply": lambda: store.apply(grant, [], "edit", TODAY),
        "imports.apply_import": lambda: imports.apply_import(store, grant, batch, TODAY),
        "imports.undo_import": lambda: imports.undo_import(store, grant, 1, TODAY),
        "submissions.approve": lambda: submissions.approve(store, grant, pending, 1, {}, today=TODAY),
        "submissions.reject": lambda: submissions.reject(store, grant, sub_id, 1, "no"),
        "archive.restore": lambda: archive.restore(store, archive.backup(store), grant, TODAY),
    }


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_every_store_write_refuses_every_forgery(fresh_store, kind):
    if kind == "postgresql" and not pg_admin_url():
        pytest.skip("no PostgreSQL (HRCITIES_TEST_POSTGRES_URL)")
    store = fresh_store(kind, DATA_DIR)
    tried = refused = 0
    accepted = []
    for label, forged in forgeries().items():
        calls = write_calls(store, forged)
        before = checksum(store)
        for name, call in calls.items():
            if forged is None and name == "archive.restore":
                continue  # no grant = the command line, by design (it needs shell access to the server)
            tried += 1
            try:
                call()
            except auth.NotAuthorised:
                refused += 1
            except Exception as exc:  # noqa: BLE001 - anything but NotAuthorised is a finding
                accepted.append(f"{name} with {label}: {type(exc).__name__}: {exc}")
            else:
                accepted.append(f"{name} with {label}: accepted")
        assert checksum(store) == before, label
    _TOTALS["store"] += tried
    report(
        f"access-store[{kind}]",
        f"{tried} write calls ({len(calls)} write functions x "
        f"{len(forgeries())} forgeries), {refused} refused with NotAuthorised, store checksum unchanged",
    )
    assert accepted == []
    assert refused == tried


@pytest.fixture
def app_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("HRCITIES_DATABASE_URL", url)
    monkeypatch.setenv("HRCITIES_COORDINATOR_HASH", auth.hash_passphrase("resilience passphrase"))
    monkeypatch.delenv("HRCITIES_DATA_DIR", raising=False)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


def write_controls(at: AppTest) -> set[str]:
    labels = {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}
    labels |= {b.label for b in at.get("download_button")}
    return labels & WRITE_LABELS


def test_no_coordinator_page_opens_with_a_forged_session_state(app_store):
    from hrcities.store import Store

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    store = Store(app_store, ROOT / "data")
    before = checksum(store)
    opened, tried = [], 0
    for label, forged in forgeries().items():
        if forged is None:
            at.session_state["coordinator_grant"] = None
        else:
            at.session_state["coordinator_grant"] = forged
        for page in COORDINATOR_PAGES:
            at.switch_page(page).run()
            tried += 1
            if at.exception:
                opened.append(f"{page} with {label}: exception {[e.value for e in at.exception]}")
            elif write_controls(at) or not any("for campaign coordinators" in i.value for i in at.info):
                opened.append(f"{page} with {label}: {sorted(write_controls(at))}")
    assert checksum(store) == before
    _TOTALS["pages"] += tried
    report(
        "access-pages",
        f"{len(COORDINATOR_PAGES)} coordinator pages x {len(forgeries())} forged "
        f"session states = {tried} page runs (AppTest), {tried - len(opened)} showed the sign-in "
        f"panel and no write control",
    )
    assert opened == []


def test_the_url_cannot_put_a_grant_into_the_session(app_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name in ("coordinator_grant", "proposal_sent", "_url_written"):
        at.query_params[name] = "1"
    at.run()
    at.switch_page("views/coordinator/edit.py").run()
    assert not at.exception
    assert "coordinator_grant" not in at.session_state
    assert write_controls(at) == set()
    _TOTALS["url"] += 1
    report(
        "access-url",
        "a link carrying coordinator_grant=1 (and other session keys) opened no "
        "coordinator page: the URL only restores the view's own parameters",
    )


def test_the_api_refuses_every_write_method(tmp_path):
    from conftest import DATA_DIR
    from starlette.testclient import TestClient

    from hrcities import api
    from hrcities.source import CampaignSource

    client = TestClient(
        api.create_app(CampaignSource(f"sqlite:///{tmp_path}/api.sqlite3", DATA_DIR), rate="100000/minute"),
        raise_server_exceptions=False,
    )
    paths = [
        f"/api/v1/{p}"
        for p in (
            "territories",
            "territories/barcelona",
            "practices",
            "practices/x",
            "rights",
            "progress",
            "datapackage.json",
            "openapi.json",
        )
    ]
    bad = []
    for path in paths:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            status = client.request(method, path, json={"name": "x"}).status_code
            if status not in (404, 405):
                bad.append(f"{method} {path}: {status}")
    _TOTALS["api"] += len(paths) * 4
    report(
        "access-api",
        f"{len(paths) * 4} write requests (POST/PUT/PATCH/DELETE x {len(paths)} API "
        f"routes), {len(paths) * 4 - len(bad)} refused (405/404)",
    )
    assert bad == []
