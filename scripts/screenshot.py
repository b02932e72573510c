"""Full-page PNG screenshots of the dashboard, taken in headless Debian Chromium, offline.

    python scripts/screenshot.py [--out screenshots] [--pages progress map ...] [--width 1920 --height 1080]

Starts `streamlit run app.py` on a free loopback port (as the browser tests do), waits until each page
is drawn (heading shown, no spinner or running script, every Plotly chart rendered and every geo chart's
base map drawn), saves `<out>/<page>.png` and prints the paths. Page names are URL paths ("progress" is
taken at "/", "root" also means "/"). Default: every fixed page, marseille, kisumu and atlantis (the
page-not-found page). Needs /usr/bin/chromium (Debian package `chromium`); never downloads a browser.

Coordinator pages (coordinators, edit, import, review, export, activity) are taken signed in, with a
throwaway passphrase, on a throwaway copy of the store (a temporary SQLite file seeded from data/);
`--upload FILE` puts FILE into the import page first, to show its mapping and preview.
"""

import argparse
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402

from hrcities.auth import hash_passphrase  # noqa: E402
from hrcities.i18n import LANGUAGES, translator  # noqa: E402

DEFAULT_PAGES = ["progress", "map", "practices", "charter", "forum", "marseille", "kisumu", "atlantis"]
# "progress" is the default page, served at "/" (at /progress the app shows "Page not found").
URL_PATHS = {"progress": "", "root": ""}
COORDINATOR_PAGES = {
    "edit": "Edit data",
    "import": "Import the tracker",
    "review": "Review submissions",
    "export": "Export and backup",
    "activity": "Activity log",
    "coordinators": None,
}
PASSPHRASE = secrets.token_urlsafe(16)


def sign_in_and_open(page, base_url: str, name: str, upload: Path | None, lang: str | None) -> None:
    """Sign in (in English), pick the language in the sidebar, open the page, upload the tracker."""
    page.goto(f"{base_url}/coordinators")
    harness.wait_settled(page)
    page.get_by_label("Your name (shown in the activity log)").fill("Screenshot")
    page.get_by_label("Coordinator passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as Screenshot").wait_for()
    _ = translator(lang or "en")
    if lang and lang != "en":
        # the picker is in the sidebar, closed on a phone: a click event reaches it there too
        page.get_by_text(LANGUAGES[lang], exact=True).dispatch_event("click")
        page.wait_for_timeout(1000)
        harness.wait_settled(page)
    title = COORDINATOR_PAGES[name]
    if title:
        page.locator('[data-testid="stPageLink"]').filter(has_text=_(title)).locator("a").click()
        page.wait_for_timeout(1000)
        harness.wait_settled(page)
    if name == "import" and upload:
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        page.get_by_text(_("2. What the import would do")).wait_for(timeout=60_000)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNGs")
    parser.add_argument(
        "--pages",
        nargs="+",
        default=DEFAULT_PAGES,
        metavar="PAGE",
        help="URL paths of the pages (default: %(default)s)",
    )
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--upload", type=Path, help="a tracker file to put into the import page")
    parser.add_argument(
        "--lang",
        choices=["en", "fr", "es"],
        help="open each page in this language (?lang=...; the PNG is named <page>-<lang>.png)",
    )
    parser.add_argument("--query", default="", help="more URL parameters, e.g. 'region=europe'")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    try:
        harness.require_chromium()
    except harness.BrowserSetupError as e:
        print(e, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    problems = []
    store = Path(tempfile.mkdtemp()) / "screenshots.sqlite3"
    env = {
        "HRCITIES_DATABASE_URL": f"sqlite:///{store}",
        "HRCITIES_COORDINATOR_HASH": hash_passphrase(PASSPHRASE),
    }
    with harness.streamlit_server(env=env) as base_url, sync_playwright() as p:
        browser = harness.launch_chromium(p)
        try:
            harness.warm_up(browser, base_url)
            for name in args.pages:
                name = name.strip("/") or "root"
                context = browser.new_context(viewport={"width": args.width, "height": args.height})
                harness.block_outside(context)
                page = context.new_page()
                outside = []
                page.on(
                    "request", lambda r, outside=outside: harness.is_outside(r.url) and outside.append(r.url)
                )
                started = time.monotonic()
                if name in COORDINATOR_PAGES:
                    sign_in_and_open(page, base_url, name, args.upload, args.lang)
                else:
                    params = "&".join(x for x in (f"lang={args.lang}" if args.lang else "", args.query) if x)
                    page.goto(f"{base_url}/{URL_PATHS.get(name, name)}" + (f"?{params}" if params else ""))
                try:
                    harness.wait_settled(page)
                except Exception as e:  # a timeout: keep the picture of what is there
                    problems.append(f"{name}: not settled ({type(e).__name__})")
                # Streamlit scrolls inside its main area: grow the window to the content, redraw.
                harness.grow_to_content(page)
                page.wait_for_timeout(500)
                try:
                    harness.wait_settled(page)
                except Exception as e:
                    problems.append(f"{name}: not settled after resizing ({type(e).__name__})")
                page.wait_for_timeout(500)
                path = args.out / f"{name}{'-' + args.lang if args.lang else ''}.png"
                page.screenshot(path=str(path), full_page=True)
                if page.locator(harness.EXCEPTION).count():
                    problems.append(f"{name}: shows a Streamlit exception")
                if outside:
                    problems.append(f"{name}: requested non-loopback URLs {outside}")
                print(f"{path}  ({time.monotonic() - started:.1f} s)")
                context.close()
        finally:
            browser.close()
    for problem in problems:
        print("WARNING:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
