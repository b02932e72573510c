"""Cities propose a practice (or an update of their profile). Stored for review, never published
until a coordinator approves it."""

import sqlalchemy as sa
import streamlit as st

from components import auth as auth_ui
from components import state
from hrcities import moderation
from hrcities.i18n import say
from hrcities.labels import column_label
from hrcities.store import StoreError
from hrcities.store import submissions as subs
from hrcities.viewmodels.propose import proposal_choices

_ = state.tr()
st.title(_("Propose a practice"))
st.markdown(
    _(
        "Is your city or territory doing something for human rights that peers could learn "
        "from? Tell the campaign team. Your proposal is reviewed by a coordinator before "
        "anything is published; your contact details are never shown."
    )
)

if st.session_state.pop("proposal_sent", None):
    st.success(_("Thank you! Your proposal was received and waits for review."))

choices = proposal_choices(state.shown_campaign())
names, labels = choices.names, choices.labels
kind = st.radio(
    _("What do you want to send?"),
    list(moderation.KINDS),
    horizontal=True,
    format_func=lambda k: {"practice": _("A practice"), "profile": _("An update of our profile")}[k],
)
form_number = st.session_state.setdefault("proposal_form", 0)
with st.form(f"proposal_{form_number}"):
    territory = st.selectbox(
        _("Your city or territory"),
        ["", *names],
        key="p_territory",
        format_func=lambda v: names.get(v, _("Not listed yet")),
    )
    cols = st.columns(2)
    form = {
        "territory_id": territory or None,
        "territory_name": cols[0].text_input(_("Name of the city or territory *"), max_chars=120),
        "country": cols[1].text_input(_("Country *"), max_chars=80),
        "contact_name": cols[0].text_input(_("Your name *"), max_chars=120),
        "contact_email": cols[1].text_input(_("Your e-mail (never published) *"), max_chars=200),
    }
    if kind == "practice":
        form["title"] = st.text_input(_("Title of the practice *"), max_chars=200)
        form["summary"] = st.text_area(_("What it does, for whom, since when *"), max_chars=1500)
        form["themes"] = st.multiselect(
            _("Themes"), list(labels["themes"]), format_func=lambda v: _(labels["themes"][v])
        )
        form["target_groups"] = st.multiselect(
            _("Groups it serves"),
            list(labels["target_groups"]),
            format_func=lambda v: _(labels["target_groups"][v]),
        )
        form["rights"] = st.multiselect(
            _("Rights"), list(labels["rights"]), format_func=lambda v: _(labels["rights"][v])
        )
        form["start_year"] = st.text_input(_("Year it started"), max_chars=4)
        form["original_lang"] = st.selectbox(_("Language of your text"), list(moderation.LANGS))
    else:
        form["context"] = st.text_area(_("What the campaign should say about you"), max_chars=1000)
        form["local_name"] = st.text_input(_("Name in the local language"), max_chars=120)
        form["population"] = st.text_input(_("Population"), max_chars=12)
    form["source_url"] = st.text_input(_("A web page about it (optional)"), max_chars=500)
    submitted = st.form_submit_button(_("Send for review"), type="primary")

if submitted:
    values, problems = moderation.check_submission(kind, form, choices.known, state.today().year)
    if problems:
        st.error(_("Please correct these fields; nothing was sent yet."))
        st.dataframe(
            [{_("Field"): column_label(k, _), _("Problem"): say(v, _)} for k, v in problems.items()],
            hide_index=True,
            width="stretch",
        )
    else:
        try:
            subs.submit(state.store(), kind, values, auth_ui.client_key())
        except StoreError as error:
            st.error(say(error.message, _))
        except sa.exc.SQLAlchemyError:
            st.error(
                _(
                    "The campaign database cannot be reached right now, so your proposal was not "
                    "sent. Please try again in a moment."
                )
            )
        else:
            st.session_state["proposal_sent"] = True
            st.session_state["proposal_form"] = form_number + 1
            st.rerun()
