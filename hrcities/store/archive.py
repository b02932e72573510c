"""Whole-store checksums, backups and restores.

A backup is a zip: `manifest.json` (format, Alembic revision, data version, time, and per table
its row count and SHA-256) plus `tables/<name>.json` with every row of every data table and of the
imports, audit and submission logs. It restores only into an empty store (fresh schema, no rows),
after the manifest, the checksums and the data rules all pass; otherwise nothing is written.
"""

import hashlib
import io
import json
import zipfile
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from .. import auth
from ..errors import DataError
from ..i18n import msg
from ..load import check_raw
from ..schema import TABLES
from . import tables as t
from .store import Store, StoreError, _in_store_terms, _to_text, now

FORMAT = "hrcities-backup/1"
MAX_BACKUP_BYTES = 200 * 1024 * 1024
ARCHIVED = (*(t.DATA_TABLES[spec.name] for spec in TABLES), t.imports, t.audit_log, t.submissions)
DATETIME_COLUMNS = {"updated_at", "at", "undone_at", "created_at", "reviewed_at"}


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(conn: sa.Connection, table: sa.Table) -> list[dict]:
    primary = list(table.primary_key.columns)
    return [
        {k: _plain(v) for k, v in r._mapping.items()}
        for r in conn.execute(sa.select(table).order_by(*primary))
    ]


def _digest(rows: list[dict]) -> str:
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def checksum(store: Store) -> str:
    """One SHA-256 over every row of every archived table and the data version."""
    with store.engine.connect() as conn:
        parts = {table.name: _digest(_rows(conn, table)) for table in ARCHIVED}
        parts["data_version"] = str(conn.execute(sa.select(t.data_version.c.version)).scalar())
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def backup(store: Store) -> bytes:
    """The whole store as a backup zip (see the module docstring)."""
    with store.engine.connect() as conn:
        contents = {table.name: _rows(conn, table) for table in ARCHIVED}
        version = conn.execute(sa.select(t.data_version.c.version)).scalar()
    manifest = {
        "format": FORMAT,
        "revision": store.revision(),
        "data_version": version,
        "created_at": now().isoformat(),
        "tables": {name: {"rows": len(rows), "sha256": _digest(rows)} for name, rows in contents.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for name, rows in contents.items():
            archive.writestr(f"tables/{name}.json", json.dumps(rows, ensure_ascii=False, sort_keys=True))
    return buffer.getvalue()


def _read_backup(data: bytes) -> tuple[dict, dict[str, list[dict]]]:
    if len(data) > MAX_BACKUP_BYTES:
        raise StoreError(
            msg(
                "The backup is {size} MB; the limit is {limit} MB.",
                size=format(len(data) / 1e6, ".0f"),
                limit=format(MAX_BACKUP_BYTES / 1e6, ".0f"),
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if sum(i.file_size for i in infos) > 10 * MAX_BACKUP_BYTES:
            raise StoreError(msg("The backup would expand to an unreasonable size: refused."))
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise StoreError(
                msg("This is not a dashboard backup (format {format}).", format=repr(manifest.get("format")))
            )
        contents = {}
        for table in ARCHIVED:
            rows = json.loads(archive.read(f"tables/{table.name}.json"))
            expected = manifest["tables"][table.name]["sha256"]
            if _digest(rows) != expected:
                raise StoreError(
                    msg(
                        "The backup's table '{table}' does not match its checksum: the file is damaged.",
                        table=table.name,
                    )
                )
            contents[table.name] = rows
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise StoreError(
            msg("The backup file is damaged or incomplete ({error}).", error=type(exc).__name__)
        ) from None
    return manifest, contents


def _parsed(table: sa.Table, row: dict) -> dict:
    known = {c.name for c in table.columns}
    out = {}
    for key, value in row.items():
        if key not in known:
            raise StoreError(
                msg(
                    "The backup's table '{table}' has an unknown column '{column}'.",
                    table=table.name,
                    column=key,
                )
            )
        if key in DATETIME_COLUMNS and isinstance(value, str):
            value = datetime.fromisoformat(value)
        out[key] = value
    return out


def _raw_from_rows(contents: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    raw = {}
    for spec in TABLES:
        columns = [c.name for c in spec.columns]
        frame = pd.DataFrame(
            [{c.name: _to_text(r.get(c.name), c.kind) for c in spec.columns} for r in contents[spec.name]],
            columns=columns,
            dtype=object,
        )
        raw[spec.name] = frame.astype(dict.fromkeys(columns, "str"))
    return raw


def restore(store: Store, data: bytes, grant: object | None = None, today: date | None = None) -> dict:
    """Restore a backup into this store, which must be empty; returns the manifest.

    From the command line (`python -m hrcities.store restore`) no grant is needed: whoever runs it
    holds the database. In the app, pass the coordinator's grant.
    """
    actor = "command line" if grant is None else auth.verify(grant).name
    manifest, contents = _read_backup(data)
    if manifest.get("revision") != store.revision():
        raise StoreError(
            msg(
                "The backup was made at schema revision {revision}, this "
                "store is at {current}: upgrade first.",
                revision=manifest.get("revision"),
                current=store.revision(),
            )
        )
    raw = _raw_from_rows(contents)
    problems = _in_store_terms(check_raw(raw, today or date.today()), raw)
    if problems:
        raise DataError(problems)
    if not store.is_empty():
        raise StoreError(
            msg(
                "Restore needs an empty store: this one already holds data. Point the app at "
                "a new database (or a new SQLite file) and restore there."
            )
        )
    with store._transaction() as conn:
        for table in ARCHIVED:
            rows = [_parsed(table, r) for r in contents[table.name]]
            if rows:
                conn.execute(sa.insert(table), rows)
        conn.execute(sa.update(t.store_meta).where(t.store_meta.c.key == "seeded").values(value="backup"))
        conn.execute(
            sa.update(t.data_version)
            .where(t.data_version.c.id == 1)
            .values(
                version=int(manifest.get("data_version") or 0) + 1,
                changed_at=now(),
                changed_by=f"restore by {actor}",
            )
        )
        if store.dialect == "postgresql":
            for table in ARCHIVED:
                column = "row_id" if "row_id" in table.c else "id"
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "
                    f"COALESCE((SELECT MAX({column}) FROM {table.name}), 0) + 1, false)"
                )
    return manifest
