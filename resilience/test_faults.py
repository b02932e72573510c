"""Faults: a process killed with SIGKILL in the middle of an import; the database going away and back.

- kill -9: `import_worker.py` (the coordinator page's import steps: read, plan, `apply_import`) is
  killed at several moments after its one transaction started, on SQLite and PostgreSQL. A new
  process then opens the store: it loads and validates, and the import is either all there (every
  row, one import record) or absent (checksum as before). The worker stands in for the Streamlit
  server (same function, same transaction), so the kill lands inside the import every time.
- database down: the dashboard runs on a PostgreSQL database; connections to it are then refused
  (`ALLOW_CONNECTIONS false`) and the open ones ended (`pg_terminate_backend`). Public pages, the
  proposal form and the sign-in page must say so clearly, with no traceback; when the database is
  back, the same pages work again without a restart.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import harness
import pytest
import sqlalchemy as sa
from conftest import DATA_DIR, HERE, ROOT, pg_admin_url, report, store_support

from hrcities.store import Store, imports
from hrcities.store.archive import checksum

ROWS = 400
# When to kill, as fractions of how long the same import takes when left to finish (measured first
# on the same store, so that the kills land inside the transaction on a slow or a fast machine); the
# last ones come after it should have committed (a kill then must leave the whole import in place).
KILL_AT = (0.05, 0.3, 0.6, 0.9, 1.5, 2.0)


def _start_worker(url: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "import_worker.py"), url, str(ROWS)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline().strip()
    assert line == "applying", proc.stderr.read()[-2000:]
    return proc


def _undo_newest(store: Store) -> None:
    """Undo the import that is still in effect (undo is itself one transaction)."""
    from hrcities import auth

    listed = imports.list_imports(store)
    in_effect = listed[listed["undone_at"].isna()]
    assert len(in_effect) == 1, listed
    imports.undo_import(store, auth.issue("t", "passphrase"), int(in_effect["id"].iloc[0]))


def _import_seconds(url: str) -> float:
    """How long the worker's transaction takes when nothing kills it; the store is put back after."""
    proc = _start_worker(url)
    started = time.monotonic()
    line = proc.stdout.readline().strip()
    seconds = time.monotonic() - started
    proc.wait(timeout=60)
    assert line.startswith("done"), proc.stderr.read()[-2000:]
    store = Store(url, DATA_DIR)
    try:
        _undo_newest(store)
    finally:
        store.dispose()
    return seconds


def _kill_during_import(url: str) -> tuple[dict, float]:
    full = _import_seconds(url)
    store = Store(url, DATA_DIR)
    before_sum = checksum(store)
    before_count = len(store.records("territories"))
    before_imports = len(imports.list_imports(store))
    store.dispose()
    outcomes = {"absent": 0, "applied": 0, "killed mid-import": 0}
    for n, fraction in enumerate(KILL_AT):
        proc = _start_worker(url)
        time.sleep(full * fraction)
        alive = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        outcomes["killed mid-import"] += alive
        fresh = Store(url, DATA_DIR)  # a restarted process
        try:
            fresh.load()  # validates every rule
            count = len(fresh.records("territories"))
            listed = imports.list_imports(fresh)
            added = count - before_count
            if added == 0:
                assert checksum(fresh) == before_sum, f"kill #{n}: no rows added but the store changed"
                assert len(listed) == before_imports, f"kill #{n}: an import record without its rows"
                outcomes["absent"] += 1
            else:
                assert added == ROWS, f"kill #{n}: a partial import ({added} of {ROWS} rows)"
                assert len(listed) == before_imports + 1, listed
                outcomes["applied"] += 1
                # Put the store back as it was for the next kill.
                _undo_newest(fresh)
                assert len(fresh.records("territories")) == before_count
                before_sum = checksum(fresh)
                before_imports = len(listed)
        finally:
            fresh.dispose()
    return outcomes, full


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_kill_9_during_an_import_leaves_it_all_or_nothing(kind, fresh_store):
    if kind == "postgresql" and not pg_admin_url():
        pytest.skip("no PostgreSQL")
    store = fresh_store(kind, DATA_DIR)
    outcomes, full = _kill_during_import(store.url)
    moments = ", ".join(f"{full * f:.2f}" for f in KILL_AT)
    report(
        f"faults-kill-9[{kind}]",
        f"{len(KILL_AT)} imports of {ROWS} rows (an import left alone takes {full:.2f} s) killed with "
        f"SIGKILL {moments} s after their transaction began ({outcomes['killed mid-import']} while still "
        f"running): {outcomes['absent']} absent, {outcomes['applied']} fully applied, 0 partial; the "
        f"store loads and validates after each",
    )
    assert outcomes["killed mid-import"] >= 1


def _set_reachable(admin: sa.Engine, name: str, reachable: bool) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if reachable else "false"}')
        if not reachable:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )


# The sidebar's "Share this view" box is the last thing app.py draws: once it is there the script run
# has ended (a page whose run dies never draws it: that is a finding). The browser may still be
# drawing: each fresh context loads the code of a widget kind (text inputs, exception boxes) when it
# first appears, seconds later on a loaded machine, so the page must also settle (no skeleton left)
# and the expected text is awaited, not looked for once.
DONE = '[data-testid="stSidebar"] >> text="Share this view"'


def _visit(page, url: str, findings: list[str], expect: str | None) -> str:
    page.goto(url)
    try:
        page.wait_for_selector(DONE, timeout=60_000)
        harness.wait_settled(page, timeout_ms=60_000)
        if expect:
            page.locator(harness.MAIN).get_by_text(expect).first.wait_for(timeout=60_000)
    except Exception:  # noqa: BLE001 - reported below as a finding
        pass
    if not page.locator(DONE).count():
        findings.append(f"{url}: the page's script run did not finish within 60 s")
    text = page.locator(harness.MAIN).inner_text()
    if page.locator(harness.EXCEPTION).count() or "Traceback" in text:
        findings.append(f"{url}: traceback/exception: {text[:400]!r}")
    if expect and expect not in text:
        findings.append(f"{url}: expected {expect!r}, page says {text[:300]!r}")
    return text


def test_the_database_stopping_while_the_app_runs(browser, new_page, tmp_path):
    admin_url = pg_admin_url()
    if not admin_url:
        pytest.skip("no PostgreSQL")
    from hrcities.auth import hash_passphrase

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    findings: list[str] = []
    with harness.postgres_database(admin_url) as url:
        name = sa.make_url(url).database
        Store(url, DATA_DIR).prepare()
        try:
            with harness.streamlit_server(
                log_path=tmp_path / "server.log",
                env={"HRCITIES_DATABASE_URL": url, "HRCITIES_COORDINATOR_HASH": hash_passphrase("x" * 16)},
            ) as base:
                harness.warm_up(browser, base)
                page = new_page()
                _visit(page, base + "/practices", findings, "Practice library")
                _set_reachable(admin, name, False)
                down = {
                    "/": "cannot be reached",
                    "/practices": "cannot be reached",
                    "/propose": "cannot be reached",
                    "/coordinators": "Sign-in is not available",
                }
                for path, expect in down.items():
                    _visit(new_page(), base + path, findings, expect)
                # A proposal sent while the database is down: a clear message, nothing lost silently.
                form = new_page()
                _visit(form, base + "/propose", findings, None)
                if form.get_by_label("Name of the city or territory *").count():
                    for label, value in [
                        ("Name of the city or territory *", "Testville"),
                        ("Country *", "France"),
                        ("Your name *", "Ana"),
                        ("Your e-mail (never published) *", "ana@example.org"),
                        ("Title of the practice *", "A practice"),
                        ("What it does, for whom, since when *", "It does good things " * 3),
                    ]:
                        form.get_by_label(label, exact=True).fill(value)
                    form.get_by_role("button", name="Send for review").click()
                    main = form.locator(harness.MAIN)
                    outcome = (
                        form.locator(harness.EXCEPTION)
                        .or_(main.get_by_text("your proposal was not sent"))
                        .or_(main.get_by_text("Thank you! Your proposal was received"))
                    )
                    try:
                        outcome.first.wait_for(timeout=60_000)
                    except Exception:  # noqa: BLE001 - reported below as a finding
                        pass
                    text = form.locator(harness.MAIN).inner_text()
                    if form.locator(harness.EXCEPTION).count():
                        findings.append(f"proposal while down: exception {text[:300]!r}")
                    elif "Thank you! Your proposal was received" in text:
                        findings.append("proposal while down: reported as received")
                    elif "your proposal was not sent" not in text:
                        findings.append(f"proposal while down: no clear message {text[-300:]!r}")
                else:
                    findings.append("proposal while down: the form is not shown")
                _set_reachable(admin, name, True)  # committed: the next connection is accepted
                for path, expect in {
                    "/": None,
                    "/practices": "practices match",
                    "/propose": "Send for review",
                    "/coordinators": "Coordinator passphrase",
                }.items():
                    text = _visit(new_page(), base + path, findings, expect)
                    if "cannot be reached" in text:
                        findings.append(f"{path}: still says unreachable after the database returned")
        finally:
            _set_reachable(admin, name, True)
    admin.dispose()
    report(
        "faults-database-down",
        f"PostgreSQL database made unreachable under a running server: 4 pages "
        f"and a proposal visited while down, 4 pages after it returned; {len(findings)} findings "
        f"(tracebacks, unclear or missing messages, no recovery)",
    )
    assert findings == [], findings


_ = store_support
