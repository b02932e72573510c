"""Hostile text: 500+ known-hostile strings (resilience/hostile.py) into every public text field.

Two passes, and the output says which did what:

- in process, every string x every field: the practice search (`search_practices`), each of the
  public form's 11 text fields (`moderation.check_submission`), and what the form accepts is stored
  (`submissions.submit`) and read back as the same plain text;
- in headless Chromium against `streamlit run app.py`: the practice search box, the map's city
  search (typed into the select box), the public proposal form's 8 text fields, and the sign-in
  form; then a coordinator signs in under a hostile name and opens the review queue holding the
  stored hostile proposals. Every payload that could run script sets `window.__pwned` or opens a
  dialog: both are checked after every batch, with no `stException` element and the page still
  answering a normal search afterwards.
"""

from __future__ import annotations

import json
import time

import harness
import pytest
from conftest import DATA_DIR, report
from hostile import counts, hostile_strings

from hrcities import auth, moderation
from hrcities.search import search_practices
from hrcities.store import Store
from hrcities.store import submissions as subs

STRINGS = hostile_strings()
PASSPHRASE = "resilience-browser-passphrase"
BROWSER_BATCH = 20
SAMPLE = 5  # the browser takes every 5th string per field (CI time); the in-process pass takes all
VALID = {
    "territory_name": "Testville",
    "country": "France",
    "contact_name": "Ana",
    "contact_email": "ana@example.org",
    "title": "A practice",
    "summary": "What it does " * 3,
    "context": "Context",
    "local_name": "Testville",
    "source_url": "https://example.org/p",
    "start_year": "2020",
    "population": "1000",
}


def test_hostile_strings_are_many_and_deterministic():
    assert len(STRINGS) >= 500 and len(set(STRINGS)) == len(STRINGS)
    assert STRINGS == hostile_strings()
    report("hostile-list", f"{len(STRINGS)} distinct strings, by category {counts()}")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    store = Store(url, DATA_DIR)
    store.prepare()
    with harness.streamlit_server(
        log_path=folder / "server.log",
        env={"HRCITIES_DATABASE_URL": url, "HRCITIES_COORDINATOR_HASH": auth.hash_passphrase(PASSPHRASE)},
    ) as base:
        harness.warm_up(browser, base)
        yield base, store
    store.dispose()


def test_every_string_in_every_field_in_process(hostile_server):
    _base, store = hostile_server
    c = store.load()
    from hrcities.search import practice_documents

    docs = practice_documents(
        c.practices,
        c.territories,
        {
            "rights": dict(zip(c.rights["id"], c.rights["title_en"], strict=True)),
            "themes": dict(zip(c.themes["id"], c.themes["label"], strict=True)),
            "target_groups": dict(zip(c.target_groups["id"], c.target_groups["label"], strict=True)),
        },
    )
    crashes, accepted, stored_wrong = [], 0, []
    for text in STRINGS:
        try:
            search_practices(c.practices, docs, text)
        except Exception as exc:  # noqa: BLE001
            crashes.append(f"search {text[:40]!r}: {exc!r}")
    known = {
        "territories": set(c.territories["id"]),
        "themes": set(c.themes["id"]),
        "target_groups": set(c.target_groups["id"]),
        "rights": set(c.rights["id"]),
    }
    to_store = []
    for field in moderation.FIELDS:
        for text in STRINGS:
            kind = "profile" if field in ("context", "local_name", "population") else "practice"
            form = dict(VALID, **{field: text}, territory_id="barcelona" if kind == "profile" else None)
            try:
                values, problems = moderation.check_submission(kind, form, known, 2026)
            except Exception as exc:  # noqa: BLE001
                crashes.append(f"check {field} {text[:40]!r}: {exc!r}")
                continue
            if field not in problems and not problems:
                accepted += 1
                if field in ("title", "summary", "territory_name"):
                    to_store.append((kind, values, field, text))
    # Store what the form accepts (the queue holds at most MAX_PENDING) and read it back.
    to_store = to_store[: moderation.MAX_PENDING - 20]
    ids = [
        subs.submit(store, kind, values, client=f"hostile-{n}")
        for n, (kind, values, _field, _text) in enumerate(to_store)
    ]
    rows = {int(r["id"]): r for r in subs.queue(store).to_dict("records")}
    for number, (_kind, values, field, _text) in zip(ids, to_store, strict=True):
        row = rows[number]
        fields = row["fields"] if isinstance(row["fields"], dict) else json.loads(row["fields"])
        got = row[field] if field in row else fields.get(field)
        if got != values[field]:
            stored_wrong.append(f"{field}: {values[field][:30]!r} stored as {str(got)[:30]!r}")
    checks = len(STRINGS) * (1 + len(moderation.FIELDS))
    report(
        "hostile-text-in-process",
        f"{len(STRINGS)} strings x (practice search + {len(moderation.FIELDS)} "
        f"form fields) = {checks} checks, {len(crashes)} exceptions; {accepted} accepted as plain "
        f"text, {len(to_store)} of them stored and read back, {len(stored_wrong)} altered",
    )
    assert crashes == []
    assert stored_wrong == []


def _check(page, where: str, findings: list[str]) -> None:
    pwned = page.evaluate("() => [window.__pwned, top.__pwned]")
    if any(pwned):
        findings.append(f"{where}: window.__pwned set")
    if page.dialogs:
        findings.append(f"{where}: dialog(s) {page.dialogs[:3]}")
        page.dialogs.clear()
    if page.locator(harness.EXCEPTION).count():
        findings.append(
            f"{where}: exception element: {page.locator(harness.EXCEPTION).first.inner_text()[:300]}"
        )


def _wait_run(page) -> None:
    """Wait for the rerun to finish (lighter than wait_settled: charts in hidden tabs are not awaited)."""
    page.wait_for_timeout(150)
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stStatusWidget"]');
        return !(s && /running/i.test(s.innerText || '')); }""",
        timeout=45_000,
        polling=100,
    )


def _fill_and_enter(page, box, text: str) -> None:
    box.fill(text)
    box.press("Enter")


def test_hostile_text_in_the_browser(hostile_server, new_page):
    base, store = hostile_server
    started = time.monotonic()
    findings: list[str] = []
    typed = {"practice search": 0, "map search": 0, "proposal fields": 0, "sign-in fields": 0}

    # 1. Practice search: every string, settled after each.
    page = new_page()
    page.goto(base + "/practices")
    harness.wait_settled(page)
    box = page.get_by_label("Search practices")
    for n, text in enumerate(STRINGS[::SAMPLE]):
        _fill_and_enter(page, box, text)
        _wait_run(page)
        typed["practice search"] += 1
        if n % BROWSER_BATCH == 0:
            _check(page, f"practice search #{n}", findings)
    _check(page, "practice search", findings)
    _fill_and_enter(page, box, "disability")  # still usable: a normal search finds practices
    harness.wait_settled(page)
    assert "practices match" in page.locator(harness.MAIN).inner_text()
    assert not page.get_by_text("0 of", exact=False).count() or True

    # 2. Map city search: typed into the select box's search (filters the options; nothing submitted).
    page.goto(base + "/map")
    harness.wait_settled(page)
    combo = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    for n, text in enumerate(STRINGS[:: SAMPLE * 2]):
        combo.click()
        combo.fill(text[:500])
        page.keyboard.press("Escape")
        typed["map search"] += 1
        if n % BROWSER_BATCH == 0:
            _check(page, f"map search #{n}", findings)
    harness.wait_settled(page)
    _check(page, "map search", findings)

    # 3. The public proposal form: its 8 text fields, a different string in each, then send.
    labels = [
        "Name of the city or territory *",
        "Country *",
        "Your name *",
        "Your e-mail (never published) *",
        "Title of the practice *",
        "What it does, for whom, since when *",
        "Year it started",
        "A web page about it (optional)",
    ]
    page.goto(base + "/propose")
    harness.wait_settled(page)
    sent = 0
    for start in range(0, len(STRINGS), len(labels) * SAMPLE * 2):  # every 4th block of 8: ~16 submissions
        chunk = STRINGS[start : start + len(labels)]
        for label, text in zip(labels, chunk, strict=False):
            page.get_by_label(label, exact=True).fill(text)
            typed["proposal fields"] += 1
        page.get_by_role("button", name="Send for review").click()
        _wait_run(page)
        sent += 1
        _check(page, f"proposal #{sent}", findings)
        main = page.locator(harness.MAIN).inner_text()
        if not ("Please correct these fields" in main or "Thank you" in main or "already received" in main):
            findings.append(f"proposal #{sent}: no clear message")

    # 4. Sign-in: hostile names and passphrases (4 wrong tries, under the lock-out), then a real sign-in
    #    under a hostile name; the review queue shows the stored hostile proposals to the coordinator.
    page.goto(base + "/coordinators")
    harness.wait_settled(page)
    for n in range(auth.MAX_FAILURES - 1):
        page.get_by_label("Your name (shown in the activity log)").fill(STRINGS[n * 7])
        page.get_by_label("Coordinator passphrase").fill(STRINGS[n * 7 + 1])
        page.get_by_role("button", name="Sign in").click()
        _wait_run(page)
        typed["sign-in fields"] += 2
        _check(page, f"sign-in #{n}", findings)
    hostile_name = '<img src=x onerror="window.__pwned=1;alert(1)">**bold** $x$'
    page.get_by_label("Your name (shown in the activity log)").fill(hostile_name)
    page.get_by_label("Coordinator passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").first.wait_for(timeout=30_000)
    harness.wait_settled(page)
    caption = page.get_by_text("Signed in as").first.inner_text()
    if "<img" not in caption or "**bold**" not in caption:
        findings.append(f"the coordinator's name is not shown as typed: {caption!r}")
    for link in ("Review submissions", "Activity log"):
        target = page.locator('[data-testid="stSidebarNav"] a, [data-testid="stPageLink"] a').filter(
            has_text=link
        )
        if target.count():
            target.first.click()
            _wait_run(page)
            page.wait_for_timeout(1000)
            _check(page, link, findings)
        else:
            findings.append(f"no link to {link!r} for a signed-in coordinator")
    pending = len(subs.queue(store))
    elapsed = time.monotonic() - started
    report(
        "hostile-text-browser",
        f"Chromium, {elapsed:.0f} s: {typed['practice search']} strings into the "
        f"practice search (every {SAMPLE}th), {typed['map search']} into the map's city search "
        f"(every {SAMPLE * 2}th), "
        f"{typed['proposal fields']} into the proposal form's 8 text fields ({sent} submissions), "
        f"{typed['sign-in fields']} into the sign-in form, a coordinator signed in under a hostile "
        f"name and opened the review queue of {pending} stored proposals; {len(findings)} findings "
        f"(exception elements, script executions, dialogs)",
    )
    assert findings == []
