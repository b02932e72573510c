"""Writing the store: versioned edits in one all-or-nothing transaction (see hrcities/store/store.py
for the steps every write takes), and the convenience writes the editor uses."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from .. import auth
from ..errors import DataError
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
        had no joining date; the move and its date are kept in the audit log either way. An empty
        `when` is a date not known: nothing is written as the join date.
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
            and when
        ):
            values.update(joined=when, joined_status=status)
        if sources:
            merged = [*(territory.get("sources") or "").split("|"), *sources]
            values["sources"] = "|".join(dict.fromkeys(s for s in merged if s))
        note = f"stage {territory.get('stage')} → {stage} on {when or 'a date not known'}"
        return self.update(grant, "territories", territory_id, expected_version, values, note, today)
