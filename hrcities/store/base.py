"""The store's vocabulary, shared by its parts: its errors, one change to a table (`Op`), the
clock, and the engine with SQLite's write lock."""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

EDITABLE = ("territories", "practices", "sources", "organisations", "record")
SEED_ACTOR = "seed from data files"


class StoreError(Exception):
    """The store cannot do what was asked; `message` says why in a coordinator's words (a `msg(...)`
    of hrcities.i18n, which the page says in its reader's language)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConflictError(StoreError):
    """Someone else changed the record since it was read: nothing was saved."""


@dataclass
class Op:
    """One change to a data table: insert `values`, update `values` of `key`, or delete `key`."""

    kind: str  # insert | update | delete
    table: str
    key: str | None = None
    values: dict = field(default_factory=dict)
    expected_version: int | None = None
    note: str | None = None


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def make_engine(url: str) -> sa.Engine:
    """An engine for `url`; on SQLite, WAL mode and `BEGIN IMMEDIATE` for connections that ask for
    the write lock (`execution_options(write_lock=True)`)."""
    if url.startswith("sqlite"):
        database = sa.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            immediate = conn.get_execution_options().get("write_lock")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _json_safe(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in row.items()}


def json_rows(rows: list[dict]) -> str:
    """Rows as JSON text, dates in ISO form."""
    return json.dumps([_json_safe(r) for r in rows], ensure_ascii=False, sort_keys=True)
