"""A room full of phones: N sessions at once against the dashboard and against a bare page, in one run.

Each session is what one browser tab is to the server (resilience/loadclient.py: a websocket, reruns
with the page and the sidebar filters in the query string, timed until the run finishes). For each
crowd size (default 30 and 60) and for each server, the sessions arrive over a few seconds and then,
for `--seconds`, visit a page with filters and read for 1 to 3 s before the next one:

- the dashboard: `streamlit run serve.py` (the README's run command) on the real data, with a
  throwaway SQLite store, its pages and filters as in the CI load test;
- the bare page: `bench/bare_chart.py` (one Plotly map of every territory, one selectbox), the same
  client and the same think time.

Printed and written to `var/load_benchmark.json` (`--write-readme` puts the table in README.md): per
crowd and server, interactions, throughput (interactions per second), errors, p50 and p95; the
dashboard's ratios to the bare page; and, with one session alone, the median rerun time of each page
against the bare page's. Not a test: nothing here fails on a slow figure (the CI load test asserts
zero errors only).

    python scripts/load_benchmark.py                      # --sessions 30 60 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser"), str(ROOT / "resilience")]

import harness  # noqa: E402
from loadclient import CITIES, FILTERS, InteractionError, Session  # noqa: E402

from hrcities.paths import DEFAULT_DATA_DIR  # noqa: E402
from hrcities.store import Store  # noqa: E402

THINK_SECONDS = (1.0, 3.0)
DASHBOARD_PAGES = [*harness.FIXED_PAGES.items(), *((c, harness.CITY_PAGES[c]) for c in CITIES)]
BARE_PAGES = [("", "Bare chart")]
BARE_FILTERS = ("", "region=europe")
TARGETS = {"p50": 2.0, "p95": 2.0, "p95_60": 2.5, "rerun": 1.5, "light_p95": 1.0, "light_kb": 100}


def _first_practices(cities) -> list[str]:
    import pandas as pd

    practices = pd.read_csv(DEFAULT_DATA_DIR / "practices.csv", usecols=["id", "territory_id"], dtype=str)
    return list(practices[practices["territory_id"].isin(cities)].groupby("territory_id")["id"].first())


LIGHT_PATHS = [
    f"/light/{path}?lang={lang}"
    for lang in ("en", "fr", "es")
    for path in (
        "",
        "map",
        *(f"city/{c}" for c in CITIES),
        *(f"practice/{p}" for p in _first_practices(CITIES)),
    )
]
JSON_PATH = ROOT / "var" / "load_benchmark.json"
README = ROOT / "README.md"


@dataclass
class Crowd:
    """What one crowd of sessions measured on one server."""

    seconds: float
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    per_page: dict[str, list[float]] = field(default_factory=dict)

    def figures(self) -> dict:
        ts = sorted(self.times)
        return {
            "interactions": len(ts),
            "throughput": round(len(ts) / self.seconds, 2),
            "errors": len(self.errors),
            "p50": round(statistics.median(ts), 3) if ts else None,
            "p95": round(ts[min(len(ts) - 1, int(0.95 * len(ts)))], 3) if ts else None,
            "first_errors": self.errors[:5],
        }


async def _browse(n: int, base: str, pages, filters, deadline: float, crowd: Crowd) -> None:
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, 3))  # the room opens the link over a few seconds
    session = Session(base)
    try:
        await session.connect()
    except InteractionError as error:
        crowd.errors.append(f"session {n}: {error}")
        return
    try:
        while time.monotonic() < deadline:
            page, heading = rng.choice(pages)
            query = rng.choice(filters)
            try:
                result = await session.visit(page, query)
            except InteractionError as error:
                crowd.errors.append(f"session {n}: {error}")
                await session.close()
                session = Session(base)
                await session.connect()
                continue
            if heading not in result.headings:
                crowd.errors.append(f"session {n}: /{page}?{query} showed {result.headings[:3]}")
            crowd.times.append(result.seconds)
            crowd.per_page.setdefault(page or "/", []).append(result.seconds)
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))
    finally:
        await session.close()


async def crowd_on(base: str, sessions: int, seconds: float, pages, filters) -> Crowd:
    crowd = Crowd(seconds)
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(_browse(n, base, pages, filters, deadline, crowd) for n in range(sessions)))
    return crowd


async def alone(base: str, pages, filters, repeats: int) -> dict[str, float]:
    """One session by itself: the median time of a rerun of each page (with each filter in turn)."""
    session = Session(base)
    await session.connect()
    times: dict[str, list[float]] = {}
    try:
        for page, _heading in pages:  # once each first: the process's caches filled
            await session.visit(page, "", timeout=180)
        for _ in range(repeats):
            for page, heading in pages:
                for query in filters:
                    result = await session.visit(page, query)
                    assert heading in result.headings, (page, query, result.headings[:3])
                    times.setdefault(page or "/", []).append(result.seconds)
    finally:
        await session.close()
    return {page: round(statistics.median(ts), 4) for page, ts in times.items()}


async def _get(host: str, port: int, path: str) -> tuple[int, bytes]:
    """One HTTP/1.1 GET on a fresh connection (as a phone opening a link): status and body."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _sep, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if b"chunked" in head.lower():
        body = _unchunk(body)
    return status, body


def _unchunk(body: bytes) -> bytes:
    out, rest = b"", body
    while rest:
        size_line, _sep, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2 :]
    return out


async def light_crowd(base: str, clients: int, seconds: float) -> dict:
    """`clients` at once loading the light pages (each in the three languages) for `seconds`, each
    reading a page for the sessions' think time before the next; every page on a new connection."""
    host, port = base.removeprefix("http://").split(":")
    times: list[float] = []
    errors: list[str] = []
    sizes: dict[str, int] = {}
    scripts: set[str] = set()
    deadline = time.monotonic() + seconds

    async def client(n: int) -> None:
        rng = random.Random(n)
        await asyncio.sleep(rng.uniform(0, 3))
        while time.monotonic() < deadline:
            path = rng.choice(LIGHT_PATHS)
            started = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(_get(host, int(port), path), 30)
            except (OSError, TimeoutError) as error:
                errors.append(f"{path}: {type(error).__name__} {error}")
                continue
            times.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"{path}: HTTP {status}")
            sizes[path] = len(body)
            if b"<script" in body.lower():
                scripts.add(path)
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))  # a phone reads the page, then taps a link

    await asyncio.gather(*(client(n) for n in range(clients)))
    ts = sorted(times)
    return {
        "clients": clients,
        "requests": len(ts),
        "throughput": round(len(ts) / seconds, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "p50": round(statistics.median(ts), 3) if ts else None,
        "p95": round(ts[min(len(ts) - 1, int(0.95 * len(ts)))], 3) if ts else None,
        "largest_kb": round(max(sizes.values(), default=0) / 1024, 1),
        "with_script": sorted(scripts),
    }


def run(args) -> dict:
    tmp = ROOT / "var" / "load-bench"
    tmp.mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{tmp / 'store.sqlite3'}"
    Store(database, DEFAULT_DATA_DIR).prepare()
    env = {"HRCITIES_DATABASE_URL": database, "HRCITIES_DATA_DIR": str(DEFAULT_DATA_DIR)}
    servers = {
        "dashboard": ("serve.py", DASHBOARD_PAGES, FILTERS),
        "bare": ("bench/bare_chart.py", BARE_PAGES, BARE_FILTERS),
    }
    report: dict = {"crowds": {}, "alone": {}, "seconds": args.seconds}
    for name, (script, pages, filters) in servers.items():
        with harness.streamlit_server(env=env, script=script, log_path=tmp / f"{name}.log") as base:
            report["alone"][name] = asyncio.run(alone(base, pages, filters, args.repeats))
            print(f"{name} alone: {report['alone'][name]}", flush=True)
            for size in args.sessions:
                crowd = asyncio.run(crowd_on(base, size, args.seconds, pages, filters))
                figures = crowd.figures()
                report["crowds"][f"{name} {size}"] = figures
                print(f"{name} · {size} sessions: {figures}", flush=True)
            if name == "dashboard" and args.light_clients:
                report["light"] = asyncio.run(light_crowd(base, args.light_clients, args.seconds))
                print(f"light pages: {report['light']}", flush=True)
    return report


def summarise(report: dict, sizes: list[int]) -> list[tuple]:
    """Rows (what, measured, target, holds, figures) for the table."""
    rows = []
    crowds = report["crowds"]
    for size in sizes:
        app, bare = crowds[f"dashboard {size}"], crowds[f"bare {size}"]
        rows.append(
            (
                f"{size} sessions · errors",
                app["errors"],
                0,
                app["errors"] == 0,
                f"{app['interactions']} interactions",
            )
        )
        for key in ("p50", "p95"):
            target = TARGETS["p95_60"] if key == "p95" and size >= 60 else TARGETS[key]
            if size >= 60 and key == "p50":
                target = None
            ratio = app[key] / bare[key] if app[key] and bare[key] else None
            rows.append(
                (
                    f"{size} sessions · {key}",
                    ratio,
                    target,
                    None if target is None or ratio is None else ratio <= target,
                    f"{app[key]:.2f} s vs bare page {bare[key]:.2f} s",
                )
            )
        rows.append(
            (
                f"{size} sessions · throughput",
                app["throughput"] / bare["throughput"] if bare["throughput"] else None,
                None,
                None,
                f"{app['throughput']:.1f} vs {bare['throughput']:.1f} interactions/s",
            )
        )
    light = report.get("light")
    if light:
        rows.append(
            (
                f"light pages · {light['clients']} clients · errors",
                light["errors"],
                0,
                light["errors"] == 0,
                f"{light['requests']} pages, {light['throughput']:.0f} a second",
            )
        )
        rows.append(
            (
                f"light pages · {light['clients']} clients · p95 (s)",
                light["p95"],
                TARGETS["light_p95"],
                light["p95"] is not None and light["p95"] < TARGETS["light_p95"],
                f"p50 {light['p50']:.2f} s",
            )
        )
        rows.append(
            (
                "light pages · largest (kB), no script",
                light["largest_kb"],
                TARGETS["light_kb"],
                light["largest_kb"] < TARGETS["light_kb"] and not light["with_script"],
                "script in: " + (", ".join(light["with_script"]) or "none"),
            )
        )
    bare_rerun = report["alone"]["bare"]["/"]
    for page, seconds in report["alone"]["dashboard"].items():
        ratio = seconds / bare_rerun
        rows.append(
            (
                f"rerun alone · {page}",
                ratio,
                TARGETS["rerun"],
                ratio <= TARGETS["rerun"],
                f"{seconds * 1000:.0f} ms vs bare page {bare_rerun * 1000:.0f} ms",
            )
        )
    return rows


def table(report: dict, sizes: list[int]) -> str:
    lines = [
        f"Latest run: {report['at']} on {report['machine']}; {report['seconds']:.0f} s per crowd, think time "
        f"{THINK_SECONDS[0]:.0f}-{THINK_SECONDS[1]:.0f} s.",
        "",
        "| Measure | Ratio or count | Target | Holds | Figures |",
        "| --- | ---: | ---: | :---: | --- |",
    ]
    for what, measured, target, holds, figures in summarise(report, sizes):
        shown = (
            "n/a" if measured is None else (f"{measured}" if isinstance(measured, int) else f"{measured:.2f}")
        )
        goal = "" if target is None else (f"{target}" if isinstance(target, int) else f"≤ {target}")
        ok = "" if holds is None else ("yes" if holds else "**no**")
        lines.append(f"| {what} | {shown} | {goal} | {ok} | {figures} |")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"<!-- load-benchmark:start -->\n{text}\n<!-- load-benchmark:end -->"
    pattern = re.compile(r"<!-- load-benchmark:start -->.*?<!-- load-benchmark:end -->", re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit("README.md has no <!-- load-benchmark:start --> ... :end --> block")
    README.write_text(pattern.sub(lambda _m: block, readme), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[30, 60])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=3, help="of each page and filter, one session alone")
    parser.add_argument("--light-clients", type=int, default=300, help="0: leave the light pages out")
    parser.add_argument("--json", type=Path, default=JSON_PATH)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    report = run(args)
    import os
    import platform

    report["at"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["machine"] = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    text = table(report, args.sessions)
    print(text)
    if args.write_readme:
        write_readme(text)
    print(f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
