"""The sidebar filters: rendered by the router on every page, so they persist between pages."""

import pandas as pd
import streamlit as st

from hrcities import record
from hrcities.filters import FILTER_SPECS, Filters, options_view, practices_view, territories_view
from hrcities.load import Campaign

from . import state
from .state import tr

KEY_PREFIX = "filter_"


def _reset() -> None:
    for spec in FILTER_SPECS:
        st.session_state[KEY_PREFIX + spec.key] = []


def choose(key: str, value: str) -> None:
    """Add `value` to the sidebar filter `key` (a button's callback: before the sidebar is drawn)."""
    chosen = list(st.session_state.get(KEY_PREFIX + key, []))
    if value not in chosen:
        st.session_state[KEY_PREFIX + key] = [*chosen, value]
    st.session_state["practice_query"] = ""


def render_filters(c: Campaign) -> Filters:
    """Draw the filters in the sidebar and return the current selection."""
    _ = tr()
    options = options_view(c)
    chosen = {}
    with st.sidebar:
        st.header(_("Filters"))
        for spec in FILTER_SPECS:
            pairs = options[spec.key]
            labels = {value: label for value, label in pairs}
            chosen[spec.key] = tuple(
                st.multiselect(
                    _(spec.label),
                    [value for value, _label in pairs],
                    format_func=lambda v, labels=labels: _(str(labels.get(v, v))),
                    key=KEY_PREFIX + spec.key,
                    placeholder=_("All"),
                )
            )
        st.button(_("Clear filters"), on_click=_reset, key="filter_reset", width="stretch")
    return Filters(**chosen)


def current_filters() -> Filters:
    """The selection the sidebar holds now (for pages, after the router drew it)."""
    return Filters(
        **{spec.key: tuple(st.session_state.get(KEY_PREFIX + spec.key, [])) for spec in FILTER_SPECS}
    )


def _remove(key: str, value: object) -> None:
    st.session_state[KEY_PREFIX + key] = [v for v in st.session_state.get(KEY_PREFIX + key, []) if v != value]


def filter_note(selection: Filters) -> None:
    """The active filters as chips above the page, each with a button that removes it, and a
    'Clear filters': numbers are read right, and a filter is undone where it shows."""
    _ = tr()
    if not selection.active():
        return
    chips = record.filter_chips(state.shown_campaign(), selection, state.language())
    with st.container(horizontal=True, key="filter_chips", vertical_alignment="center"):
        st.caption(_("Filtered view: sidebar filters are on."))
        for key, value, label in chips:
            st.button(
                label,
                key=f"chip_{key}_{value}",
                icon=":material/close:",
                icon_position="right",
                type="tertiary",
                help=_("Remove this filter"),
                on_click=_remove,
                args=(key, value),
            )
        st.button(_("Clear filters"), key="chip_clear", type="tertiary", on_click=_reset)


def current_view(c: Campaign) -> tuple[Filters, pd.DataFrame, pd.DataFrame]:
    """The selection and the territories and practices it keeps."""
    selection = current_filters()
    return selection, territories_view(c, selection), practices_view(c, selection)
