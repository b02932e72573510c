"""Forum pack: from the current view (language and filters), the deck, PDF briefs, chart images and
tables, prepared on the server without internet (`hrcities.forum_pack`)."""

import streamlit as st

from components import picker, sidebar, state, urlstate
from components.text import md_escape
from hrcities import forum_pack, metrics, presenter

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
today = state.today()
selection, territories, practices = sidebar.current_view(c)
# the deck links to presenter mode of this view, on the deployment's public address when it is set
view_url = presenter.view_address(
    str(st.context.url or "").rsplit("/", 1)[0] + "/" + presenter.PAGE,
    urlstate.current_query(presenter.PAGE),
    presenter.public_base(),
).url

st.title(_("Forum pack"))
sidebar.filter_note(selection)
st.markdown(
    _(
        "Everything a presenter takes to a forum, made from this view ({territories} territories, "
        "{practices} practices) in the language chosen in the sidebar. Files are made on this "
        "server, without internet."
    ).format(territories=len(territories), practices=len(practices))
)

# What this session prepared, kept with it; "files" (name -> bytes) is what tests read back.
pack = (st.session_state.get("forum_pack") or {}).get("contents")
if pack is not None and pack.key != forum_pack.pack_key(c, selection, lang, today, view_url):
    pack = None  # the view changed since: prepare again

if st.button(_("Prepare the forum pack"), type="primary", key="pack_prepare"):
    bar = st.progress(0.0, text=_("Preparing the forum pack…"))
    pack = forum_pack.pack_contents(
        c,
        territories,
        practices,
        lang,
        today,
        view_url,
        selection,
        progress=lambda done: bar.progress(done, text=_("Preparing the forum pack…")),
    )
    bar.progress(1.0, text=_("Done."))
    bar.empty()
    st.session_state["forum_pack"] = {"contents": pack, "files": pack.by_name()}

LABELS = {
    "pptx": _("Slide deck (PPTX)"),
    "pdf": _("Campaign overview (PDF)"),
    "xlsx": _("Tables (XLSX)"),
    "zip": _("Tables (CSV, zip)"),
}

if pack is not None:
    for problem in pack.problems:
        st.warning(md_escape(problem))
    st.download_button(
        _("Everything (zip)"),
        pack.zip_data,
        file_name=pack.zip_name,
        mime="application/zip",
        on_click="ignore",
        key="pack_all",
        type="primary",
    )
    cols = st.columns(4)
    for number, file in enumerate(pack.documents):
        cols[number % 4].download_button(
            LABELS[file.kind],
            file.data,
            file_name=file.name,
            mime=file.mime,
            on_click="ignore",
            key=f"pack_{file.name}",
        )
    if pack.charts:
        st.markdown("**" + _("Charts as images (title, legend, source and date included)") + "**")
        cols = st.columns(4)
        for number, file in enumerate(pack.charts):
            cols[number % 4].download_button(
                file.name,
                file.data,
                file_name=file.name,
                mime=file.mime,
                on_click="ignore",
                key=f"pack_{file.name}",
            )

st.subheader(_("A brief of one city"))
places = metrics.territories_with_practices(c.practices, c.territories)
choice = picker.pick_one(
    st,
    _("City or territory"),
    places.set_index("id")["name"],
    key="pack_city",
    placeholder=_("Type a name…"),
    first=True,
)
if choice:
    st.download_button(
        _("City brief (PDF)"),
        lambda: forum_pack.city_brief_pdf(c, choice, lang, today),
        file_name=f"hrcities-{choice}-{lang}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="pack_city_pdf",
    )
st.markdown(_("The deck's QR code and links open the presenter mode of this same view: {url}").format(url=""))
st.code(view_url, language=None, wrap_lines=True)
