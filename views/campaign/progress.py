"""Campaign progress: members against 10 / 100 / 1000, growth and pace, regions, reported figures."""

import streamlit as st

from components import charts, sidebar, state
from components.sources import source_lines
from components.tabs import lazy_tabs
from components.text import md_escape
from hrcities import figures, i18n, metrics, record
from hrcities.filters import territories_view

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
selection = sidebar.current_filters()
territories = territories_view(c, selection)
today = state.today()

st.title(_("10, 100, 1000 Human Rights Cities and Territories by 2030"))
st.caption(
    _(
        "A campaign of the UCLG Committee on Social Inclusion, Participatory Democracy and "
        "Human Rights. Only governments confirmed as members count toward the milestones."
    )
)
sidebar.filter_note(selection)

filtered = bool(selection.active())
headcount = record.count(c, territories, filtered)
pace = record.pace_reading(c, today)  # campaign-wide: 1000 is the whole campaign's target
member_count = headcount.members
st.markdown(
    f"**{md_escape(headcount.headline(lang))}.** "
    + md_escape(" ".join([*headcount.explanation(lang), headcount.as_of_sentence(lang)]))
)

cols = st.columns(4)
if filtered:
    cols[0].metric(
        _("Members in this selection"),
        headcount.number(lang),
        help=_("Members on the public record that match the filters."),
    )
    cols[1].metric(
        _("Share of all members on record"),
        i18n.fmt_percent(headcount.share, lang),
        help=headcount.share_sentence(lang),
    )
    cols[2].metric(
        _("Engaged in this selection, not counted"),
        i18n.fmt_number(headcount.engaged, lang),
        help=_("Took part in campaign activities; membership not found in any source."),
    )
    cols[3].metric(
        _("All members on record"),
        headcount.number(lang, headcount.total),
        help=headcount.why_lower_bound(lang),
    )
else:
    cols[0].metric(
        _("Members on the public record"), headcount.number(lang), help=headcount.why_lower_bound(lang)
    )
    cols[1].metric(
        _("Engaged, not counted"),
        i18n.fmt_number(headcount.engaged, lang),
        help=_("Took part in campaign activities; membership not found in any source."),
    )
    cols[2].metric(
        _("Joins a month to reach 1000"), pace.per_month_value(lang), help=pace.per_month_help(lang)
    )
    cols[3].metric(
        _("Steady pace by today"),
        pace.expected_value(lang),
        delta=pace.expected_delta(lang),
        help=pace.expected_help(lang),
    )

if filtered:
    st.info(
        _(
            "The 10 / 100 / 1000 milestones and the pace to 2030 are the whole campaign's: they are "
            "not measured against a selection. Clear the filters to see them."
        )
    )
else:
    statuses = metrics.milestone_status(territories, c.milestones)
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        charts.show(
            figures.milestone_bars(statuses, _, lower_bound=headcount.is_lower_bound),
            key="milestones",
            summary=_("{members} members counted; {reached} of {total} milestones reached.").format(
                members=headcount.number(lang), reached=sum(s.reached for s in statuses), total=len(statuses)
            ),
        )
    with right:
        st.markdown(
            "\n".join(f"- **{md_escape(_(s.label))}**: {md_escape(s.sentence(lang))}" for s in statuses)
        )
        st.caption(md_escape(pace.sentence(lang)))


def growth() -> None:
    log_scale = st.toggle(_("Logarithmic scale"), key="growth_log")
    joins = metrics.cumulative_joins(territories)
    charts.show(
        figures.growth_curve(
            joins,
            pace.pace,
            c.waves,
            _,
            log_scale=log_scale,
            lower_bound=headcount.is_lower_bound,
            campaign_wide=not filtered,
            members=member_count,
        ),
        key="growth",
        summary=_(
            "{dated} members have a known join date and are drawn at the end of the "
            "period their source gives; {undated} more joined on a date that is not on record or not "
            "verified."
        ).format(dated=len(joins), undated=member_count - len(joins)),
    )


def stages() -> None:
    charts.show(figures.stage_bars(metrics.stage_counts(territories, c.stages), _), key="stages")


def regions() -> None:
    charts.show(figures.region_bars(metrics.region_breakdown(territories, c.regions), _), key="regions")


# Only the open tab is drawn (picking another reruns): every chart on the page is redrawn on each
# filter change, and at ten times the 2030 target that made filtering slower than the benchmark allows.
tabs = {_("Joins over time"): growth, _("By campaign stage"): stages, _("By UCLG region"): regions}
lazy_tabs(tabs, key="progress_tab")

st.subheader(_("Figures reported by the campaign and its forums"))
st.caption(_("Shown as reported, with their sources. They are not turned into rows on the map."))
for row in c.reported_figures.sort_values("when").itertuples():
    qualifier = f"{_(row.qualifier)} " if isinstance(row.qualifier, str) else ""
    st.markdown(
        f"**{md_escape(qualifier)}{i18n.fmt_number(row.value, lang)}** · "
        f"{md_escape(_(row.description))} · "
        f"{i18n.fmt_date(row.when.date(), lang)}"
    )
    st.markdown("\n".join(source_lines(c, row.sources)))

timeline = st.expander(_("Campaign timeline"), key="progress_timeline", on_change="rerun")
if timeline.open:  # built and sent only when opened, like the charts' data tables
    with timeline:
        st.dataframe(
            c.timeline.assign(
                sources=c.timeline["sources"].map(", ".join),
                kind=c.timeline["kind"].map(_),
                title=c.timeline["title"].map(_),
                status=c.timeline["status"].map(_),
            )[["date", "kind", "title", "status", "sources"]].rename(
                columns={
                    "date": _("Date"),
                    "kind": _("Kind"),
                    "title": _("Event"),
                    "status": _("Status"),
                    "sources": _("Sources"),
                }
            ),
            hide_index=True,
            width="stretch",
        )
