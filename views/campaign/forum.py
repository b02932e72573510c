"""Forum: the WHRCF 2023 campaign session: panel, messages, actions and quotes."""

from datetime import date

import streamlit as st

from components import nav, state
from components.content import localized, note, plain, show
from components.sources import show_sources
from components.text import md_escape
from hrcities import i18n
from views.templates.city import show_quote

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
session = c.session

st.title(_("Forum: WHRCF 2023"))
SID = session["id"]
st.subheader(md_escape(localized("session", SID, "title", session["title"]).text))
st.caption(
    f"{md_escape(session['forum'])} · {i18n.fmt_date(date.fromisoformat(session['date']), lang)}"
    f" · {md_escape(session['time'])} · " + _("Theme") + f": {md_escape(_(session['forum_theme']))}"
)

st.markdown("**" + _("Aim of the session") + "**")
show(localized("session", SID, "aim", session["aim"]))

left, right = st.columns(2)
with left:
    st.markdown("### " + _("Key messages"))
    for number, message in enumerate(session["messages"], start=1):
        st.markdown(f"{number}\\. " + plain(localized("session", SID, f"messages.{number - 1}", message)))
with right:
    st.markdown("### " + _("Committed actions"))
    for number, action in enumerate(session["actions"], start=1):
        st.markdown(f"{number}\\. " + plain(localized("session", SID, f"actions.{number - 1}", action)))
    st.markdown("### " + _("Towards the next forum"))
    show(localized("session", SID, "next_forum", session["next_forum"]))

st.markdown("### " + _("Panel"))
roles = [localized("session", SID, "moderator.role", session["moderator"]["role"])]
st.caption(_("Moderator") + f": {md_escape(session['moderator']['name'])}, {md_escape(roles[0].text)}")
for member in sorted(session["panel"], key=lambda m: m["order"]):
    role = localized("session", SID, f"panel.{member['order']}.role", member["role"])
    place = localized("session", SID, f"panel.{member['order']}.organisation", member["organisation"])
    roles += [role, place]
    cols = st.columns([3, 5, 2])
    cols[0].markdown(f"**{md_escape(member['name'])}**")
    cols[1].markdown(md_escape(f"{role.text}, {place.text}"))
    nav.city_link(
        cols[2], member.get("territory_id", ""), c, label=_("City page"), icon=":material/arrow_forward:"
    )
label = next((note(r) for r in roles if note(r)), None)  # one label for the whole panel
if label:
    st.caption(_("Roles and organisations: {label}").format(label=label))

st.markdown("### " + _("Quotes"))
for quote in session["quotes"]:
    show_quote(quote)

show_sources(c, session["sources"], _("Sources"))
