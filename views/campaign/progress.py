"""Campaign progress: members against 10 / 100 / 1000, growth and pace, regions, reported figures."""

import streamlit as st

from components import charts, sidebar, state
from components.sources import source_lines
from components.tabs import lazy_tabs
from components.text import md_escape
from hrcities.viewmodels.progress import progress_view

_ = state.tr()
selection = sidebar.current_filters()
view = progress_view(state.shown_campaign(), selection, state.language(), state.today())

# A short title, so that on a phone the story sentence and the first numbers are in the first screen
# (the campaign's name took five lines there in French); the campaign's name is the caption under it.
st.title(_("Campaign progress"))
st.caption(
    "**"
    + md_escape(_("10, 100, 1000 Human Rights Cities and Territories by 2030"))
    + "** · "
    + _(
        "A campaign of the UCLG Committee on Social Inclusion, Participatory Democracy and "
        "Human Rights. Only governments confirmed as members count toward the milestones."
    )
)
sidebar.filter_note(selection)
st.markdown(f"**{md_escape(view.story)}**")

# Cards in two pairs (what the count is · the pace): four across on a wide screen, each pair's two
# cards one under the other when they do not fit side by side (1280 px beside the sidebar), and one
# column on a phone (columns stack there). A card wraps rather than cutting its label or value.
for column, pair in zip(st.columns(2, gap="medium"), (view.numbers[:2], view.numbers[2:]), strict=True):
    with column, st.container(horizontal=True, gap="medium"):
        for metric in pair:
            st.metric(metric.label, metric.value, delta=metric.delta, help=metric.help, border=True)

if view.filtered:
    st.info(
        _(
            "The 10 / 100 / 1000 milestones and the pace to 2030 are the whole campaign's: they are "
            "not measured against a selection. Clear the filters to see them."
        )
    )
else:
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        charts.show(view.milestone_figure(), key="milestones", summary=view.milestone_summary)
    with right:
        st.markdown(
            "\n".join(f"- **{md_escape(label)}**: {md_escape(line)}" for label, line in view.milestone_lines)
        )
        st.caption(md_escape(view.pace.sentence(view.lang)))


def growth() -> None:
    scales = dict(view.growth_scales)
    scale = st.radio(
        _("Chart view"),
        list(scales),
        format_func=scales.get,
        horizontal=True,
        key="growth_view_selection" if view.filtered else "growth_view",
        help=_(
            "Now: the axis runs to the next milestone, so the joins fill the chart. Path to 1000: the "
            "whole way to 2030, with the pace needed."
        )
        if not view.filtered
        else None,
    )
    charts.show(view.growth_figure(scale), key="growth", summary=view.growth_summary(scale))


def stages() -> None:
    charts.show(view.stage_figure(), key="stages")


def regions() -> None:
    charts.show(view.region_figure(), key="regions")


# Only the open tab is drawn (picking another reruns): every chart on the page is redrawn on each
# filter change, and at ten times the 2030 target that made filtering slower than the benchmark allows.
tabs = {_("Joins over time"): growth, _("By campaign stage"): stages, _("By UCLG region"): regions}
lazy_tabs(tabs, key="progress_tab")

st.subheader(_("Figures reported by the campaign and its forums"))
st.caption(_("Shown as reported, with their sources. They are not turned into rows on the map."))
for row in view.reported:
    st.markdown(f"**{md_escape(row.value)}** · {md_escape(row.description)} · {row.day}")
    st.markdown("\n".join(source_lines(view.c, list(row.sources))))

timeline = st.expander(_("Campaign timeline"), key="progress_timeline", on_change="rerun")
if timeline.open:  # built and sent only when opened, like the charts' data tables
    with timeline:
        st.dataframe(view.timeline, hide_index=True, width="stretch")
