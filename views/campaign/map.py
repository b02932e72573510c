"""Map explorer: territories as points or members per country, a city search, profiles."""

import streamlit as st

from components import charts, picker, sidebar, state
from components.profile import show_profile
from hrcities.viewmodels.map import COLOUR_BY, VIEWS, map_view, picked_territory

_ = state.tr()
selection = sidebar.current_filters()
view = map_view(state.shown_campaign(), selection, state.language())

st.title(_("Map explorer"))
sidebar.filter_note(selection)


def pick_from_map() -> None:
    """A clicked point becomes the search box's choice, so the profile and the URL follow it."""
    picked = picked_territory(st.session_state.get("map_points"), view.names)
    if picked is not None:
        st.session_state["map_search"] = picked


controls = st.columns([2, 2, 3])
shown = controls[0].radio(_("View"), VIEWS, horizontal=True, key="map_view", format_func=view.view_label)
colour_by = controls[1].radio(
    _("Colour by"),
    COLOUR_BY,
    horizontal=True,
    key="map_colour",
    disabled=shown == "countries",
    format_func=view.colour_label,
)
found = picker.pick_one(
    controls[2], _("Find a city or territory"), view.names, key="map_search", placeholder=_("Type a name…")
)

if shown == "points":
    charts.show(
        view.points_figure(colour_by, found),
        key="map_points",
        on_select=pick_from_map,
        selection_mode="points",
        summary=view.points_summary(found),
    )
    if view.unmapped:
        st.caption(view.unmapped)
else:
    charts.show(view.countries_figure(), key="map_countries", summary=view.countries_summary)

if found is not None and found in view.names.index:
    show_profile(view.c, found)
else:
    st.info(_("Pick a city in the search box or click a point to see its profile."))

listing = st.expander(_("All territories in this view"), key="map_listing", on_change="rerun")
if listing.open:  # built and sent only when opened: thousands of rows at scale
    with listing:
        st.dataframe(view.listing, hide_index=True, width="stretch")
