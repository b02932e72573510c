"""Start and stop the dashboard and a headless Debian Chromium, for the browser tests and screenshots.

Used by tests/browser/conftest.py and scripts/screenshot.py. Nothing here downloads a browser:
it drives the system `chromium` at /usr/bin/chromium (Debian package `chromium`).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("HRCITIES_CHROMIUM", "/usr/bin/chromium"))
HEALTH_TIMEOUT = 60.0
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
IGNORED_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Anything that is not loopback goes to a dead proxy and fails at once (the app must be offline).
    "--proxy-server=http://127.0.0.1:9",
    # (Chromium bypasses the proxy for loopback on its own; `<-loopback>` would *remove* that bypass.)
    "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
]

# Fixed pages (URL path -> expected h1) and city pages (territory id -> expected h1).
FIXED_PAGES = {
    "": "Campaign progress",  # the campaign's name is the caption under it
    "map": "Map explorer",
    "practices": "Practice library",
    "charter": "Global Charter-Agenda for Human Rights in the City",  # nav title: "Charter-Agenda"
    "forum": "Forum: WHRCF 2023",
}
CITY_PAGES = {
    "barcelona": "Barcelona",
    "chiguayante": "Chiguayante",
    "ciudad-juarez": "Ciudad Juárez",
    "gwangju": "Gwangju",
    "kisumu": "Kisumu County",
    "malakoff": "Malakoff",
    "marseille": "Marseille",
    "mexico-city": "Mexico City",
    "san-antonio": "San Antonio (Chile)",
    "terrassa": "Terrassa",
}


class BrowserSetupError(RuntimeError):
    """The system Chromium or the app server is not usable."""


def require_chromium() -> Path:
    """The Chromium binary, or an error saying how to install it (never a skip)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise BrowserSetupError(
            f"Browser tests need Debian's Chromium at {CHROMIUM}, which is missing. Install it with "
            "`apt-get install -y --no-install-recommends chromium fonts-dejavu-core` (as `bash .ci/run` "
            "does). Do not run `playwright install`."
        )
    return CHROMIUM


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


@contextmanager
def streamlit_server(
    port: int | None = None,
    timeout: float = HEALTH_TIMEOUT,
    log_path: Path | None = None,
    env: dict[str, str] | None = None,
    script: str = "app.py",
):
    """Run `streamlit run app.py` from the repository root in its own process group; yield its base URL.

    `env` adds variables (e.g. HRCITIES_DATABASE_URL, HRCITIES_COORDINATOR_HASH) to the server's;
    `script` runs another page script (the benchmark's bare baseline apps)."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = Path(log_path).open("w+b") if log_path else tempfile.TemporaryFile()  # noqa: SIM115
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                output = log.read().decode(errors="replace")[-4000:]
                why = (
                    f"exited with code {proc.returncode}"
                    if proc.poll() is not None
                    else f"did not answer 'ok' on /_stcore/health within {timeout:.0f} s"
                )
                raise BrowserSetupError(f"Streamlit server {why}: {' '.join(cmd)}\n{output}")
            time.sleep(0.25)
        yield base_url
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def launch_chromium(playwright, headless: bool = True):
    """A Playwright Browser on the system Chromium with the offline flags."""
    return playwright.chromium.launch(
        executable_path=str(require_chromium()), headless=headless, args=CHROMIUM_ARGS
    )


def is_outside(url: str) -> bool:
    """True when `url` would reach a host other than this machine."""
    parts = urlsplit(url)
    if parts.scheme in IGNORED_SCHEMES or not parts.scheme:
        return False
    return (parts.hostname or "") not in LOOPBACK_HOSTS


def block_outside(context) -> None:
    """Abort every request to a non-loopback host (the proxy flag does the same, this is belt and braces)."""
    context.route(lambda url: is_outside(url), lambda route: route.abort("internetdisconnected"))


# -- waiting for a page to be drawn ----------------------------------------------------------------

MAIN = '[data-testid="stMain"]'
H1 = f"{MAIN} h1"
RUNNING = '[data-testid="stStatusWidget"]'
SPINNER = '[data-testid="stSpinner"]'
EXCEPTION = '[data-testid="stException"]'
PLOT = ".js-plotly-plot"
# Country boundaries of a geo chart: Plotly draws the topojson countries layer as path.country (and a
# single path.countries for the outline layer); a non-empty `d` proves the topojson was loaded.
GEO = ".js-plotly-plot g.geo"
# Streamlit's own modal when the URL names no page of st.navigation ("Page not found ... Running the
# app's main page."); while it is open the page behind it is inert.
STREAMLIT_NOT_FOUND_DIALOG = '[role="dialog"]:has-text("does not seem to exist")'

_SETTLED_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('h1')) return false;
  if (document.querySelector('[data-testid="stSpinner"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && /running/i.test(status.innerText || '')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const el of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const plot = el.querySelector('.js-plotly-plot');
    if (!plot || !plot.querySelector('.main-svg')) return false;
    for (const geo of plot.querySelectorAll('g.geo')) {
      const paths = [...geo.querySelectorAll('path')].filter(p => (p.getAttribute('d') || '').length > 20);
      if (paths.length === 0) return false;
    }
  }
  return true;
}
"""


def wait_settled(page, timeout_ms: int = 45_000) -> None:
    """Wait until the page has a heading, no spinner or running script, and every chart is drawn."""
    page.wait_for_selector(H1, timeout=timeout_ms)
    page.wait_for_function(_SETTLED_JS, timeout=timeout_ms, polling=200)
    # Settled twice in a row, a short while apart: Streamlit may start another run right away.
    page.wait_for_timeout(300)
    page.wait_for_function(_SETTLED_JS, timeout=timeout_ms, polling=200)


# -- what a drawn geo chart looks like in the DOM (Plotly.js 3, as shipped by Streamlit 1.67) -------
#
# A geo subplot is `<g class="geo">` inside `.js-plotly-plot`. Its base-map layers come from the
# topojson: `g.layer.land path`, `g.layer.countries path` (borders), `g.layer.coastlines path`, each one
# long path. When the topojson does not load (verified by blocking app/static/world_50m.json), Plotly
# draws none of them. Territory points are `g.trace.scattergeo path.point`; choropleth countries are
# `g.trace.choropleth path.choroplethlocation`, one per country, filled.
BASE_MAP_PATHS = ".js-plotly-plot g.geo g.layer.land path, .js-plotly-plot g.geo g.layer.countries path"
COUNTRY_BORDER_PATHS = ".js-plotly-plot g.geo g.layer.countries path"
POINT_PATHS = ".js-plotly-plot g.trace.scattergeo path.point"
CHOROPLETH_PATHS = ".js-plotly-plot g.trace.choropleth path.choroplethlocation"

_GEO_STATS_JS = """
([basemap, borders, points, choro]) => {
  const long = (sel, n) => [...document.querySelectorAll(sel)]
      .filter(p => (p.getAttribute('d') || '').length > n);
  const fillOf = p => getComputedStyle(p).fill;
  const choroplethPaths = long(choro, 10);
  return {
    geo_charts: document.querySelectorAll('.js-plotly-plot g.geo').length,
    base_map_paths: long(basemap, 1000).length,
    country_border_paths: long(borders, 1000).length,
    points: long(points, 5).length,
    choropleth_paths: choroplethPaths.length,
    choropleth_filled: choroplethPaths.filter(p => {
      const f = fillOf(p); return f && f !== 'none' && f !== 'rgba(0, 0, 0, 0)';
    }).length,
  };
}
"""


def geo_stats(page) -> dict:
    """Counts of geo charts, drawn base-map paths, scattergeo points and filled choropleth countries."""
    return page.evaluate(_GEO_STATS_JS, [BASE_MAP_PATHS, COUNTRY_BORDER_PATHS, POINT_PATHS, CHOROPLETH_PATHS])


def grow_to_content(page, max_height: int = 30_000) -> int:
    """Make the viewport as tall as the page's scrolling main area and sidebar, so that a full-page
    screenshot shows everything (Streamlit scrolls inside `stMain`, not the document)."""
    height = page.evaluate("""() => Math.max(window.innerHeight,
        ...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']
           .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))""")
    height = min(int(height), max_height)
    size = page.viewport_size
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": height})
    return height


def warm_up(browser, base_url: str, timeout_ms: int = 60_000) -> None:
    """Open "/" once in a throwaway context, so that the data is loaded and cached and the first-session
    quirk (Streamlit's "Page not found" modal on the first deep link after start, see the browser tests)
    does not land on whatever page is opened first."""
    context = browser.new_context()
    try:
        block_outside(context)
        page = context.new_page()
        page.goto(base_url + "/")
        wait_settled(page, timeout_ms)
    finally:
        context.close()


@contextmanager
def postgres_database(admin_url: str):
    """A brand-new, empty PostgreSQL database on the server of `admin_url` (a role that may CREATE
    DATABASE); yields its URL and drops it afterwards, closing whatever is still connected."""
    import uuid

    import sqlalchemy as sa

    name = f"hrc_browser_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        for attempt in range(10):  # FORCE may race with an autovacuum worker: retry
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except sa.exc.DBAPIError:
                time.sleep(0.2 * (attempt + 1))
        engine.dispose()


def choose_option(page, combobox, option: str, attempts: int = 3) -> None:
    """Open a select box and click `option`. Right after a page settles, Streamlit may still redraw
    the sidebar once and close a dropdown that was just opened (seen on loaded machines; noted in the
    README's known issues), so the box is opened again when its options did not stay."""
    target = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        combobox.click()
        try:
            target.wait_for(state="visible", timeout=5_000)
        except Exception:  # Playwright TimeoutError: the dropdown closed; open it again
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            continue
        target.click()
        return


def session_cookie(context) -> dict | None:
    """The coordinator's sign-in cookie in a browser context, if it holds one."""
    from hrcities import sessions

    return next((c for c in context.cookies() if c["name"] == sessions.COOKIE), None)


def wait_for_cookie(context, present: bool, timeout: float = 15.0) -> dict | None:
    """Wait until the sign-in cookie is set (`present`) or gone: the page sets it just after the sign-in."""
    deadline = time.monotonic() + timeout
    while (session_cookie(context) is not None) != present:
        assert time.monotonic() < deadline, f"the session cookie is {'missing' if present else 'still set'}"
        time.sleep(0.2)
    return session_cookie(context)
