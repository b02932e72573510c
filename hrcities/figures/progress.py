"""The campaign's progress: milestone bars, the growth curve, stage and region bars, and the
Charter-Agenda update's phases over time. Pure functions from prepared frames to figures; every
text shown passes through the `_` translator given."""

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translate, identity
from .style import PALETTE, STAGE_COLOURS, layout

NAMED_JOINS = 300  # up to this many dated joins, each is a marker named in its hover text


def milestone_bars(statuses, _: Translate = identity, lower_bound: bool = True) -> go.Figure:
    """One bar per milestone: share of the target reached, labelled 'members / target' ('at least
    members / target' while the count is a lower bound of the campaign's size)."""
    labels = [_(s.label) for s in statuses]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[1.0] * len(statuses),
        orientation="h",
        marker_color="#E5ECF6",
        hoverinfo="skip",
        showlegend=False,
    )
    fig.add_bar(
        y=labels,
        x=[s.share for s in statuses],
        orientation="h",
        marker_color=[PALETTE[2] if s.reached else PALETTE[0] for s in statuses],
        text=[
            (_("at least {n}").format(n=s.members) if lower_bound else str(s.members)) + f" / {s.target}"
            for s in statuses
        ],
        # a full bar holds its label: outside, "4448 / 1000" ran past a half-width chart
        textposition=["inside" if s.share > 0.7 else "outside" for s in statuses],
        insidetextanchor="end",
        cliponaxis=False,
        showlegend=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(range=[0, 1.15], tickformat=".0%", title=_("Share of the target reached"))
    fig.update_yaxes(autorange="reversed")
    return layout(fig, _("Members against the 10 / 100 / 1000 milestones"), height=300)


def growth_curve(
    joins: pd.DataFrame,
    pace,
    waves: pd.DataFrame,
    _: Translate = identity,
    log_scale: bool = False,
    lower_bound: bool = True,
    campaign_wide: bool = True,
    members: int | None = None,
) -> go.Figure:
    """Cumulative dated joins, the straight line from launch to 1000, and the pace still needed.

    With `campaign_wide` False (a filtered view) only the selection's joins are drawn: the pace to
    1000 is the whole campaign's and is not measured against a part of it. `members` is the view's
    member count (default: the pace's)."""
    fig = go.Figure()
    launch, deadline, today = (
        pd.Timestamp(pace.launch),
        pd.Timestamp(pace.deadline),
        pd.Timestamp(pace.today),
    )
    members = pace.members if members is None else members
    if not campaign_wide:
        return _selection_growth(fig, joins, members, waves, _, launch, today, log_scale, lower_bound)
    fig.add_scatter(
        x=[launch, deadline],
        y=[0, pace.target],
        mode="lines",
        line=dict(color="#7F7F7F", dash="dash", width=2),
        name=_("Steady pace from launch to 1000"),
    )
    fig.add_scatter(
        x=[today, deadline],
        y=[pace.members, pace.target],
        mode="lines",
        line=dict(color=PALETTE[5], dash="dot", width=3),
        name=_("Pace needed from today"),
    )
    fig.add_scatter(
        x=[today],
        y=[pace.expected_by_today],
        mode="markers",
        marker=dict(color="#7F7F7F", size=11, symbol="diamond"),
        name=_("Expected by today"),
        hovertemplate=_("Expected by today") + ": %{y:.0f}<extra></extra>",
    )
    _joins_trace(fig, joins, launch, today, _)

    def at(value: float) -> float:  # annotations on a log axis take log10 positions
        return math.log10(max(value, 1)) if log_scale else value

    today_label = _("at least {n} members on record") if lower_bound else _("{n} members today")
    fig.add_annotation(
        x=today,
        y=at(pace.members),
        text=today_label.format(n=pace.members),
        showarrow=True,
        arrowhead=0,
        ax=-60,
        ay=-40,
        font=dict(size=15, color=PALETTE[0]),
    )
    fig.add_annotation(
        x=today,
        y=at(pace.expected_by_today),
        text=_("{n} expected on a steady pace").format(n=round(pace.expected_by_today)),
        showarrow=True,
        arrowhead=0,
        ax=-90,
        ay=-30,
        font=dict(size=15, color="#555555"),
    )
    _wave_lines(fig, waves, _)
    fig.update_xaxes(range=[launch - pd.Timedelta(days=60), deadline + pd.Timedelta(days=60)])
    fig.update_yaxes(
        title=_("Members"),
        type="log" if log_scale else "linear",
        range=[0, 3.1] if log_scale else [0, max(pace.target, pace.members) * 1.05],
    )
    layout(fig, _("Joins over time and the pace to 1000 by 2030"), height=500)
    # below the plot: four long entries took two lines above it and ran over the title at 1280 px (FR)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"))
    return fig


def wave_label(wave, _: Translate = identity) -> str:
    """A wave's name on a chart, with its launch date's status when that is not confirmed
    ("Second wave (inferred)")."""
    status = getattr(wave, "launched_status", "confirmed")
    return _(wave.label) + ("" if status == "confirmed" else f" ({_(status)})")


def _wave_lines(fig: go.Figure, waves: pd.DataFrame, _: Translate) -> None:
    """A thin vertical line at each wave's launch, labelled with the wave (and its date's status)."""
    for i, wave in enumerate(waves.itertuples()):
        start = pd.Timestamp(wave.launched[:7] + "-01" if len(wave.launched) < 10 else wave.launched)
        fig.add_vline(x=start, line=dict(color="#BBBBBB", width=1))
        # every other label a line lower: waves months apart ran into each other (FR at 1280 px)
        fig.add_annotation(
            x=start,
            y=1 if i % 2 == 0 else 0.93,
            yref="paper",
            text=wave_label(wave, _),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=13, color="#555555"),
        )


def _joins_trace(fig: go.Figure, joins: pd.DataFrame, launch, today, _: Translate) -> None:
    """The cumulative dated joins as a step line: each member named up to NAMED_JOINS, else one step
    per date with no marker or name per member (thousands: the browser draws fast)."""
    if 0 < len(joins) <= NAMED_JOINS:
        xs = [launch, *joins["joined_by"], today]
        ys = [0, *joins["cumulative"], int(joins["cumulative"].iloc[-1])]
        names = ["", *joins["name"] + " (" + joins["joined_label"] + ")", ""]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines+markers",
            line=dict(shape="hv", color=PALETTE[0], width=4),
            marker=dict(size=7),
            name=_("Members with a known join date"),
            text=names,
            hovertemplate="%{text}<br>%{y}<extra></extra>",
        )
    elif len(joins):
        steps = joins.groupby("joined_by")["cumulative"].max()
        fig.add_scatter(
            x=[launch, *steps.index, today],
            y=[0, *steps, int(steps.iloc[-1])],
            mode="lines",
            line=dict(shape="hv", color=PALETTE[0], width=4),
            name=_("Members with a known join date"),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )


def _selection_growth(fig, joins, members, waves, _, launch, today, log_scale, lower_bound) -> go.Figure:
    """The joins of a filtered selection over time, with no campaign-wide pace line."""
    _joins_trace(fig, joins, launch, today, _)
    _wave_lines(fig, waves, _)
    top = max(members, int(joins["cumulative"].max()) if len(joins) else 0, 1)
    fig.update_xaxes(range=[launch - pd.Timedelta(days=60), today + pd.Timedelta(days=60)])
    fig.update_yaxes(
        title=_("Members"),
        type="log" if log_scale else "linear",
        range=[0, math.log10(top * 1.3)] if log_scale else [0, top * 1.2],
    )
    label = _("at least {n} members on record") if lower_bound else _("{n} members today")
    fig.add_annotation(
        x=today,
        y=math.log10(max(members, 1)) if log_scale else members,
        text=label.format(n=members),
        showarrow=True,
        arrowhead=0,
        ax=-140,
        ay=40,  # below its point: above it, it ran into the wave labels along the top (FR, 1280 px)
        xanchor="right",
        font=dict(size=15, color=PALETTE[0]),
    )  # inside the plot
    layout(fig, _("Joins over time in this selection"), height=460)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"))
    return fig


def stage_bars(counts: pd.DataFrame, _: Translate = identity) -> go.Figure:
    """Territories at each stage of the ladder, lowest stage at the top."""
    fig = go.Figure(
        go.Bar(
            y=[_(label) for label in counts["label"]],
            x=counts["count"],
            orientation="h",
            marker_color=[STAGE_COLOURS.get(s, PALETTE[7]) for s in counts["id"]],
            text=counts["count"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    largest = counts["count"].max() if len(counts) else 0
    # room on the right for the longest bar's label (it ran past the chart at thousands)
    fig.update_xaxes(title=_("Territories"), range=[0, max(1, largest) * 1.18])
    return layout(fig, _("Territories at each campaign stage"), height=320)


def region_bars(breakdown: pd.DataFrame, _: Translate = identity) -> go.Figure:
    """Members and engaged (not counted) territories per UCLG region."""
    labels = [_(label) for label in breakdown["label"]]
    fig = go.Figure()
    fig.add_bar(
        x=labels,
        y=breakdown["members"],
        name=_("Members"),
        marker_color=PALETTE[0],
        text=breakdown["members"],
        textposition="inside",
        textangle=0,
    )
    fig.add_bar(
        x=labels,
        y=breakdown["engaged"],
        name=_("Engaged, not counted"),
        marker_color=PALETTE[1],
        text=breakdown["engaged"],
        textposition="inside",
        textangle=0,
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=_("Territories"))
    return layout(fig, _("Territories by UCLG region"), height=380)


def phase_timeline(phases: pd.DataFrame, today: date, _: Translate = identity) -> go.Figure:
    """The Charter-Agenda update phases as bars across time, with today marked."""
    fig = go.Figure()
    for i, phase in enumerate(phases.sort_values("order").itertuples()):
        start = pd.Timestamp(phase.start + ("-01" if len(phase.start) == 7 else ""))
        end = pd.Timestamp(phase.end + ("-01" if len(phase.end) == 7 else "")) + pd.offsets.MonthEnd(0)
        fig.add_bar(
            x=[(end - start).days * 86400000],
            base=[start],
            y=[_(phase.label)],
            orientation="h",
            name=_(phase.label),
            showlegend=False,
            marker=dict(
                color=PALETTE[i % len(PALETTE)], pattern_shape="/" if phase.status == "unverified" else ""
            ),
            hovertemplate=_(phase.label) + f" ({_(phase.status)})<extra></extra>",
        )
    fig.add_vline(x=pd.Timestamp(today), line=dict(color="#000000", dash="dot"))
    fig.add_annotation(
        x=pd.Timestamp(today),
        y=1,
        yref="paper",
        text=_("Today"),
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
    )
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return layout(fig, _("Update of the Global Charter-Agenda"), height=320)
