"""Tabs of which only the open one is drawn."""

from collections.abc import Callable

import streamlit as st


def lazy_tabs(views: dict[str, Callable[[], None]], key: str) -> None:
    """One tab per label of `views`; only the open tab's function runs (the first on a first visit),
    and picking another tab reruns the page. Every chart a page sends is redrawn by the browser on each
    filter change, seen or not: this keeps the hidden ones out."""
    tabs = st.tabs(list(views), key=key, on_change="rerun")
    index = next((i for i, tab in enumerate(tabs) if tab.open), 0)
    with tabs[index]:
        list(views.values())[index]()
