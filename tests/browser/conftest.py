"""Fixtures for the browser tests: the dashboard served by `streamlit run`, and headless Debian Chromium.

Every test in this folder is marked `browser`. A missing /usr/bin/chromium is a failure, not a skip:
CI (`bash .ci/run`) installs it.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

from hrcities.auth import hash_passphrase  # noqa: E402

HERE = Path(__file__).resolve().parent
COORDINATOR_PASSPHRASE = "browser-test-passphrase"  # a test secret, for throwaway test servers only
COORDINATOR_HASH = hash_passphrase(COORDINATOR_PASSPHRASE)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    try:
        return harness.require_chromium()
    except harness.BrowserSetupError as e:
        message = str(e)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = harness.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory, browser) -> str:
    """Base URL of `streamlit run app.py` on a free loopback port, warmed up by one visit to "/";
    the server's process group is killed at the end."""
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    message = None
    try:
        database = tmp_path_factory.mktemp("store") / "browser.sqlite3"
        with harness.streamlit_server(
            log_path=log,
            env={
                "HRCITIES_DATABASE_URL": f"sqlite:///{database}",
                "HRCITIES_COORDINATOR_HASH": COORDINATOR_HASH,
            },
        ) as url:
            harness.warm_up(browser, url)
            yield url
    except harness.BrowserSetupError as e:
        message = str(e)
    if message:
        pytest.fail(message, pytrace=False)


@pytest.fixture
def requests_made() -> list[str]:
    """Every URL the test's page requested, in order."""
    return []


@pytest.fixture
def page_errors() -> list[str]:
    """Uncaught JavaScript errors of the test's page."""
    return []


@pytest.fixture
def page(browser, app_url, requests_made, page_errors):
    """A page in a fresh context (1600x1000) that records its requests and blocks non-loopback ones."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(30_000)
    harness.block_outside(context)
    pg = context.new_page()
    pg.on("request", lambda r: requests_made.append(r.url))
    pg.on("pageerror", lambda e: page_errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture
def context(browser):
    """A laptop-sized browser context of its own that fails any request leaving the machine (the
    coordinator journeys, each against a server of its own)."""
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    ctx.set_default_timeout(30_000)
    harness.block_outside(ctx)
    yield ctx
    ctx.close()
