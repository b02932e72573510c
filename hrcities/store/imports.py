"""Apply a planned tracker import in one transaction, list past imports, and undo one.

The plan itself (reading the file, mapping columns, the diff) is `hrcities.tracker`; this module
only writes. Every record an import adds or changes gets an audit entry carrying the import's id
and the record's version after the import, which is what undo checks: a record edited since the
import makes undo refuse, naming it, rather than overwrite the later edit.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd
import sqlalchemy as sa

from .. import auth, tracker
from ..i18n import msg
from . import tables as t
from .store import ConflictError, Op, Store, StoreError, now


@dataclass(frozen=True)
class ImportBatch:
    """What to write: new source rows, new territories, and changes read at known versions."""

    filename: str
    sha256: str
    rows_read: int
    unchanged: int
    skipped: int
    source: dict  # the source row that names this import as provenance
    new_sources: list[dict]
    added: list[dict]  # full territory rows, as text
    changed: list[tuple[str, dict, int]]  # (territory id, changed cells, version read)


@dataclass(frozen=True)
class Prepared:
    """A tracker plan made against the store, with the versions its diff was read at."""

    plan: tracker.ImportPlan
    sha256: str
    source_id: str
    versions: dict[str, int]  # territory id -> row version the 'before' values came from
    data_version: int  # the store's data version when the plan was made


def plan_upload(
    store: Store,
    upload: tracker.Upload,
    mapping: dict[str, str | None],
    today: date,
    progress: Callable[[float], None] | None = None,
    default_stage: str | None = None,
    country_fixes: dict[str, str] | None = None,
) -> Prepared:
    """Plan importing `upload` into the store as it is now (reads only; writes nothing).

    `default_stage` is the stage of every row when the mapping has no stage column
    and `country_fixes` the countries the coordinator named for values we could not read
    (`tracker.plan_import`)."""
    data_version = store.data_version()
    records = store.records("territories").set_index("id")
    current = store.raw_tables()
    source_id = _new_source_id(f"tracker-{today:%Y%m%d}-{upload.sha256[:8]}", current["sources"])
    plan = tracker.plan_import(
        upload,
        mapping,
        current,
        today,
        source_id,
        progress=progress,
        default_stage=default_stage,
        country_fixes=country_fixes,
    )
    versions = {change.id: int(records.at[change.id, "row_version"]) for change in plan.changed}
    return Prepared(plan, upload.sha256, source_id, versions, data_version)


def _new_source_id(base: str, sources: pd.DataFrame) -> str:
    """`base`, or `base-2`, `base-3`...: the same file imported again the same day (say, to apply
    the moves down it held back) is a new source, not a clash with the first import's."""
    taken = set(sources["id"])
    return next(c for c in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3))) if c not in taken)


def batch_from(prepared: Prepared, actor: str, today: date, ticked: bool = False) -> ImportBatch:
    """The rows to write for a prepared plan: rows with problems are left out, and so are the held
    columns of its changes (stage moves down the ladder) unless the coordinator `ticked` them."""
    plan = prepared.plan
    changes = plan.changes_to_apply(ticked)
    source = next((row for row in plan.new_sources if row["id"] == prepared.source_id), None) or {
        "id": prepared.source_id,
        "title": f"Campaign tracker upload: {plan.filename}"[:200],
    }
    source = {
        **source,
        "publisher": f"UCLG-CSIPDHR campaign coordinators (uploaded by {actor})"[:200],
        "published": today.isoformat(),
    }
    others = [row for row in plan.new_sources if row["id"] != prepared.source_id]
    skipped = len({p.row for p in plan.problems if p.row is not None})
    return ImportBatch(
        filename=plan.filename,
        sha256=prepared.sha256,
        rows_read=plan.rows_read,
        unchanged=len(plan.unchanged) + len(plan.changed) - len(changes),
        skipped=skipped,
        source=source,
        new_sources=others,
        added=plan.added,
        changed=[(ch.id, ch.after, prepared.versions[ch.id]) for ch in changes],
    )


def apply_import(store: Store, grant: object, batch: ImportBatch, today: date | None = None) -> int:
    """Write the batch all-or-nothing; returns the import's id."""
    ops = [Op("insert", "sources", values=batch.source, note=f"import of {batch.filename}")]
    ops += [
        Op("insert", "sources", values=row, note="source named in the import") for row in batch.new_sources
    ]
    ops += [Op("insert", "territories", values=row, note="added by import") for row in batch.added]
    ops += [
        Op("update", "territories", key, cells, version, note="changed by import")
        for key, cells, version in batch.changed
    ]
    holder = {
        "filename": batch.filename[:300],
        "sha256": batch.sha256,
        "rows_read": batch.rows_read,
        "added": len(batch.added),
        "changed": len(batch.changed),
        "unchanged": batch.unchanged,
        "skipped": batch.skipped,
        "source_id": batch.source["id"],
    }
    store.apply(grant, ops, "import", today, import_id_holder=holder)
    return int(holder["id"])


def list_imports(store: Store) -> pd.DataFrame:
    """Every import, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.imports).order_by(t.imports.c.id.desc()))
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(t.imports.c.keys()))


def undo_import(store: Store, grant: object, import_id: int, today: date | None = None) -> None:
    """Remove what an import added and put back what it changed, in one transaction.

    Refuses (ConflictError) when any of those records was edited after the import.
    """
    auth.verify(grant)
    with store.engine.connect() as conn:
        record = conn.execute(sa.select(t.imports).where(t.imports.c.id == import_id)).first()
        entries = conn.execute(
            sa.select(t.audit_log)
            .where(t.audit_log.c.import_id == import_id)
            .order_by(t.audit_log.c.id.desc())
        ).all()
    if record is None:
        raise StoreError(msg("There is no import number {number}.", number=import_id))
    if record.status != "applied":
        raise StoreError(msg("Import {number} was already undone.", number=import_id))
    ops = []
    for entry in entries:
        kind = entry.action.split(":")[-1]
        if kind == "insert":
            ops.append(
                Op(
                    "delete",
                    entry.table_name,
                    entry.record_key,
                    {},
                    entry.row_version,
                    note=f"undo of import {import_id}",
                )
            )
        elif kind == "update":
            ops.append(
                Op(
                    "update",
                    entry.table_name,
                    entry.record_key,
                    dict(entry.before or {}),
                    entry.row_version,
                    note=f"undo of import {import_id}",
                )
            )
    # Territories go before the sources they cite.
    ops.sort(key=lambda op: 0 if op.table == "territories" else 1)

    def mark_undone(conn: sa.Connection, who: str) -> None:
        done = conn.execute(
            sa.update(t.imports)
            .where(t.imports.c.id == import_id, t.imports.c.status == "applied")
            .values(status="undone", undone_at=now(), undone_by=who)
        )
        if done.rowcount != 1:
            raise ConflictError(msg("Import {number} was undone by someone else just now.", number=import_id))

    try:
        store.apply(grant, ops, "undo", today, also=mark_undone)
    except ConflictError as error:
        raise ConflictError(
            msg("Import {number} cannot be undone: {reason}", number=import_id, reason=error.message)
        ) from None
