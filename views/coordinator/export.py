"""Download the whole store (XLSX, CSV), make a backup, restore one into an empty store."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from components import auth as auth_ui
from components import state
from components.record_form import report_failure
from hrcities import exports
from hrcities.errors import DataError
from hrcities.schema import TABLES
from hrcities.store import StoreError, archive
from hrcities.store import imports as store_imports
from hrcities.store import submissions as subs

_ = state.tr()
st.title(_("Export and backup"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
s = state.store()
c = state.campaign()


def store_tables() -> dict[str, pd.DataFrame]:
    """Every data table with its schema columns (typed), then the coordinators' own logs."""
    tables = {spec.name: c.tables[spec.name][[col.name for col in spec.columns]] for spec in TABLES}
    tables["imports"] = store_imports.list_imports(s)
    log = s.audit(limit=100_000)
    tables["audit_log"] = log.assign(before=log["before"].map(str), after=log["after"].map(str))
    frames = [subs.queue(s, status) for status in ("pending", "approved", "rejected")]
    submissions = pd.concat(frames, ignore_index=True)
    tables["submissions"] = submissions.assign(fields=submissions["fields"].map(str))
    return tables


stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
about = {
    "title": "10, 100, 1000 Human Rights Cities and Territories by 2030: campaign data",
    "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    "data_version": str(s.data_version()),
    "sources": "Each row's 'sources' column lists ids from the 'sources' sheet; statuses say whether "
    "a claim is confirmed, inferred or unverified.",
    "note": "Cells that begin with = + - @ are prefixed with an apostrophe so spreadsheets show "
    "them as text. The imports, audit_log and submissions sheets are for coordinators only "
    "(they hold contact details).",
}
st.subheader(_("Download everything"))
tables = store_tables()
cols = st.columns(3)
cols[0].download_button(
    _("Spreadsheet (XLSX)"),
    exports.to_xlsx(tables, about),
    file_name=f"hrcities-{stamp}.xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
cols[1].download_button(
    _("CSV files (zip)"),
    exports.to_csv_zip(tables, about),
    file_name=f"hrcities-csv-{stamp}.zip",
    mime="application/zip",
    on_click="ignore",
)
cols[2].download_button(
    _("Backup (zip)"),
    archive.backup(s),
    file_name=f"hrcities-backup-{stamp}.zip",
    mime="application/zip",
    on_click="ignore",
)
st.caption(
    _("The backup holds every table and log exactly, with checksums; it restores only into an empty store.")
)

st.subheader(_("Restore a backup"))
if not s.is_empty():
    st.info(
        _(
            "This store already holds data, so a backup cannot be restored into it. To restore, "
            "point the dashboard at a new, empty database and run: python -m hrcities.store "
            "restore BACKUP.zip (see the README)."
        )
    )
else:
    upload = st.file_uploader(_("Backup file"), type=["zip"])
    if upload is not None and st.button(_("Restore"), type="primary"):
        try:
            archive.restore(s, upload.getvalue(), grant)
            st.success(_("Restored."))
        except (DataError, StoreError, PermissionError) as error:
            report_failure(error)
