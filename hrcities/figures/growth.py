"""The growth curve: the campaign's dated joins over time, the members on record today, the
milestones and the pace to 1000 by 2030, in three views (`GROWTH_SCALES`); for a filtered view, the
selection's joins alone. Pure functions from prepared frames to figures; every text shown passes
through the `_` translator given."""

import math

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translate, identity
from .style import PALETTE, layout

NAMED_JOINS = 300  # up to this many dated joins, each is a marker named in its hover text

GROWTH_SCALES = ("now", "path", "log")  # up to the next milestone · linear to 1000 · logarithmic to 1000
HEADROOM = 1.2  # room above the top milestone line for the two rows of wave labels


def next_milestone(count: int, targets) -> int | None:
    """The smallest milestone above `count` (10 below 10, 100 from 10 to 99, …); None above them all."""
    above = sorted(int(t) for t in targets if int(t) > count)
    return above[0] if above else None


def growth_curve(
    joins: pd.DataFrame,
    pace,
    waves: pd.DataFrame,
    _: Translate = identity,
    log_scale: bool = False,
    lower_bound: bool = True,
    campaign_wide: bool = True,
    members: int | None = None,
    scale: str | None = None,
    milestones: pd.DataFrame | None = None,
) -> go.Figure:
    """Cumulative dated joins, the members on record today and, by `scale` (`GROWTH_SCALES`):

    - "now": the y axis up to the next milestone above the count (with headroom), the milestones
      below it as labelled lines; no pace to 1000 (it would leave the chart at once);
    - "path" (the default, or "log" when `log_scale`): the straight line from launch to 1000, the pace
      still needed and where a steady pace stands today, on a linear axis to 1000;
    - "log": the same on a logarithmic axis, ticks at the powers of ten only, the straight lines drawn
      as the curves they are on that axis, zero values left out.

    With `campaign_wide` False (a filtered view) only the selection's joins are drawn: the pace to
    1000 is the whole campaign's and is not measured against a part of it ("path" is then "now").
    `members` is the view's member count (default: the pace's); `milestones` the campaign's
    (`target`, `label`; default: the pace's target only)."""
    scale = scale or ("log" if log_scale else "path")
    if scale not in GROWTH_SCALES:
        raise ValueError(f"not a growth scale: {scale!r}")
    log = scale == "log"
    fig = go.Figure()
    launch, deadline, today = (
        pd.Timestamp(pace.launch),
        pd.Timestamp(pace.deadline),
        pd.Timestamp(pace.today),
    )
    members = pace.members if members is None else members
    if not campaign_wide:
        return _selection_growth(fig, joins, members, waves, _, launch, today, log, lower_bound)
    if milestones is None:
        milestones = pd.DataFrame({"target": [pace.target], "label": ["1000 by 2030"]})
    dated = int(joins["cumulative"].max()) if len(joins) else 0
    count = max(members, dated)
    if scale == "now":
        upcoming = next_milestone(count, milestones["target"])
        top = upcoming * HEADROOM if upcoming else max(count, 1) * 1.15
        x_range = [launch - pd.Timedelta(days=60), today + pd.Timedelta(days=120)]
    else:
        top = max(pace.target, count) * (2 if log else HEADROOM)
        x_range = [launch - pd.Timedelta(days=60), deadline + pd.Timedelta(days=60)]
    if scale != "now":
        steady_x, steady_y = _line_points(launch, 0, deadline, pace.target, log)
        fig.add_scatter(
            x=steady_x,
            y=steady_y,
            mode="lines",
            line=dict(color="#7F7F7F", dash="dash", width=2),
            name=_("Steady pace from launch to 1000"),
        )
        needed_x, needed_y = _line_points(today, pace.members, deadline, pace.target, log)
        fig.add_scatter(
            x=needed_x,
            y=needed_y,
            mode="lines",
            line=dict(color=PALETTE[5], dash="dot", width=3),
            name=_("Pace needed from today"),
        )
        if pace.expected_by_today > 0 or not log:
            fig.add_scatter(
                x=[today],
                y=[pace.expected_by_today],
                mode="markers",
                marker=dict(color="#7F7F7F", size=11, symbol="diamond"),
                name=_("Expected by today"),
                hovertemplate=_("Expected by today") + ": %{y:.0f}<extra></extra>",
            )
    _joins_trace(fig, joins, launch, today, _, log)
    at = _position(log)
    _milestone_lines(fig, milestones, x_range, top, log, _)
    _today_points(fig, joins, members, today, at, lower_bound, _, log, top)
    if scale != "now" and (pace.expected_by_today > 0 or not log):
        fig.add_annotation(
            x=today,
            y=at(pace.expected_by_today),
            text=_("{n} expected on a steady pace").format(n=round(pace.expected_by_today)),
            showarrow=True,
            arrowhead=0,
            ax=-40 if log else -90,
            ay=30 if log else -30,  # on a log axis 1000 is near the top: under it, clear of the waves
            xanchor="right" if log else "center",
            font=dict(size=15, color="#555555"),
        )
    _wave_lines(fig, waves, _)
    fig.update_xaxes(range=x_range)
    _y_axis(fig, top, log, _)
    title = (
        _("Joins over time and the next milestone")
        if scale == "now"
        else _("Joins over time and the pace to 1000 by 2030")
    )
    layout(fig, title, height=500)
    # below the plot: four long entries took two lines above it and ran over the title at 1280 px (FR)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"))
    return fig


def _position(log: bool):
    """Where an annotation goes for a value: annotations on a log axis take log10 positions."""

    def at(value: float) -> float:
        return math.log10(max(value, 1)) if log else value

    return at


def _line_points(x0, y0: float, x1, y1: float, log: bool) -> tuple[list, list]:
    """A straight line from (x0, y0) to (x1, y1), in data terms. On a linear axis its two ends; on a
    log axis the curve it is there: points a day apart at least, closer where it bends (a dozen per
    power of ten, and one a quarter), from where it reaches 1 (log 0 is not drawn). x strictly rises."""
    if not log:
        return [x0, x1], [y0, y1]
    span = (x1 - x0).days
    if span <= 0 or y1 <= y0:  # no rise to draw as a curve: its ends above zero
        ends = [(x, y) for x, y in ((x0, y0), (x1, y1)) if y > 0]
        return [x for x, _y in ends], [y for _x, y in ends]

    def day_of(value: float) -> float:
        return (value - y0) / (y1 - y0) * span

    first = max(0, math.ceil(day_of(1))) if y0 < 1 else 0
    low = y0 + (y1 - y0) * first / span
    steps = max(2, math.ceil(math.log10(y1 / low) * 12))
    days = {first, span, *range(first, span, 91)}
    days |= {min(span, max(first, round(day_of(low * (y1 / low) ** (i / steps))))) for i in range(steps)}
    ordered = sorted(days)
    return (
        [x0 + pd.Timedelta(days=d) for d in ordered],
        [y0 + (y1 - y0) * d / span for d in ordered],
    )


def _y_axis(fig: go.Figure, top: float, log: bool, _: Translate) -> None:
    """The members axis from 0 to `top`; on a log axis from 1, ticked at the powers of ten only."""
    if not log:
        fig.update_yaxes(title=_("Members"), type="linear", range=[0, top])
        return
    powers = [10**k for k in range(0, max(1, math.ceil(math.log10(max(top, 10)) - 1e-9)) + 1)]
    powers = [p for p in powers if p <= top]
    fig.update_yaxes(
        title=_("Members"),
        type="log",
        range=[0, math.log10(top)],
        tickmode="array",
        tickvals=powers,
        ticktext=[str(p) for p in powers],
        minor=dict(showgrid=False, ticks=""),
    )


def _milestone_lines(fig: go.Figure, milestones: pd.DataFrame, x_range, top: float, log: bool, _) -> None:
    """Each milestone in sight as a thin horizontal line across the chart, its name just under the line
    at the right end: at the left the top one ran into the wave labels, and the lowest into the joins
    line's label (a phone, 390 px). A line under 5 % of a linear axis would lie on the floor among the
    joins: it is left out. The lines are traces without hover (so not in the data table): on a log
    axis they take data values, where shapes and annotations are less plain about it."""
    for row in milestones.sort_values("target").itertuples():
        target = int(row.target)
        if target > top or (not log and target < 0.05 * top):
            continue
        fig.add_scatter(
            x=list(x_range),
            y=[target, target],
            mode="lines",
            line=dict(color="#9E9E9E", width=1, dash="dot"),
            hoverinfo="skip",
            showlegend=False,
        )
        fig.add_annotation(
            x=x_range[1],
            y=math.log10(target) if log else target,
            text=_(row.label),
            showarrow=False,
            xanchor="right",
            yanchor="top",
            font=dict(size=13, color="#555555"),
        )


def _today_points(fig, joins, members, today, at, lower_bound, _, log, top, below=False) -> None:
    """The members on record today as a point, labelled with that count; and, when fewer of them have
    a known join date, the joins line's last point labelled with its own count (each label on its
    point and saying its number: "51 members" no longer points at a line that ends at 22). `below`
    puts both labels under their points (near the top, above them they ran into the wave labels). On
    the floor of a linear axis (under 8 % of `top`) the joins line's end is not labelled: its label
    fell below the axis, and the legend and the data table give it."""
    dated = int(joins["cumulative"].iloc[-1]) if len(joins) else 0
    if members > 0 or not log:
        fig.add_scatter(
            x=[today],
            y=[members],
            mode="markers",
            marker=dict(color=PALETTE[0], size=12, symbol="circle", line=dict(color="#FFFFFF", width=2)),
            name=_("Members on the public record"),
            hovertemplate=_("Members on the public record") + ": %{y}<extra></extra>",
        )
        label = _("at least {n} members on record") if lower_bound else _("{n} members today")
        fig.add_annotation(
            x=today,
            y=at(members),
            text=label.format(n=members),
            showarrow=True,
            arrowhead=0,
            ax=-40,
            ay=40 if below else -40,
            xanchor="right",
            font=dict(size=15, color=PALETTE[0]),
        )
    if len(joins) and dated != members and (log or dated >= 0.08 * top):
        fig.add_annotation(
            x=today,
            y=at(dated),
            text=_("{n} with a known join date").format(n=dated),
            showarrow=True,
            arrowhead=0,
            ax=-40,
            ay=85 if below else -35,  # above its point: under it, it ran into the lowest milestone's label
            xanchor="right",
            font=dict(size=13, color=PALETTE[0]),  # 14 px ran off a phone's chart in Spanish
        )


def wave_label(wave, _: Translate = identity) -> str:
    """A wave's full name, with its launch date's status when that is not confirmed
    ("Second wave (inferred)"): the hover text of its line's label."""
    status = getattr(wave, "launched_status", "confirmed")
    return _(wave.label) + ("" if status == "confirmed" else f" ({_(status)})")


def wave_short_label(wave, _: Translate = identity, position: int = 0) -> str:
    """A wave's label on the chart: "Wave 2" (the full name, "Second wave (inferred)", ran into the
    next wave's and the milestones' labels on a phone); its number, else its place among the waves."""
    number = getattr(wave, "wave", None)
    return _("Wave {n}").format(n=int(number) if pd.notna(number) else position + 1)


def _wave_lines(fig: go.Figure, waves: pd.DataFrame, _: Translate) -> None:
    """A thin vertical line at each wave's launch (dashed when the date is inferred), labelled with a
    short name at the top, the full name and the date's status in its hover text."""
    for i, wave in enumerate(waves.itertuples()):
        start = pd.Timestamp(wave.launched[:7] + "-01" if len(wave.launched) < 10 else wave.launched)
        confirmed = getattr(wave, "launched_status", "confirmed") == "confirmed"
        fig.add_vline(x=start, line=dict(color="#BBBBBB", width=1, dash="solid" if confirmed else "dash"))
        # every other label a line lower: waves a year apart are 60 px apart on a phone
        fig.add_annotation(
            x=start,
            y=1 if i % 2 == 0 else 0.94,
            yref="paper",
            text=wave_short_label(wave, _, i),
            hovertext=wave_label(wave, _),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=13, color="#555555"),
        )


def _joins_trace(fig: go.Figure, joins: pd.DataFrame, launch, today, _: Translate, log: bool = False) -> None:
    """The cumulative dated joins as a step line: each member named up to NAMED_JOINS, else one step
    per date with no marker or name per member (thousands: the browser draws fast). It starts at 0 at
    the launch, except on a log axis (no log of 0): there it starts at the first join."""
    start = 1 if log else 0  # on a log axis, the launch's zero is left out
    if 0 < len(joins) <= NAMED_JOINS:
        xs = [launch, *joins["joined_by"], today][start:]
        ys = [0, *joins["cumulative"], int(joins["cumulative"].iloc[-1])][start:]
        names = ["", *joins["name"] + " (" + joins["joined_label"] + ")", ""][start:]
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
            x=[launch, *steps.index, today][start:],
            y=[0, *steps, int(steps.iloc[-1])][start:],
            mode="lines",
            line=dict(shape="hv", color=PALETTE[0], width=4),
            name=_("Members with a known join date"),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )


def _selection_growth(fig, joins, members, waves, _, launch, today, log_scale, lower_bound) -> go.Figure:
    """The joins of a filtered selection over time, with no campaign-wide pace line."""
    _joins_trace(fig, joins, launch, today, _, log_scale)
    _wave_lines(fig, waves, _)
    top = max(members, int(joins["cumulative"].max()) if len(joins) else 0, 1)
    fig.update_xaxes(range=[launch - pd.Timedelta(days=60), today + pd.Timedelta(days=60)])
    top = max(top * 1.3, 10) if log_scale else top * 1.2
    _y_axis(fig, top, log_scale, _)
    _today_points(
        fig, joins, members, today, _position(log_scale), lower_bound, _, log_scale, top, below=True
    )
    layout(fig, _("Joins over time in this selection"), height=460)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left"))
    return fig
