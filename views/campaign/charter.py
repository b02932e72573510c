"""Charter-Agenda: the rights, who addresses them, coverage by region, and the update process."""

import streamlit as st

from components import charts, sidebar, state
from components.sources import source_lines
from components.tabs import lazy_tabs
from components.text import md_escape
from hrcities.viewmodels.charter import charter_view

_ = state.tr()
selection = sidebar.current_filters()
view = charter_view(state.shown_campaign(), selection, state.language(), state.today())

st.title(_("Global Charter-Agenda for Human Rights in the City"))
st.caption(
    _(
        "Adopted by the UCLG World Council in Florence on 11 December 2011; being updated "
        "since 2021. Proposed rights are the six dimensions the WHRCF 2023 workshop proposed for the "
        "update; the remuneration of care work and social security were discussed there, not "
        "proposed."
    )
)
sidebar.filter_note(selection)


def per_right() -> None:
    charts.show(view.rights_figure(), key="rights_bars")
    rights_table = st.expander(
        _("Every right with its Spanish title, wording and counts"), key="charter_rights", on_change="rerun"
    )
    if rights_table.open:  # built and sent only when opened: redrawing it made each filter change slower
        with rights_table:
            st.dataframe(view.rights_table, hide_index=True, width="stretch")
            st.caption(
                _(
                    "English wording marked 'unverified' is the usual UCLG rendering, not yet checked "
                    "against a source; the Spanish titles come from the official edition."
                )
            )


def by_region() -> None:
    charts.show(
        view.regions_figure(),
        key="rights_heatmap",
        summary=_("Each cell counts practices serving a right in a region."),
    )


def update_process() -> None:
    charts.show(view.phases_figure(), key="phases")
    for phase in view.phases:
        st.markdown(
            f"**{md_escape(phase.label)}** ({md_escape(phase.start)} – {md_escape(phase.end)}, "
            f"{md_escape(phase.status)}): {md_escape(phase.description)}"
        )
        st.markdown("\n".join(source_lines(view.c, list(phase.sources))))


# Only the open tab is drawn (picking another reruns): each chart on the page was redrawn on every
# filter change, even the update process that does not follow the filters.
tabs = {
    _("Practices per right"): per_right,
    _("Rights by region"): by_region,
    _("The update process"): update_process,
}
lazy_tabs(tabs, key="charter_tab")
