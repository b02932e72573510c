"""Coordinators in real Chromium: sign in, import a tracker with French headings, see the count move.

Each test starts servers of its own on a fresh store, so the shared server of the page tests keeps
the real data as it is. The second test runs two `streamlit run` processes on one PostgreSQL
database, as a shared deployment behind a load balancer does: a write through the first process
shows in the second on its next rerun.
"""

import os
import re
from pathlib import Path

import pytest
from conftest import COORDINATOR_HASH, COORDINATOR_PASSPHRASE
from harness import EXCEPTION, MAIN, postgres_database, streamlit_server, wait_settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "uploads"
FRENCH_TRACKER = CORPUS / "tracker_fr_semicolon.csv"  # 3 new places (one of them a member) + Grigny as is
PG_ENV = "HRCITIES_TEST_POSTGRES_URL"


def members_counted(page, base_url: str) -> int:
    """The 'Members on record' figure of the progress page ('at least 51'), read in a fresh
    visit (no sign-in needed)."""
    page.goto(base_url + "/")
    wait_settled(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Members on record")
    value = metric.locator('[data-testid="stMetricValue"]').inner_text()
    assert value.startswith("at least "), value  # a lower bound, said as one
    return int(re.sub(r"\D", "", value))


def sign_in(page, base_url: str) -> None:
    page.goto(base_url + "/coordinators")
    wait_settled(page)
    page.get_by_label("Your name (shown in the activity log)").fill("Browser Coordinator")
    page.get_by_label("Coordinator passphrase").fill(COORDINATOR_PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(MAIN)).to_contain_text("Signed in as Browser Coordinator", timeout=30_000)


def import_french_tracker(page) -> None:
    """From the signed-in coordinators' page: upload, check the suggested mapping and preview, apply."""
    page.locator('[data-testid="stPageLink"]').filter(has_text="Import the tracker").locator("a").click()
    expect(page.locator("h1").first).to_have_text("Import the campaign tracker", timeout=30_000)
    wait_settled(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(FRENCH_TRACKER))
    expect(page.locator(MAIN)).to_contain_text("2. What the import would do", timeout=60_000)
    wait_settled(page)
    # The French headings were matched to ours.
    suggested = [("Pays", "Country"), ("Étape", "Campaign stage"), ("Année d'adhésion", "Date joined")]
    for heading, field in suggested:
        expect(page.get_by_role("combobox", name=heading, exact=True)).to_have_value(re.compile(f"^{field}"))
    # Map one column by hand: leave 'Population' out of the import.
    page.get_by_role("combobox", name="Population", exact=True).click()
    page.get_by_role("option", name="(leave out)").click()
    expect(page.get_by_role("combobox", name="Population", exact=True)).to_have_value("(leave out)")
    wait_settled(page)
    added = page.locator('[data-testid="stMetric"]').filter(has_text="Territories added")
    expect(added.locator('[data-testid="stMetricValue"]')).to_have_text("3")
    expect(page.locator(MAIN)).to_contain_text("Villeneuve-Exemple-sur-Rhône")
    page.get_by_role("button", name="Apply the import").click()
    expect(page.locator(MAIN)).to_contain_text("applied. Added: 3. Changed: 0.", timeout=60_000)
    assert page.locator(EXCEPTION).count() == 0


def test_a_coordinator_imports_a_french_tracker_and_the_progress_page_counts_it(context, tmp_path):
    env = {
        "HRCITIES_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        "HRCITIES_COORDINATOR_HASH": COORDINATOR_HASH,
    }
    with streamlit_server(env=env, log_path=tmp_path / "server.log") as url:
        page = context.new_page()
        before = members_counted(page, url)
        sign_in(page, url)
        import_french_tracker(page)
        assert members_counted(context.new_page(), url) == before + 1


def test_a_write_through_one_app_process_shows_in_another_on_one_postgresql(context, tmp_path):
    admin = os.environ.get(PG_ENV)
    if not admin:
        if os.environ.get("HRCITIES_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{PG_ENV} is not set but HRCITIES_REQUIRE_POSTGRES=1", pytrace=False)
        pytest.skip(f"{PG_ENV} not set (CI sets it)")
    with postgres_database(admin) as database:
        env = {"HRCITIES_DATABASE_URL": database, "HRCITIES_COORDINATOR_HASH": COORDINATOR_HASH}
        with (
            streamlit_server(env=env, log_path=tmp_path / "first.log") as first,
            streamlit_server(env=env, log_path=tmp_path / "second.log") as second,
        ):
            watcher = context.new_page()
            before = members_counted(watcher, second)  # the second process has loaded and cached the data
            writer = context.new_page()
            assert members_counted(writer, first) == before
            sign_in(writer, first)
            import_french_tracker(writer)
            assert members_counted(watcher, second) == before + 1
