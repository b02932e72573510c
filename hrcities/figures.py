"""Plotly figure builders: pure functions from prepared frames to figures.

Every text shown passes through the `_` translator given. Colours come from `PALETTE`
(Okabe-Ito, safe for colour-blind viewers; stages never rely on red against green).
"""

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .i18n import Translate, fmt_number, identity

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
STAGE_COLOURS = {
    "engaged": "#E69F00",
    "pledged": "#56B4E9",
    "form_sent": "#CC79A7",
    "member": "#0072B2",
    "framework": "#009E73",
}
BAND_SIZES = {"up_to_50k": 9, "50k_250k": 12, "250k_1m": 16, "over_1m": 21, "supralocal": 21}
UNKNOWN_BAND_SIZE = 11
OUTLINED_POINTS = 2000  # up to this many points on a map, each has a white outline (thousands: a blur)
# Above this many points on a world map, territories of one colour within one grid cell of GROUP_DEGREES
# are drawn as one point sized by their number (thousands of points cost the browser most of a redraw)
GROUPED_ABOVE = 2000
GROUP_DEGREES = 2.0
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=15)
TOPOJSON_URL = "app/static/"  # Plotly.js base maps served by Streamlit's static serving
# Every figure's template, applied once when the figure is serialised: passing template= to each
# figure validated a copy of the whole template every time (about 0.1 s a chart).
pio.templates.default = "plotly_white"


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=height,
        font=FONT,
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig


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
    return _layout(fig, _("Members against the 10 / 100 / 1000 milestones"), height=300)


NAMED_JOINS = 300  # up to this many dated joins, each is a marker named in its hover text


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
    _layout(fig, _("Joins over time and the pace to 1000 by 2030"), height=500)
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
        ay=-30,
        xanchor="right",
        font=dict(size=15, color=PALETTE[0]),
    )  # inside the plot
    _layout(fig, _("Joins over time in this selection"), height=460)
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
    return _layout(fig, _("Territories at each campaign stage"), height=320)


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
    return _layout(fig, _("Territories by UCLG region"), height=380)


def _geo(
    fig: go.Figure, height: int, focus: tuple[float, float] | None = None, scale: float = 1.0
) -> go.Figure:
    # The whole world is drawn from the 1:110m boundaries (137 kB, as Plotly's default); a map zoomed
    # on a place from the 1:50m ones (1.1 MB), whose detail only shows there: at ten times the 2030
    # target the 50m outlines made each redraw of the world map markedly slower in the browser.
    fig.update_geos(
        projection_type="natural earth",
        resolution=50 if focus else 110,
        showcountries=True,
        countrycolor="#9A9A9A",
        showland=True,
        landcolor="#F2F2F2",
        showocean=True,
        oceancolor="#DCEAF5",
        showlakes=False,
        showframe=False,
        coastlinecolor="#9A9A9A",
        fitbounds=False,
    )
    if focus:
        fig.update_geos(center=dict(lat=focus[0], lon=focus[1]), projection_scale=scale)
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=50, b=0),
        font=FONT,
        legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0, bgcolor="rgba(255,255,255,0.8)"),
    )
    return fig


def points_are_grouped(territories: pd.DataFrame, focus: tuple[float, float] | None = None) -> bool:
    """Whether `territory_points` draws nearby territories as one point (a world map of very many)."""
    mapped = territories[["latitude", "longitude"]].notna().all(axis=1)  # the points it would draw
    return focus is None and int(mapped.sum()) > GROUPED_ABOVE


def group_size_km(degrees: float = GROUP_DEGREES) -> int:
    """The grid cell of `group_nearby` in kilometres (north-south; a degree of latitude is ~111 km),
    rounded to tens, for saying how near "nearby" is."""
    return int(round(degrees * 111.2, -1))


def points_summary(
    territories: pd.DataFrame,
    focus: tuple[float, float] | None = None,
    _: Translate = identity,
    lang: str = "en",
) -> str:
    """The sentence under `territory_points`: how points are sized, and when nearby ones are grouped."""
    if points_are_grouped(territories, focus):
        return _(
            "With more than {n} points, the territories of one colour within about {km} km are "
            "drawn as one point sized by how many it holds. Click a single territory's point or "
            "use the search box to open a profile."
        ).format(n=fmt_number(GROUPED_ABOVE, lang), km=group_size_km())
    return _("Point size follows the population band. Click a point to open its profile.")


def group_nearby(points: pd.DataFrame, degrees: float = GROUP_DEGREES) -> pd.DataFrame:
    """Territories in the same cell of a `degrees` grid, as one row each: the mean position, how many
    (`count`), and the id, name and country of the first (by name). Input needs id, name, country,
    latitude, longitude; output is ordered by cell."""
    cells = points.assign(
        _cell_lat=(points["latitude"] // degrees).astype(int),
        _cell_lon=(points["longitude"] // degrees).astype(int),
    ).sort_values(["_cell_lat", "_cell_lon", "name"], kind="stable")
    grouped = cells.groupby(["_cell_lat", "_cell_lon"], sort=True)
    return pd.DataFrame(
        {
            "latitude": grouped["latitude"].mean(),
            "longitude": grouped["longitude"].mean(),
            "count": grouped.size(),
            "id": grouped["id"].first(),
            "name": grouped["name"].first(),
            "country": grouped["country"].first(),
        }
    ).reset_index(drop=True)


def territory_points(
    territories: pd.DataFrame,
    colour_by: str,
    categories: pd.DataFrame,
    _: Translate = identity,
    focus: tuple[float, float] | None = None,
    scale: float = 1.0,
    title: str | None = None,
) -> go.Figure:
    """Territories as points over country boundaries: one trace per category (stage or region).

    `categories` has `id` and `label` in legend order; the point's `customdata` is its id so a
    selection can name the territory. A world map of more than GROUPED_ABOVE points draws the
    territories of one category in one grid cell as one point sized by their number (`group_nearby`);
    such a point's `customdata` is empty unless it holds one territory.
    """
    mapped = territories.dropna(subset=["latitude", "longitude"])
    grouped = points_are_grouped(mapped, focus)
    fig = go.Figure()
    colours = (
        STAGE_COLOURS
        if colour_by == "stage"
        else {cid: PALETTE[i % len(PALETTE)] for i, cid in enumerate(categories["id"])}
    )
    for category in categories.itertuples():
        group = mapped[mapped[colour_by] == category.id]
        if group.empty:
            continue
        if grouped:
            cells = group_nearby(group)
            many = cells["count"] > 1
            sizes = (6 + 3 * cells["count"] ** 0.5).clip(upper=30).round(1)
            ids = cells["id"].where(~many, "")
            names = cells["name"].where(
                ~many,
                [
                    _("{name} and {n} more nearby").format(name=name, n=n - 1)
                    for name, n in zip(cells["name"], cells["count"], strict=True)
                ],
            )
            group = cells.assign(id=ids, name=names)
        else:
            sizes = group["population_band"].map(BAND_SIZES).fillna(UNKNOWN_BAND_SIZE)
        fig.add_scattergeo(
            lat=group["latitude"],
            lon=group["longitude"],
            mode="markers",
            name=_(category.label),
            customdata=group["id"],
            text=group["name"],
            hovertext=group["name"] + " · " + group["country"],
            marker=dict(
                size=sizes,
                color=colours.get(category.id, PALETTE[7]),
                opacity=0.9,
                line=dict(width=1.2 if len(mapped) <= OUTLINED_POINTS else 0, color="white"),
            ),
            hovertemplate="%{hovertext}<extra>" + _(category.label) + "</extra>",
        )
    fig = _geo(fig, 560, focus, scale)
    fig.update_layout(
        title=dict(text=title or _("Cities and territories on record (members and engaged)"), x=0)
    )
    return fig


def country_choropleth(counts: pd.DataFrame, _: Translate = identity) -> go.Figure:
    """Members per country (ISO-3), drawn on the shipped base map."""
    fig = go.Figure(
        go.Choropleth(
            locations=counts["country_iso3"],
            z=counts["members"],
            locationmode="ISO-3",
            text=counts["country"],
            customdata=counts["names"],
            colorscale="Blues",
            zmin=0,
            marker_line_color="white",
            marker_line_width=0.6,
            colorbar=dict(title=dict(text=_("Members")), thickness=14),
            hovertemplate="%{text}: %{z}<br>%{customdata}<extra></extra>",
        )
    )
    fig = _geo(fig, 560)
    fig.update_layout(title=dict(text=_("Members per country"), x=0))
    return fig


def _count_ticks(largest) -> dict:
    """Axis settings for a count: a tick at every whole number while counts are small, else Plotly's
    own spacing. (A tick at every number up to 16,000 froze the browser at ten times the 2030 target.)"""
    largest = 0 if pd.isna(largest) else largest
    return {"dtick": 1} if largest <= 10 else {"tickformat": ",d"}


def rights_bars(coverage: pd.DataFrame, _: Translate = identity) -> go.Figure:
    """Practices addressing each right; proposed rights in a second colour."""
    labels = [
        f"{r.numeral + '. ' if isinstance(r.numeral, str) else ''}{_(r.title_en)}"
        for r in coverage.itertuples()
    ]
    colours = [
        {"charter-2011": PALETTE[0], "proposed": PALETTE[1]}.get(k, "#7F7F7F") for k in coverage["kind"]
    ]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=coverage["practices"],
            orientation="h",
            marker_color=colours,
            text=coverage["practices"],
            textposition="outside",
            cliponaxis=False,
            customdata=coverage["territories"],
            hovertemplate="%{y}<br>%{x} "
            + _("practices")
            + ", %{customdata} "
            + _("territories")
            + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=_("Practices"), rangemode="tozero", **_count_ticks(coverage["practices"].max()))
    return _layout(
        fig,
        _("Practices per right (blue: 2011 Charter-Agenda; orange: proposed; grey: discussed, not proposed)"),
        height=max(360, 34 * len(coverage) + 120),
    )


def rights_heatmap(
    matrix: pd.DataFrame, right_labels: list[str], region_labels: list[str], _: Translate = identity
) -> go.Figure:
    """Practices per right and region as a heatmap with the count written in each cell."""
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            x=[_(r) for r in region_labels],
            y=[_(r) for r in right_labels],
            colorscale="Blues",
            zmin=0,
            text=matrix.values,
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
            colorbar=dict(title=dict(text=_("Practices")), thickness=14),
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _layout(fig, _("Coverage of rights by region"), height=max(420, 30 * len(right_labels) + 140))


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
    return _layout(fig, _("Update of the Global Charter-Agenda"), height=320)


def facet_bars(counts: pd.DataFrame, title: str, _: Translate = identity) -> go.Figure:
    """Practices per facet value (themes, groups), largest first, zero counts left out."""
    shown = counts[counts["count"] > 0]
    fig = go.Figure(
        go.Bar(
            y=[_(x) for x in shown["label"]],
            x=shown["count"],
            orientation="h",
            marker_color=PALETTE[0],
            text=shown["count"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(rangemode="tozero", **_count_ticks(shown["count"].max() if len(shown) else 0))
    return _layout(fig, title, height=max(260, 30 * len(shown) + 110))
