"""The coordinators' door: sign in, then links to every coordinator page."""

import streamlit as st

from components import auth as auth_ui
from components import nav, state

_ = state.tr()
st.title(_("Coordinators"))
st.markdown(
    _(
        "Campaign coordinators keep the dashboard current: they add pledges and members, "
        "import the campaign tracker, review what cities propose, and export or back up the "
        "data. Viewing the dashboard needs no account."
    )
)
grant = auth_ui.current_grant()
if grant is None:
    auth_ui.sign_in_panel()
else:
    auth_ui.signed_in_caption(grant)
    auth_ui.first_run_note(grant)
    for row in nav.COORDINATOR_PAGES:
        st.page_link(row.path, label=_(row.title), icon=row.icon)
