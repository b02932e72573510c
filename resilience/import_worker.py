"""A process that imports a large tracker into a store, for the kill -9 test (resilience/test_faults.py).

`python resilience/import_worker.py STORE_URL ROWS`: plans the import as the coordinator page does,
prints `applying` when the one transaction starts, `done <import id>` when it is committed.
"""

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hrcities import auth, tracker  # noqa: E402
from hrcities.store import Store, imports  # noqa: E402

TODAY = date(2026, 11, 28)


def tracker_csv(rows: int) -> bytes:
    lines = [f"Resilienceville {n},France,engaged" for n in range(rows)]
    return ("Name,Country,Stage\n" + "\n".join(lines) + "\n").encode()


def main(url: str, rows: int) -> None:
    store = Store(url, ROOT / "data")
    upload = tracker.read_upload("big.csv", tracker_csv(rows))
    prepared = imports.plan_upload(store, upload, tracker.suggest_mapping(list(upload.frame.columns)), TODAY)
    batch = imports.batch_from(prepared, "Import Worker", TODAY)
    print("applying", flush=True)
    number = imports.apply_import(store, auth.issue("Import Worker", "passphrase"), batch, TODAY)
    print(f"done {number}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
