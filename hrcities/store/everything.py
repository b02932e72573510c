"""Everything a coordinator downloads from the store: every data table and the coordinators' logs,
with an 'about' sheet saying what they are (the export page's XLSX and CSV zip)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from ..schema import TABLES
from . import imports, submissions

TITLE = "10, 100, 1000 Human Rights Cities and Territories by 2030: campaign data"


@dataclass(frozen=True)
class Everything:
    """The tables by sheet name, the 'about' sheet, and the time stamp for the file names."""

    tables: dict[str, pd.DataFrame]
    about: dict[str, str]
    stamp: str


def everything(store, c, now: datetime | None = None) -> Everything:
    """Every data table of campaign `c` with its schema columns, then the imports, the audit log and the
    submissions of `store` (lists and objects as text)."""
    now = now or datetime.now(UTC)
    tables = {spec.name: c.tables[spec.name][[col.name for col in spec.columns]] for spec in TABLES}
    tables["imports"] = imports.list_imports(store)
    log = store.audit(limit=100_000)
    tables["audit_log"] = log.assign(before=log["before"].map(str), after=log["after"].map(str))
    frames = [submissions.queue(store, status) for status in ("pending", "approved", "rejected")]
    queued = pd.concat(frames, ignore_index=True)
    tables["submissions"] = queued.assign(fields=queued["fields"].map(str))
    about = {
        "title": TITLE,
        "exported_at": now.isoformat(timespec="seconds"),
        "data_version": str(store.data_version()),
        "sources": "Each row's 'sources' column lists ids from the 'sources' sheet; statuses say whether "
        "a claim is confirmed, inferred or unverified.",
        "note": "Cells that begin with = + - @ are prefixed with an apostrophe so spreadsheets show "
        "them as text. The imports, audit_log and submissions sheets are for coordinators only "
        "(they hold contact details).",
    }
    return Everything(tables, about, now.strftime("%Y%m%d-%H%M"))
