"""Every change to the data: who, when, what, before and after."""

import streamlit as st

from components import auth as auth_ui
from components import state

_ = state.tr()
st.title(_("Activity log"))
grant = auth_ui.require_grant()
auth_ui.signed_in_caption(grant)
s = state.store()
log = s.audit(limit=500)
st.caption(_("The newest 500 changes. Data version {version}.").format(version=s.data_version()))
if log.empty:
    st.info(_("No change has been made since the store was filled from the data files."))
else:
    st.dataframe(s.audit_table(limit=500), hide_index=True, width="stretch")
