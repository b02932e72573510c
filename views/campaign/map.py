"""Map explorer: territories as points or members per country, a city search, profiles."""

import json

import streamlit as st

from components import charts, picker, sidebar, state
from components.profile import show_profile
from hrcities.viewmodels.map import COLOUR_BY, VIEWS, map_view, picked_territory

CHART_CHROME_PX = 105  # the title above the map and the legend or colour bar below it
SCROLL_TO_PROFILE = """<script>(() => {
  const found = __FOUND__;
  if (window.hrcMapProfile === found) return;
  window.hrcMapProfile = found;
  if (!found) return;
  let tries = 0;
  const look = () => {
    const box = document.querySelector('.st-key-map_profile');
    const heading = box && box.querySelector('h3');
    if (!heading) { if (++tries < 40) setTimeout(look, 150); return; }
    const r = heading.getBoundingClientRect();
    const header = document.querySelector('[data-testid="stHeader"]');
    const top = header ? header.getBoundingClientRect().bottom : 0;
    if (r.top < top || r.bottom > window.innerHeight) box.scrollIntoView({block: 'start'});
  };
  setTimeout(look, 100);
})();</script>"""

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

here = view.same_place(found)  # the territories sharing the found one's point, itself first
aspect = view.aspect(found) if shown == "points" else view.aspect()
# The chart is as tall as its map drawn at the column's width (world, selection or a found place)
# plus the title above and the legend or colour bar below (which wraps on a narrow column): no blank
# bands on a phone, none on a laptop.
st.html(
    "<style>"
    ".st-key-map_frame { container-type: inline-size; width: 100%; }"
    f".st-key-map_chart {{ --chrome: {CHART_CHROME_PX}px; display: grid; "
    "grid-template-columns: minmax(0, 1fr); grid-template-rows: "
    f"min(calc(100cqw / {aspect:.3f} + var(--chrome)), 85vh) auto auto; }}"
    f"@container (max-width: 520px) {{ .st-key-map_chart {{ --chrome: {CHART_CHROME_PX + 25}px; }} }}"
    ".st-key-map_profile { scroll-margin-top: 4.5rem; }"
    "</style>"
)


def open_here() -> None:
    """A territory chosen among those at one place becomes the search box's choice."""
    st.session_state["map_search"] = st.session_state["map_here"]


# Beside the map on a laptop; st.columns stack on a phone, so the profile comes below it.
board = st.columns([3, 2], gap="medium")
with board[0], st.container(key="map_frame"), st.container(key="map_chart"):
    if shown == "points":
        charts.show(
            view.points_figure(colour_by, found),
            key="map_points",
            on_select=pick_from_map,
            selection_mode="points",
            summary=view.points_summary(found),
            height="stretch",
        )
    else:
        charts.show(
            view.countries_figure(), key="map_countries", summary=view.countries_summary, height="stretch"
        )
if shown == "points" and view.unmapped:
    board[0].caption(view.unmapped)

with board[1], st.container(key="map_profile"):
    if here:
        if st.session_state.get("map_here") != found:
            st.session_state["map_here"] = found
        st.radio(
            view.same_place_label(len(here)),
            here,
            key="map_here",
            format_func=view.names.get,
            on_change=open_here,
        )
    if found is not None and found in view.names.index:
        show_profile(view.c, found)
    else:
        st.info(_("Pick a city in the search box or click a point to see its profile."))

listing = st.expander(_("All territories in this view"), key="map_listing", on_change="rerun")
if listing.open:  # built and sent only when opened: thousands of rows at scale
    with listing:
        st.dataframe(view.listing, hide_index=True, width="stretch")

# After a click the profile is brought into view when it is not (on a phone it is below the map):
# once per chosen territory, and only if its heading is off screen. Runs in the page, offline.
st.html(
    SCROLL_TO_PROFILE.replace("__FOUND__", json.dumps(found if found in view.names.index else "")),
    unsafe_allow_javascript=True,
)
