"""Shared links, languages and presenter mode in real Chromium, offline.

A link copied from one browser opens the same page, language, filters and territory in a fresh
context (a new browser with nothing in it); presenter mode fills a 1920x1080 and a 1280x720 screen
with its slides and moves between them.
"""

import re

import pytest
from harness import EXCEPTION, H1, MAIN, choose_option, is_outside, wait_settled
from playwright.sync_api import expect

from hrcities import i18n
from hrcities.load import load_campaign
from hrcities.paths import ROOT

pytestmark = pytest.mark.browser
FR = i18n.translator("fr")


def settle(page) -> None:
    wait_settled(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()


def test_a_copied_link_reproduces_the_view_in_a_fresh_browser(browser, app_url):
    first = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = first.new_page()
    page.goto(f"{app_url}/map?lang=fr")
    settle(page)
    expect(page.locator(H1).first).to_have_text(FR("Map explorer"))
    # choose a region filter and a territory the way a user does
    region = page.get_by_role("combobox", name=FR("UCLG region"))
    choose_option(page, region, FR("Europe"))
    page.keyboard.press("Escape")
    settle(page)
    search = page.get_by_role("combobox", name=FR("Find a city or territory"))
    search.click()
    search.press_sequentially("Barcel", delay=50)
    page.get_by_role("option", name="Barcelona", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"territory=barcelona"))
    # the copy-link box holds the same link as the address bar
    page.get_by_text(FR("Share this view")).click()
    codes = page.locator('[data-testid="stSidebar"] [data-testid="stCode"]')
    shared = codes.first.inner_text().strip()
    # the second box is the light page for phones, in the same language
    light = codes.nth(1).inner_text().strip()
    assert light.startswith(app_url + "/light/") and "lang=fr" in light, light
    assert "lang=fr" in shared and "region=europe" in shared and "territory=barcelona" in shared, shared
    assert shared.startswith(app_url + "/map?")
    first.close()

    fresh = browser.new_context(viewport={"width": 1600, "height": 1000})
    requests: list[str] = []
    other = fresh.new_page()
    other.on("request", lambda r: requests.append(r.url))
    other.goto(shared)
    settle(other)
    expect(other.locator(H1).first).to_have_text(FR("Map explorer"))
    expect(other.get_by_role("combobox", name=FR("Find a city or territory"))).to_have_value("Barcelona")
    expect(other.locator('[data-testid="stSidebar"]')).to_contain_text(FR("Europe"))
    expect(other.locator(MAIN)).to_contain_text(FR("Filtered view: sidebar filters are on."))
    assert not [u for u in requests if is_outside(u)]
    fresh.close()


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_presenter_mode_fills_a_forum_screen_and_steps_through_slides(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{app_url}/present?lang=es")
    settle(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    value = page.locator('[data-testid="stMetricValue"]')
    members = int(load_campaign(ROOT / "data").territories["is_member"].sum())
    expect(value).to_have_text(f"al menos {members}")  # a lower bound, in the audience's language
    size = page.evaluate("""() => {  // the size the number is drawn at: its innermost element's
        let v = document.querySelector('[data-testid="stMetricValue"]');
        while (v.firstElementChild) v = v.firstElementChild;
        return parseFloat(getComputedStyle(v).fontSize);
    }""")
    assert size >= 100, f"the live counter should be large on a projector, got {size}px"
    es = i18n.translator("es")
    expect(page.locator(MAIN)).to_contain_text(es("Slide {n} of {total}").split("{")[0])
    page.get_by_role("button", name=es("Next")).click()
    settle(page)
    # the map slide: the base map and the points are drawn
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot g.geo g.layer.land path')]
                                     .some(p => (p.getAttribute('d') || '').length > 1000)""",
        timeout=30_000,
    )
    page.get_by_role("button", name=es("Next")).click()
    settle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    overflow = page.evaluate(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth - window.innerWidth"
    )
    assert overflow <= 1, f"presenter mode scrolls sideways at {width}x{height}: {overflow}px"
    assert not [u for u in requests if is_outside(u)]
    context.close()
