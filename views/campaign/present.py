"""Presenter mode: the campaign on a forum screen, one slide at a time, large and high-contrast.

The slides are `hrcities.forum_pack.build_slides` of the current view (language and sidebar filters),
the same ones the forum pack's PPTX deck holds. Next / previous, an optional auto-advance, no editing
control; the sidebar is hidden while presenting. Works offline like every page.
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

# Large type, high contrast, no sidebar or toolbar: our own fixed stylesheet (no user text in it).
st.html("""<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.stApp, [data-testid="stMain"] { background: #000 !important; color: #fff !important; }
[data-testid="stMain"] .block-container { padding-top: 1rem; max-width: 100%; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] blockquote {
  font-size: 1.6rem; line-height: 1.45; color: #fff; }
[data-testid="stMain"] h1 { font-size: 3rem; color: #fff; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.3rem; color: #fff; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 1.2rem !important; color: #e6e6e6 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 9rem !important; line-height: 1.05 !important; color: #fff !important; }
[data-testid="stMain"] button[kind="secondary"] { background: #1a1a1a !important; color: #fff !important;
  border: 1px solid #fff !important; }
[data-testid="stMain"] [data-testid="stPageLink"] a, [data-testid="stMain"] [data-testid="stPageLink"] span {
  color: #fff !important; }
[data-testid="stMetricLabel"] p { font-size: 1.8rem !important; color: #fff; }
[data-testid="stProgress"] p { font-size: 1.4rem; color: #fff; }
[data-testid="stMain"] button p { font-size: 1.3rem; }
</style>""")


@st.cache_resource(show_spinner=False, max_entries=12)
def slides_for(version: str, filters: tuple, lang: str, day: str, url: str, _c, _t, _p, _selection):
    return forum_pack.build_slides(_c, _t, _p, lang, state.today(), url, selection=_selection)


page_url = str(st.context.url or "")
view_url = viewlink.link(page_url, urlstate.current_query("present"))
slides = slides_for(
    c.version,
    tuple(sorted(selection.active().items())),
    lang,
    state.today().isoformat(),
    view_url,
    c,
    territories,
    practices,
    selection,
)
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


def show_counter(slide: forum_pack.Slide) -> None:
    st.metric(slide.subtitle, slide.big_number)
    for mark in slide.milestones:
        st.progress(mark.share, text=f"{mark.label}: {mark.status}")
    for line in slide.lines[1:]:  # the first says the big number again
        st.caption(md_escape(line))


def show_spotlight(slide: forum_pack.Slide) -> None:
    spot = slide.spotlight
    summary = localized("practices", spot.practice_id, "summary", spot.summary)
    st.markdown("### " + md_escape(spot.title))
    st.markdown("**" + md_escape(spot.place) + "**")
    st.markdown(md_escape(spot.summary))
    label = note(summary)
    if label:
        st.caption(label)
    if spot.rights:
        st.markdown("**" + _("Rights") + ":** " + "; ".join(md_escape(r) for r in spot.rights))


def show_quote(slide: forum_pack.Slide) -> None:
    quote = slide.quote
    words, beside = st.columns(2) if quote.lang != lang else (st.container(), None)
    words.markdown("> " + md_escape(quote.text))
    words.caption(
        f"— {md_escape(quote.speaker)}, {md_escape(quote.role)} · "
        + _("original language")
        + f": {md_escape(quote.lang)}"
    )
    if beside is not None and quote.translation:
        beside.markdown("*" + md_escape(quote.translation) + "*")
        beside.caption(md_escape(quote.translation_note or ""))
    st.caption(md_escape(slide.subtitle))


def show_closing(slide: forum_pack.Slide) -> None:
    left, right = st.columns([3, 2])
    left.markdown(md_escape(slide.lines[0]))
    if slide.url:
        left.code(slide.url, language=None, wrap_lines=True)
        right.image(forum_pack.qr_png(slide.url), width=320, caption=_("QR code of this view"))


def show_slide(slide: forum_pack.Slide, number: int) -> None:
    st.title(md_escape(slide.title))
    if slide.kind == forum_pack.COUNTER:
        show_counter(slide)
    elif slide.figure is not None:
        charts.show(styled(slide.figure), key=f"present_chart_{number}", summary=" ".join(slide.lines))
    elif slide.kind == forum_pack.SPOTLIGHT and slide.spotlight is not None:
        show_spotlight(slide)
    elif slide.kind == forum_pack.QUOTE and slide.quote is not None:
        show_quote(slide)
    else:  # closing: the link back to this view, as text and as a QR code
        show_closing(slide)
    if slide.filter_line:  # a filtered view says so on every slide
        st.markdown("**" + md_escape(slide.filter_line) + "**")
    st.caption(md_escape(forum_pack.footer_text(slide.sources, slide.data_date, lang)))


controls = st.columns([1, 1, 2, 2, 2])
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
    st.caption(_("Slide {n} of {total}").format(n=number + 1, total=count))
    show_slide(slides[number], number)


current_slide()
