"""What every figure shares: the colours, the font, the base maps' address and the title layout.

Colours come from `PALETTE` (Okabe-Ito, safe for colour-blind viewers; stages never rely on red
against green).
"""

import plotly.graph_objects as go
import plotly.io as pio

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
STAGE_COLOURS = {
    "engaged": "#E69F00",
    "pledged": "#56B4E9",
    "form_sent": "#CC79A7",
    "member": "#0072B2",
    "framework": "#009E73",
}
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=15)
TOPOJSON_URL = "app/static/"  # Plotly.js base maps served by Streamlit's static serving
# Every figure's template, applied once when the figure is serialised: passing template= to each
# figure validated a copy of the whole template every time (about 0.1 s a chart).
pio.templates.default = "plotly_white"


def layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    """`fig` with its title at the left, the shared font and margins, and the legend above it."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        height=height,
        font=FONT,
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"),
    )
    return fig
