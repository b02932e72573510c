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
"""

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import event

from .. import auth
from ..errors import DataError, DataProblem
from ..load import (
    FIRST_DATA_ROW,
    Campaign,
    build_campaign,
    check_raw,
    geo_problems,
    load_campaign,
    read_raw_files,
    read_session,
)
from ..schema import TABLES, TABLES_BY_NAME
from . import tables as t

EDITABLE = ("territories", "practices", "sources", "organisations", "record")
SEED_ACTOR = "seed from data files"
ADDED_TABLES = ("record",)  # tables added after stores were first seeded (migration 0002)
_PREPARING = threading.RLock()  # Store.prepare: the dashboard, its warm-up and the API may start together


class StoreError(Exception):
    """The store cannot do what was asked; `message` says why in a coordinator's words."""

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


def _make_engine(url: str) -> sa.Engine:
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


def _to_text(value: object, kind: str) -> str | None:
    """A database value as the text a data file would hold."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float":
        text = repr(float(value))
        return format(float(value), "f") if "e" in text else text
    return str(value)


def _from_text(value: object, kind: str) -> object:
    """Validated text as the database column's type."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    text = str(value)
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text.lower() == "true"
    return text


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


def _json_safe(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime | date) else v) for k, v in row.items()}


class Store:
    """One campaign store at `url`; `data_dir` gives the seed files and the forum session."""

    def __init__(self, url: str, data_dir: Path):
        self.url = url
        self.data_dir = Path(data_dir)
        self.engine = _make_engine(url)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- schema and seed ------------------------------------------------------------------------

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

    def meta(self, key: str) -> str | None:
        """A value of the store's own settings table."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.store_meta.c.value).where(t.store_meta.c.key == key)).scalar()

    def is_empty(self) -> bool:
        """True when no data table holds a row (a store a backup may be restored into)."""
        with self.engine.connect() as conn:
            return all(
                conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
                for table in (*t.DATA_TABLES.values(), t.imports, t.submissions, t.audit_log)
            )

    # -- reading --------------------------------------------------------------------------------

    def data_version(self) -> int:
        """The store's change counter: one cheap query, polled on every rerun."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(sa.select(t.data_version.c.version).where(t.data_version.c.id == 1)).scalar_one()
            )

    def stamp(self) -> tuple[int, datetime | None]:
        """The store's data version and when it last changed (UTC): one cheap query, polled on every rerun."""
        with self.engine.connect() as conn:
            version, changed_at = conn.execute(
                sa.select(t.data_version.c.version, t.data_version.c.changed_at).where(t.data_version.c.id == 1)
            ).one()
        if changed_at is not None and changed_at.tzinfo is None:
            changed_at = changed_at.replace(tzinfo=UTC)
        return int(version), changed_at

    def _read(self, conn: sa.Connection, name: str, bookkeeping: bool = False) -> pd.DataFrame:
        table, spec = t.DATA_TABLES[name], TABLES_BY_NAME[name]
        columns = [c.name for c in spec.columns]
        extra = ["row_version", "updated_at", "updated_by"] if bookkeeping else []
        rows = conn.execute(sa.select(*(table.c[c] for c in columns + extra)).order_by(table.c.row_id)).all()
        frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=columns + extra, dtype=object)
        for col in spec.columns:
            frame[col.name] = frame[col.name].map(lambda v, k=col.kind: _to_text(v, k)).astype(object)
        return frame.astype({c: "str" for c in columns})  # like read_csv(dtype=str): empty is NaN

    def raw_tables(self, conn: sa.Connection | None = None) -> dict[str, pd.DataFrame]:
        """Every data table as text frames, like `pd.read_csv(dtype=str)` of the data files."""
        if conn is None:
            with self.engine.connect() as own:
                return self.raw_tables(own)
        return {spec.name: self._read(conn, spec.name) for spec in TABLES}

    def records(self, name: str) -> pd.DataFrame:
        """One data table as text, with `row_version`, `updated_at` and `updated_by` (for editing)."""
        with self.engine.connect() as conn:
            return self._read(conn, name, bookkeeping=True)

    def load(self, today: date | None = None, check_geography: bool = True) -> Campaign:
        """The campaign as the dashboard shows it, validated like the data files."""
        today = today or date.today()
        with self.engine.connect() as conn:
            version, changed_at, changed_by = conn.execute(
                sa.select(t.data_version.c.version, t.data_version.c.changed_at, t.data_version.c.changed_by)
            ).one()
            version = int(version)
            raw = self.raw_tables(conn)
        last_change = changed_at.date() if changed_at is not None and changed_by != SEED_ACTOR else None
        problems = _in_store_terms(check_raw(raw, today), raw)
        session, session_problems = read_session(self.data_dir, set(raw["territories"]["id"].dropna()))
        problems += session_problems
        if problems:
            raise DataError(problems)
        try:
            return build_campaign(
                raw, session, f"store-{version}", self.data_dir, check_geography, last_change
            )
        except DataError as error:
            raise DataError(_in_store_terms(error.problems, raw)) from None

    # -- writing --------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sa.Connection]:
        """One write transaction holding the store's write lock."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(write_lock=True)
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(
                        sa.select(t.data_version.c.version).where(t.data_version.c.id == 1).with_for_update()
                    )
                yield conn

    def _bump(self, conn: sa.Connection, actor: str) -> None:
        conn.execute(
            sa.update(t.data_version)
            .where(t.data_version.c.id == 1)
            .values(version=t.data_version.c.version + 1, changed_at=now(), changed_by=actor)
        )

    def _typed_row(self, name: str, values: dict, stamp: datetime, actor: str) -> dict:
        spec = TABLES_BY_NAME[name]
        row = {c.name: _from_text(values.get(c.name), c.kind) for c in spec.columns}
        return {**row, "updated_at": stamp, "updated_by": actor}

    def apply(
        self,
        grant: object,
        ops: list[Op],
        action: str,
        today: date | None = None,
        import_id_holder: dict | None = None,
        also: Callable[[sa.Connection, str], None] | None = None,
    ) -> dict[str, int]:
        """Apply `ops` in one all-or-nothing transaction; returns the new version of each record.

        `also(conn, who)` runs inside the same transaction (e.g. to mark a submission approved).
        """
        who = auth.verify(grant).name
        with self._transaction() as conn:
            import_id = self._start_import(conn, import_id_holder, who) if import_id_holder else None
            versions = self._apply_ops(conn, ops, who, action, today or date.today(), import_id)
            if also is not None:
                also(conn, who)
            return versions

    def _apply_ops(
        self, conn: sa.Connection, ops: list[Op], who: str, action: str, today: date, import_id: int | None
    ) -> dict[str, int]:
        versions = {name: self._versions(conn, name) for name in {op.table for op in ops}}
        for op in ops:  # cheap checks first: a stale version is refused before any data is read
            self._check_op(op, versions)
        raw = self.raw_tables(conn)
        candidate = {name: frame.copy() for name, frame in raw.items()}
        for op in ops:
            candidate[op.table] = _applied(candidate[op.table], op)
        self._validate(candidate, ops, today)
        stamp, new_versions = now(), {}
        for op in ops:
            before = _record(raw, op.table, op.key) if op.key else None
            new_versions[f"{op.table}:{op.key or op.values.get(TABLES_BY_NAME[op.table].key)}"] = (
                self._write_op(conn, op, who, stamp)
            )
            key = op.key or op.values.get(TABLES_BY_NAME[op.table].key)
            after = None if op.kind == "delete" else _record(candidate, op.table, key)
            changed_before = before if op.kind != "update" else {k: before.get(k) for k in op.values}
            changed_after = after if op.kind != "update" else {k: after.get(k) for k in op.values}
            conn.execute(
                sa.insert(t.audit_log).values(
                    at=stamp,
                    actor=who,
                    action=op.kind if action == "edit" else f"{action}:{op.kind}",
                    table_name=op.table,
                    record_key=str(key),
                    before=changed_before,
                    after=changed_after,
                    row_version=new_versions[f"{op.table}:{key}"],
                    note=op.note,
                    import_id=import_id,
                )
            )
        self._bump(conn, who)
        return new_versions

    def _versions(self, conn: sa.Connection, name: str) -> dict[str, int]:
        table, key = t.DATA_TABLES[name], TABLES_BY_NAME[name].key
        return {str(k): v for k, v in conn.execute(sa.select(table.c[key], table.c.row_version))}

    def _check_op(self, op: Op, versions: dict[str, dict[str, int]]) -> None:
        if op.table not in EDITABLE:
            raise StoreError(f"The table '{op.table}' cannot be edited here.")
        spec = TABLES_BY_NAME[op.table]
        unknown = set(op.values) - {c.name for c in spec.columns}
        if unknown:
            raise StoreError(f"Unknown column(s) for {op.table}: {', '.join(sorted(unknown))}.")
        if op.kind == "insert":
            key = op.values.get(spec.key)
            if key is not None and str(key) in versions[op.table]:
                raise ConflictError(
                    f"A record with {spec.key} '{key}' already exists in {op.table}: "
                    "nothing was saved. Choose another id or edit that record."
                )
            versions[op.table][str(key)] = 0  # a second insert of the same key in one batch
            return
        current = versions[op.table].get(str(op.key))
        if current is None:
            raise ConflictError(
                f"{op.table} '{op.key}' no longer exists (someone removed it): nothing was saved."
            )
        if op.expected_version is None or int(op.expected_version) != current:
            raise ConflictError(
                f"{op.table} '{op.key}' was changed by someone else since you opened it (version "
                f"{op.expected_version} → {current}). Nothing was saved: reload to see their change, "
                "then make yours again."
            )

    def _validate(self, candidate: dict[str, pd.DataFrame], ops: list[Op], today: date) -> None:
        changed = {op.table for op in ops}
        problems = _in_store_terms(check_raw(candidate, today, changed), candidate)
        touched = {
            op.key or op.values.get("id") for op in ops if op.table == "territories" and op.kind != "delete"
        }
        if not problems and touched:
            territories = candidate["territories"]
            subset = territories[territories["id"].isin(touched)]
            found, _report = geo_problems(subset)
            problems += _in_store_terms(found, candidate)
        if problems:
            raise DataError(problems)

    def _write_op(self, conn: sa.Connection, op: Op, who: str, stamp: datetime) -> int:
        table, spec = t.DATA_TABLES[op.table], TABLES_BY_NAME[op.table]
        kinds = {c.name: c.kind for c in spec.columns}
        if op.kind == "insert":
            conn.execute(sa.insert(table).values(self._typed_row(op.table, op.values, stamp, who)))
            return 1
        where = (table.c[spec.key] == op.key, table.c.row_version == op.expected_version)
        if op.kind == "delete":
            done = conn.execute(sa.delete(table).where(*where))
        else:
            values = {k: _from_text(v, kinds[k]) for k, v in op.values.items()}
            done = conn.execute(
                sa.update(table)
                .where(*where)
                .values(**values, row_version=table.c.row_version + 1, updated_at=stamp, updated_by=who)
            )
        if done.rowcount != 1:  # belt and braces: the lock makes this unreachable
            raise ConflictError(f"{op.table} '{op.key}' changed while saving: nothing was saved.")
        return 0 if op.kind == "delete" else int(op.expected_version) + 1

    def _start_import(self, conn: sa.Connection, holder: dict, who: str) -> int:
        values = {**holder, "at": now(), "actor": who, "status": "applied"}
        new_id = conn.execute(sa.insert(t.imports).values(**values)).inserted_primary_key[0]
        holder["id"] = new_id
        return new_id

    # -- convenience writes ---------------------------------------------------------------------

    def insert(
        self, grant: object, table: str, values: dict, note: str | None = None, today: date | None = None
    ) -> int:
        """Add one record (values as text, like a data file's cells)."""
        self.apply(grant, [Op("insert", table, values=values, note=note)], "edit", today)
        return 1

    def update(
        self,
        grant: object,
        table: str,
        key: str,
        expected_version: int,
        values: dict,
        note: str | None = None,
        today: date | None = None,
    ) -> int:
        """Change some cells of one record read at `expected_version`; returns its new version."""
        result = self.apply(grant, [Op("update", table, key, values, expected_version, note)], "edit", today)
        return result[f"{table}:{key}"]

    def move_stage(
        self,
        grant: object,
        territory_id: str,
        expected_version: int,
        stage: str,
        when: str,
        status: str,
        sources: list[str] | None = None,
        today: date | None = None,
    ) -> int:
        """Move a territory along the stage ladder on date `when` (YYYY, YYYY-MM or YYYY-MM-DD).

        Moving into a stage that counts as membership sets `joined` to `when` when the territory
        had no joining date; the move and its date are kept in the audit log either way.
        """
        raw = self.raw_tables()
        territory = _record(raw, "territories", territory_id)
        if territory is None:
            raise ConflictError(f"territories '{territory_id}' no longer exists: nothing was saved.")
        stages = raw["stages"].set_index("id")
        values = {"stage": stage, "stage_status": status}
        if (
            stage in stages.index
            and str(stages.at[stage, "counts_as_member"]).lower() == "true"
            and not territory.get("joined")
        ):
            values.update(joined=when, joined_status=status)
        if sources:
            merged = [*(territory.get("sources") or "").split("|"), *sources]
            values["sources"] = "|".join(dict.fromkeys(s for s in merged if s))
        note = f"stage {territory.get('stage')} → {stage} on {when}"
        return self.update(grant, "territories", territory_id, expected_version, values, note, today)

    # -- history --------------------------------------------------------------------------------

    def audit(self, limit: int = 200) -> pd.DataFrame:
        """The newest audit entries first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.audit_log).order_by(t.audit_log.c.id.desc()).limit(limit))
            return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(t.audit_log.c.keys()))

    def history(self, table: str, key: str) -> pd.DataFrame:
        """Every audit entry of one record, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.audit_log)
                .where(t.audit_log.c.table_name == table, t.audit_log.c.record_key == key)
                .order_by(t.audit_log.c.id)
            )
            return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(t.audit_log.c.keys()))

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


def _applied(frame: pd.DataFrame, op: Op) -> pd.DataFrame:
    key = TABLES_BY_NAME[op.table].key
    if op.kind == "insert":
        row = {c: op.values.get(c) for c in frame.columns}
        return pd.concat([frame, pd.DataFrame([row], columns=frame.columns, dtype=object)], ignore_index=True)
    mask = frame[key] == op.key
    if op.kind == "delete":
        return frame[~mask].reset_index(drop=True)
    frame = frame.copy()
    for column, value in op.values.items():
        frame.loc[mask, column] = None if value in ("", None) else value
    return frame


def _record(raw: dict[str, pd.DataFrame], table: str, key: str | None) -> dict | None:
    frame = raw[table]
    match = frame[frame[TABLES_BY_NAME[table].key] == key]
    if match.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in match.iloc[0].to_dict().items()}


def _in_store_terms(problems: list[DataProblem], raw: dict[str, pd.DataFrame]) -> list[DataProblem]:
    """Problems that point at file rows, pointed at store records (table name and key) instead."""
    by_file = {spec.file: spec for spec in TABLES}
    result = []
    for p in problems:
        spec = by_file.get(p.file)
        if spec is None or p.row is None or spec.name not in raw:
            result.append(p if spec is None else DataProblem(spec.name, p.rule, p.row, p.column, p.value))
            continue
        index = p.row - FIRST_DATA_ROW
        frame = raw[spec.name]
        key = frame.iloc[index][spec.key] if 0 <= index < len(frame) else None
        result.append(
            DataProblem(spec.name, p.rule, None, p.column, p.value, record=None if key is None else str(key))
        )
    return result


def json_rows(rows: list[dict]) -> str:
    """Rows as JSON text, dates in ISO form."""
    return json.dumps([_json_safe(r) for r in rows], ensure_ascii=False, sort_keys=True)
