"""Races (20 processes editing one record on PostgreSQL) and broken files (the upload corpus).

- Races: 20 separate processes each read the same record and save +1 at the version they read,
  released together (a barrier: each has read the record first) on one PostgreSQL database. The
  first round: exactly one wins, the 19 others are told (`ConflictError`, "Nothing was saved").
  Then each loser re-reads and retries until saved: the final value is exact (zero lost updates).
- Broken files: every file of the upload corpus (tests/fixtures/uploads/EXPECTED.csv: each encoding,
  truncated and corrupt XLSX, zip bombs, formula injection, wrong types, 50 MB) through the
  coordinator page's steps against a store: refused or flagged with its expected message, and the
  store's checksum unchanged after each.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap

import pytest
from conftest import DATA_DIR, ROOT, TINY, TODAY, _load, pg_admin_url, report

from hrcities import tracker
from hrcities.store import imports as store_imports
from hrcities.store.archive import checksum

WRITERS = 20
RACE_TIMEOUT = 300  # s from the release to the last save (each save validates the whole data set)
_WRITER = textwrap.dedent("""
    import json, sys
    from datetime import date
    sys.path.insert(0, sys.argv[3])
    from hrcities import auth
    from hrcities.store import ConflictError, Store
    store = Store(sys.argv[1], sys.argv[2])
    grant = auth.issue("writer", "passphrase")
    first, attempts = None, 0
    record = store.records("territories").set_index("id").loc["testville"]
    print("ready", flush=True)
    sys.stdin.readline()  # "go": every writer has read the record; all save at once
    while True:
        attempts += 1
        try:
            store.update(grant, "territories", "testville", int(record["row_version"]),
                         {"population": str(int(record["population"]) + 1)}, today=date(2026, 11, 28))
            first = first or "won"
            break
        except ConflictError as error:
            first = first or ("told: " + error.message)
            record = store.records("territories").set_index("id").loc["testville"]
    print(json.dumps({"first": first, "attempts": attempts}))
""")


def test_twenty_parallel_edits_of_one_record_lose_nothing(fresh_store, tmp_path):
    if not pg_admin_url():
        pytest.skip("no PostgreSQL")
    import time

    store = fresh_store("postgresql", TINY)
    start = int(store.records("territories").set_index("id").at["testville", "population"])
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), store.url, str(TINY), str(ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    try:
        # A barrier, not a fixed delay: on a loaded 2-core machine 20 interpreters take longer than
        # any guess to start, and a writer that read late would not race from the same version.
        for proc in procs:
            line = proc.stdout.readline().strip()
            assert line == "ready", proc.communicate(timeout=30)[1][-2000:]
        started = time.monotonic()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        deadline = started + RACE_TIMEOUT
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            assert proc.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    final = int(store.records("territories").set_index("id").at["testville", "population"])
    won_first = sum(r["first"] == "won" for r in results)
    told = [r["first"] for r in results if r["first"] != "won"]
    report(
        "races",
        f"{WRITERS} processes saved +1 to one record from the same version on PostgreSQL, all "
        f"released at once after each had read it: {won_first} won at once, {len(told)} were told "
        f"('{told[0][6:60] if told else ''}...'), {sum(r['attempts'] for r in results)} attempts in "
        f"all ({elapsed:.0f} s); final {final - start:+d} (expected +{WRITERS}), "
        f"{WRITERS - (final - start)} lost updates",
    )
    assert final == start + WRITERS
    assert won_first == 1 and len(told) == WRITERS - 1
    assert all("Nothing was saved" in m for m in told)


CORPUS = ROOT / "tests" / "fixtures" / "uploads"


def test_every_broken_file_is_refused_or_flagged_and_the_store_is_unchanged(fresh_store, tmp_path):
    make_corpus = _load("resilience_make_corpus", CORPUS / "make_corpus.py")
    rows = list(csv.DictReader((CORPUS / "EXPECTED.csv").open(encoding="utf-8")))
    store = fresh_store("postgresql" if pg_admin_url() else "sqlite", DATA_DIR)
    unclear, changed, kinds = [], [], {"refused": 0, "flagged": 0}
    for row in rows:
        name = row["file"]
        if name in make_corpus.GENERATED:
            path = tmp_path / name
            make_corpus.GENERATED[name](path)
            data = path.read_bytes()
        else:
            data = (CORPUS / name).read_bytes()
        before = checksum(store)
        try:
            upload = tracker.read_upload(name, data)
            prepared = store_imports.plan_upload(
                store, upload, tracker.suggest_mapping(list(upload.frame.columns)), TODAY
            )
            messages = [str(p) for p in prepared.plan.problems]
            kind = "flagged"
        except tracker.UploadError as error:
            messages, kind = [error.message], "refused"
        if kind != row["kind"] or not any(row["expected_error_fragment"] in m for m in messages):
            unclear.append(f"{name}: {kind}, {messages[:2]}")
        kinds[kind] += 1
        if checksum(store) != before:
            changed.append(name)
        path = tmp_path / name
        if path.exists():
            path.unlink()
    report(
        "broken-files",
        f"{len(rows)} malformed uploads on {store.dialect}: {kinds['refused']} refused and "
        f"{kinds['flagged']} flagged, each with its expected message ({len(unclear)} unclear); store "
        f"checksum changed after {len(changed)}",
    )
    assert len(rows) >= 30
    assert unclear == [] and changed == []
