"""The campaign's progress: milestone bars, stage and region bars, and the Charter-Agenda update's
phases over time (the growth curve is in `growth`). Pure functions from prepared frames to figures;
every text shown passes through the `_` translator given."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translate, identity
from .style import PALETTE, STAGE_COLOURS, layout


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
