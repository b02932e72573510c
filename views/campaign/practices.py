"""Practice library: full-text search, facets with counts, and result cards."""

import streamlit as st

from components import charts, picker, sidebar, state
from components.cards import paged, practice_card
from components.tabs import lazy_tabs
from hrcities import figures, metrics
from hrcities.filters import practices_view, with_practices_view
from hrcities.search import MAX_QUERY, search_practices

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

filtered = practices_view(c, selection)
search_col, city_col = st.columns([3, 2])
query = search_col.text_input(
    _("Search practices"),
    key="practice_query",
    max_chars=MAX_QUERY,
    placeholder=_("e.g. disability, justice, migrants, charter"),
)
with_practices = with_practices_view(c, selection)
cities = picker.pick_many(
    city_col,
    _("City or territory"),
    with_practices.set_index("id")["name"],
    key="practice_cities",
    placeholder=_("All"),
)
if cities:
    filtered = filtered[filtered["territory_id"].isin(cities)]


def ranked() -> tuple:
    """The matching rows, best first, and their scores: kept compact with the campaign (a search
    matching most of 50,000 practices would be a big frame per query)."""
    found = search_practices(filtered, state.search_documents(c), query)
    return found.index, found["score"].to_numpy()


rows, scores = c.memo(("search", selection, tuple(cities), query), ranked)
results = filtered.loc[rows].assign(score=scores)

st.markdown(_("**{n}** of {total} practices match.").format(n=len(results), total=len(c.practices)))


def result_cards() -> None:
    if results.empty:
        st.info(_("No practice matches. Try fewer words or clear the filters in the sidebar."))
    for practice in paged(results, key="practice_page").itertuples():
        practice_card(c, practice, key=practice.id)


def by_right() -> None:
    charts.show(figures.rights_bars(metrics.rights_coverage(results, c.rights), _), key="facet_rights")


def by_theme() -> None:
    charts.show(
        figures.facet_bars(metrics.facet_counts(results, "themes", c.themes), _("Practices per theme"), _),
        key="facet_themes",
    )


def by_group() -> None:
    charts.show(
        figures.facet_bars(
            metrics.facet_counts(results, "target_groups", c.target_groups),
            _("Practices per target group"),
            _,
        ),
        key="facet_groups",
    )


def by_place() -> None:
    places = metrics.practices_by_place(results, c.territories)
    st.dataframe(
        places.assign(region=places["region"].map(_)).rename(
            columns={
                "region": _("UCLG region"),
                "country": _("Country"),
                "name": _("City or territory"),
                "practices": _("Practices"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


# Only the open tab is drawn: the counts' charts over thousands of practices were built and sent on
# every search and filter change while nobody looked at them.
lazy_tabs(
    {
        _("Results"): result_cards,
        _("Counts by right"): by_right,
        _("Counts by theme"): by_theme,
        _("Counts by group"): by_group,
        _("Counts by place"): by_place,
    },
    key="practice_tab",
)
