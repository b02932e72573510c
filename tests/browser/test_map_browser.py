"""The map explorer in real headless Chromium, as a city official uses it on a laptop and a phone:
a filter frames the map on the selection, a point standing for two territories lets both be opened,
the profile is in view after a click (beside the map on a laptop, below it on a phone), the map fills
a phone's width, and no chart toolbar covers a title."""

import re

import pytest
from harness import EXCEPTION, MAIN, PLOT, block_outside, is_outside, wait_settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
PROFILE = ".st-key-map_profile"

_GEO_JS = """() => { const g = document.querySelector('.js-plotly-plot')._fullLayout.geo;
  return {lat: g.lataxis.range, lon: g.lonaxis.range, scale: g.projection.scale}; }"""

# Where the point of (lon, lat) is on screen: Plotly's own projection of the drawn geo subplot.
_POINT_JS = """([lon, lat]) => { const gd = document.querySelector('.js-plotly-plot');
  const geo = gd._fullLayout.geo._subplot; const [x, y] = geo.projection([lon, lat]);
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  return [svg.x + x, svg.y + y]; }"""

_BOX_JS = """(sel) => { const e = document.querySelector(sel); if (!e) return null;
  const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"""


@pytest.fixture
def open_page(browser, app_url):
    """Open the map explorer (with `query`) in a fresh context of `viewport`, drawn and settled."""
    contexts, made, errors = [], [], []

    def opener(viewport=LAPTOP, query=""):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(30_000)
        block_outside(context)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: made.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{app_url}/map{query}")
        wait_settled(page)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert made and not [u for u in made if is_outside(u)], "a request left the machine"


def box(page, selector: str) -> dict:
    found = page.evaluate(_BOX_JS, selector)
    assert found, f"nothing matches {selector}"
    return found


def click_point(page, lon: float, lat: float) -> None:
    x, y = page.evaluate(_POINT_JS, [lon, lat])
    page.mouse.move(x, y)  # Plotly clicks the point it is hovering: hover first, then click
    page.wait_for_timeout(400)
    page.mouse.click(x, y)


# data/territories.csv: Montevideo and its Municipio B share this point, with no other territory near
# (Barcelona and its Diputació share one too, but on the world map Sant Pere de Ribes is drawn over it)
MONTEVIDEO = (-56.18816, -34.90328)
SHARED = {"Montevideo", "Municipio B (Montevideo)"}


def profile_heading(page):
    return page.locator(f"{PROFILE} h3")


def test_a_filter_zooms_the_map_to_the_selection(open_page):
    world = open_page().evaluate(_GEO_JS)
    assert world["lon"] == [-180, 180] and world["lat"] == [-90, 90]
    page = open_page(query="?region=europe")
    expect(page.locator(MAIN)).to_contain_text("Filtered view")
    europe = page.evaluate(_GEO_JS)
    (lat0, lat1), (lon0, lon1) = europe["lat"], europe["lon"]
    assert -15 < lon0 < 0 < lon1 < 40 and 30 < lat0 < 45 < lat1 < 65, europe
    assert page.locator(EXCEPTION).count() == 0


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_two_territories_at_one_point_can_both_be_opened_and_the_profile_is_in_view(open_page, viewport):
    page = open_page(viewport)
    click_point(page, *MONTEVIDEO)
    here = page.locator('[data-testid="stRadio"]').filter(has_text="2 territories at this place")
    expect(here).to_be_visible(timeout=30_000)
    first = profile_heading(page).inner_text().strip()
    assert first in SHARED
    wait_settled(page)
    page.wait_for_timeout(500)  # the profile is scrolled into view once drawn
    heading, header = box(page, f"{PROFILE} h3"), box(page, '[data-testid="stHeader"]')
    assert header["bottom"] - 1 <= heading["top"] and heading["bottom"] <= viewport["height"], heading
    chart = box(page, '[data-testid="stPlotlyChart"]')
    if viewport is LAPTOP:
        assert heading["left"] >= chart["right"], "on a laptop the profile is beside the map"
    else:
        assert heading["top"] >= chart["bottom"], "on a phone the profile comes below the map"
    other = (SHARED - {first}).pop()
    here.get_by_text(other, exact=True).click()
    expect(profile_heading(page)).to_have_text(other, timeout=30_000)
    expect(page.locator(PROFILE)).to_contain_text("Uruguay")
    here.get_by_text(first, exact=True).click()
    expect(profile_heading(page)).to_have_text(first, timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0


def test_the_map_fills_a_phone_s_width_without_blank_bands(open_page):
    for query in ("", "?region=europe"):
        page = open_page(PHONE, query)
        plot = box(page, PLOT)
        title = box(page, f"{PLOT} .gtitle")
        legend = box(page, f"{PLOT} .legend")
        frame = box(page, f"{PLOT} g.geo .layer.ocean path")  # the sea fills the map's frame
        assert frame["right"] - frame["left"] >= 0.95 * (plot["right"] - plot["left"]), (query, frame, plot)
        above, below = frame["top"] - title["bottom"], legend["top"] - frame["bottom"]
        assert -2 <= above <= 60 and -2 <= below <= 40, (query, above, below)


@pytest.mark.parametrize("path", ["map", "", "charter"])
def test_no_chart_toolbar_over_a_title_on_a_phone(browser, app_url, path):
    context = browser.new_context(viewport=PHONE)
    try:
        block_outside(context)
        page = context.new_page()
        page.goto(f"{app_url}/{path}")
        wait_settled(page)
        charts = page.locator(PLOT)
        assert charts.count() >= 1
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            chart.hover()
            page.wait_for_timeout(300)
            overlap = chart.evaluate("""(gd) => {
              const bar = gd.querySelector('.modebar'); const title = gd.querySelector('.gtitle');
              if (!bar || !title || getComputedStyle(bar).display === 'none') return false;
              const a = bar.getBoundingClientRect(), b = title.getBoundingClientRect();
              if (!a.width || !a.height) return false;
              return !(a.right <= b.left || b.right <= a.left
                       || a.bottom <= b.top || b.bottom <= a.top); }""")
            assert not overlap, f"/{path}: chart {i}'s toolbar covers its title"
            assert chart.locator(".modebar-btn").count() == 0, f"/{path}: chart {i} shows Plotly's toolbar"
        assert re.search(r"\S", page.locator(MAIN).inner_text())
    finally:
        context.close()
