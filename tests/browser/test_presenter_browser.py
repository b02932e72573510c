"""Presenter mode as a forum uses it, in real headless Chromium, offline: a clicker's and a keyboard's keys
move between slides, B and "." blank the screen, F goes full screen; at 1024x768, 1280x720, 1920x1080
and 3840x2160 every slide fits the screen (no scrolling, every element of the slide inside the window),
with text of at least 24 px and chart ticks of at least 18 px at 1920x1080; the controls hide when the
mouse rests and come back when it moves; a filtered presentation names its filter on every slide; axe
finds no serious or critical violation on the dark and the light screen.
"""

import re

import pytest
from harness import EXCEPTION, is_outside, wait_settled
from playwright.sync_api import expect
from test_accessibility import blocking_violations, describe

from hrcities import i18n

pytestmark = pytest.mark.browser
EN = i18n.translator("en")
POSITION = ".st-key-present-note-position"
SLIDE = ".st-key-present-slide"
CONTROLS = ".st-key-present-controls"
SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]


@pytest.fixture
def open_present(browser, app_url):
    """Open /present (with `query`) in a fresh context of `size`; every context is closed afterwards and
    no request may leave this machine."""
    opened = []

    def open_(query: str = "", size: tuple[int, int] = (1280, 720)):
        context = browser.new_context(viewport={"width": size[0], "height": size[1]})
        context.set_default_timeout(30_000)
        requests: list[str] = []
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        opened.append((context, requests))
        page.goto(f"{app_url}/present{query}")
        settle(page)
        return page

    yield open_
    for context, requests in opened:
        context.close()
        assert not [u for u in requests if is_outside(u)]


def settle(page) -> None:
    wait_settled(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()


def position(page) -> tuple[int, int]:
    """(slide number, slide count) as the slide says it."""
    text = page.locator(POSITION).inner_text()
    found = re.search(r"(\d+)\D+(\d+)", text)
    assert found, text
    return int(found[1]), int(found[2])


def press(page, key: str, expected: int) -> None:
    """Press `key` on the page and wait until slide `expected` is shown and drawn."""
    page.keyboard.press(key)
    page.wait_for_function(
        """([sel, n]) => { const e = document.querySelector(sel);
                          return e && new RegExp('^\\\\D*' + n + '\\\\D').test(e.innerText); }""",
        arg=[POSITION, expected],
    )
    settle(page)
    assert position(page)[0] == expected, key


def heading(page) -> str:
    return page.locator(f"{SLIDE} h1").inner_text()


def test_every_key_of_a_clicker_and_a_keyboard_moves_between_slides(open_present):
    page = open_present()
    number, count = position(page)
    assert number == 1
    first = heading(page)
    press(page, "ArrowRight", 2)
    assert heading(page) != first
    press(page, "PageDown", 3)
    press(page, "Space", 4)
    press(page, "ArrowLeft", 3)
    press(page, "PageUp", 2)
    press(page, "End", count)
    assert heading(page) == EN("Explore this view")
    press(page, "Home", 1)
    assert heading(page) == first
    press(page, "ArrowLeft", count)  # wraps to the last
    # a clicked button keeps the focus: Space then moves once, not twice
    page.locator(".st-key-present_next button").click()
    page.wait_for_function(
        "([sel]) => /^\\D*1\\D/.test(document.querySelector(sel).innerText)", arg=[POSITION]
    )
    settle(page)
    press(page, "Space", 2)
    press(page, "ArrowRight", 3)


def test_b_and_the_full_stop_blank_the_screen_and_bring_it_back(open_present):
    page = open_present()
    press(page, "ArrowRight", 2)
    title = heading(page)
    for key in ("b", "."):
        page.keyboard.press(key)
        blank = page.locator(".st-key-present-blank")
        expect(blank).to_be_visible()
        expect(page.locator(SLIDE)).to_have_count(0)
        box = blank.bounding_box()
        size = page.viewport_size
        assert box["width"] >= size["width"] and box["height"] >= size["height"], box
        page.keyboard.press(key)
        expect(page.locator(SLIDE)).to_have_count(1)
        settle(page)
        assert heading(page) == title and position(page)[0] == 2


def test_f_and_the_button_go_full_screen(open_present):
    page = open_present()
    full = page.locator(f"{CONTROLS} button.present-fullscreen")
    expect(full).to_have_text(EN("Full screen (F)"))
    full.click()
    page.wait_for_function("() => document.fullscreenElement === document.documentElement")
    expect(full).to_have_text(EN("Leave full screen (F)"))
    page.keyboard.press("f")
    page.wait_for_function("() => document.fullscreenElement === null")
    page.keyboard.press("F")
    page.wait_for_function("() => document.fullscreenElement !== null")


# Every element of the slide that draws something, with its box; the page's scrolling sizes.
_FIT_JS = """
([slide]) => {
  const root = document.querySelector(slide);
  const main = document.querySelector('.stMain');
  const drawn = [...root.querySelectorAll('h1, h2, h3, p, li, blockquote, code, img, summary, label, '
                                         + '.js-plotly-plot, [role="progressbar"]')]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 0);
  const out = drawn.map(e => { const r = e.getBoundingClientRect();
    return {what: e.tagName + ' ' + (e.innerText || e.className || '').toString().slice(0, 50),
            left: r.left, top: r.top, right: r.right, bottom: r.bottom}; });
  return {
    width: innerWidth, height: innerHeight,
    doc: document.scrollingElement.scrollHeight, docWide: document.scrollingElement.scrollWidth,
    main: main.scrollHeight, mainClient: main.clientHeight, mainWide: main.scrollWidth,
    boxes: out,
  };
}
"""

# The computed type size of every element of the slide that holds text itself (not only in its
# children), and of the chart's tick labels.
_TYPE_JS = """
([slide]) => {
  const root = document.querySelector(slide);
  const own = e => [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  // an icon is a glyph of the Material Symbols font, its ligature's name as its text
  const icon = e => /Material Symbols/.test(getComputedStyle(e).fontFamily);
  const texts = [...root.querySelectorAll('*')]
    .filter(e => !(e instanceof SVGElement) && own(e) && !icon(e) && e.checkVisibility())
    .map(e => ({what: e.textContent.slice(0, 40), px: parseFloat(getComputedStyle(e).fontSize)}));
  const ticks = [...root.querySelectorAll('.js-plotly-plot .xtick text, .js-plotly-plot .ytick text')]
    .map(e => ({what: e.textContent, px: parseFloat(getComputedStyle(e).fontSize)}));
  return {texts, ticks};
}
"""


def outside(fit: dict) -> list[dict]:
    """The slide's elements that are not wholly inside the window (half a pixel of rounding allowed)."""
    w, h = fit["width"] + 0.5, fit["height"] + 0.5
    return [
        b for b in fit["boxes"] if b["left"] < -0.5 or b["top"] < -0.5 or b["right"] > w or b["bottom"] > h
    ]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fits_the_screen(open_present, size):
    page = open_present("?lang=fr", size)  # French: the longest texts
    page.mouse.move(size[0] // 2, 10)
    _, count = position(page)
    for number in range(1, count + 1):
        fit = page.evaluate(_FIT_JS, [SLIDE])
        where = f"slide {number} at {size[0]}x{size[1]}"
        assert fit["doc"] <= fit["height"] and fit["main"] <= fit["mainClient"], f"{where} scrolls: {fit}"
        assert fit["docWide"] <= fit["width"] and fit["mainWide"] <= fit["width"], f"{where} scrolls sideways"
        assert fit["boxes"], f"{where}: nothing drawn"
        assert not outside(fit), f"{where}: outside the window: {outside(fit)}"
        if size == (1920, 1080):
            sizes = page.evaluate(_TYPE_JS, [SLIDE])
            small = [t for t in sizes["texts"] if t["px"] < 24]
            assert not small, f"{where}: text under 24 px: {small}"
            assert all(t["px"] >= 18 for t in sizes["ticks"]), f"{where}: ticks under 18 px: {sizes['ticks']}"
        if number < count:
            press(page, "ArrowRight", number + 1)


def controls_opacity(page) -> float:
    return float(page.locator(CONTROLS).evaluate("e => getComputedStyle(e).opacity"))


def test_controls_hide_when_the_mouse_rests_and_come_back_when_it_moves(open_present):
    page = open_present()
    page.mouse.move(300, 300)
    page.wait_for_function(
        "([sel]) => getComputedStyle(document.querySelector(sel)).opacity === '0'", arg=[CONTROLS]
    )
    assert page.evaluate("() => document.documentElement.classList.contains('present-idle')")
    assert controls_opacity(page) == 0
    page.mouse.move(320, 310)
    page.wait_for_function(
        "([sel]) => getComputedStyle(document.querySelector(sel)).opacity === '1'", arg=[CONTROLS]
    )
    expect(page.locator(".st-key-present_next button")).to_be_visible()
    # a key press of the clicker does not bring them back
    page.wait_for_function(
        "([sel]) => getComputedStyle(document.querySelector(sel)).opacity === '0'", arg=[CONTROLS]
    )
    press(page, "PageDown", 2)
    assert controls_opacity(page) == 0


def test_a_filtered_presentation_names_its_filter_on_every_slide(open_present):
    page = open_present("?region=europe")
    _, count = position(page)
    date_prefix = EN("Data as of {date}").split("{")[0]
    for number in range(1, count + 1):
        foot = page.locator(".st-key-present-foot").inner_text()
        assert EN("Filtered view") in foot and EN("Europe") in foot, f"slide {number}: {foot}"
        if number in (1, count):
            assert date_prefix in foot, f"slide {number}: {foot}"
        if number < count:
            press(page, "ArrowRight", number + 1)


def test_the_closing_slide_warns_instead_of_a_qr_code_for_a_local_address(open_present):
    page = open_present()  # the test server is on 127.0.0.1 and sets no public address
    press(page, "End", position(page)[1])
    warning = page.locator(".st-key-present-warning")
    expect(warning).to_contain_text("HRCITIES_PUBLIC_URL")
    expect(page.locator(f"{SLIDE} img")).to_have_count(0)


@pytest.mark.parametrize("light", [False, True], ids=["dark", "light"])
def test_no_serious_axe_violation_on_the_presenter_screens(open_present, light):
    page = open_present()
    if light:
        page.locator(CONTROLS).get_by_text(EN("Light screen"), exact=True).click()
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('.stMain')).backgroundColor"
            " === 'rgb(255, 255, 255)'"
        )
        settle(page)
    _, count = position(page)
    # the counter, a chart, a spotlight, a quote with its translation and the closing slide's warning
    for number in (1, 3, 4, 8, count):
        while position(page)[0] < number:
            press(page, "ArrowRight", position(page)[0] + 1)
        # the controls as a presenter sees them after moving the mouse, not halfway through their
        # fade (a slide drawn slowly let the idle fade start during the scan: its colours mid-fade)
        page.mouse.move(200 + number, 300)
        page.wait_for_function(
            "sel => getComputedStyle(document.querySelector(sel)).opacity === '1'", arg=CONTROLS
        )
        found = blocking_violations(page)
        assert not found, f"slide {number} ({'light' if light else 'dark'}):\n{describe(found)}"
