"""Writing the store: versioned edits in one all-or-nothing transaction (see hrcities/store/store.py
for the steps every write takes), and the convenience writes the editor uses."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from .. import auth
from ..errors import DataError
from ..i18n import msg
from ..load import check_raw, geo_problems
from ..schema import TABLES_BY_NAME
from . import tables as t
from .base import EDITABLE, ConflictError, Op, StoreError, now
from .reading import Reading, _in_store_terms, _record


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


def _applied_all(raw: dict[str, pd.DataFrame], ops: list[Op]) -> dict[str, pd.DataFrame]:
    """The tables as they would be after `ops`, in order: an insert adds a row at the end, an update
    sets its cells ('' or None empties one), a delete removes the row. Each table the ops touch is
    worked on as records by key and made a frame once (op by op, a 20,000-row import copied the
    whole table 20,000 times)."""
    candidate = dict(raw)
    for name in dict.fromkeys(op.table for op in ops):
        frame, key = raw[name], TABLES_BY_NAME[name].key
        rows = {row[key]: row for row in frame.to_dict("records")}
        for op in (op for op in ops if op.table == name):
            if op.kind == "insert":
                found = op.values.get(key)  # a record without its key is still a row (and refused)
                rows[found if found not in (None, "") else object()] = {
                    c: op.values.get(c) for c in frame.columns
                }
            elif op.kind == "delete":
                rows.pop(op.key, None)
            elif op.key in rows:
                row = rows[op.key] = dict(rows[op.key])
                for column, value in op.values.items():
                    row[column] = None if value in ("", None) else value
        candidate[name] = pd.DataFrame(list(rows.values()), columns=frame.columns, dtype=object)
    return candidate


def _records_by_key(frame: pd.DataFrame, table: str) -> dict:
    """`_record` of every row of `frame`, by key (read once for a batch of ops)."""
    key = TABLES_BY_NAME[table].key
    return {
        row[key]: {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")
    }


class Writing(Reading):
    """What a `Store` writes: every write holds the store's write lock, checks versions, validates the
    whole candidate data set, and bumps the data version."""

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
        candidate = _applied_all(raw, ops)
        self._validate(candidate, ops, today)
        stamp, new_versions, audit = now(), {}, []
        tables = {op.table for op in ops}
        before_rows = {name: _records_by_key(raw[name], name) for name in tables}
        after_rows = {name: _records_by_key(candidate[name], name) for name in tables}
        pending: list[Op] = []  # a run of inserts into one table, written as one statement
        for op in ops:
            if pending and (op.kind != "insert" or op.table != pending[0].table):
                self._insert_rows(conn, pending, who, stamp)
                pending = []
            key = op.key or op.values.get(TABLES_BY_NAME[op.table].key)
            before = before_rows[op.table].get(op.key) if op.key else None
            if op.kind == "insert":
                pending.append(op)
                new_versions[f"{op.table}:{key}"] = 1
            else:
                new_versions[f"{op.table}:{key}"] = self._write_op(conn, op, who, stamp)
            after = None if op.kind == "delete" else after_rows[op.table].get(key)
            changed_before = before if op.kind != "update" else {k: before.get(k) for k in op.values}
            changed_after = after if op.kind != "update" else {k: after.get(k) for k in op.values}
            audit.append(
                {
                    "at": stamp,
                    "actor": who,
                    "action": op.kind if action == "edit" else f"{action}:{op.kind}",
                    "table_name": op.table,
                    "record_key": str(key),
                    "before": changed_before,
                    "after": changed_after,
                    "row_version": new_versions[f"{op.table}:{key}"],
                    "note": op.note,
                    "import_id": import_id,
                }
            )
        if pending:
            self._insert_rows(conn, pending, who, stamp)
        if audit:  # one statement for the whole log of the batch, in the ops' order
            conn.execute(sa.insert(t.audit_log), audit)
        self._bump(conn, who)
        return new_versions

    def _versions(self, conn: sa.Connection, name: str) -> dict[str, int]:
        table, key = t.DATA_TABLES[name], TABLES_BY_NAME[name].key
        return {str(k): v for k, v in conn.execute(sa.select(table.c[key], table.c.row_version))}

    def _check_op(self, op: Op, versions: dict[str, dict[str, int]]) -> None:
        if op.table not in EDITABLE:
            raise StoreError(msg("The table '{table}' cannot be edited here.", table=op.table))
        spec = TABLES_BY_NAME[op.table]
        unknown = set(op.values) - {c.name for c in spec.columns}
        if unknown:
            raise StoreError(
                msg(
                    "Unknown column(s) for {table}: {columns}.",
                    table=op.table,
                    columns=", ".join(sorted(unknown)),
                )
            )
        if op.kind == "insert":
            key = op.values.get(spec.key)
            if key is not None and str(key) in versions[op.table]:
                raise ConflictError(
                    msg(
                        "A record with {column} '{key}' already exists in {table}: "
                        "nothing was saved. Choose another id or edit that record.",
                        column=spec.key,
                        key=key,
                        table=op.table,
                    )
                )
            versions[op.table][str(key)] = 0  # a second insert of the same key in one batch
            return
        current = versions[op.table].get(str(op.key))
        if current is None:
            raise ConflictError(
                msg(
                    "{table} '{key}' no longer exists (someone removed it): nothing was saved.",
                    table=op.table,
                    key=op.key,
                )
            )
        if op.expected_version is None or int(op.expected_version) != current:
            raise ConflictError(
                msg(
                    "{table} '{key}' was changed by someone else since you opened it (version "
                    "{read} → {current}). Nothing was saved: reload to see their change, "
                    "then make yours again.",
                    table=op.table,
                    key=op.key,
                    read=op.expected_version,
                    current=current,
                )
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

    def _insert_rows(self, conn: sa.Connection, inserts: list[Op], who: str, stamp: datetime) -> None:
        """A run of inserts into one table, as one statement."""
        name = inserts[0].table
        rows = [self._typed_row(name, op.values, stamp, who) for op in inserts]
        conn.execute(sa.insert(t.DATA_TABLES[name]), rows)

    def _write_op(self, conn: sa.Connection, op: Op, who: str, stamp: datetime) -> int:
        """An update or a delete of one record at its expected version; its new version."""
        table, spec = t.DATA_TABLES[op.table], TABLES_BY_NAME[op.table]
        kinds = {c.name: c.kind for c in spec.columns}
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
            raise ConflictError(
                msg("{table} '{key}' changed while saving: nothing was saved.", table=op.table, key=op.key)
            )
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
        had no joining date; the move and its date are kept in the audit log either way. An empty
        `when` is a date not known: nothing is written as the join date.
        """
        raw = self.raw_tables()
        territory = _record(raw, "territories", territory_id)
        if territory is None:
            raise ConflictError(
                msg("territories '{key}' no longer exists: nothing was saved.", key=territory_id)
            )
        stages = raw["stages"].set_index("id")
        values = {"stage": stage, "stage_status": status}
        if (
            stage in stages.index
            and str(stages.at[stage, "counts_as_member"]).lower() == "true"
            and not territory.get("joined")
            and when
        ):
            values.update(joined=when, joined_status=status)
        if sources:
            merged = [*(territory.get("sources") or "").split("|"), *sources]
            values["sources"] = "|".join(dict.fromkeys(s for s in merged if s))
        note = f"stage {territory.get('stage')} → {stage} on {when or 'a date not known'}"
        return self.update(grant, "territories", territory_id, expected_version, values, note, today)
