"""The sidebar filters: the router draws those the page follows (`nav.PageRow.filters`), none on a
page that follows none. The selection persists between pages: a filter not drawn keeps its values
(`persist_state="session"`), so the presenter's slides and the next filtered page still follow it."""

import pandas as pd
import streamlit as st

from hrcities import record
from hrcities.filters import FILTER_SPECS, Filters, options_view, practices_view, territories_view
from hrcities.load import Campaign

from . import state
from .state import tr
from .text import md_escape

KEY_PREFIX = "filter_"
SHOWN = "_filters_shown"  # the filter keys this page follows (for its chips)


def _reset() -> None:
    for spec in FILTER_SPECS:
        st.session_state[KEY_PREFIX + spec.key] = []


def choose(key: str, value: str) -> None:
    """Add `value` to the sidebar filter `key` (a button's callback: before the sidebar is drawn)."""
    chosen = list(st.session_state.get(KEY_PREFIX + key, []))
    if value not in chosen:
        st.session_state[KEY_PREFIX + key] = [*chosen, value]
    st.session_state["practice_query"] = ""


def render_filters(c: Campaign, keys: tuple[str, ...]) -> Filters:
    """Draw the filters named by `keys` (the page's, `nav.page_filters`) in the sidebar, nothing when
    there are none, and return the current selection (every filter's, drawn or not)."""
    _ = tr()
    st.session_state[SHOWN] = tuple(keys)
    specs = [spec for spec in FILTER_SPECS if spec.key in set(keys)]
    if specs:
        options = options_view(c)
        with st.sidebar:
            st.header(_("Filters"))
            for spec in specs:
                pairs = options[spec.key]
                labels = {value: label for value, label in pairs}
                st.multiselect(
                    _(spec.label),
                    [value for value, _label in pairs],
                    format_func=lambda v, labels=labels: _(str(labels.get(v, v))),
                    key=KEY_PREFIX + spec.key,
                    placeholder=_("All"),
                    persist_state="session",
                )
            st.button(_("Clear filters"), on_click=_reset, key="filter_reset", width="stretch")
    return current_filters()


def current_filters() -> Filters:
    """The selection the sidebar holds now (for pages, after the router drew it)."""
    return Filters(
        **{spec.key: tuple(st.session_state.get(KEY_PREFIX + spec.key, [])) for spec in FILTER_SPECS}
    )


def _remove(key: str, value: object) -> None:
    st.session_state[KEY_PREFIX + key] = [v for v in st.session_state.get(KEY_PREFIX + key, []) if v != value]


def filter_note(selection: Filters) -> None:
    """The active filters the page follows as chips above the page, each a button that removes its
    value, and a 'Clear filters': numbers are read right, and a filter is undone where it shows.
    A chip's label is the value's in the page's language, escaped (a button label is Markdown)."""
    _ = tr()
    shown = set(st.session_state.get(SHOWN, ()))
    chips = [
        chip
        for chip in record.filter_chips(state.shown_campaign(), selection, state.language())
        if chip[0] in shown
    ]
    if not chips:
        return
    with st.container(horizontal=True, key="filter_chips", vertical_alignment="center"):
        st.caption(_("Filtered view: sidebar filters are on."))
        for key, value, label in chips:
            st.button(
                md_escape(label),
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
