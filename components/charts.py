"""One way to put a Plotly figure on a page: offline base maps, no Plotly logo, and for every chart
a one-sentence text summary (also the chart's accessible name) and a data-table twin, so that what the
chart shows can be read without seeing it. The table and the summary are built by
`hrcities.figures.table`; this module only renders them."""

import streamlit as st

from hrcities.figures import TOPOJSON_URL
from hrcities.figures.table import chart_data, default_summary

from .state import language, tr

# No Plotly toolbar: on a phone it covered every chart title, and what it offers is at hand without it
# (drag and scroll to move and zoom a map, the "Data table" below each chart, Streamlit's full screen).
PLOTLY_CONFIG = {
    "topojsonURL": TOPOJSON_URL,
    "displaylogo": False,
    "responsive": True,
    "displayModeBar": False,
}


def show(fig, key: str, summary: str | None = None, **kwargs):
    """Render `fig` with the shipped topojson, a one-sentence summary below it (the page's, else one
    built from the figure) that is also the chart's accessible name, and a "Data table" expander
    holding the figure's data. The table is built and sent only once the expander is opened: with
    thousands of points, a closed table on every chart made each page load and filter change slower."""
    _, lang = tr(), language()
    data = None
    if summary is None:
        data = chart_data(fig, _)
        summary = default_summary(fig, data, _, lang)
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", alt=summary, **kwargs)
    st.caption(summary)
    twin = st.expander(_("Data table"), key=f"{key}__twin", on_change="rerun")
    if twin.open:
        data = data or chart_data(fig, _)
        with twin:
            if len(data.table):
                st.dataframe(
                    data.table,
                    hide_index=True,
                    width="stretch",
                    key=f"{key}__table",
                    alt=fig.layout.title.text or summary,
                    column_config={c: st.column_config.NumberColumn(format="percent") for c in data.percent},
                )
            else:
                st.caption(_("No data in this view."))
    return event
