"""Practice library: full-text search, facets with counts, and result cards."""

import streamlit as st

from components import charts, sidebar, state
from components.cards import practice_card
from hrcities import figures, metrics
from hrcities.filters import filter_practices
from hrcities.search import MAX_QUERY, search_practices

CARDS_PER_PAGE = 30

_ = state.tr()
c = state.shown_campaign()
selection = sidebar.current_filters()

st.title(_("Practice library"))
st.caption(_("What cities and territories do for human rights, in the words of our sources, "
             "summarised by the dashboard editors. Rights, themes and groups are the editors' "
             "classification."))
sidebar.filter_note(selection)

filtered = filter_practices(c.practices, c.territories, selection)
places = dict(zip(c.territories["id"], c.territories["name"], strict=True))
search_col, city_col = st.columns([3, 2])
query = search_col.text_input(_("Search practices"), key="practice_query", max_chars=MAX_QUERY,
                              placeholder=_("e.g. disability, justice, migrants, charter"))
cities = city_col.multiselect(_("City or territory"), sorted(set(filtered["territory_id"]),
                              key=lambda i: places[i]), format_func=lambda i: places.get(i, i),
                              key="practice_cities", placeholder=_("All"))
if cities:
    filtered = filtered[filtered["territory_id"].isin(cities)]
results = search_practices(filtered, state.search_documents(c), query)

st.markdown(_("**{n}** of {total} practices match.").format(n=len(results), total=len(c.practices)))

facets = st.tabs([_("Results"), _("Counts by right"), _("Counts by theme"), _("Counts by group"),
                  _("Counts by place")])
with facets[0]:
    if results.empty:
        st.info(_("No practice matches. Try fewer words or clear the filters in the sidebar."))
    shown = results
    if len(results) > CARDS_PER_PAGE:  # thousands of cards would take the browser minutes to draw
        pages = -(-len(results) // CARDS_PER_PAGE)
        if st.session_state.get("practice_page", 1) > pages:  # fewer results since: last page
            st.session_state["practice_page"] = pages
        number = st.number_input(_("Page of results"), min_value=1, max_value=pages, step=1,
                                 key="practice_page")
        shown = results.iloc[(number - 1) * CARDS_PER_PAGE:number * CARDS_PER_PAGE]
        st.caption(_("Page {page} of {pages}: results {first} to {last}.").format(
            page=number, pages=pages, first=(number - 1) * CARDS_PER_PAGE + 1,
            last=(number - 1) * CARDS_PER_PAGE + len(shown)))
    for practice in shown.itertuples():
        practice_card(c, practice, key=practice.id)
with facets[1]:
    coverage = metrics.rights_coverage(results, c.rights)
    charts.show(figures.rights_bars(coverage, _), key="facet_rights")
with facets[2]:
    charts.show(figures.facet_bars(metrics.facet_counts(results, "themes", c.themes),
                                   _("Practices per theme"), _), key="facet_themes")
with facets[3]:
    charts.show(figures.facet_bars(metrics.facet_counts(results, "target_groups", c.target_groups),
                                   _("Practices per target group"), _), key="facet_groups")
with facets[4]:
    places = metrics.practices_by_place(results, c.territories)
    st.dataframe(places.assign(region=places["region"].map(_))
                 .rename(columns={"region": _("UCLG region"), "country": _("Country"),
                                  "name": _("City or territory"), "practices": _("Practices")}),
                 hide_index=True, width="stretch")
