"""Sources under each record: titled links, with the status of the claim."""

import streamlit as st

from hrcities.load import Campaign

from .text import md_escape, md_link


def source_lines(c: Campaign, ids: list[str]) -> list[str]:
    """One Markdown line per source id: linked title, publisher and date."""
    table = c.indexed("sources")
    lines = []
    for source_id in ids:
        if source_id not in table.index:
            continue
        row = table.loc[source_id]
        extra = ", ".join(md_escape(v) for v in (row["publisher"], row["published"]) if isinstance(v, str))
        lines.append(f"- {md_link(row['title'], row['url'])}" + (f" · {extra}" if extra else ""))
    return lines


def show_sources(c: Campaign, ids: list[str], label: str) -> None:
    """An expander listing the sources."""
    with st.expander(f"{label} ({len(ids)})"):
        st.markdown("\n".join(source_lines(c, ids)) or "—")
