"""A territory's profile card: who it is, where it stands, and on what evidence."""

import pandas as pd
import streamlit as st

from hrcities import record
from hrcities.load import Campaign

from . import nav
from .content import localized, plain
from .sources import source_lines
from .state import language, tr
from .text import md_escape


def stage_line(c: Campaign, territory: pd.Series) -> str:
    """'Member (confirmed)' style text for a territory's stage."""
    _ = tr()
    label = c.labels("stages")[territory["stage"]]
    return f"{_(label)} ({_(territory['stage_status'])})"


def show_profile(c: Campaign, territory_id: str) -> None:
    """The profile card of one territory, with a link to its city page when it has one."""
    _ = tr()
    t = c.indexed("territories").loc[territory_id]
    with st.container(border=True):
        st.subheader(md_escape(t["name"]))
        facts = [
            (_("Local name"), t["local_name"]),
            (_("Kind"), _(t["kind"])),
            (_("Country"), t["country"]),
            (_("UCLG region"), _(t["region_label"])),
            *record.territory_facts(c, t, language()),
        ]
        st.markdown(
            "\n".join(f"- **{md_escape(k)}**: {md_escape(v)}" for k, v in facts if isinstance(v, str) and v)
        )
        if isinstance(t["notes"], str):
            st.caption(plain(localized("territories", territory_id, "notes", t["notes"])))
        nav.city_link(st, territory_id, c, label=_("Open the city page"), icon=":material/arrow_forward:")
        st.markdown("**" + _("Sources") + "**\n" + "\n".join(source_lines(c, t["sources"])))
