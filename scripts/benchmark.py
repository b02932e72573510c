"""Speed at 1x (real data) and 10x (synthetic data) against bare Streamlit baselines, in one run.

    python scripts/benchmark.py [--repeats 3] [--pages progress map ...] [--write-readme]

Generates the synthetic data when missing (`var/bench/synthetic`, fixed seed), seeds one throwaway store
per data set (`var/bench/`), then, in headless Debian Chromium (the browser tests' harness), measures:

- cold start: from `streamlit run` until the first page shows its heading (the store already seeded);
- page load: a fresh browser context opens the page, until every chart is drawn and the page settles;
- filter round trip: on that page, picking "Europe" in the UCLG region filter, until the page settles;
- server memory: the resident set (RSS) of each server once every page was measured.

Baselines, measured in the same run: `bench/bare_chart.py` (one `st.plotly_chart` of as many points as
the data set has territories, on the same base map, and one selectbox) and `bench/bare_frames.py` (a bare
app holding the same frames). Prints medians and ratios; writes them as JSON (`var/benchmark.json`).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import harness  # noqa: E402

from hrcities import synthetic  # noqa: E402

BENCH_DIR = ROOT / "var" / "bench"
PAGES = ("progress", "map", "practices", "charter", "forum", "city", "present", "pack")
NO_SIDEBAR = {"present"}  # presenter mode hides the sidebar: no filter round trip there
FILTER_LABEL, FILTER_OPTION, FILTER_PARAM = "UCLG region", "Europe", "region=europe"
# the practice library's search, typed in French (stemmed, synonyms: housing / logement / vivienda)
SEARCH_LABEL, SEARCH_QUERY = "Search practices", "logement"
TARGETS = {"load": 1.5, "filter": 1.3, "cold_start": 1.2, "rss": 2.0, "growth": 1.5}

# Settled (harness) and painted: two animation frames after the DOM says every chart is drawn.
_PAINTED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(int(memory) / 2**20),
        "python": platform.python_version(),
        "chromium": _chromium_version(),
    }


def _chromium_version() -> str:
    try:
        return subprocess.run(
            [str(harness.CHROMIUM), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# -- data and stores --------------------------------------------------------------------------------


def synthetic_folder(territories: int, practices: int, seed: int) -> Path:
    folder = BENCH_DIR / f"synthetic-{territories}-{practices}-seed{seed}"
    if not synthetic.is_synthetic(folder):
        print(f"Generating synthetic data in {folder.relative_to(ROOT)} …", flush=True)
        synthetic.generate(folder, territories, practices, seed)
    return folder


def seeded_store(name: str, folder: Path, fresh: bool) -> str:
    """A SQLite store for `folder`, created and seeded now (seeding is not part of any timing)."""
    path = BENCH_DIR / f"{name}.sqlite3"
    stamp = BENCH_DIR / f"{name}.seeded-from"
    key = f"{folder}:{max(p.stat().st_mtime_ns for p in folder.iterdir())}"
    if fresh or not path.exists() or not stamp.exists() or stamp.read_text() != key:
        for old in BENCH_DIR.glob(f"{name}.sqlite3*"):
            old.unlink()
        url = f"sqlite:///{path}"
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "hrcities.store", "init"],
            cwd=ROOT,
            check=True,
            env=dict(os.environ, HRCITIES_DATA_DIR=str(folder), HRCITIES_DATABASE_URL=url),
        )
        print(f"Seeded {name} store in {time.monotonic() - started:.1f} s", flush=True)
        stamp.write_text(key)
    return f"sqlite:///{path}"


def busiest_city(folder: Path) -> str:
    import pandas as pd

    return str(
        pd.read_csv(folder / "practices.csv", usecols=["territory_id"])["territory_id"]
        .value_counts()
        .index[0]
    )


# -- browser measurements ---------------------------------------------------------------------------


def _settled_at(page, timeout_ms: int = 120_000) -> float:
    """The time the page first settled and painted, checked again a moment later (as wait_settled)."""
    while True:
        page.wait_for_function(harness._SETTLED_JS, timeout=timeout_ms, polling="raf")
        page.evaluate(_PAINTED_JS)
        at = time.perf_counter()
        page.wait_for_timeout(300)
        if page.evaluate(harness._SETTLED_JS):
            return at


def _context(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(120_000)
    harness.block_outside(context)
    return context


def page_load(browser, url: str) -> tuple[float, object, object]:
    context = _context(browser)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    return _settled_at(page) - started, page, context


def filter_round_trip(page, bare: bool) -> float:
    scope = page if bare else page.locator('[data-testid="stSidebar"]')
    box = scope.get_by_role("combobox", name=FILTER_LABEL)
    option = page.get_by_role("option", name=FILTER_OPTION, exact=True)
    for attempt in range(3):  # harness.choose_option: a redraw may close a dropdown just opened
        box.click()
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    started = time.perf_counter()
    option.click()
    page.wait_for_function(f"() => location.search.includes('{FILTER_PARAM}')", polling="raf", timeout=60_000)
    return _settled_at(page) - started


def search_round_trip(page) -> float:
    """From pressing Enter in the library's search box until the page settles with the results."""
    box = page.get_by_label(SEARCH_LABEL)
    box.fill(SEARCH_QUERY)
    started = time.perf_counter()
    box.press("Enter")
    wanted = f"() => location.search.includes('q={SEARCH_QUERY}')"
    page.wait_for_function(wanted, polling="raf", timeout=60_000)
    return _settled_at(page) - started


def cold_start(browser, script: str, env: dict) -> float:
    started = time.perf_counter()
    with harness.streamlit_server(env=env, script=script, timeout=300) as url:
        context = _context(browser)
        try:
            page = context.new_page()
            page.goto(url + "/")
            page.wait_for_selector(harness.H1, timeout=300_000)
            return time.perf_counter() - started
        finally:
            context.close()


def rss_mib(port: int) -> float:
    """Resident memory of the `streamlit run` process serving `port` (with its children)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(cmdline) and str(port).encode() in cmdline:
                status = (proc / "status").read_text()
                total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        except (OSError, AttributeError):
            continue
    return total / 1024


# -- the run ----------------------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def run(args) -> dict:
    from playwright.sync_api import sync_playwright

    harness.require_chromium()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    big = synthetic_folder(args.territories, args.practices, args.seed)
    real = ROOT / "data"
    scales = {
        "1x": {"folder": real, "store": seeded_store("real", real, fresh=True)},
        "10x": {"folder": big, "store": seeded_store("synthetic", big, fresh=False)},
    }
    servers = {}
    for scale, info in scales.items():
        data = {"HRCITIES_DATA_DIR": str(info["folder"])}
        servers[f"app {scale}"] = ("serve.py", {**data, "HRCITIES_DATABASE_URL": info["store"]}, scale)
        servers[f"bare chart {scale}"] = ("bench/bare_chart.py", data, scale)
        servers[f"bare frames {scale}"] = ("bench/bare_frames.py", data, scale)
    city = {"1x": busiest_city(real), "10x": busiest_city(big)}
    samples: dict = {"cold_start": {}, "load": {}, "filter": {}, "rss_mib": {}, "first_start": {}}
    with sync_playwright() as p:
        browser = harness.launch_chromium(p)
        for name in ("app 1x", "app 10x"):  # the first start after seeding builds the caches: not timed
            script, env, _scale = servers[name]
            samples["first_start"][name] = round(cold_start(browser, script, env), 3)
            print(f"first start {name}: {samples['first_start'][name]:.2f} s", flush=True)
        for repeat in range(args.repeats):
            for name, (script, env, _scale) in servers.items():
                if name.startswith("bare chart"):
                    continue
                seconds = cold_start(browser, script, env)
                samples["cold_start"].setdefault(name, []).append(round(seconds, 3))
                print(f"cold start {name} #{repeat + 1}: {seconds:.2f} s", flush=True)
        with _running(servers) as urls:
            for url in urls.values():
                harness.warm_up(browser, url, timeout_ms=300_000)
            for repeat in range(args.repeats):
                for name, url in urls.items():
                    if not name.startswith("bare frames"):
                        measure_pages(browser, name, url, servers[name][2], args.pages, city, repeat, samples)
            for name, url in urls.items():
                samples["rss_mib"][name] = round(rss_mib(int(url.rsplit(":", 1)[1])), 1)
        browser.close()
    return {"samples": samples, "city": city}


def measure_pages(
    browser, name: str, url: str, scale: str, pages: list[str], city: dict, repeat: int, samples: dict
) -> None:
    """One load and one filter round trip of each page of server `name` (the bare chart: its page)."""
    for target in ["bare"] if name.startswith("bare") else pages:
        path = {"bare": "", "progress": "", "city": city[scale]}.get(target, target)
        key = f"{name} · {target}"
        try:
            seconds, page, context = page_load(browser, f"{url}/{path}")
        except Exception as error:  # a slow machine may time out: say so, keep measuring the rest
            print(f"{key} #{repeat + 1}: load failed ({str(error).splitlines()[0]})", flush=True)
            continue
        try:
            samples["load"].setdefault(key, []).append(round(seconds, 3))
            line = f"{key} #{repeat + 1}: load {seconds:.2f} s"
            if target not in NO_SIDEBAR:
                trip = filter_round_trip(page, bare=target == "bare")
                samples["filter"].setdefault(key, []).append(round(trip, 3))
                line += f", filter {trip:.3f} s"
            if target == "practices":
                found = search_round_trip(page)
                samples.setdefault("search", {}).setdefault(key, []).append(round(found, 3))
                line += f", search {found:.3f} s"
        except Exception as error:
            line += f", filter failed ({str(error).splitlines()[0]})"
        finally:
            context.close()
        print(line, flush=True)


class _running:
    """Every server of the run at once, each on its own port (the timed page loads are sequential)."""

    def __init__(self, servers: dict):
        self.servers, self.stack = servers, None

    def __enter__(self) -> dict:
        from contextlib import ExitStack

        self.stack = ExitStack()
        return {
            name: self.stack.enter_context(harness.streamlit_server(env=env, script=script, timeout=300))
            for name, (script, env, _scale) in self.servers.items()
        }

    def __exit__(self, *exc) -> None:
        self.stack.close()


def summarise(result: dict, pages: list[str]) -> dict:
    s = result["samples"]
    med = {kind: {k: median(v) for k, v in s[kind].items()} for kind in ("cold_start", "load", "filter")}
    med["rss_mib"] = s["rss_mib"]
    rows = []

    def ratio(name: str, value: float | None, base: float | None, target: float, detail: str) -> None:
        r = None if value is None or not base else value / base
        rows.append(
            {
                "ratio": name,
                "value": None if r is None else round(r, 2),
                "target": target,
                "ok": r is not None and r <= target,
                "detail": detail,
            }
        )

    bare_load = med["load"].get("bare chart 10x · bare")
    bare_filter = med["filter"].get("bare chart 10x · bare")
    for page in pages:
        load10 = med["load"].get(f"app 10x · {page}")
        ratio(
            f"load 10x · {page}",
            load10,
            bare_load,
            TARGETS["load"],
            f"{_s(load10)} vs bare chart page {_s(bare_load)}",
        )
    for page in pages:
        if page in NO_SIDEBAR:
            continue
        trip = med["filter"].get(f"app 10x · {page}")
        ratio(
            f"filter 10x · {page}",
            trip,
            bare_filter,
            TARGETS["filter"],
            f"{_s(trip)} vs bare selectbox {_s(bare_filter)}",
        )
    searched = {k: median(v) for k, v in s.get("search", {}).items()}
    med["search"] = searched
    for scale in ("1x", "10x"):
        trip = searched.get(f"app {scale} · practices")
        if trip is not None:
            ratio(
                f"search {scale} · practices",
                trip,
                bare_filter,
                TARGETS["filter"],
                f"'{SEARCH_QUERY}': {_s(trip)} vs bare selectbox {_s(bare_filter)}",
            )
    for scale in ("1x", "10x"):
        app, bare = med["cold_start"].get(f"app {scale}"), med["cold_start"].get(f"bare frames {scale}")
        ratio(f"cold start {scale}", app, bare, TARGETS["cold_start"], f"{_s(app)} vs bare app {_s(bare)}")
    app, bare = med["rss_mib"].get("app 10x"), med["rss_mib"].get("bare frames 10x")
    ratio("RSS 10x", app, bare, TARGETS["rss"], f"{app} MiB vs bare app {bare} MiB")
    for page in pages:
        load10, load1 = med["load"].get(f"app 10x · {page}"), med["load"].get(f"app 1x · {page}")
        ratio(
            f"growth · {page}", load10, load1, TARGETS["growth"], f"{_s(load10)} at 10x vs {_s(load1)} at 1x"
        )
    return {"medians": med, "ratios": rows}


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def table(report: dict) -> str:
    lines = [
        "| Ratio (medians) | Measured | Target | Holds | Figures |",
        "| --- | ---: | ---: | :---: | --- |",
    ]
    for row in report["ratios"]:
        value = "n/a" if row["value"] is None else f"{row['value']:.2f}"
        lines.append(
            f"| {row['ratio']} | {value} | ≤ {row['target']} | {'yes' if row['ok'] else '**no**'} "
            f"| {row['detail']} |"
        )
    return "\n".join(lines)


README_START, README_END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


def write_readme(report: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit("README.md has no benchmark markers; add them where the table goes")
    m = report["machine"]
    block = (
        f"{README_START}\nLatest run: {report['date']} on {m['cpus']} cores ({m['cpu']}), "
        f"{m['memory_gib']} GiB, Python {m['python']}, {m['chromium']}; "
        f"{report['repeats']} repetitions, "
        f"10x = {report['territories']:,} territories and {report['practices']:,} practices "
        f"(seed {report['seed']}).\n\n{table(report)}\n{README_END}"
    )
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    readme.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--territories", type=int, default=10_000)
    parser.add_argument("--practices", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "benchmark.json")
    parser.add_argument("--write-readme", action="store_true", help="put the table into README.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    result = run(args)
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "repeats": args.repeats,
        "territories": args.territories,
        "practices": args.practices,
        "seed": args.seed,
        "pages": args.pages,
        "city_pages": result["city"],
        **summarise(result, args.pages),
        "samples": result["samples"],
        "seconds": round(time.monotonic() - started),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print()
    print(table(report))
    held = sum(row["ok"] for row in report["ratios"])
    print(f"\n{held} of {len(report['ratios'])} targets hold. JSON: {args.json} ({report['seconds']} s)")
    if args.write_readme:
        write_readme(report)


if __name__ == "__main__":
    main()
