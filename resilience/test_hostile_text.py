"""Hostile text: 500+ known-hostile strings (resilience/hostile.py) into every public text field.

Two passes, and the output says which did what:

- in process, every string x every field: the practice search (`practice_index.search`), each of the
  public form's 11 text fields (`moderation.check_submission`), and what the form accepts is stored
  (`submissions.submit`) and read back as the same plain text;
- in headless Chromium against `streamlit run app.py`, every string of the list in each of: the
  practice search box (several strings per query, up to the box's 200 characters; each query must
  come back in the page URL as the server read it), the map's city search (typed into the select
  box, a filter in the browser), and the public proposal form's 7 free-text fields (several strings
  per field up to its length; each submission must be answered, and what is stored is what was
  typed); then hostile names and passphrases in the sign-in form, a coordinator signed in under a
  hostile name, and the review queue holding the stored hostile proposals. Every payload that could
  run script sets `window.__pwned` or opens a dialog: both are checked in batches (every 10 queries,
  50 typed strings, 5 submissions) and at the end of each part, with no `stException` element and
  the page still answering a normal search afterwards. Each action waits for the end of the script
  run it starts (Streamlit's "script finished" message on the page's websocket), not a fixed delay.
"""

from __future__ import annotations

import json
import re
import time

import harness
import pandas as pd
import pytest
from conftest import DATA_DIR, report
from hostile import counts, hostile_strings

from hrcities import auth, content, moderation, practice_index
from hrcities.store import Store
from hrcities.store import submissions as subs

STRINGS = hostile_strings()
PASSPHRASE = "resilience-browser-passphrase"
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
    index = practice_index.index_of(c, content.translations_of(c)[0])  # as the library builds it
    crashes, accepted, stored_wrong = [], 0, []
    for text in STRINGS:
        try:
            found = practice_index.search(c, c.practices, text, index=index)
        except Exception as exc:  # noqa: BLE001
            crashes.append(f"search {text[:40]!r}: {exc!r}")
            continue
        if not isinstance(found, pd.DataFrame):
            crashes.append(f"search {text[:40]!r}: returned {type(found).__name__}, not a DataFrame")
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
    """Script executions (the global marker, dialogs) and exception elements so far: checked in batches."""
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


def _run_finished(payload) -> bool:
    """True for Streamlit's "script run finished successfully" message on the page's websocket."""
    if not isinstance(payload, bytes | bytearray):
        return False
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(bytes(payload))
    except Exception:  # noqa: BLE001 - not a ForwardMsg
        return False
    return msg.WhichOneof("type") == "script_finished" and msg.script_finished == 0


def _watch_runs(page) -> None:
    """page.run_socket: the page's Streamlit websocket, to wait for the end of the run an action starts
    (no fixed delay, no guess from the status widget, which shows only after a while)."""
    page.run_socket = None

    def on_socket(ws):
        if "_stcore/stream" in ws.url:
            page.run_socket = ws

    page.on("websocket", on_socket)


def _act(page, action) -> None:
    """Do `action` (which makes the app run the page script) and return when that run has finished."""
    with page.run_socket.expect_event("framereceived", predicate=_run_finished, timeout=60_000):
        action()


def _typed(text: str, capacity: int, multiline: bool = False) -> str:
    """What a Streamlit box of `max_chars=capacity` takes of `text`: a one-line input drops line breaks
    (the browser does), and the box refuses a value longer than its limit as a whole, counted as
    JavaScript counts (UTF-16 units), so the test types at most `capacity` units, as a person would."""
    if not multiline:
        text = text.replace("\r", "").replace("\n", "")
    units = text.encode("utf-16-le")
    return units[: 2 * capacity].decode("utf-16-le", errors="ignore") if len(units) > 2 * capacity else text


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _pack(strings: list[str], capacity: int, sep: str = " ") -> list[list[str]]:
    """Consecutive strings joined into inputs of at most `capacity` characters (a longer string alone)."""
    packs, current = [], []
    for text in strings:
        if current and _units(_typed(sep.join([*current, text]), 10**6)) > capacity:
            packs.append(current)
            current = []
        current.append(text)
    return packs + ([current] if current else [])


# The public proposal form's free-text fields (label, max_chars, separator between packed strings).
# The year (4 characters) and the multiselects take no free text worth packing.
FORM_FIELDS = [
    ("Name of the city or territory *", 120, " "),
    ("Country *", 80, " "),
    ("Your name *", 120, " "),
    ("Your e-mail (never published) *", 200, " "),
    ("Title of the practice *", 200, " "),
    ("What it does, for whom, since when *", 1500, "\n"),
    ("A web page about it (optional)", 500, " "),
]


def _form_batches(strings: list[str]) -> list[dict[str, list[str]]]:
    """Every string into one field of one submission: each field filled up to its length, in turn."""
    batches, current, field = [], {label: [] for label, _c, _s in FORM_FIELDS}, 0
    for text in strings:
        while True:
            label, capacity, sep = FORM_FIELDS[field]
            joined = _typed(sep.join([*current[label], text]), 10**6, multiline=sep == "\n")
            if not current[label] or _units(joined) <= capacity:
                current[label].append(text)
                break
            field += 1
            if field == len(FORM_FIELDS):
                batches.append(current)
                current, field = {label: [] for label, _c, _s in FORM_FIELDS}, 0
    if any(current.values()):
        batches.append(current)
    return batches


def _search_pass(new_page, base: str, findings: list[str]) -> dict:
    """Practice search: one page, one query per pack; the run each query starts is awaited and the
    query must come back in the URL (`q`), as the server read it."""
    from hrcities import viewlink

    page = new_page()
    _watch_runs(page)
    page.goto(base + "/practices")
    harness.wait_settled(page)
    box = page.get_by_label("Search practices")
    queries = _pack(STRINGS, 200)
    echoed = clipped = 0
    previous = ""
    for n, pack in enumerate(queries):
        query = _typed(" ".join(pack), 200)
        clipped += query != " ".join(pack).replace("\r", "").replace("\n", "")
        box.fill(query)
        sent = box.input_value()
        if sent != query or sent == previous:
            findings.append(f"practice search #{n}: the box holds {sent[:60]!r}, not {query[:60]!r}")
            continue
        previous = sent
        _act(page, lambda: box.press("Enter"))
        expected = viewlink.encode({"practice_query": sent}, "practices").get("q", [None])[0]
        got = page.evaluate("() => new URL(location.href).searchParams.get('q')")
        if got == expected:
            echoed += 1
        else:
            findings.append(f"practice search #{n}: sent {sent[:60]!r}, the URL says {str(got)[:60]!r}")
        if n % 10 == 9:
            _check(page, f"practice search #{n}", findings)
        if n % 40 == 39:
            print(f"\nhostile-text-browser: {n + 1} of {len(queries)} queries", flush=True)
    _check(page, "practice search", findings)
    _act(page, lambda: (box.fill("disability"), box.press("Enter")))  # still usable
    main = page.locator(harness.MAIN).inner_text()
    if "practices match" not in main or re.search(r"(?<!\d)0 of \d", main):  # not "10 of 110"
        findings.append(f"practice search unusable afterwards: {main[:200]!r}")
    return {"queries": len(queries), "echoed": echoed, "clipped": clipped}


def _map_pass(new_page, base: str, findings: list[str]) -> None:
    """Map city search: typed into the select box's search (a filter in the browser; nothing is sent)."""
    page = new_page()
    page.goto(base + "/map")
    harness.wait_settled(page)
    combo = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    combo.click()
    # As Playwright's fill does (set the value, send an input event), from inside the page, one string
    # per animation frame so that the list redraws for each; the markers are checked every 50.
    typed_js = """async ([strings, from]) => {
        const input = document.querySelector('[data-testid="stMain"] [data-testid="stSelectbox"] input');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        input.focus();
        let typed = 0;
        for (const text of strings) {
            setValue.call(input, text);
            input.dispatchEvent(new Event('input', {bubbles: true}));
            await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
            typed += input.value === text;
        }
        return typed;
    }"""
    typed = 0
    for start in range(0, len(STRINGS), 50):
        chunk = [text[:500].replace("\r", "").replace("\n", "") for text in STRINGS[start : start + 50]]
        typed += page.evaluate(typed_js, [chunk, start])
        _check(page, f"map search #{start}", findings)
    page.keyboard.press("Escape")
    _check(page, "map search", findings)
    if typed != len(STRINGS):
        findings.append(f"map search: {typed} of {len(STRINGS)} strings held by the box")


def _form_pass(new_page, base: str, store, findings: list[str]) -> dict:
    """The public proposal form: every string in one of its 7 free-text fields; each submission must be
    answered (refused with the fields named, stored, or rate-limited), and what was stored is what
    was typed."""
    page = new_page()
    _watch_runs(page)
    page.goto(base + "/propose")
    harness.wait_settled(page)
    batches = _form_batches(STRINGS)
    outcomes = {"refused with the fields named": 0, "stored": 0, "rate-limited": 0}
    before = set(subs.queue(store)["id"])
    titles, clipped = set(), 0
    for n, batch in enumerate(batches):
        for label, capacity, sep in FORM_FIELDS:
            value = _typed(sep.join(batch[label]), capacity, multiline=sep == "\n")
            clipped += value != _typed(sep.join(batch[label]), 10**6, multiline=sep == "\n")
            box = page.get_by_label(label, exact=True)
            box.fill(value)
            held = box.input_value()
            if held.replace("\r\n", "\n") != value.replace("\r\n", "\n").replace("\r", "\n"):
                findings.append(f"proposal #{n}: {label!r} holds {held[:40]!r}, not {value[:40]!r}")
        typed_title = page.get_by_label("Title of the practice *", exact=True).input_value()
        titles.add(moderation.clean_text(typed_title, moderation.FIELDS["title"])[0])
        _act(page, lambda: page.get_by_role("button", name="Send for review").click())
        main = page.locator(harness.MAIN).inner_text()
        if "Please correct these fields" in main:
            outcomes["refused with the fields named"] += 1
        elif "Thank you! Your proposal was received" in main:
            outcomes["stored"] += 1
        elif "already received" in main or "queue is full" in main:
            outcomes["rate-limited"] += 1
        else:
            findings.append(f"proposal #{n}: no clear answer: {main[-300:]!r}")
        if n % 5 == 4:
            _check(page, f"proposal #{n}", findings)
    _check(page, "proposal form", findings)
    queue = subs.queue(store)
    stored = queue[~queue["id"].isin(before)]
    if len(stored) != outcomes["stored"]:
        findings.append(f"{outcomes['stored']} proposals reported stored, {len(stored)} in the queue")
    for row in stored.to_dict("records"):
        fields = row["fields"] if isinstance(row["fields"], dict) else json.loads(row["fields"])
        if fields.get("title") not in titles:
            findings.append(f"a stored proposal's title is not what was typed: {fields.get('title')!r}")
    return {"submissions": len(batches), "outcomes": outcomes, "clipped": clipped}


def _sign_in_pass(new_page, base: str, findings: list[str]) -> int:
    """Sign-in: hostile names and passphrases (under the lock-out), then a real sign-in under a
    hostile name; the review queue shows the stored hostile proposals to the coordinator."""
    page = new_page()
    _watch_runs(page)
    page.goto(base + "/coordinators")
    harness.wait_settled(page)
    typed = 0
    for n in range(auth.MAX_FAILURES - 1):
        page.get_by_label("Your name (shown in the activity log)").fill(STRINGS[n * 7])
        page.get_by_label("Coordinator passphrase").fill(STRINGS[n * 7 + 1])
        _act(page, lambda: page.get_by_role("button", name="Sign in").click())
        typed += 2
        _check(page, f"sign-in #{n}", findings)
    hostile_name = '<img src=x onerror="window.__pwned=1;alert(1)">**bold** $x$'
    page.get_by_label("Your name (shown in the activity log)").fill(hostile_name)
    page.get_by_label("Coordinator passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").first.wait_for(timeout=60_000)
    harness.wait_settled(page)
    caption = page.get_by_text("Signed in as").first.inner_text()
    if "<img" not in caption or "**bold**" not in caption:
        findings.append(f"the coordinator's name is not shown as typed: {caption!r}")
    for link in ("Review submissions", "Activity log"):
        target = page.locator('[data-testid="stSidebarNav"] a, [data-testid="stPageLink"] a').filter(
            has_text=link
        )
        if target.count():
            _act(page, lambda t=target: t.first.click())
            _check(page, link, findings)
        else:
            findings.append(f"no link to {link!r} for a signed-in coordinator")
    return typed


def test_hostile_text_in_the_browser(hostile_server, new_page):
    """Every string of the list in Chromium: into the practice search (packed into queries of up to the
    box's 200 characters; the app echoes each query into the page URL, checked), the map's city search
    (a client-side filter), and the proposal form's 7 free-text fields (packed up to each field's
    length; each submission answered, stored ones read back from the store); then the sign-in form
    and the review queue."""
    base, store = hostile_server
    started = time.monotonic()
    findings: list[str] = []

    def progress(part: str) -> None:
        print(f"\nhostile-text-browser: {part} after {time.monotonic() - started:.0f} s", flush=True)

    search = _search_pass(new_page, base, findings)
    progress(f"practice search, {search['queries']} queries,")
    _map_pass(new_page, base, findings)
    progress("map search")
    form = _form_pass(new_page, base, store, findings)
    progress(f"proposal form, {form['submissions']} submissions,")
    sign_in_typed = _sign_in_pass(new_page, base, findings)
    pending = len(subs.queue(store))
    elapsed = time.monotonic() - started
    report(
        "hostile-text-browser",
        f"Chromium, {elapsed:.0f} s, all {len(STRINGS)} strings in each of: the practice search "
        f"({search['queries']} queries of up to 200 characters, {search['echoed']} echoed back in the "
        f"page URL as the server read them), the map's city search (each string typed), the proposal "
        f"form's {len(FORM_FIELDS)} free-text fields ({form['submissions']} submissions: "
        f"{', '.join(f'{v} {k}' for k, v in form['outcomes'].items())}); "
        f"{search['clipped'] + form['clipped']} inputs longer than their box typed cut to its length "
        f"(the box refuses a longer value); {sign_in_typed} strings into the sign-in form, a "
        f"coordinator signed in under a hostile name and opened the review queue of {pending} stored "
        f"proposals; {len(findings)} findings (exception elements, script executions, dialogs, "
        f"queries not echoed, unanswered submissions)",
    )
    assert search["echoed"] == search["queries"]
    assert findings == [], findings[:20]
