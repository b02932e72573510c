"""Every change to the data: who, when, what, before and after; by record, by import, by person."""

import streamlit as st

from components import auth as auth_ui
from components import state
from hrcities.store import imports as store_imports
from hrcities.viewmodels.activity import activity_view, record_names

LIMIT = 500
_ = state.tr()
st.title(_("Activity log"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
s = state.store()
view = activity_view(
    record_names(state.campaign().tables),
    s.audit_records(),
    store_imports.list_imports(s),
    s.audit_actors(),
    state.language(),
)
asked = st.query_params.get("import", "")  # the link an applied import shows: ?import=N
asked_import = int(asked) if asked.isdigit() else None
cols = st.columns(3)
record = cols[0].selectbox(
    _("Record"),
    list(view.records),
    index=None,
    placeholder=_("Every record"),
    format_func=view.records.get,
    key="activity_record",
)
imports = list(view.imports)
chosen_import = cols[1].selectbox(
    _("Import"),
    imports,
    index=imports.index(asked_import) if asked_import in imports else None,
    placeholder=_("Every import and edit"),
    format_func=view.imports.get,
    key="activity_import",
)
actor = cols[2].selectbox(
    _("Who"), list(view.actors), index=None, placeholder=_("Everyone"), key="activity_actor"
)
table, key = record.split(":", 1) if record else (None, None)
log = s.audit(limit=LIMIT, table=table, key=key, import_id=chosen_import, actor=actor)
st.caption(
    _("The newest {limit} changes that match. Data version {version}.").format(
        limit=LIMIT, version=s.data_version()
    )
)
if log.empty and (record or chosen_import or actor):
    st.info(_("No change matches these filters."))
elif log.empty:
    st.info(_("No change has been made since the store was filled from the data files."))
else:
    st.dataframe(view.table(log), hide_index=True, width="stretch")
