"""One way to put a Plotly figure on a page: offline base maps, no Plotly logo."""

import streamlit as st

from hrcities.figures import TOPOJSON_URL

PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True}


def show(fig, key: str, summary: str | None = None, **kwargs):
    """Render `fig` with the shipped topojson and an optional one-line text summary below it."""
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", **kwargs)
    if summary:
        st.caption(summary)
    return event
