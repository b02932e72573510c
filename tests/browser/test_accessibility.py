"""Accessibility of every page in real headless Chromium: an axe-core scan finds no serious or critical
violation (with every chart's "Data table" twin opened), every chart has that twin, every visible control
is reached by pressing Tab, and the map and progress pages are usable 390 px wide without horizontal
scrolling.

axe-core comes from the `axe-playwright-python` wheel (its bundled `axe.min.js`), injected into the page
as a script tag: nothing is fetched from the network.
"""

from pathlib import Path

import pytest
from harness import CITY_PAGES, EXCEPTION, FIXED_PAGES, MAIN, STREAMLIT_NOT_FOUND_DIALOG, wait_settled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}

# Markup of Streamlit's own frontend that no Python call of ours can change. Each entry names the axe
# rules, one narrow container selector and the reason; only those rules, only inside that container,
# are not counted. Every other rule is still checked there, and everything else is scanned in full.
STREAMLIT_INTERNAL: list[dict] = [
    # st.navigation with sections (our "Campaign" / "Practice cities" / "Coordinators" menu) is drawn by
    # Streamlit as <ul data-testid="stSidebarNavItems"><div><header/><li/>...</div></ul>: a <div> directly
    # in the <ul> and <li>s whose parent is that <div>. The links themselves are named and focusable.
    {
        "rules": ["list", "listitem"],
        "within": '[data-testid="stSidebarNavItems"]',
        "why": "Streamlit's sectioned sidebar navigation wraps its <li>s in a <div> inside the <ul>",
    },
]

AXE_OPTIONS = {"resultTypes": ["violations"], "elementRef": True}

_RUN_AXE_JS = """
async ([internal, options]) => {
  const results = await axe.run(document, options);
  const streamlitOwn = (id, el) => internal.some(x => x.rules.includes(id) && el && el.closest(x.within));
  return results.violations.map(v => {
    const nodes = v.nodes.filter(n => !streamlitOwn(v.id, n.element));
    return {id: v.id, impact: v.impact, help: v.help, targets: nodes.map(n => n.target.join(' '))};
  }).filter(v => v.targets.length > 0);
}
"""

_OVERFLOW_JS = f"""
() => {{
  const doc = document.scrollingElement || document.documentElement;
  const main = document.querySelector('{MAIN}');
  return {{
    viewport: window.innerWidth,
    document: doc.scrollWidth,
    main: main ? main.scrollWidth : 0,
    main_client: main ? main.clientWidth : 0,
  }};
}}
"""


# Every visible, enabled control of the main area and the sidebar, grouped by the Streamlit element it
# belongs to (a radio group or a tab list is one element: one of its items in the tab order is enough).
_MARK_CONTROLS_JS = r"""
() => {
  const interactive = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex^="-"]), '
      + '[role=button], '
      + '[role=tab], [role=radio], [role=switch], [role=checkbox], [role=combobox], [role=link]';
  const group = el => el.closest('[role=tablist], [role=radiogroup], [data-testid="stElementContainer"], '
      + '[data-testid="stSidebarNavItems"] li, '
      + '[data-testid="stSidebarNav"] > *, [data-testid="stSidebarHeader"]') || el;
  const areas = [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')];
  const groups = new Map();
  for (const area of areas) {
    for (const el of area.querySelectorAll(interactive)) {
      if (el.disabled || el.getAttribute('aria-disabled') === 'true'
          || el.closest('[inert], [aria-hidden="true"]')
          || !el.checkVisibility({opacityProperty: false, visibilityProperty: true})) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      const g = group(el);
      if (!g.dataset.a11yControl) g.dataset.a11yControl = String(groups.size);
      groups.set(g.dataset.a11yControl, (g.innerText || el.getAttribute('aria-label') || el.tagName)
                 .trim().split('\n')[0].slice(0, 60));
    }
  }
  window.__a11yFocused = new Set();
  document.addEventListener('focusin', e => {
    const g = e.target.closest && e.target.closest('[data-a11y-control]');
    if (g) window.__a11yFocused.add(g.dataset.a11yControl);
  }, true);
  return Object.fromEntries(groups);
}
"""


def axe_script() -> Path:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
    assert path.is_file(), f"axe-core is missing from axe-playwright-python: {path}"
    return path


def visit(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    try:
        wait_settled(page)
    except Exception as e:  # Playwright TimeoutError: explain with what is on the page
        main = page.locator(MAIN).inner_text()[:1500] if page.locator(MAIN).count() else "(no main)"
        raise AssertionError(f"/{path} did not settle: {e}\nmain text: {main}") from e
    assert page.locator(EXCEPTION).count() == 0, (
        f"/{path} shows an exception: {page.locator(EXCEPTION).all_inner_texts()}"
    )


def blocking_violations(page) -> list[dict]:
    """The serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(path=str(axe_script()))
    violations = page.evaluate(_RUN_AXE_JS, [STREAMLIT_INTERNAL, AXE_OPTIONS])
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def open_data_tables(page) -> int:
    """Open every visible "Data table" expander (the data-table twin of a chart), so that axe and the
    keyboard check see the tables too; returns how many there are."""
    summaries = page.locator(f'{MAIN} [data-testid="stExpander"] summary:visible').filter(
        has_text="Data table"
    )
    count = summaries.count()
    for i in range(count):
        summaries.nth(i).click()
    tables = page.locator(
        f'{MAIN} [data-testid="stExpander"]:has(summary:has-text("Data table")) '
        '[data-testid="stDataFrame"]:visible'
    )
    expect(tables).to_have_count(count)
    return count


def unreachable_controls(page) -> list[str]:
    """The controls that pressing Tab never reaches (walking the page's whole tab order once)."""
    controls = page.evaluate(_MARK_CONTROLS_JS)
    assert controls, "no control found: the selector of controls is broken"
    page.locator("body").evaluate("b => { document.activeElement && document.activeElement.blur(); }")
    for _ in range(len(controls) * 3 + 40):
        page.keyboard.press("Tab")
        if page.evaluate("n => window.__a11yFocused.size >= n", len(controls)):
            break
    focused = set(page.evaluate("() => [...window.__a11yFocused]"))
    return [label for key, label in controls.items() if key not in focused]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['targets'])} nodes) e.g. {v['targets'][:3]}"
        for v in violations
    )


def assert_accessible(page, path: str) -> None:
    found = blocking_violations(page)
    assert not found, f"/{path}: {len(found)} serious/critical axe violations:\n{describe(found)}"


# Pages beyond the browser tests' list: the public form, presenter mode, the forum pack, sign-in.
MORE_PAGES = ["propose", "present", "pack", "coordinators"]
# The city pages are one template: three of them (quotes and a translation beside them; an engaged,
# not counted territory; a county in Africa) stand for all ten, which test_pages_browser.py loads each.
AXE_CITY_PAGES = [p for p in ("barcelona", "ciudad-juarez", "kisumu") if p in CITY_PAGES]
PAGES = (
    [pytest.param(path, id=path or "root") for path in FIXED_PAGES]
    + [pytest.param(path, id=path) for path in MORE_PAGES]
    + [pytest.param(path, id=path) for path in AXE_CITY_PAGES]
    + [pytest.param("atlantis", id="not-found")]
)
# Pressing Tab through a page takes long; every kind of page is walked once (the city pages share
# one template, the fixed pages share the sidebar).
KEYBOARD_PAGES = {"", "map", "practices", "charter", "forum", "propose", "present", "barcelona", "atlantis"}


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_axe_violation_and_every_control_takes_the_keyboard(page, app_url, path):
    visit(page, app_url, path)
    charts = page.locator(f'{MAIN} [data-testid="stPlotlyChart"]:visible').count()
    tables = open_data_tables(page)
    assert tables == charts, f"/{path}: {charts} charts shown but {tables} 'Data table' twins"
    assert_accessible(page, path)
    # On an unknown path Streamlit's own "Page not found" modal makes the page behind it inert (a known
    # app bug, see test_pages_browser.py); a keyboard user closes it with Escape, and so do we.
    dialog = page.locator(STREAMLIT_NOT_FOUND_DIALOG)
    if dialog.count():
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
    if path in KEYBOARD_PAGES:
        missed = unreachable_controls(page)
        assert not missed, f"/{path}: controls that Tab never reaches: {missed}"


@pytest.mark.parametrize("path", [pytest.param("map", id="map"), pytest.param("", id="progress")])
def test_page_is_usable_on_a_phone(page, app_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, app_url, path)
    widths = page.evaluate(_OVERFLOW_JS)
    assert widths["document"] <= widths["viewport"] + 1, f"/{path} scrolls sideways at 390 px: {widths}"
    assert widths["main"] <= widths["main_client"] + 1, (
        f"/{path}: the main area scrolls sideways at 390 px: {widths}"
    )
    assert_accessible(page, path)
