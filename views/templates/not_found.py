"""The friendly page for an address the dashboard does not have."""

import streamlit as st

from components import nav, state
from components.text import md_escape


def render(requested: str) -> None:
    """Say the page does not exist and link to every page that does."""
    _ = state.tr()
    st.title(_("Page not found"))
    st.warning(
        _(
            "There is no page at '{path}'. It may be a city without documented practices "
            "or a mistyped address."
        ).format(path=md_escape(requested[:80]))
    )
    st.markdown("**" + _("Campaign pages") + "**")
    for row in nav.FIXED_PAGES:
        st.page_link(row.path, label=_(row.title), icon=row.icon)
    c = state.shown_campaign()
    cities = nav.cities_like(c, requested)
    if cities:
        st.markdown("**" + _("Practice cities") + "**")
    for territory_id, name in cities.items():
        nav.city_link(st, territory_id, c, label=md_escape(name))
