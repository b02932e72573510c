"""Practice cards: title, place, summary, rights, groups, themes and sources."""

import pandas as pd
import streamlit as st

from hrcities.load import Campaign

from . import nav
from .content import localized, note, show
from .sources import source_lines
from .state import tr
from .text import md_escape


def _labels(table: pd.DataFrame, ids: list[str], column: str = "label") -> list[str]:
    lookup = table.set_index("id")[column]
    return [lookup.get(i, i) for i in ids]


def practice_card(c: Campaign, practice, show_place: bool = True, key: str = "") -> None:
    """One practice in a bordered box."""
    _ = tr()
    territory = c.territories.set_index("id").loc[practice.territory_id]
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
            meta.append(_("since {year}").format(year=int(start))
                        + ("" if practice.start_status == "confirmed"
                           else f" ({_(practice.start_status)})"))
        meta.append(_(practice.status))
        st.markdown(" · ".join(meta))
        show(localized("practices", practice.id, "summary", practice.summary))
        rights = _labels(c.rights, practice.rights, "title_en")
        st.markdown("**" + _("Rights") + ":** " + "; ".join(md_escape(_(r)) for r in rights))
        st.markdown("**" + _("Groups") + ":** "
                    + "; ".join(md_escape(_(g)) for g in _labels(c.target_groups, practice.target_groups))
                    + "  \n**" + _("Themes") + ":** "
                    + "; ".join(md_escape(_(t)) for t in _labels(c.themes, practice.themes)))
        if practice.sdgs:
            st.caption(_("SDGs") + ": " + ", ".join(practice.sdgs))
        page = nav.city_page(practice.territory_id, c)
        if show_place and page is not None:
            st.page_link(page, label=_("More from {city}").format(city=territory["name"]),
                         icon=":material/arrow_forward:")
        with st.expander(_("Sources") + f" ({len(practice.sources)})"):
            st.markdown("\n".join(source_lines(c, practice.sources)))
