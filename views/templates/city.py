"""The page of one practice city: a template registered once per territory with practices."""

import streamlit as st

from components import charts, nav, state
from components.cards import paged, practice_card
from components.content import language_name, localized, note, plain, show
from components.profile import stage_line
from components.sources import show_sources
from components.text import md_escape
from hrcities import figures, record


def render(territory_id: str) -> None:
    """Draw the page of `territory_id`."""
    _ = state.tr()
    c = state.shown_campaign()
    t = c.territories.set_index("id").loc[territory_id]
    practices = c.practices[c.practices["territory_id"] == territory_id]

    st.title(md_escape(t["name"]))
    st.caption(
        f"{md_escape(t['local_name'])} · {md_escape(_(t['kind']))} · "
        f"{md_escape(t['country'])} · {md_escape(_(t['region_label']))}"
    )
    if isinstance(t["context"], str):
        show(localized("territories", territory_id, "context", t["context"]))

    left, right = st.columns([3, 2])
    with right:
        ladder = c.stages.sort_values("order")
        st.markdown("**" + _("Stage on the campaign ladder") + "**")
        st.markdown(
            "\n".join(
                f"- **➤ {md_escape(_(s.label))}**" if s.id == t["stage"] else f"- {md_escape(_(s.label))}"
                for s in ladder.itertuples()
            )
        )
        st.markdown(
            "\n".join(
                f"- **{md_escape(k)}**: {md_escape(v)}"
                for k, v in record.territory_facts(c, t, state.language())[1:]
            )
        )
        notes = (
            localized("territories", territory_id, "notes", t["notes"])
            if isinstance(t["notes"], str)
            else None
        )
        st.caption(stage_line(c, t) + (" · " + plain(notes) if notes else ""))
        if not t["is_member"]:
            st.info(_("Not counted toward 10 / 100 / 1000: campaign membership was not found in any source."))
        if t.notna()["latitude"]:
            one = c.territories[c.territories["id"] == territory_id]
            categories = c.stages.sort_values("order")
            fig = figures.territory_points(
                one,
                "stage",
                categories,
                _,
                focus=(float(t["latitude"]), float(t["longitude"])),
                scale=3.0,
                title=_("Location"),
            )
            fig.update_layout(height=340, showlegend=False)
            charts.show(
                fig,
                key=f"city_map_{territory_id}",
                summary=_("{name} on the world map: {country}, {region}.").format(
                    name=t["name"], country=t["country"], region=_(t["region_label"])
                ),
            )

    with left:
        st.subheader(_("Practices") + f" ({len(practices)})")
        for practice in paged(practices, key=f"city_page_{territory_id}").itertuples():
            practice_card(c, practice, show_place=False, key=practice.id)

    quotes = [q for q in c.session.get("quotes", []) if q.get("territory_id") == territory_id]
    if quotes:
        st.subheader(_("In their words"))
        for quote in quotes:
            show_quote(quote)

    peers = state.peers_of(c, territory_id)
    st.subheader(_("Peers working on the same rights and themes"))
    if peers.empty:
        st.caption(_("No other territory shares a right or theme yet."))
    rights = c.rights.set_index("id")["title_en"]
    themes = c.themes.set_index("id")["label"]
    for peer in peers.itertuples():
        shared = [_(rights.get(r, r)) for r in peer.shared_rights] + [
            _(themes.get(x, x)) for x in peer.shared_themes
        ]
        cols = st.columns([2, 5])
        if not nav.city_link(cols[0], peer.id, c, label=md_escape(f"{peer.name} ({peer.country})")):
            cols[0].write(f"{peer.name} ({peer.country})")
        cols[1].caption(_("Shares") + ": " + "; ".join(md_escape(s) for s in shared))

    show_sources(
        c, list(dict.fromkeys(t["sources"] + [s for p in practices["sources"] for s in p])), _("Sources")
    )


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
