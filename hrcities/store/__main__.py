"""The store from the command line: `python -m hrcities.store {init,info,checksum,backup,restore}`.

The database is the dashboard's: `--url`, else `HRCITIES_DATABASE_URL`, else `[connections.hrcities]
url` in `.streamlit/secrets.toml`, else the embedded SQLite file in `var/`. Examples:

    python -m hrcities.store init                    # create the schema and seed from data/ if empty
    python -m hrcities.store backup backup.zip       # every table and log, with checksums
    HRCITIES_DATABASE_URL=postgresql+psycopg://... python -m hrcities.store restore backup.zip

`restore` only writes into an empty store (it creates the schema first): it never overwrites data.
"""

import argparse
import sys
import tomllib
from pathlib import Path

from ..errors import DataError
from ..paths import ROOT, data_dir, database_url
from . import archive
from .store import Store, StoreError

SECRETS = ROOT / ".streamlit" / "secrets.toml"


def configured_url(secrets: Path = SECRETS) -> str | None:
    """`[connections.hrcities] url` of the app's secrets file, as the dashboard reads it."""
    if not secrets.is_file():
        return None
    with secrets.open("rb") as handle:
        return tomllib.load(handle).get("connections", {}).get("hrcities", {}).get("url")


def _store(args: argparse.Namespace) -> Store:
    folder = Path(args.data_dir) if args.data_dir else data_dir()
    return Store(args.url or database_url(folder, configured_url()), folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hrcities.store", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="SQLAlchemy database URL (default: as the dashboard)")
    parser.add_argument("--data-dir", help="the data folder to seed from (default: data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create or upgrade the schema; seed from the data files if never seeded")
    commands.add_parser("info", help="where the store is, its schema revision, data version and row counts")
    commands.add_parser("checksum", help="one SHA-256 over every table (unchanged store, same checksum)")
    backup = commands.add_parser("backup", help="write a backup zip")
    backup.add_argument("path")
    restore = commands.add_parser("restore", help="restore a backup zip into an empty store")
    restore.add_argument("path")
    args = parser.parse_args(argv)
    store = _store(args)
    try:
        if args.command == "init":
            seeded = store.prepare(seed=True)
            print(
                f"{store.engine.url.render_as_string(hide_password=True)}: schema at {store.revision()}; "
                + ("seeded from " + str(store.data_dir) if seeded else "already seeded, left as it is")
            )
        elif args.command == "info":
            store.migrate()
            print(f"database: {store.engine.url.render_as_string(hide_password=True)}")
            print(f"schema revision: {store.revision()}  data version: {store.data_version()}")
            for name, frame in store.raw_tables().items():
                print(f"  {name}: {len(frame)} rows")
        elif args.command == "checksum":
            print(archive.checksum(store))
        elif args.command == "backup":
            store.migrate()
            Path(args.path).write_bytes(archive.backup(store))
            print(f"wrote {args.path} (checksum {archive.checksum(store)})")
        elif args.command == "restore":
            store.prepare(seed=False)
            manifest = archive.restore(store, Path(args.path).read_bytes())
            rows = sum(table["rows"] for table in manifest["tables"].values())
            print(f"restored {rows} rows from {args.path} (data version {manifest['data_version']})")
    except StoreError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    except (DataError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
