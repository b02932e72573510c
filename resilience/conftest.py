"""The resilience suite (issue 6): hostile text, broken files, races, faults, access, load.

Not part of the fast suite (`testpaths = ["tests"]`): run it with
`python -m pytest -q -n 0 -s resilience` (serial: its parts start servers, kill processes and take
databases away, and measure times). Each part prints its figures as `RESILIENCE <part>: ...` lines,
repeated together at the end of the run.

It reuses the browser harness (tests/browser/harness.py) and the store test helpers
(tests/store/conftest.py), loaded here by path rather than copied.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(HERE))

import harness  # noqa: E402


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


store_support = _load("resilience_store_support", ROOT / "tests" / "store" / "conftest.py")
TINY, DATA_DIR, TODAY = store_support.TINY, store_support.DATA_DIR, store_support.TODAY

FIGURES: list[str] = []


def report(part: str, text: str) -> None:
    """Print one figure line now and again in the summary at the end."""
    line = f"RESILIENCE {part}: {text}"
    FIGURES.append(line)
    print("\n" + line, flush=True)


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("resilience figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def pg_admin_url() -> str | None:
    """The PostgreSQL admin URL (a role that may create databases), or None; a failure when
    HRCITIES_REQUIRE_POSTGRES=1 and it is missing."""
    return store_support.postgres_admin_url()


@pytest.fixture
def fresh_store(tmp_path):
    """Make stores on demand: fresh_store(kind, data_dir=TINY) -> a seeded Store (dropped afterwards)."""
    from hrcities.store import Store

    made = []

    def make(kind: str = "sqlite", data_dir: Path = TINY) -> Store:
        url, drop = store_support.new_database_url(kind, tmp_path)
        s = Store(url, data_dir)
        s.prepare(today=TODAY)
        made.append((s, drop))
        return s

    yield make
    for s, drop in made:
        s.dispose()
        drop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    try:
        harness.require_chromium()
    except harness.BrowserSetupError as e:
        pytest.fail(str(e), pytrace=False)
    with sync_playwright() as p:
        b = harness.launch_chromium(p)
        yield b
        b.close()


class Recorder:
    """Every request of the suite's browser pages; those that would leave the machine, apart."""

    def __init__(self):
        self.requests: list[str] = []

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if harness.is_outside(u)]


NETWORK = Recorder()


@pytest.fixture
def new_page(browser):
    """new_page() -> a page in a fresh context that records requests (NETWORK), blocks non-loopback
    ones, counts dialogs (page.dialogs) and page errors (page.errors)."""
    contexts = []

    def make(viewport=(1400, 1000)):
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        context.set_default_timeout(30_000)
        harness.block_outside(context)
        page = context.new_page()
        page.dialogs, page.errors = [], []
        page.on("request", lambda r: NETWORK.requests.append(r.url))

        def on_dialog(dialog):
            page.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def pytest_sessionfinish(session, exitstatus):
    if NETWORK.requests:
        outside = NETWORK.outside
        line = (
            f"RESILIENCE network: {len(NETWORK.requests)} browser requests recorded over the suite, "
            f"{len(outside)} to a host other than this machine"
        )
        FIGURES.append(line)
        print("\n" + line + ("".join(f"\n  outside: {u}" for u in outside[:10])), flush=True)
        if outside:
            session.exitstatus = 1


os.environ.setdefault("PYTHONUNBUFFERED", "1")
