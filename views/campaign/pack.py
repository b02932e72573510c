"""Forum pack: from the current view (language and filters), the deck, PDF briefs, chart images and
tables, prepared on the server without internet (`hrcities.forum_pack`)."""

import io
import zipfile

import streamlit as st

from components import picker, sidebar, state, urlstate
from components.text import md_escape
from hrcities import forum_pack, metrics, record, viewlink

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
today = state.today()
selection, territories, practices = sidebar.current_view(c)
sources = forum_pack.view_sources(c, territories, practices)
view_url = viewlink.link(
    str(st.context.url or "").rsplit("/", 1)[0] + "/present", urlstate.current_query("present")
)
signature = (c.version, tuple(sorted(selection.active().items())), lang, today.isoformat())

st.title(_("Forum pack"))
sidebar.filter_note(selection)
st.markdown(
    _(
        "Everything a presenter takes to a forum, made from this view ({territories} territories, "
        "{practices} practices) in the language chosen in the sidebar. Files are made on this "
        "server, without internet."
    ).format(territories=len(territories), practices=len(practices))
)

pack = st.session_state.get("forum_pack")
if pack is not None and pack["signature"] != signature:
    pack = None  # the view changed since: prepare again


def prepare() -> dict:
    files: dict[str, bytes] = {}
    problems: list[str] = []
    bar = st.progress(0.0, text=_("Preparing the forum pack…"))

    def at(start: float, span: float):
        return lambda f: bar.progress(min(1.0, start + span * f), text=_("Preparing the forum pack…"))

    stamp = today.isoformat()
    slides = forum_pack.build_slides(c, territories, practices, lang, today, view_url, selection=selection)
    as_of = record.data_date(c)
    try:
        with forum_pack.image_renderer():
            files[f"hrcities-deck-{lang}-{stamp}.pptx"] = forum_pack.deck_pptx(
                slides, lang, view_url, as_of, progress=at(0.0, 0.45)
            )
            files[f"hrcities-overview-{lang}-{stamp}.pdf"] = forum_pack.overview_pdf(
                c, territories, practices, lang, today, progress=at(0.45, 0.25), selection=selection
            )
            charted = [s for s in slides if s.figure is not None]
            for number, slide in enumerate(charted):
                source_line = " · ".join(
                    x for x in (slide.filter_line, forum_pack.footer_text(slide.sources, as_of, lang)) if x
                )
                for fmt in ("png", "svg"):
                    files[f"chart-{slide.kind.lower()}-{lang}.{fmt}"] = forum_pack.chart_image(
                        slide.figure, fmt, slide.title, source_line, as_of, lang=lang
                    )
                at(0.7, 0.15)((number + 1) / max(1, len(charted)))
    except forum_pack.ExportUnavailable as error:
        problems.append(
            _(
                "Charts could not be drawn on this server: the deck has no chart images, and the "
                "overview and the chart files are missing. {why}"
            ).format(why=str(error))
        )
        files[f"hrcities-deck-{lang}-{stamp}.pptx"] = forum_pack.deck_pptx(
            slides, lang, view_url, as_of, charts=False
        )
    files[f"hrcities-tables-{lang}-{stamp}.xlsx"] = forum_pack.tables_xlsx(
        territories, practices, sources, lang, as_of
    )
    files[f"hrcities-tables-{lang}-{stamp}.zip"] = forum_pack.tables_csv_zip(
        territories, practices, sources, lang, as_of
    )
    bar.progress(1.0, text=_("Done."))
    bar.empty()
    return {"signature": signature, "files": files, "problems": problems}


if st.button(_("Prepare the forum pack"), type="primary", key="pack_prepare"):
    pack = prepare()
    st.session_state["forum_pack"] = pack

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
LABELS = {
    "pptx": _("Slide deck (PPTX)"),
    "pdf": _("Campaign overview (PDF)"),
    "xlsx": _("Tables (XLSX)"),
    "zip": _("Tables (CSV, zip)"),
}

if pack is not None:
    for problem in pack["problems"]:
        st.warning(md_escape(problem))
    files = pack["files"]
    everything = io.BytesIO()
    with zipfile.ZipFile(everything, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    st.download_button(
        _("Everything (zip)"),
        everything.getvalue(),
        file_name=f"hrcities-forum-pack-{lang}.zip",
        mime="application/zip",
        on_click="ignore",
        key="pack_all",
        type="primary",
    )
    cols = st.columns(4)
    main = [name for name in files if name.rsplit(".", 1)[1] in LABELS]
    for number, name in enumerate(main):
        kind = name.rsplit(".", 1)[1]
        cols[number % 4].download_button(
            LABELS[kind], files[name], file_name=name, mime=MIME[kind], on_click="ignore", key=f"pack_{name}"
        )
    charts = [name for name in files if name.startswith("chart-")]
    if charts:
        st.markdown("**" + _("Charts as images (title, legend, source and date included)") + "**")
        cols = st.columns(4)
        for number, name in enumerate(charts):
            cols[number % 4].download_button(
                name,
                files[name],
                file_name=name,
                mime=MIME[name.rsplit(".", 1)[1]],
                on_click="ignore",
                key=f"pack_{name}",
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
