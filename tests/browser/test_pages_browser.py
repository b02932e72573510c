"""Every page of the dashboard in real headless Chromium, served by `streamlit run app.py`, offline.

Each visit checks: the main heading, no Streamlit exception element, no uncaught JavaScript error,
no request to any host but this machine. Map pages also check that the base map (topojson served
from app/static/) and the territory points were drawn.
"""

import re
from urllib.parse import urlsplit

import pytest
from harness import (
    BASE_MAP_PATHS,
    CHOROPLETH_PATHS,
    CITY_PAGES,
    EXCEPTION,
    FIXED_PAGES,
    H1,
    MAIN,
    POINT_PATHS,
    STREAMLIT_NOT_FOUND_DIALOG,
    choose_option,
    geo_stats,
    is_outside,
    streamlit_server,
    wait_settled,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TOPOJSON = "/app/static/world_50m.json"  # a map zoomed on a place (city pages)
WORLD_TOPOJSON = "/app/static/world_110m.json"  # the whole world (the map explorer)


def visit(page, app_url: str, path: str) -> None:
    """Open `path` and wait until it is drawn; on a timeout, say what the page shows instead."""
    page.goto(f"{app_url}/{path}")
    try:
        wait_settled(page)
    except Exception as e:  # Playwright TimeoutError: explain with what is on the page
        errors = page.locator(EXCEPTION).all_inner_texts()
        main = page.locator(MAIN).inner_text()[:1500] if page.locator(MAIN).count() else "(no main)"
        raise AssertionError(f"/{path} did not settle: {e}\nexceptions: {errors}\nmain text: {main}") from e


def assert_clean(page, path: str, requests_made: list[str], page_errors: list[str]) -> None:
    exceptions = page.locator(EXCEPTION)
    assert exceptions.count() == 0, f"/{path} shows an exception: {exceptions.all_inner_texts()}"
    assert not page_errors, f"/{path} raised JavaScript errors: {page_errors}"
    outside = [u for u in requests_made if is_outside(u)]
    assert not outside, f"/{path} requested non-loopback URLs: {outside}"
    assert requests_made, "no request was recorded: the request listener is broken"


def heading(page) -> str:
    return page.locator(H1).first.inner_text().strip()


def assert_map_drawn(page, path: str, requests_made: list[str]) -> dict:
    """A geo chart drew its topojson base map and at least one territory point."""
    page.wait_for_function(
        """([basemap, points]) =>
             [...document.querySelectorAll(basemap)].some(p => (p.getAttribute('d') || '').length > 1000)
             && [...document.querySelectorAll(points)].some(p => (p.getAttribute('d') || '').length > 5)""",
        arg=[BASE_MAP_PATHS, POINT_PATHS],
        timeout=30_000,
    )
    stats = geo_stats(page)
    assert stats["geo_charts"] >= 1, f"/{path}: no geo chart: {stats}"
    assert stats["base_map_paths"] >= 1, f"/{path}: base map (land, country boundaries) not drawn: {stats}"
    assert stats["country_border_paths"] >= 1, f"/{path}: country boundaries not drawn: {stats}"
    assert stats["points"] >= 1, f"/{path}: no territory point drawn: {stats}"
    basemap = WORLD_TOPOJSON if path == "map" else TOPOJSON
    assert any(u.endswith(basemap) for u in requests_made), (
        f"/{path}: the base map was not loaded from {basemap}"
    )
    return stats


PAGES = [pytest.param(path, title, id=path or "root") for path, title in FIXED_PAGES.items()] + [
    pytest.param(path, title, id=path) for path, title in CITY_PAGES.items()
]
MAP_PAGES = {"map", *CITY_PAGES}


@pytest.mark.parametrize(("path", "title"), PAGES)
def test_page_loads_offline(page, app_url, requests_made, page_errors, path, title):
    visit(page, app_url, path)
    assert heading(page) == title
    assert page.locator(STREAMLIT_NOT_FOUND_DIALOG).count() == 0, f"/{path}: Streamlit says 'Page not found'"
    if path in MAP_PAGES:
        stats = assert_map_drawn(page, path, requests_made)
        if path in CITY_PAGES:
            assert stats["points"] == 1, f"/{path}: a city map shows its one territory: {stats}"
    assert_clean(page, path, requests_made, page_errors)


def test_map_members_per_country(page, app_url, requests_made, page_errors):
    visit(page, app_url, "map")
    assert_map_drawn(page, "map", requests_made)
    page.locator('[data-testid="stRadio"]').filter(has_text="View").get_by_text(
        "Members per country", exact=True
    ).click()
    page.wait_for_function(
        """(sel) => [...document.querySelectorAll(sel)].filter(p => (p.getAttribute('d') || '').length > 10
                   && !['none', ''].includes(getComputedStyle(p).fill)).length >= 3""",
        arg=CHOROPLETH_PATHS,
        timeout=30_000,
    )
    wait_settled(page)
    stats = geo_stats(page)
    assert stats["base_map_paths"] >= 1, stats
    assert stats["country_border_paths"] >= 1, stats
    assert stats["choropleth_filled"] >= 3, stats
    assert stats["points"] == 0, f"the country view should not draw points: {stats}"
    expect(page.locator(MAIN)).to_contain_text(re.compile(r"\d+ countries with at least one member"))
    assert_clean(page, "map", requests_made, page_errors)


@pytest.mark.parametrize(
    ("path", "first", "tab", "title"),
    [
        ("", "Joins over time and the next milestone", "By UCLG region", "Territories by UCLG region"),
        ("charter", "Practices per right", "Rights by region", "Coverage of rights by region"),
    ],
)
def test_a_tab_draws_its_chart_when_picked(
    page, app_url, requests_made, page_errors, path, first, tab, title
):
    # only the open tab is drawn: picking another reruns the page and draws that tab's chart
    visit(page, app_url, path)
    charts = page.locator(f'{MAIN} [data-testid="stPlotlyChart"]')
    expect(charts.filter(has_text=first)).to_have_count(1)
    expect(charts.filter(has_text=title)).to_have_count(0)
    page.get_by_role("tab", name=tab, exact=True).click()
    expect(charts.filter(has_text=title)).to_have_count(1, timeout=30_000)
    expect(charts.filter(has_text=first)).to_have_count(0)
    wait_settled(page)
    assert page.get_by_role("tab", name=tab, exact=True).get_attribute("aria-selected") == "true"
    assert_clean(page, path, requests_made, page_errors)


def test_map_search_opens_profile(page, app_url, requests_made, page_errors):
    visit(page, app_url, "map")
    search = page.get_by_role("combobox", name="Find a city or territory")
    search.click()
    search.press_sequentially("Barcel", delay=50)
    page.get_by_role("option", name="Barcelona", exact=True).click()
    link = page.locator('[data-testid="stPageLink"]').filter(has_text="Open the city page")
    expect(link).to_be_visible(timeout=30_000)
    card = (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.locator("h3", has_text=re.compile(r"^\s*Barcelona\s*$")))
        .filter(has=link)
        .last
    )
    expect(card).to_be_visible()
    expect(card).to_contain_text("Spain")
    wait_settled(page)
    assert_map_drawn(page, "map", requests_made)
    assert_clean(page, "map", requests_made, page_errors)
    # The link leads to the city page.
    link.locator("a").click()
    expect(page.locator(H1).first).to_have_text("Barcelona", timeout=30_000)
    assert page.url.rstrip("/").endswith("/barcelona")
    wait_settled(page)
    assert_clean(page, "barcelona", requests_made, page_errors)


def test_unknown_path_shows_not_found(page, app_url, requests_made, page_errors):
    visit(page, app_url, "atlantis")
    assert heading(page) == "Page not found"
    main = page.locator(MAIN)
    expect(main).to_contain_text("atlantis")
    links = main.locator('[data-testid="stPageLink"] a')
    texts = [t.strip() for t in links.all_inner_texts()]
    for title in [
        "Campaign progress",
        "Map explorer",
        "Practice library",
        "Charter-Agenda",
        "Forum: WHRCF 2023",
        *CITY_PAGES.values(),
    ]:
        assert any(title in t for t in texts), f"no link to {title!r} in {texts}"
    assert_clean(page, "atlantis", requests_made, page_errors)
    # Streamlit's own modal ("Page not found ... Running the app's main page.") covers the friendly
    # page and makes it inert; once closed, the friendly page's links work.
    dialog = page.locator(STREAMLIT_NOT_FOUND_DIALOG)
    if dialog.count():
        dialog.get_by_role("button").first.click()
        expect(dialog).to_have_count(0)
    main.locator('[data-testid="stPageLink"] a').filter(has_text="Map explorer").click()
    expect(page.locator(H1).first).to_have_text("Map explorer", timeout=30_000)
    assert page.url.rstrip("/").endswith("/map")


def test_unknown_path_links_usable_without_closing_a_dialog(page, app_url):
    """The unknown address is registered as a hidden page of its own, so Streamlit's 'Page not
    found ... Running the app's main page.' dialog does not cover the friendly page."""
    visit(page, app_url, "atlantis")
    assert heading(page) == "Page not found"
    expect(page.locator(STREAMLIT_NOT_FOUND_DIALOG)).to_have_count(0)
    assert page.url.rstrip("/").endswith("/atlantis")
    page.locator(MAIN).locator('[data-testid="stPageLink"] a').filter(has_text="Map explorer").click(
        timeout=5_000
    )
    expect(page.locator(H1).first).to_have_text("Map explorer", timeout=30_000)


def test_first_visit_after_start_has_no_page_not_found_dialog(browser, chromium_path, tmp_path):
    """Needs its own fresh server: only the first session after start is affected. Its store is
    seeded beforehand, so that the first visit waits for the page and not for seeding."""
    from hrcities.paths import DEFAULT_DATA_DIR
    from hrcities.store import Store

    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store(database, DEFAULT_DATA_DIR)
    store.prepare()
    store.dispose()
    with streamlit_server(env={"HRCITIES_DATABASE_URL": database}) as url:
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        try:
            page = context.new_page()
            visit(page, url, "map")
            assert heading(page) == "Map explorer"
            assert page.locator(STREAMLIT_NOT_FOUND_DIALOG).count() == 0, page.locator(
                STREAMLIT_NOT_FOUND_DIALOG
            ).all_inner_texts()
        finally:
            context.close()


def region_chips(sidebar):
    """The selected-value chips of the sidebar's "UCLG region" multiselect."""
    box = sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="UCLG region")
    return box.locator('[role="group"][aria-label="Selected values"] [data-tag]')


def test_sidebar_filters_persist_across_pages(page, app_url, requests_made, page_errors):
    visit(page, app_url, "practices")
    sidebar = page.locator('[data-testid="stSidebar"]')
    region = sidebar.get_by_role("combobox", name="UCLG region")
    for attempt in range(3):  # a redraw of the sidebar right after settling may swallow the click
        choose_option(page, region, "Africa")
        page.keyboard.press("Escape")
        try:
            expect(region_chips(sidebar)).to_have_count(1, timeout=5_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            wait_settled(page)
    expect(region_chips(sidebar)).to_have_count(1)
    expect(region_chips(sidebar).first).to_have_attribute("aria-label", "Africa")
    expect(page.locator(MAIN)).to_contain_text("Filtered view", timeout=30_000)
    wait_settled(page)
    assert_clean(page, "practices", requests_made, page_errors)

    sidebar.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Map explorer").click()
    expect(page.locator(H1).first).to_have_text("Map explorer", timeout=30_000)
    assert urlsplit(page.url).path.rstrip("/").endswith("/map")
    wait_settled(page)
    # The filter travels in the link too (written once the page settles).
    expect(page).to_have_url(re.compile(r"/map\?(.*&)?region=africa(&|$)"), timeout=30_000)
    chips = region_chips(sidebar)
    expect(chips).to_have_count(1)
    expect(chips.first).to_have_attribute("aria-label", "Africa")
    expect(page.locator(MAIN)).to_contain_text("Filtered view")
    assert_map_drawn(page, "map", requests_made)
    assert_clean(page, "map", requests_made, page_errors)


# -- the checks themselves can fail ---------------------------------------------------------------


def test_map_check_fails_without_topojson(page, app_url, requests_made):
    """With the shipped topojson blocked, no base-map path is drawn: the map check above is not vacuous."""
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.context.route(f"**{TOPOJSON}", lambda route: route.abort())
    page.goto(f"{app_url}/kisumu")
    expect(page.locator(H1).first).to_have_text("Kisumu County", timeout=45_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=45_000)
    for _ in range(40):
        if any(u.endswith(TOPOJSON) for u in failed):
            break
        page.wait_for_timeout(250)
    assert any(u.endswith(TOPOJSON) for u in failed), f"the topojson request was not made/blocked: {failed}"
    page.wait_for_timeout(1500)
    stats = geo_stats(page)
    assert stats["base_map_paths"] == 0 and stats["country_border_paths"] == 0, stats


@pytest.mark.parametrize("url", ["http://example.com/x", "https://cdn.plot.ly/world_50m.json"])
def test_outside_requests_are_seen_and_fail(page, app_url, requests_made, url):
    page.goto(f"{app_url}/_stcore/health")
    outcome = page.evaluate("(u) => fetch(u).then(() => 'loaded', () => 'failed')", url)
    assert outcome == "failed"
    assert [u for u in requests_made if is_outside(u)] == [url]


def test_is_outside():
    assert not is_outside("http://127.0.0.1:8501/app/static/world_50m.json")
    assert not is_outside("http://localhost:8501/")
    assert not is_outside("http://[::1]:8501/")
    assert not is_outside("data:image/png;base64,AAAA")
    assert not is_outside("blob:http://127.0.0.1:8501/1234")
    assert not is_outside("about:blank")
    assert is_outside("https://cdn.plot.ly/world_110m.json")
    assert is_outside("https://webhooks.fivetran.com/webhooks/x")
    assert is_outside("http://127.0.0.2.example.com/")
