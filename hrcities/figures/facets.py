"""Practices counted: per right (bars and a heatmap by region) and per facet value (themes, groups).
Pure functions from prepared frames to figures; every text shown passes through `_`."""

import pandas as pd
import plotly.graph_objects as go

from ..i18n import Translate, identity
from .style import PALETTE, layout


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
    return layout(
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
    return layout(fig, _("Coverage of rights by region"), height=max(420, 30 * len(right_labels) + 140))


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
    return layout(fig, title, height=max(260, 30 * len(shown) + 110))
