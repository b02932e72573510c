"""Presenter mode: the campaign on a forum screen, one slide at a time, large and high-contrast.

The slides are those of the current view (language and sidebar filters) from
`hrcities.forum_pack.slides_for`, the same ones the forum pack's PPTX deck holds. Next / previous, an
optional auto-advance, no editing control; the sidebar is hidden while presenting. Works offline like
every page.
"""

import time

import plotly.graph_objects as go
import streamlit as st

from components import charts, sidebar, state, urlstate
from components.content import localized, note
from components.text import md_escape
from hrcities import forum_pack, viewlink

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
selection, territories, practices = sidebar.current_view(c)
KEY = "present_slide"

# Large type, high contrast, no sidebar or header: our own fixed stylesheet (no user text in it). The
# page's parts sit in keyed containers, which Streamlit gives the class `st-key-<key>`; notes (the
# slide's position, its secondary lines, its sources) sit in `present-note-<role>` containers (`aside`).
st.html("""<style>
/* Streamlit's own chrome is outside our containers: its element classes hide it and paint the page. */
.stSidebar, .stAppHeader { display: none !important; }
.stApp, .stMain { background: #000 !important; color: #fff !important; }
.stMain .stMainBlockContainer { padding-top: 1rem; max-width: 100%; }
.st-key-present-controls p, .st-key-present-slide p, .st-key-present-slide li,
.st-key-present-slide blockquote { font-size: 1.6rem; line-height: 1.45; color: #fff; }
.st-key-present-slide h1 { font-size: 3rem; color: #fff; }
.st-key-present-slide h2, .st-key-present-slide h3 { font-size: 2.3rem; color: #fff; }
[class*="st-key-present-note-"] p, .st-key-present-chart p {
  font-size: 1.2rem !important; color: #e6e6e6 !important; }
.st-key-present-chart summary p { font-size: 1.6rem !important; color: #fff !important; }
.st-key-present-number p { font-size: 9rem !important; line-height: 1.05 !important; color: #fff !important; }
.st-key-present-number label p { font-size: 1.8rem !important; line-height: 1.45 !important; }
.st-key-present-milestones p { font-size: 1.4rem; color: #fff; }
.st-key-present-controls button[kind="secondary"] { background: #1a1a1a !important; color: #fff !important;
  border: 1px solid #fff !important; }
.st-key-present-controls a, .st-key-present-controls a span { color: #fff !important; }
.st-key-present-controls button p { font-size: 1.3rem; }
</style>""")

page_url = str(st.context.url or "")
view_url = viewlink.link(page_url, urlstate.current_query("present"))
slides = forum_pack.slides_for(c, territories, practices, lang, state.today(), view_url, selection)
count = len(slides)
st.session_state[KEY] = min(max(0, int(st.session_state.get(KEY) or 0)), count - 1)


def step(by: int) -> None:
    st.session_state[KEY] = (int(st.session_state.get(KEY) or 0) + by) % count
    st.session_state["present_last_step"] = time.monotonic()


def styled(fig):
    """The slide's figure for a dark projector screen: white type, large, dark background."""
    fig = go.Figure(fig)
    fig.update_layout(
        paper_bgcolor="#000",
        plot_bgcolor="#000",
        font={"color": "#fff", "size": 20},
        height=600,
        title=None,
        margin={"l": 20, "r": 20, "t": 20, "b": 20},
        legend={"font": {"size": 18, "color": "#fff"}},
    )
    fig.update_xaxes(gridcolor="#444", linecolor="#888")
    fig.update_yaxes(gridcolor="#444", linecolor="#888")
    fig.update_geos(
        bgcolor="#000",
        landcolor="#3a3a3a",
        countrycolor="#9a9a9a",
        coastlinecolor="#9a9a9a",
        showocean=True,
        oceancolor="#0b1a2a",
    )
    return fig


def aside(role: str, *lines: str, where=st) -> None:
    """Secondary lines (the slide's position, notes, sources) as captions in a `present-note-<role>`
    container, which the stylesheet sets in the notes' type; a role is used once per slide."""
    box = where.container(key=f"present-note-{role}")
    for line in lines:
        box.caption(line)


def show_counter(slide: forum_pack.Slide) -> None:
    st.container(key="present-number").metric(slide.subtitle, slide.big_number)
    if slide.milestones:
        with st.container(key="present-milestones"):
            for mark in slide.milestones:
                st.progress(mark.share, text=f"{mark.label}: {mark.status}")
    if slide.lines[1:]:  # the first says the big number again
        aside("lines", *(md_escape(line) for line in slide.lines[1:]))


def show_spotlight(slide: forum_pack.Slide) -> None:
    spot = slide.spotlight
    summary = localized("practices", spot.practice_id, "summary", spot.summary)
    st.markdown("### " + md_escape(spot.title))
    st.markdown("**" + md_escape(spot.place) + "**")
    st.markdown(md_escape(spot.summary))
    label = note(summary)
    if label:
        aside("translation", label)
    if spot.rights:
        st.markdown("**" + _("Rights") + ":** " + "; ".join(md_escape(r) for r in spot.rights))


def show_quote(slide: forum_pack.Slide) -> None:
    quote = slide.quote
    words, beside = st.columns(2) if quote.lang != lang else (st.container(), None)
    words.markdown("> " + md_escape(quote.text))
    aside(
        "speaker",
        f"— {md_escape(quote.speaker)}, {md_escape(quote.role)} · "
        + _("original language")
        + f": {md_escape(quote.lang)}",
        where=words,
    )
    if beside is not None and quote.translation:
        beside.markdown("*" + md_escape(quote.translation) + "*")
        aside("translation", md_escape(quote.translation_note or ""), where=beside)
    aside("session", md_escape(slide.subtitle))


def show_closing(slide: forum_pack.Slide) -> None:
    left, right = st.columns([3, 2])
    left.markdown(md_escape(slide.lines[0]))
    if slide.url:
        left.code(slide.url, language=None, wrap_lines=True)
        qr = right.container(key="present-note-qr")  # its caption in the notes' type
        qr.image(forum_pack.qr_png(slide.url), width=320, caption=_("QR code of this view"))


def show_slide(slide: forum_pack.Slide, number: int) -> None:
    st.title(md_escape(slide.title))
    if slide.kind == forum_pack.COUNTER:
        show_counter(slide)
    elif slide.figure is not None:
        with st.container(key="present-chart"):  # the chart's summary in the notes' type
            charts.show(styled(slide.figure), key=f"present_chart_{number}", summary=" ".join(slide.lines))
    elif slide.kind == forum_pack.SPOTLIGHT and slide.spotlight is not None:
        show_spotlight(slide)
    elif slide.kind == forum_pack.QUOTE and slide.quote is not None:
        show_quote(slide)
    else:  # closing: the link back to this view, as text and as a QR code
        show_closing(slide)
    if slide.filter_line:  # a filtered view says so on every slide
        st.markdown("**" + md_escape(slide.filter_line) + "**")
    aside("sources", md_escape(forum_pack.footer_text(slide.sources, slide.data_date, lang)))


controls = st.container(key="present-controls").columns([1, 1, 2, 2, 2])
controls[0].button(
    _("Previous"),
    on_click=step,
    args=(-1,),
    key="present_prev",
    width="stretch",
    icon=":material/arrow_back:",
)
controls[1].button(
    _("Next"),
    on_click=step,
    args=(1,),
    key="present_next",
    width="stretch",
    icon=":material/arrow_forward:",
    type="primary",
)
auto = controls[2].toggle(_("Auto-advance"), key="present_auto")
seconds = controls[3].select_slider(
    _("Seconds per slide"), [10, 15, 20, 30, 45, 60], value=20, key="present_seconds", disabled=not auto
)
controls[4].page_link("views/campaign/progress.py", label=_("Leave presenter mode"), icon=":material/close:")


@st.fragment(run_every=seconds if auto else None)
def current_slide() -> None:
    last = st.session_state.setdefault("present_last_step", time.monotonic())
    if auto and time.monotonic() - last >= seconds - 0.5:
        step(1)
    number = int(st.session_state[KEY])
    with st.container(key="present-slide"):
        aside("position", _("Slide {n} of {total}").format(n=number + 1, total=count))
        show_slide(slides[number], number)


current_slide()
