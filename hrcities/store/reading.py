"""Reading the store: the data tables as the same raw text frames the data files give (so one
validation, `load.check_raw`, guards files, edits, imports and restores alike), the validated
campaign, the data version other processes poll, and the audit log."""

from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from ..errors import DataError, DataProblem
from ..load import FIRST_DATA_ROW, Campaign, build_campaign, check_raw, read_session
from ..schema import TABLES, TABLES_BY_NAME
from . import tables as t
from .base import SEED_ACTOR

# the column that names a record of each table in the editor's picker
RECORD_LABELS = {
    "territories": "name",
    "practices": "title",
    "sources": "title",
    "organisations": "name",
    "record": "data_as_of",
}


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


def _record(raw: dict[str, pd.DataFrame], table: str, key: str | None) -> dict | None:
    """The row of `table` whose key is `key`, as a dict with None for empty cells (None if none)."""
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


class Reading:
    """What a `Store` (hrcities/store/store.py) reads; every read opens its own connection unless
    given one."""

    url: str
    data_dir: Path
    engine: sa.Engine

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

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

    def data_version(self) -> int:
        """The store's change counter: one cheap query, polled on every rerun."""
        return self.stamp()[0]

    def stamp(self) -> tuple[int, datetime | None]:
        """The store's data version and when it last changed (UTC): one cheap query, polled on every rerun."""
        with self.engine.connect() as conn:
            version, changed_at = conn.execute(
                sa.select(t.data_version.c.version, t.data_version.c.changed_at).where(
                    t.data_version.c.id == 1
                )
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

    def editable(self, name: str) -> tuple[pd.DataFrame, dict[str, str]]:
        """Table `name`'s records (as `records`) indexed by their key, and each one's label for a
        picker: its name or title, then its key ('Barcelona (barcelona)')."""
        records = self.records(name).set_index(TABLES_BY_NAME[name].key, drop=False)
        column = RECORD_LABELS.get(name, TABLES_BY_NAME[name].key)
        labels = {key: f"{records.at[key, column]} ({key})" for key in records.index}
        return records, labels

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

    def audit(
        self,
        limit: int = 200,
        table: str | None = None,
        key: str | None = None,
        import_id: int | None = None,
        actor: str | None = None,
    ) -> pd.DataFrame:
        """The newest audit entries first; only those of one record (`table` and `key`), one import
        or one actor when given."""
        log = t.audit_log
        query = sa.select(log).order_by(log.c.id.desc()).limit(limit)
        for column, value in (
            ("table_name", table),
            ("record_key", key),
            ("import_id", import_id),
            ("actor", actor),
        ):
            if value is not None:
                query = query.where(log.c[column] == value)
        with self.engine.connect() as conn:
            rows = conn.execute(query)
            return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(log.c.keys()))

    def audit_actors(self) -> list[str]:
        """Everyone who has changed the data, by name."""
        with self.engine.connect() as conn:
            return sorted(conn.execute(sa.select(t.audit_log.c.actor).distinct()).scalars())

    def audit_records(self) -> list[tuple[str, str]]:
        """Every (table, record key) the log has an entry for."""
        log = t.audit_log
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(log.c.table_name, log.c.record_key).distinct())
            return sorted((str(a), str(b)) for a, b in rows)

    def row_version(self, name: str, key: str) -> int:
        """The version of one record of data table `name` (an edit must not overwrite a newer one)."""
        records = self.records(name)
        return int(records.loc[records[TABLES_BY_NAME[name].key] == key, "row_version"].iloc[0])

    def audit_table(self, limit: int = 200) -> pd.DataFrame:
        """`audit` as the activity log shows it: who, when, what, and before / after as text."""
        log = self.audit(limit)
        shown = log.assign(before=log["before"].map(str), after=log["after"].map(str))
        return shown[
            ["at", "actor", "action", "table_name", "record_key", "note", "before", "after", "import_id"]
        ]

    def history(self, table: str, key: str) -> pd.DataFrame:
        """Every audit entry of one record, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.audit_log)
                .where(t.audit_log.c.table_name == table, t.audit_log.c.record_key == key)
                .order_by(t.audit_log.c.id)
            )
            return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(t.audit_log.c.keys()))
