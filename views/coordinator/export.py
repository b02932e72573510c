"""Download the whole store (XLSX, CSV), make a backup, restore one into an empty store."""

import streamlit as st

from components import auth as auth_ui
from components import state
from components.record_form import report_failure
from hrcities import exports
from hrcities.errors import DataError
from hrcities.store import StoreError, archive
from hrcities.store.everything import everything

_ = state.tr()
st.title(_("Export and backup"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
s = state.store()
c = state.campaign()


export = everything(s, c)
st.subheader(_("Download everything"))
cols = st.columns(3)
cols[0].download_button(
    _("Spreadsheet (XLSX)"),
    exports.to_xlsx(export.tables, export.about),
    file_name=f"hrcities-{export.stamp}.xlsx",
    on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
cols[1].download_button(
    _("CSV files (zip)"),
    exports.to_csv_zip(export.tables, export.about),
    file_name=f"hrcities-csv-{export.stamp}.zip",
    mime="application/zip",
    on_click="ignore",
)
cols[2].download_button(
    _("Backup (zip)"),
    archive.backup(s),
    file_name=f"hrcities-backup-{export.stamp}.zip",
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
