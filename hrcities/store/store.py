"""The campaign store: the data tables in SQLite (embedded default) or PostgreSQL (shared).

Reads give the same raw text frames the data files give, so one validation (`load.check_raw`)
guards files, edits, imports and restores alike. Every write:

1. checks the coordinator's grant (`auth.verify`) before anything else;
2. opens one transaction and takes the store's write lock (SQLite `BEGIN IMMEDIATE`; PostgreSQL
   `SELECT ... FOR UPDATE` on the data-version row), so writers in every process queue;
3. checks each update's `row_version` against the version the coordinator read (a stale version
   raises `ConflictError`: nothing is overwritten);
4. validates the whole candidate data set (shape, references, dates, geography of touched rows) and
   raises `DataError` before any row is written;
5. writes the rows, an audit entry per record, and bumps `data_version`, which every app process
   polls (one tiny query per rerun) to know its cache is stale.

`Store` is composed in layers, one module each: `reading.Reading` (text frames, the campaign, the
data version, the audit log), `writing.Writing` (versioned edits), `preparing.Preparing` (migrate
and seed); this module adds the connection and the sign-in attempts. `base` holds what they share.
"""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from .. import auth
from . import tables as t
from .base import EDITABLE, SEED_ACTOR, ConflictError, Op, StoreError, json_rows, make_engine, now
from .preparing import ADDED_TABLES, Preparing, head_revision
from .reading import _in_store_terms, _to_text

__all__ = [  # what the store's other modules (archive, imports, submissions) and its tests import from here
    "ADDED_TABLES",
    "EDITABLE",
    "SEED_ACTOR",
    "ConflictError",
    "Op",
    "Store",
    "StoreError",
    "_in_store_terms",
    "_to_text",
    "head_revision",
    "json_rows",
    "now",
]


class Store(Preparing):
    """One campaign store at `url`; `data_dir` gives the seed files and the forum session."""

    def __init__(self, url: str, data_dir: Path):
        self.url = url
        self.data_dir = Path(data_dir)
        self.engine = make_engine(url)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- sign-in attempts -----------------------------------------------------------------------

    def record_sign_in(self, client: str, ok: bool) -> None:
        """Remember one sign-in attempt (shared by every app process, for the rate limit)."""
        with self.engine.begin() as conn:
            conn.execute(sa.insert(t.login_attempts).values(client=client[:200], at=now(), ok=ok))

    def recent_failures(self, client: str) -> list[datetime]:
        """Times of this client's failed sign-ins within the rate-limit window."""
        since = now() - auth.FAILURE_WINDOW
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.login_attempts.c.at).where(
                    t.login_attempts.c.client == client[:200],
                    t.login_attempts.c.ok.is_(False),
                    t.login_attempts.c.at >= since,
                )
            ).scalars()
            return [r if r.tzinfo else r.replace(tzinfo=UTC) for r in rows]
