"""The view in the URL: restore the session from a shared link, keep the URL in step, a copy-link box.

The rules (what each parameter means, how it is checked) are `hrcities.viewlink`; this module only
moves values between `st.query_params` and `st.session_state`.
"""

import streamlit as st

from hrcities import i18n, viewlink
from hrcities.load import Campaign

from .text import md_escape

WRITTEN = "_url_written"


def _query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params if name in viewlink.BY_NAME}


def restore(c: Campaign) -> None:
    """When the URL carries parameters this session did not write (a shared link, a typed URL),
    put them into the session before any widget is drawn; say what was left out."""
    query = _query()
    if not query or query == st.session_state.get(WRITTEN):
        return
    state, dropped = viewlink.decode(query, viewlink.choices(c))
    for key, value in state.items():
        st.session_state[key] = value
    st.session_state[WRITTEN] = query
    if dropped:
        _ = i18n.translator(str(state.get("lang") or st.session_state.get("lang") or "en"))
        st.warning(
            _("Some parts of this link were not understood and were left out: {parts}.").format(
                parts=md_escape(", ".join(dropped[:10]))
            )
        )


def current_query(page: str) -> dict[str, list[str]]:
    """The parameters that reproduce the view of `page` now."""
    state = {p.key: st.session_state.get(p.key) for p in viewlink.PARAMS}
    return viewlink.encode(state, page)


def write(page: str) -> None:
    """Put the current view into the URL (after the page ran, so the page's own choices count)."""
    query = current_query(page)
    others = {name: st.query_params.get_all(name) for name in st.query_params if name not in viewlink.BY_NAME}
    if _query() != query:
        st.query_params.from_dict({**others, **query})
    st.session_state[WRITTEN] = query


def share_box(page: str, cities: tuple[str, ...] = ()) -> None:
    """A 'copy link' box in the sidebar: the link that reproduces this view."""
    _ = i18n.translator(str(st.session_state.get("lang") or "en"))
    url = viewlink.link(str(st.context.url or ""), current_query(page))
    with st.sidebar.expander(_("Share this view")):
        st.caption(
            _(
                "This link opens this page with the same language, filters and selection. "
                "Copy it with the button at its right."
            )
        )
        st.code(url, language=None, wrap_lines=True)
        light = viewlink.light_link(url, page, str(st.session_state.get("lang") or "en"), cities)
        if light:
            st.caption(_("A light page for phones and link previews (no interactive controls):"))
            st.code(light, language=None, wrap_lines=True)
