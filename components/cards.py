"""Practice cards: title, place, summary, rights, groups, themes and sources."""

import pandas as pd
import streamlit as st

from hrcities.load import Campaign

from . import nav
from .content import localized, note, show
from .sources import source_lines
from .state import tr
from .text import md_escape


def _labels(c: Campaign, table: str, ids: list[str], column: str = "label") -> list[str]:
    lookup = c.labels(table, column)
    return [lookup.get(i, i) for i in ids]


CARDS_PER_PAGE = 10  # a page of search results; thirty cards made each filter change slow to redraw


def paged(rows: pd.DataFrame, key: str, per_page: int = CARDS_PER_PAGE) -> pd.DataFrame:
    """The rows of the page of results the viewer picked (a number box appears above `per_page` rows):
    thousands of cards would take the browser minutes to draw."""
    if len(rows) <= per_page:
        return rows
    _ = tr()
    pages = -(-len(rows) // per_page)
    if st.session_state.get(key, 1) > pages:  # fewer results since: the last page
        st.session_state[key] = pages
    number = st.number_input(_("Page of results"), min_value=1, max_value=pages, step=1, key=key)
    shown = rows.iloc[(number - 1) * per_page : number * per_page]
    st.caption(
        _("Page {page} of {pages}: results {first} to {last}.").format(
            page=number,
            pages=pages,
            first=(number - 1) * per_page + 1,
            last=(number - 1) * per_page + len(shown),
        )
    )
    return shown


def _turn(key: str, step: int, pages: int) -> None:
    st.session_state[key] = min(max(1, int(st.session_state.get(key, 1)) + step), pages)


def pager_below(rows: pd.DataFrame, key: str, per_page: int = CARDS_PER_PAGE) -> None:
    """'Previous page' and 'Next page' below a page of results (the number box is above)."""
    pages = -(-len(rows) // per_page)
    if pages <= 1:
        return
    _ = tr()
    number = int(st.session_state.get(key, 1))
    with st.container(horizontal=True, horizontal_alignment="center", key=f"{key}_below"):
        st.button(
            _("Previous page"),
            key=f"{key}_previous",
            icon=":material/arrow_back:",
            disabled=number <= 1,
            on_click=_turn,
            args=(key, -1, pages),
        )
        st.caption(_("Page {page} of {pages}").format(page=number, pages=pages))
        st.button(
            _("Next page"),
            key=f"{key}_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            disabled=number >= pages,
            on_click=_turn,
            args=(key, 1, pages),
        )


def card_grid(rows: pd.DataFrame, draw, columns: int = 2) -> None:
    """`draw(row)` for each row, `columns` to a row of the grid, in reading order (on a phone the
    columns stack, so the cards keep their order)."""
    items = list(rows.itertuples())
    for start in range(0, len(items), columns):
        for column, item in zip(
            st.columns(columns, gap="medium"), items[start : start + columns], strict=False
        ):
            with column:
                draw(item)


def practice_card(
    c: Campaign, practice, show_place: bool = True, key: str = "", why: str | None = None
) -> None:
    """One practice in a bordered box; `why` says what a search found in it."""
    _ = tr()
    territory = c.indexed("territories").loc[practice.territory_id]
    with st.container(border=True):
        title = localized("practices", practice.id, "title", practice.title)
        st.markdown(f"#### {md_escape(title.text)}")
        if isinstance(practice.original_title, str) and practice.original_title != title.text:
            st.caption(f"{md_escape(practice.original_title)} ({md_escape(practice.original_lang)})")
        elif note(title) and not isinstance(practice.original_title, str):
            st.caption(note(title))
        meta = []
        if show_place:
            meta.append(f"{md_escape(territory['name'])}, {md_escape(territory['country'])}")
        start = practice.start_year
        if not pd.isna(start):
            meta.append(
                _("since {year}").format(year=int(start))
                + ("" if practice.start_status == "confirmed" else f" ({_(practice.start_status)})")
            )
        if practice.status != "unknown":  # a status only where the source says one
            meta.append(_(practice.status))
        st.markdown(" · ".join(meta))
        if why:
            st.caption(md_escape(why))
        show(localized("practices", practice.id, "summary", practice.summary))
        rights = _labels(c, "rights", practice.rights, "title_en")
        st.caption(_("Rights, groups, themes and SDGs: the dashboard editors' classification."))
        st.markdown("**" + _("Rights") + ":** " + "; ".join(md_escape(_(r)) for r in rights))
        st.markdown(
            "**"
            + _("Groups")
            + ":** "
            + "; ".join(md_escape(_(g)) for g in _labels(c, "target_groups", practice.target_groups))
            + "  \n**"
            + _("Themes")
            + ":** "
            + "; ".join(md_escape(_(t)) for t in _labels(c, "themes", practice.themes))
        )
        if practice.sdgs:
            st.caption(_("SDGs (editors' classification)") + ": " + ", ".join(practice.sdgs))
        if show_place:
            label = _("More from {city}").format(city=md_escape(territory["name"]))
            nav.city_link(st, practice.territory_id, c, label=label, icon=":material/arrow_forward:")
        with st.expander(_("Sources") + f" ({len(practice.sources)})"):
            st.markdown("\n".join(source_lines(c, practice.sources)))
