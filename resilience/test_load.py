"""Load: 30 sessions browsing and filtering, on one server and on two behind nginx (issue 6).

Each session is a Streamlit session over its websocket (resilience/loadclient.py), what one browser
tab is to the server, without the browser (30 Chromium pages would load the 2-core machine more than
the server does). A session first loads `/` over HTTP (as a browser loads the page, and to get the
proxy's routing cookie), opens the websocket, then for LOAD_SECONDS (env HRCITIES_LOAD_SECONDS,
default 120) visits a page with a set of sidebar filters in the query string (the link form of the
filters, see components/urlstate.py), waits for the run to finish, checks the page's heading, and
reads for 1 to 3 s before the next one. The choice of page and filters is seeded per session.

1. One `streamlit run serve.py` on the real data with a throwaway SQLite store.
2. Two `streamlit run serve.py` processes on one throwaway PostgreSQL database behind Debian's nginx
   (resilience/nginx.conf: sticky sessions by a cookie). While the sessions run, a coordinator edit
   (a territory renamed through `Store.update`, as the edit page does) is made every quarter of the
   run; each app process, asked directly, must then show the new name on the territory's page and
   in its API. nginx's access log tells which backend served each session's websocket: both must.

Printed: sessions, interactions, errors, p50/p95/max interaction time (no speed is asserted), and
for the second part sessions per backend and how long each edit took to show in each process.
Asserted: zero errors, every session made interactions, both backends served sessions, every edit
visible in both processes.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import harness
import pytest
from conftest import DATA_DIR, HERE, pg_admin_url, report
from loadclient import CITIES, FILTERS, InteractionError, Session

from hrcities import auth
from hrcities.store import Store

SESSIONS = 30
LOAD_SECONDS = float(os.environ.get("HRCITIES_LOAD_SECONDS", "120"))
THINK_SECONDS = (1.0, 3.0)
NGINX = Path(os.environ.get("HRCITIES_NGINX", "/usr/sbin/nginx"))

# (page, expected heading): the fixed pages and some city pages. Terrassa is left out: the second
# part renames it.
PAGES = [*harness.FIXED_PAGES.items(), *((c, harness.CITY_PAGES[c]) for c in CITIES)]
EDITED = "terrassa"
# How long an edit may take to show in each process (a page run and an API call, each behind the
# load's queue; the figure printed is how long it took).
VISIBLE_WITHIN = 180.0


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    per_session: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    per_page: dict[str, list[float]] = field(default_factory=dict)

    def pages(self) -> str:
        """Median time per page, slowest first."""
        medians = {p or "/": statistics.median(t) for p, t in self.per_page.items()}
        return ", ".join(f"{p} {m:.1f} s" for p, m in sorted(medians.items(), key=lambda i: -i[1]))

    def figures(self) -> str:
        ts = sorted(self.times)
        if not ts:
            return "no interaction finished"
        p95 = ts[min(len(ts) - 1, int(0.95 * len(ts)))]
        return (
            f"{len(self.per_session)} sessions, {len(ts)} interactions "
            f"(min {min(self.per_session.values())} per session), {len(self.errors)} errors; "
            f"interaction time p50 {statistics.median(ts):.2f} s, p95 {p95:.2f} s, "
            f"max {ts[-1]:.2f} s"
        )


def _first_load(base: str) -> str:
    """GET / as a browser would; the routing cookie the proxy set, as a Cookie header ('' if none)."""
    with urllib.request.urlopen(base + "/", timeout=60) as r:
        r.read()
        cookies = [c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies)


async def _connect(base: str, cookie: str) -> Session:
    session = Session(base, {"Cookie": cookie} if cookie else {})
    await session.connect()
    return session


async def _browse(n: int, base: str, deadline: float, stats: Stats) -> None:
    rng = random.Random(n)
    stats.per_session[n] = 0
    await asyncio.sleep(rng.uniform(0, 3))  # the sessions arrive over a few seconds
    try:
        cookie = await asyncio.to_thread(_first_load, base)
        session = await _connect(base, cookie)
    except (InteractionError, OSError) as e:
        stats.errors.append(f"session {n}: could not start: {e}")
        return
    try:
        while time.monotonic() < deadline:
            page, heading = rng.choice(PAGES)
            query = rng.choice(FILTERS)
            try:
                result = await session.visit(page, query)
            except InteractionError as e:
                stats.errors.append(f"session {n}: {e}")
                await session.close()  # a browser reconnects (and is counted once here)
                session = await _connect(base, cookie)
                continue
            if heading not in result.headings:
                stats.errors.append(
                    f"session {n}: /{page}?{query} showed {result.headings[:4]}, not {heading!r}"
                )
            stats.times.append(result.seconds)
            stats.per_page.setdefault(page, []).append(result.seconds)
            stats.per_session[n] += 1
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))
    except InteractionError as e:
        stats.errors.append(f"session {n}: reconnecting failed: {e}")
    finally:
        await session.close()


async def _warm(bases: list[str]) -> None:
    """Open every page once on each server, so that the load starts on a loaded, cached app (the
    first run of a process reads and validates the data)."""
    for base in bases:
        session = await _connect(base, "")
        try:
            for page, heading in PAGES:
                result = await session.visit(page, "", timeout=180)
                assert heading in result.headings, (base, page, result.headings)
        finally:
            await session.close()


def run_async(coroutine):
    """`asyncio.run(coroutine)` in a thread of its own: in the full suite the session's Playwright
    (sync API) keeps an event loop running in this thread, and asyncio.run refuses to start there."""
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 (re-raised in the caller's thread)
            outcome["error"] = error

    thread = threading.Thread(target=target, name="load-client")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _assert_clean(stats: Stats) -> None:
    assert not stats.errors, f"{len(stats.errors)} errors:\n" + "\n".join(stats.errors[:30])
    idle = [n for n, count in stats.per_session.items() if count == 0]
    assert len(stats.per_session) == SESSIONS and not idle, f"sessions with no interaction: {idle}"


def test_thirty_sessions_on_one_server(tmp_path):
    env = {
        "HRCITIES_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        "HRCITIES_DATA_DIR": str(DATA_DIR),
    }
    Store(env["HRCITIES_DATABASE_URL"], DATA_DIR).prepare()
    stats = Stats()
    with harness.streamlit_server(env=env, script="serve.py", log_path=tmp_path / "server.log") as base:
        run_async(_warm([base]))

        async def run():
            deadline = time.monotonic() + LOAD_SECONDS
            await asyncio.gather(*(_browse(n, base, deadline, stats) for n in range(SESSIONS)))

        run_async(run())
    report(
        "load[one server]",
        f"{LOAD_SECONDS:.0f} s against one `streamlit run serve.py` (SQLite): " + stats.figures(),
    )
    print(f"median interaction time per page: {stats.pages()}")
    _assert_clean(stats)


# -- two processes behind nginx on one PostgreSQL database -----------------------------------------


def _start_nginx(folder: Path, port: int, first: int, second: int) -> subprocess.Popen:
    if not NGINX.is_file():
        pytest.fail(
            f"The load test needs Debian's nginx at {NGINX}: `apt-get install -y nginx` (as "
            "`bash .ci/run` does).",
            pytrace=False,
        )
    conf = folder / "nginx.conf"
    conf.write_text(
        (HERE / "nginx.conf").read_text().format(dir=folder, port=port, first=first, second=second)
    )
    log = (folder / "nginx.out").open("wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [str(NGINX), "-c", str(conf), "-p", str(folder)], stdout=log, stderr=subprocess.STDOUT
    )
    log.close()  # the child has its own descriptor
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                break
        time.sleep(0.2)
    proc.terminate()
    errors = folder / "error.log"
    raise AssertionError(
        f"nginx did not start: {(folder / 'nginx.out').read_text()[-2000:]}"
        f"{errors.read_text()[-2000:] if errors.exists() else ''}"
    )


def _api_name(base: str, territory: str, timeout: float) -> str | None:
    import json

    try:
        with urllib.request.urlopen(f"{base}/api/v1/territories/{territory}", timeout=timeout) as r:
            return json.loads(r.read())["data"]["name"]
    except (OSError, TimeoutError):  # slow under the load: asked again until the window ends
        return None


async def _shows(base: str, checker: Session, name: str, window: float = VISIBLE_WITHIN) -> float | None:
    """Seconds until the app process at `base` shows `name` as the edited territory's heading and in
    its API, or None when it does not within `window` seconds."""
    started = time.monotonic()
    page_seen = api_seen = False
    while (left := window - (time.monotonic() - started)) > 0:
        if not page_seen:
            result = await checker.visit(EDITED, "", timeout=max(left, 1.0))
            page_seen = name in result.headings
        if page_seen and not api_seen:
            left = window - (time.monotonic() - started)
            api_seen = await asyncio.to_thread(_api_name, base, EDITED, max(left, 1.0)) == name
        if page_seen and api_seen:
            return time.monotonic() - started
        await asyncio.sleep(0.5)
    return None


async def _edits(
    store: Store, backends: list[str], deadline: float, log: list[str], delays: list[float]
) -> None:
    """Rename the territory every quarter of the run; wait until both processes show it."""
    grant = auth.issue("load test", "passphrase")
    checkers = [await _connect(b, "") for b in backends]
    try:
        for k in range(1, 4):
            await asyncio.sleep(max(0.0, deadline - LOAD_SECONDS * (4 - k) / 4 - time.monotonic()))
            records = await asyncio.to_thread(store.records, "territories")
            record = records.set_index("id").loc[EDITED]
            name = f"Terrassa (load edit {k})"
            await asyncio.to_thread(
                store.update, grant, "territories", EDITED, int(record["row_version"]), {"name": name}
            )
            # Both processes are asked at once, each timed from the commit.
            pairs = zip(backends, checkers, strict=True)
            outcomes = await asyncio.gather(*(_shows(b, c, name) for b, c in pairs), return_exceptions=True)
            for i, (base, outcome) in enumerate(zip(backends, outcomes, strict=True)):
                if isinstance(outcome, InteractionError):
                    log.append(f"edit {k}: {base}: {outcome}")
                    await checkers[i].close()
                    checkers[i] = await _connect(base, "")
                elif isinstance(outcome, BaseException):
                    raise outcome
                elif outcome is None:
                    log.append(f"edit {k}: {base} did not show {name!r} within {VISIBLE_WITHIN:.0f} s")
                else:
                    delays.append(outcome)
    finally:
        for checker in checkers:
            await checker.close()


def _sessions_per_backend(access_log: Path, backends: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """From nginx's access log: how many routing keys (sessions) had their websocket on each backend,
    and any key whose requests went to more than one (not sticky)."""
    seen: dict[str, set[str]] = {}
    streams: dict[str, set[str]] = {}
    for line in access_log.read_text().splitlines():
        parts = dict(
            p.split("=", 1) for p in line.split() if "=" in p and p.split("=", 1)[0] in {"upstream", "route"}
        )
        route, upstream = parts.get("route", ""), backends.get(parts.get("upstream", ""), "")
        if not route or not upstream:
            continue
        seen.setdefault(route, set()).add(upstream)
        if "/_stcore/stream" in line and line.startswith("101 "):
            streams.setdefault(upstream, set()).add(route)
    split = [r for r, where in seen.items() if len(where) > 1]
    return {b: len(streams.get(b, ())) for b in backends.values()}, split


def test_thirty_sessions_on_two_processes_behind_nginx_on_one_postgresql(tmp_path):
    admin = pg_admin_url()
    if not admin:
        pytest.skip("no PostgreSQL (CI sets HRCITIES_TEST_POSTGRES_URL)")
    stats, edit_problems, delays = Stats(), [], []
    with harness.postgres_database(admin) as url:
        store = Store(url, DATA_DIR)
        store.prepare()
        env = {"HRCITIES_DATABASE_URL": url, "HRCITIES_DATA_DIR": str(DATA_DIR)}
        first_port, second_port, proxy_port = harness.free_port(), harness.free_port(), harness.free_port()
        folder = tmp_path / "nginx"
        folder.mkdir()
        try:
            with (
                harness.streamlit_server(
                    first_port, env=env, script="serve.py", log_path=tmp_path / "first.log"
                ) as first,
                harness.streamlit_server(
                    second_port, env=env, script="serve.py", log_path=tmp_path / "second.log"
                ) as second,
            ):
                nginx = _start_nginx(folder, proxy_port, first_port, second_port)
                proxy = f"http://127.0.0.1:{proxy_port}"
                try:
                    run_async(_warm([first, second]))

                    async def run():
                        deadline = time.monotonic() + LOAD_SECONDS
                        await asyncio.gather(
                            *(_browse(n, proxy, deadline, stats) for n in range(SESSIONS)),
                            _edits(store, [first, second], deadline, edit_problems, delays),
                        )

                    run_async(run())
                finally:
                    nginx.terminate()
                    nginx.wait(timeout=20)
        finally:
            store.dispose()
    per_backend, split = _sessions_per_backend(
        folder / "access.log", {f"127.0.0.1:{first_port}": "first", f"127.0.0.1:{second_port}": "second"}
    )
    report(
        "load[nginx, two processes]",
        f"{LOAD_SECONDS:.0f} s through nginx to two `streamlit run serve.py` on one PostgreSQL: "
        + stats.figures()
        + f"; sessions per process {per_backend}, {len(split)} not sticky; 3 edits, each shown by "
        f"both processes within {max(delays) if delays else float('nan'):.1f} s "
        f"({len(delays)} of 6 seen)",
    )
    print(f"median interaction time per page: {stats.pages()}")
    _assert_clean(stats)
    assert not edit_problems, edit_problems
    assert len(delays) == 6
    assert not split, f"routing keys served by both backends: {split[:5]}"
    assert all(per_backend.values()), f"a backend served no session: {per_backend}"
