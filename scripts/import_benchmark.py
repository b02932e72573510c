"""A 20,000-row tracker: how long the coordinator waits to preview, apply and undo it.

In one run: synthetic territories (`hrcities.synthetic`, labelled "Synthetic City 00042", never real)
laid out as a secretariat would (Spanish headings, no stage column, long country names are left to the
tests) in a CSV of `--rows` rows; a throwaway SQLite store seeded from the real data; then, timed:

- preview: reading the file (`tracker.read_upload`), proposing the columns, planning every row against
  the store (`store.imports.plan_upload`, what the page shows before Apply);
- apply: the rows written in one transaction (`batch_from`, `apply_import`);
- undo: the import taken back (`undo_import`).

Printed and written to `var/import_benchmark.json`; `--write-readme` puts the table in README.md.
Not a test: nothing fails on a slow figure.

    python scripts/import_benchmark.py            # --rows 20000 --repeats 1
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from hrcities import auth, synthetic, tracker  # noqa: E402
from hrcities.paths import DEFAULT_DATA_DIR  # noqa: E402
from hrcities.store import Store  # noqa: E402
from hrcities.store import imports as store_imports  # noqa: E402

README = ROOT / "README.md"
JSON_PATH = ROOT / "var" / "import_benchmark.json"
TARGET_APPLY = 15.0  # seconds (issue 18)
HEADINGS = {  # a secretariat's Spanish tracker: no stage column, every row is a member
    "name": "Gobierno local",
    "country": "País",
    "region": "Región CGLU",
    "joined": "Fecha de adhesión",
    "latitude": "Latitud",
    "longitude": "Longitud",
}


def tracker_csv(rows: int, folder: Path) -> bytes:
    """`rows` synthetic territories as a tracker CSV (UTF-8), in the headings above."""
    synthetic.generate(folder, territories=rows, practices=rows, seed=7)
    territories = pd.read_csv(folder / "territories.csv", dtype=str)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS.values())
    for t in territories.itertuples():
        joined = t.joined if isinstance(t.joined, str) else ""
        writer.writerow([t.name, t.country, t.uclg_region, joined, t.latitude, t.longitude])
    return out.getvalue().encode("utf-8")


def one_run(data: bytes, workdir: Path, today: date) -> dict[str, float]:
    store = Store(f"sqlite:///{workdir / 'store.sqlite3'}", DEFAULT_DATA_DIR)
    store.prepare(today=today)
    grant = auth.issue("benchmark@example.org", "benchmark")
    times: dict[str, float] = {}
    started = time.perf_counter()
    upload = tracker.read_upload("tracker.csv", data)
    mapping = tracker.suggest_mapping(list(upload.frame.columns))
    prepared = store_imports.plan_upload(store, upload, mapping, today, default_stage="member")
    times["preview"] = time.perf_counter() - started
    plan = prepared.plan
    times["rows_added"] = len(plan.added)
    times["rows_with_problems"] = len({p.row for p in plan.problems})
    started = time.perf_counter()
    batch = store_imports.batch_from(prepared, grant.name, today)
    number = store_imports.apply_import(store, grant, batch, today)
    times["apply"] = time.perf_counter() - started
    started = time.perf_counter()
    store_imports.undo_import(store, grant, number, today)
    times["undo"] = time.perf_counter() - started
    store.engine.dispose()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path, default=JSON_PATH)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    today = date.today()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        data = tracker_csv(args.rows, Path(tmp) / "synthetic")
        for repeat in range(args.repeats):
            workdir = Path(tmp) / f"run{repeat}"
            workdir.mkdir()
            runs.append(one_run(data, workdir, today))
            print(f"run {repeat + 1}: {runs[-1]}", flush=True)
            shutil.rmtree(workdir)
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    report = {
        "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rows": args.rows,
        "size_kb": round(len(data) / 1024),
        "runs": runs,
        "median": med,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    text = (
        f"Latest run: {report['at']}, {args.rows:,} synthetic rows ({report['size_kb']:,} kB CSV, Spanish "
        f"headings, no stage column), SQLite, median of {args.repeats}.\n\n"
        "| Step | Seconds | Target |\n| --- | ---: | ---: |\n"
        f"| preview (read, map, plan {int(med['rows_added']):,} added) | {med['preview']:.1f} | |\n"
        f"| apply (one transaction) | {med['apply']:.1f} | ≤ {TARGET_APPLY:.0f} |\n"
        f"| undo | {med['undo']:.1f} | |"
    )
    print(text)
    if args.write_readme:
        readme = README.read_text(encoding="utf-8")
        pattern = re.compile(r"<!-- import-benchmark:start -->.*?<!-- import-benchmark:end -->", re.DOTALL)
        block = f"<!-- import-benchmark:start -->\n{text}\n<!-- import-benchmark:end -->"
        if not pattern.search(readme):
            raise SystemExit("README.md has no import-benchmark block")
        README.write_text(pattern.sub(lambda _m: block, readme), encoding="utf-8")


if __name__ == "__main__":
    main()
