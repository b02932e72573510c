"""Preparing the store: migrating its schema (Alembic), seeding an empty store from the data files,
and filling the tables a later migration added."""

import re
import threading
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from ..load import load_campaign, read_raw_files
from ..schema import TABLES
from . import tables as t
from .base import SEED_ACTOR, now
from .writing import Writing

ADDED_TABLES = ("record",)  # tables added after stores were first seeded (migration 0002)
_PREPARING = threading.RLock()  # Store.prepare: the dashboard, its warm-up and the API may start together


def head_revision() -> str | None:
    """The newest migration's revision id, read from the migration files (no Alembic import)."""
    revisions, parents = set(), set()
    for path in (Path(__file__).parent / "migrations" / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions |= set(re.findall(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE))
        parents |= set(
            re.findall(
                r"['\"]([^'\"]+)['\"]", "".join(re.findall(r"^down_revision\s*=\s*(.*)$", text, re.MULTILINE))
            )
        )
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None  # several heads: let Alembic decide


class Preparing(Writing):
    """How a `Store` gets its schema and its first rows."""

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (safe when several processes start)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_lock(727001)")
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                conn.commit()
            finally:
                if self.dialect == "postgresql":
                    conn.exec_driver_sql("SELECT pg_advisory_unlock(727001)")
                    conn.commit()

    def revision(self) -> str | None:
        """The Alembic revision the store is at."""
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def prepare(self, seed: bool = True, today: date | None = None) -> bool:
        """Migrate, then (when `seed`) copy the data files in if the store was never filled.

        Returns True when this call seeded the store. Raises `DataError` when the data files are
        broken: nothing is written then.
        """
        with _PREPARING:  # one at a time in a process: Alembic's context is global to the process
            if self.revision() != head_revision():  # at head already: skip Alembic (0.5 s of imports)
                self.migrate()
            if not seed:
                return False
            seeded = self.seed_from_files(today)
            if not seeded:
                self._fill_added_tables()
            return seeded

    def _fill_added_tables(self) -> None:
        """Copy in, from the data files, the rows of a table a later migration added (e.g. `record`)
        to a store seeded before it, once: a table that already holds a row is left alone."""
        with self.engine.connect() as conn:
            empty = [
                name
                for name in ADDED_TABLES
                if conn.execute(sa.select(sa.func.count()).select_from(t.DATA_TABLES[name])).scalar() == 0
            ]
        if not empty:
            return
        raw, problems = read_raw_files(self.data_dir)
        if problems:
            return  # the files are broken: the store keeps what it has; the record's defaults apply
        with self._transaction() as conn:
            stamp = now()
            for name in empty:
                if conn.execute(sa.select(sa.func.count()).select_from(t.DATA_TABLES[name])).scalar():
                    continue  # another process filled it meanwhile
                rows = [
                    self._typed_row(name, row, stamp, SEED_ACTOR)
                    for row in raw[name].astype(object).where(raw[name].notna(), None).to_dict("records")
                ]
                if rows:
                    conn.execute(sa.insert(t.DATA_TABLES[name]), rows)

    def seed_from_files(self, today: date | None = None) -> bool:
        """Fill an empty store from `data_dir` (validated first); False when already filled."""
        if self.meta("seeded") != "no":
            return False
        load_campaign(self.data_dir, today=today, check_geography=True)  # raises DataError
        raw, _problems = read_raw_files(self.data_dir, validate=False)  # validated just above
        with self._transaction() as conn:
            claimed = conn.execute(
                sa.update(t.store_meta)
                .where(t.store_meta.c.key == "seeded", t.store_meta.c.value == "no")
                .values(value="files")
            )
            if claimed.rowcount != 1:
                return False
            stamp = now()
            for table in TABLES:
                rows = [
                    self._typed_row(table.name, row, stamp, SEED_ACTOR)
                    for row in raw[table.name]
                    .astype(object)
                    .where(raw[table.name].notna(), None)
                    .to_dict("records")
                ]
                if rows:
                    conn.execute(sa.insert(t.DATA_TABLES[table.name]), rows)
            self._bump(conn, SEED_ACTOR)
        return True
