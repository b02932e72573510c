"""Practice library: full-text search, facets with counts, and result cards."""

import streamlit as st

from components import charts, nav, picker, sidebar, state
from components.cards import card_grid, paged, pager_below, practice_card
from components.tabs import lazy_tabs
from components.text import md_escape
from hrcities.viewmodels.library import MAX_QUERY, city_choices, library_view

_ = state.tr()
c = state.shown_campaign()
selection = sidebar.current_filters()

st.title(_("Practice library"))
st.caption(
    _(
        "What cities and territories do for human rights, in the words of our sources, "
        "summarised by the dashboard editors. Rights, themes and groups are the editors' "
        "classification."
    )
)
sidebar.filter_note(selection)

search_col, city_col = st.columns([3, 2])
query = search_col.text_input(
    _("Search practices"),
    key="practice_query",
    max_chars=MAX_QUERY,
    placeholder=_("e.g. disability, justice, migrants, charter"),
)
cities = picker.pick_many(
    city_col,
    _("City or territory"),
    city_choices(c, selection),
    key="practice_cities",
    placeholder=_("All"),
)
view = library_view(c, selection, query, tuple(cities), state.language(), base=state.campaign())
st.markdown(view.matched)


def result_cards() -> None:
    if view.results.empty:
        nothing_found()
    page = paged(view.results, key="practice_page")
    card_grid(page, lambda practice: practice_card(c, practice, key=practice.id, why=view.why(practice.id)))
    pager_below(view.results, key="practice_page")


def nothing_found() -> None:
    st.info(_("No practice matches. Try fewer words or clear the filters in the sidebar."))
    if view.suggestions:
        st.markdown("**" + _("Close to your words:") + "**")
        for key, item, label in view.suggestions:
            st.button(label, key=f"suggest_{key}_{item}", on_click=sidebar.choose, args=(key, item))
    for territory_id in cities:
        for peer in state.peers_of(c, territory_id).itertuples():
            nav.city_link(st, peer.id, c, label=_("Peer: {name}").format(name=md_escape(peer.name)))
    st.page_link("views/campaign/propose.py", label=_("Propose a practice"), icon=":material/edit_note:")


def by_place() -> None:
    st.dataframe(view.places, hide_index=True, width="stretch")


# Only the open tab is drawn: the counts' charts over thousands of practices were built and sent on
# every search and filter change while nobody looked at them.
lazy_tabs(
    {
        _("Results"): result_cards,
        _("Counts by right"): lambda: charts.show(view.rights_figure(), key="facet_rights"),
        _("Counts by theme"): lambda: charts.show(view.themes_figure(), key="facet_themes"),
        _("Counts by group"): lambda: charts.show(view.groups_figure(), key="facet_groups"),
        _("Counts by place"): by_place,
    },
    key="practice_tab",
)
