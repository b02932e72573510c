"""The page of one practice city: a template registered once per territory with practices."""

import streamlit as st

from components import charts, nav, state
from components.cards import paged, practice_card
from components.content import language_name, localized, note, plain, show
from components.sources import show_sources
from components.text import md_escape
from hrcities.viewmodels.city import city_view

from . import not_found


def render(territory_id: str) -> None:
    """Draw the page of `territory_id` (a friendly notice when it has none)."""
    _ = state.tr()
    c = state.shown_campaign()
    view = city_view(c, territory_id, state.language(), base=state.campaign())
    if view is None:  # /city?territory=<unknown>, or a territory without practices
        not_found.render(territory_id)
        return
    t = view.territory

    st.title(md_escape(t["name"]))
    st.caption(md_escape(view.subtitle))
    if isinstance(t["context"], str):
        show(localized("territories", territory_id, "context", t["context"]))

    left, right = st.columns([3, 2])
    with right:
        st.markdown("**" + _("Stage on the campaign ladder") + "**")
        st.markdown(
            "\n".join(
                f"- **➤ {md_escape(label)}**" if here else f"- {md_escape(label)}"
                for label, here in view.ladder
            )
        )
        st.markdown("\n".join(f"- **{md_escape(k)}**: {md_escape(v)}" for k, v in view.facts))
        notes = (
            localized("territories", territory_id, "notes", t["notes"])
            if isinstance(t["notes"], str)
            else None
        )
        st.caption(md_escape(view.stage_line) + (" · " + plain(notes) if notes else ""))
        if not view.is_member:
            st.info(_("Not counted toward 10 / 100 / 1000: campaign membership was not found in any source."))
        if view.has_location:
            charts.show(view.location_figure, key=f"city_map_{territory_id}", summary=view.location_summary)

    with left:
        st.subheader(_("Practices") + f" ({len(view.practices)})")
        for practice in paged(view.practices, key=f"city_page_{territory_id}").itertuples():
            practice_card(c, practice, show_place=False, key=practice.id)

    if view.quotes:
        st.subheader(_("In their words"))
        for quote in view.quotes:
            show_quote(quote)

    st.subheader(_("Cities like this one: peers working on the same rights, themes and groups"))
    if not view.peers:
        st.caption(_("No other territory shares a right or theme yet."))
    for peer in view.peers:
        cols = st.columns([2, 5])
        label = md_escape(f"{peer.name} ({peer.country})")  # a link's label is Markdown
        if not nav.city_link(cols[0], peer.id, c, label=label):
            cols[0].write(f"{peer.name} ({peer.country})")
        alike = "".join(f" · {md_escape(a)}" for a in peer.alike)
        cols[1].caption(_("Shares") + ": " + "; ".join(md_escape(s) for s in peer.shared) + alike)

    show_sources(c, list(view.sources), _("Sources"))


def show_quote(quote: dict) -> None:
    """A verbatim quote with speaker and language, and a translation beside it when the viewer reads
    another language (a missing translation is said, never invented)."""
    _ = state.tr()
    lang = state.language()
    with st.container(border=True):
        words, beside = st.columns(2) if quote["lang"] != lang else (st.container(), None)
        words.markdown(f"> {md_escape(quote['text'])}")
        role = localized("quotes", quote.get("id", ""), "role", quote.get("role", ""))
        words.caption(
            f"— {md_escape(quote['speaker'])}, {md_escape(role.text)} · "
            + _("original language")
            + f": {md_escape(quote['lang'])}"
            + f" ({md_escape(language_name(quote['lang'], lang))})"
        )
        if beside is None:
            return
        translated = localized("quotes", quote.get("id", ""), "text", quote["text"], quote["lang"])
        if translated.is_fallback:
            beside.caption(note(translated))
        else:
            beside.markdown(f"*{md_escape(translated.text)}*")
            beside.caption(note(translated) or "")
