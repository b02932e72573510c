"""Map explorer: territories as points or members per country, a city search, profiles."""

import streamlit as st

from components import charts, picker, sidebar, state
from components.profile import show_profile
from hrcities import figures
from hrcities.filters import country_counts_view, names_view, territories_view

_ = state.tr()
c = state.shown_campaign()
selection = sidebar.current_filters()
territories = territories_view(c, selection)

st.title(_("Map explorer"))
sidebar.filter_note(selection)

names = names_view(c, selection)


def pick_from_map() -> None:
    """A clicked point becomes the search box's choice, so the profile and the URL follow it."""
    event = st.session_state.get("map_points") or {}
    points = (event.get("selection") or {}).get("points") or []
    picked = next((p.get("customdata") for p in points if p.get("customdata")), None)
    if isinstance(picked, list):
        picked = picked[0] if picked else None
    if isinstance(picked, str) and picked in names.index:
        st.session_state["map_search"] = picked


controls = st.columns([2, 2, 3])
view = controls[0].radio(
    _("View"),
    ["points", "countries"],
    horizontal=True,
    key="map_view",
    format_func=lambda v: {"points": _("Cities and territories"), "countries": _("Members per country")}[v],
)
colour_by = controls[1].radio(
    _("Colour by"),
    ["stage", "uclg_region"],
    horizontal=True,
    key="map_colour",
    disabled=view == "countries",
    format_func=lambda v: {"stage": _("Stage"), "uclg_region": _("UCLG region")}[v],
)
found = picker.pick_one(
    controls[2], _("Find a city or territory"), names, key="map_search", placeholder=_("Type a name…")
)

focus, scale = None, 1.0
if found:
    row = state.by_id(c, "territories").loc[found]
    if row.notna()["latitude"]:
        focus, scale = (float(row["latitude"]), float(row["longitude"])), 4.0

if view == "points":
    categories = (c.stages if colour_by == "stage" else c.regions).sort_values("order")

    # the world view's figure is kept with the campaign per selection: rebuilding 10,000 points cost
    # most of a rerun (a view zoomed on a city is built each time: one per city would be too many)
    def points():
        return figures.territory_points(territories, colour_by, categories, _, focus=focus, scale=scale)

    fig = points() if focus else c.memo(("map_points", selection, colour_by, state.language()), points)
    summary = figures.points_summary(territories, focus, _, state.language())
    charts.show(fig, key="map_points", on_select=pick_from_map, selection_mode="points", summary=summary)
else:
    counts = country_counts_view(c, selection)
    charts.show(
        figures.country_choropleth(counts, _),
        key="map_countries",
        summary=_("{n} countries with at least one member.").format(n=int((counts["members"] > 0).sum())),
    )

unmapped = territories[territories["latitude"].isna()]
if len(unmapped) and view == "points":
    st.caption(
        _("Not drawn (no coordinates in our sources): {names}.").format(names=", ".join(unmapped["name"]))
    )

if found is not None and found in state.by_id(c, "territories").index:
    show_profile(c, found)
else:
    st.info(_("Pick a city in the search box or click a point to see its profile."))

listing = st.expander(_("All territories in this view"), key="map_listing", on_change="rerun")
if listing.open:  # built and sent only when opened: thousands of rows at scale
    with listing:
        stage_labels = {s: _(label) for s, label in zip(c.stages["id"], c.stages["label"], strict=True)}
        region_labels = {r: _(r) for r in territories["region_label"].dropna().unique()}
        shown = territories.assign(
            region_label=territories["region_label"].map(region_labels),
            stage=territories["stage"].map(lambda s: stage_labels.get(s, s)),
        )
        st.dataframe(
            shown[["name", "country", "region_label", "stage", "joined_label", "wave"]].rename(
                columns={
                    "name": _("City or territory"),
                    "country": _("Country"),
                    "region_label": _("UCLG region"),
                    "stage": _("Campaign stage"),
                    "joined_label": _("Joined"),
                    "wave": _("Wave"),
                }
            ),
            hide_index=True,
            width="stretch",
        )
