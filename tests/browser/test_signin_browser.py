"""Coordinator sign-in in real Chromium, served by `streamlit run serve.py`: a reload keeps it, signing
out ends it (a copied cookie too), and on a fresh store with no coordinator configured the one-time
link from the server's log signs in, once.
"""

import re
import time

import pytest
from conftest import COORDINATOR_HASH, COORDINATOR_PASSPHRASE
from harness import MAIN, block_outside, streamlit_server, wait_for_cookie, wait_settled, warm_up
from playwright.sync_api import expect

from hrcities import sessions

pytestmark = pytest.mark.browser

LINK = re.compile(r"Coordinator sign-in \(one time, for \d+ hours\): (http://\S+)")


def server(tmp_path, **env):
    """`streamlit run serve.py` on a fresh store, with its session secret and revocations in tmp_path."""
    env = {
        "HRCITIES_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        sessions.DIR_ENV: str(tmp_path / "sessions"),
        **env,
    }
    return streamlit_server(env=env, log_path=tmp_path / "server.log", script="serve.py")


def open_coordinators(page, url: str) -> None:
    page.goto(url)
    wait_settled(page)


def signed_in(page, name: str) -> None:
    expect(page.locator(MAIN)).to_contain_text(f"Signed in as {name}", timeout=30_000)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_a_reload_keeps_the_sign_in_and_signing_out_ends_it(browser, context, tmp_path):
    with server(tmp_path, HRCITIES_COORDINATOR_HASH=COORDINATOR_HASH) as url:
        warm_up(browser, url)
        page = context.new_page()
        open_coordinators(page, url + "/coordinators")
        page.get_by_label("Your name (shown in the activity log)").fill("Browser Coordinator")
        page.get_by_label("Coordinator passphrase").fill(COORDINATOR_PASSPHRASE)
        page.get_by_role("button", name="Sign in").click()
        signed_in(page, "Browser Coordinator")
        cookie = wait_for_cookie(context, present=True)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        assert cookie["expires"] - time.time() == pytest.approx(12 * 3600, abs=120)  # "lasts 12 hours"
        assert sessions.COOKIE not in page.evaluate("document.cookie")  # out of reach of scripts

        page.reload()
        wait_settled(page)
        signed_in(page, "Browser Coordinator")
        # another coordinator page, opened afresh, needs no sign-in either
        page.goto(url + "/coordinators")
        wait_settled(page)
        signed_in(page, "Browser Coordinator")

        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_label("Coordinator passphrase")).to_be_visible(timeout=30_000)
        wait_for_cookie(context, present=False)
        page.reload()
        wait_settled(page)
        expect(page.get_by_label("Coordinator passphrase")).to_be_visible()
        assert page.get_by_role("button", name="Sign out").count() == 0

        # the cookie copied before signing out no longer signs anyone in
        thief = browser.new_context()
        try:
            block_outside(thief)
            thief.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly")}])
            stolen = thief.new_page()
            open_coordinators(stolen, url + "/coordinators")
            expect(stolen.get_by_label("Coordinator passphrase")).to_be_visible()
            assert stolen.get_by_role("button", name="Sign out").count() == 0
        finally:
            thief.close()


def one_time_link(log_path, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = LINK.search(log_path.read_text(errors="replace"))
        if found:
            return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no one-time link in the server's log:\n{log_path.read_text()[-2000:]}")


def test_the_one_time_link_signs_in_on_a_fresh_store_once(browser, context, tmp_path):
    with server(tmp_path, HRCITIES_COORDINATOR_HASH="") as url:
        link = one_time_link(tmp_path / "server.log")
        assert link.startswith(url + "/coordinators?token=")
        warm_up(browser, url)

        # Before: the Coordinators page says where to look.
        page = context.new_page()
        open_coordinators(page, url + "/coordinators")
        expect(page.locator(MAIN)).to_contain_text("Look in the server's log")

        page.goto(link)
        wait_settled(page)
        signed_in(page, "Coordinator (one-time link)")
        expect(page.locator(MAIN)).to_contain_text("works only once")
        assert "token=" not in page.url
        wait_for_cookie(context, present=True)
        page.reload()
        wait_settled(page)
        signed_in(page, "Coordinator (one-time link)")

        # A second time, in another browser, the link signs nobody in.
        other = browser.new_context()
        try:
            block_outside(other)
            again = other.new_page()
            again.goto(link)
            wait_settled(again)
            expect(again.locator(MAIN)).to_contain_text("already been used or has expired")
            assert again.get_by_role("button", name="Sign out").count() == 0
        finally:
            other.close()


def test_a_configured_server_prints_no_link(tmp_path):
    with server(tmp_path, HRCITIES_COORDINATOR_HASH=COORDINATOR_HASH) as url:
        assert url
        time.sleep(1.0)
        assert "one time" not in (tmp_path / "server.log").read_text(errors="replace")
