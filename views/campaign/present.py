"""Presenter mode: the campaign on a forum screen, one slide at a time, large and high-contrast.

The slides are those of the current view (language and sidebar filters) from
`hrcities.forum_pack.slides_for`, the same ones the forum pack's PPTX deck holds, made once per view
and language. A clicker or the keyboard moves between them (`hrcities.presenter.KEYS`: Right, Left,
Page Down, Page Up, Space, Home, End; B or "." blanks the screen; F goes full screen); an optional
auto-advance; a light screen for bright rooms. Each slide fits the screen, its type sized from the
viewport; the controls hide when the mouse rests. The sidebar is hidden while presenting. Works
offline like every page.
"""

import time

import streamlit as st

from components import charts, sidebar, state, urlstate
from components.content import localized, note
from components.presenter_keys import FULL_CLASS, IDLE_CLASS, presenter_keys
from components.text import md_escape
from hrcities import forum_pack, presenter

_ = state.tr()
lang = state.language()
c = state.shown_campaign()
selection, territories, practices = sidebar.current_view(c)
KEY, BLANK, LIGHT, AUTO, SECONDS = (
    "present_slide",
    "present_blank",
    "present_light",
    "present_auto",
    "present_seconds",
)
palette = presenter.PALETTES["light" if st.session_state.get(LIGHT) else "dark"]


def stylesheet(p: presenter.Palette) -> str:
    """Our fixed stylesheet in palette `p` (no user text in it). The page's parts sit in keyed
    containers, which Streamlit gives the class `st-key-<key>`; notes (the slide's position, its
    secondary lines, its sources) sit in `present-note-<role>` containers. Sizes are in `--pu`, a
    hundredth of the height of the largest 16:9 frame the window holds, so a slide looks the same on
    every screen; the slide is one screen high and its body (a chart) takes what is left."""
    return f"""<style>
:root {{ --pu: min(1vh, 0.75vw); --text: calc(var(--pu) * 2.8); --note: calc(var(--pu) * 2.3); }}
/* Streamlit's own chrome is outside our containers: its element classes hide it and paint the page. */
.stSidebar, .stAppHeader {{ display: none !important; }}
.stApp, .stMain {{ background: {p.background} !important; color: {p.text} !important; }}
.stMain .stMainBlockContainer {{ padding: calc(var(--pu) * 2) 3vw calc(var(--pu) * 1.5);
  max-width: 100%; }}
.stMain .stMainBlockContainer > div {{ gap: 0; }}  /* the controls float: only the slide takes room */
.st-key-present-slide {{ flex: none; height: calc(100vh - var(--pu) * 3.5 - 8px); gap: calc(var(--pu) * 1.2);
  flex-wrap: nowrap; }}
.st-key-present-slide > div {{ flex: 0 0 auto; }}
.st-key-present-slide > div:has(> .st-key-present-body) {{ flex: 1 1 auto; min-height: 0; }}
.st-key-present-body {{ height: 100%; gap: calc(var(--pu) * 1.2); flex-wrap: nowrap; }}
.st-key-present-body > * {{ flex: 0 0 auto; }}
.st-key-present-body [class*="st-key-present_chart_"]:not([class*="__twin"]) {{ flex: 1 1 0; min-height: 0; }}
.st-key-present-head, .st-key-present-foot {{ gap: calc(var(--pu) * 0.6); }}
/* Streamlit's heading has a -1rem margin: the next element would cover its descenders */
.st-key-present-slide .stHeading div {{ margin-bottom: 0 !important; }}
.st-key-present-slide p, .st-key-present-slide li, .st-key-present-slide blockquote,
.st-key-present-slide code {{ font-size: var(--text) !important; line-height: 1.35;
  color: {p.text} !important; }}
.st-key-present-slide blockquote {{ border-left-color: {p.axis}; opacity: 1 !important; }}
.st-key-present-slide code {{ background: {p.panel}; }}
.st-key-present-slide h1 {{ font-size: calc(var(--pu) * 5) !important; line-height: 1.25; color: {p.text};
  padding: 0; }}
.st-key-present-slide h3 {{ font-size: calc(var(--pu) * 3.8) !important; line-height: 1.2; color: {p.text};
  padding: 0; }}
.st-key-present-quote p, .st-key-present-translation p {{ font-size: calc(var(--pu) * var(--quote, 4.2))
  !important; line-height: 1.3; }}
.st-key-present-spotlight p {{ font-size: calc(var(--pu) * 3.8) !important; }}
.st-key-present-spotlight h3 {{ font-size: calc(var(--pu) * 4.8) !important; }}
.st-key-present-rights p {{ font-size: calc(var(--pu) * 3.2) !important; }}
/* Captions are drawn at 60 % opacity by Streamlit: full strength here, in the notes' colour. */
.st-key-present-slide .stMarkdown div {{ opacity: 1 !important; }}
[class*="st-key-present-note-"] p, .st-key-present-body summary p,
.st-key-present-body [class*="st-key-present_chart_"] + div p,
.st-key-present-filter p {{ font-size: var(--note) !important; line-height: 1.35;
  color: {p.muted} !important; }}
.st-key-present-filter p {{ color: {p.text} !important; }}
.st-key-present-body summary {{ padding: calc(var(--pu) * 0.4) calc(var(--pu) * 1); color: {p.text}; }}
.st-key-present-number {{ margin-top: calc(var(--pu) * 1); }}
.st-key-present-number p {{ font-size: calc(var(--pu) * 18) !important; line-height: 1.05 !important; }}
.st-key-present-number label p {{ font-size: calc(var(--pu) * 3.2) !important; line-height: 1.3 !important; }}
.st-key-present-number, .st-key-present-number * {{ color: {p.text} !important; }}
.st-key-present-milestones {{ gap: calc(var(--pu) * 1); }}
.st-key-present-milestones p {{ font-size: calc(var(--pu) * 3.2) !important; color: {p.text} !important; }}
.st-key-present-milestones [role="progressbar"] > div {{ background: {p.bar_track}; }}
.st-key-present-qr img {{ width: min(38vh, 30vw) !important; height: auto; }}
.st-key-present-warning p {{ font-size: var(--text) !important; color: #111111 !important; }}
.st-key-present-blank {{ position: fixed; inset: 0; z-index: 999990; background: #000; }}
/* The presenter's controls: a bar over the bottom of the slide that hides when the mouse rests, in the
   app's light theme on either screen (its widgets are drawn in that theme). */
.st-key-present-controls {{ position: fixed; left: 1vw; right: 1vw; bottom: 1vh; z-index: 999991;
  width: auto; padding: 0.5rem 0.75rem; background: #ffffff; border: 2px solid #767676;
  border-radius: 0.5rem; gap: 0.5rem 1rem; align-items: center; transition: opacity 0.4s; }}
.st-key-present-controls, .st-key-present-controls label p,
.st-key-present-controls button[kind="secondary"] p {{ color: #111111 !important; }}
.{IDLE_CLASS} .st-key-present-controls {{ opacity: 0; }}  /* still there for a click: moving shows it */
.{IDLE_CLASS} .st-key-present-controls:has(:focus-visible) {{ opacity: 1; }}
.{IDLE_CLASS}, .{IDLE_CLASS} * {{ cursor: none !important; }}
.st-key-present-controls .{FULL_CLASS} {{ font: inherit; padding: 0.25rem 0.75rem; min-height: 2.5rem;
  background: #ffffff; color: #111111; border: 1px solid #b0b0b0; border-radius: 0.5rem; cursor: pointer; }}
.st-key-present-controls .{FULL_CLASS}:hover {{ border-color: #0072B2; color: #0072B2; }}
.st-key-present-controls .stSelectbox {{ min-width: 9rem; max-width: 12rem; }}
.st-key-present-keys {{ display: none !important; }}
</style>"""


st.html(stylesheet(palette))

address = presenter.view_address(
    str(st.context.url or ""), urlstate.current_query(presenter.PAGE), presenter.public_base()
)
slides = forum_pack.slides_for(c, territories, practices, lang, state.today(), address.url, selection)
count = len(slides)
st.session_state[KEY] = min(max(0, int(st.session_state.get(KEY) or 0)), count - 1)


def go(action: str) -> None:
    """Move to the slide `action` (a `presenter` move) names; a move shows the screen again."""
    st.session_state[KEY] = presenter.move(action, int(st.session_state.get(KEY) or 0), count)
    st.session_state[BLANK] = False
    st.session_state["present_last_step"] = time.monotonic()


def blank() -> None:
    st.session_state[BLANK] = not st.session_state.get(BLANK, False)


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
    with st.container(key="present-spotlight"):
        st.markdown("### " + md_escape(spot.title))
        st.markdown("**" + md_escape(spot.place) + "**")
        st.markdown(md_escape(spot.summary))
    label = note(summary)
    if label:
        aside("translation", label)
    if spot.rights:
        st.container(key="present-rights").markdown(
            "**" + _("Rights") + ":** " + "; ".join(md_escape(r) for r in spot.rights)
        )


def show_quote(slide: forum_pack.Slide) -> None:
    quote = slide.quote
    two = quote.lang != lang and bool(quote.translation)
    size = presenter.text_size(
        max(len(quote.text), len(quote.translation or "") if two else 0), 0.5 if two else 1
    )
    st.html(f"<style>.st-key-present-body {{ --quote: {size}; }}</style>")  # a number of ours
    words, beside = st.columns(2) if two else (st.container(), None)
    words.container(key="present-quote").markdown("> " + md_escape(quote.text))
    aside(
        "speaker",
        f"— {md_escape(quote.speaker)}, {md_escape(quote.role)} · "
        + _("original language")
        + f": {md_escape(quote.lang)}",
        where=words,
    )
    if beside is not None and quote.translation:
        beside.container(key="present-translation").markdown("*" + md_escape(quote.translation) + "*")
        aside("translation-note", md_escape(quote.translation_note or ""), where=beside)
    aside("session", md_escape(slide.subtitle))


def show_closing(slide: forum_pack.Slide) -> None:
    left, right = st.columns([3, 2])
    left.markdown(md_escape(slide.lines[0]))
    if slide.url and address.public:
        left.code(slide.url, language=None, wrap_lines=True)
        phones = presenter.phone_address(address, lang, bool(selection.active()))
        qr = right.container(key="present-qr")
        caption = _("QR code of this view") if phones == slide.url else _("Scan: the campaign on your phone")
        qr.image(forum_pack.qr_png(phones), caption=caption)
    else:  # a code for this machine's address would open nothing on the audience's phones
        local = "`" + (address.url.split("?", 1)[0].replace("`", "") or "localhost") + "`"
        left.container(key="present-warning").warning(
            _(
                "No QR code: this dashboard only knows a local address ({url}), which the audience's "
                "phones cannot open. Set {setting} to the dashboard's public address."
            ).format(url=local, setting=f"`{presenter.PUBLIC_URL_ENV}`"),
            icon=":material/warning:",
        )


def show_body(slide: forum_pack.Slide, number: int) -> None:
    if slide.kind == forum_pack.COUNTER:
        show_counter(slide)
    elif slide.figure is not None:
        figure = presenter.screen_figure(slide.figure, palette)
        charts.show(
            figure, key=f"present_chart_{number}", summary=presenter.sentences(slide.lines), height="stretch"
        )
    elif slide.kind == forum_pack.SPOTLIGHT and slide.spotlight is not None:
        show_spotlight(slide)
    elif slide.kind == forum_pack.QUOTE and slide.quote is not None:
        show_quote(slide)
    else:  # closing: the link back to this view, as text and as a QR code
        show_closing(slide)


def show_slide(slide: forum_pack.Slide, number: int) -> None:
    with st.container(key="present-head"):
        aside("position", _("Slide {n} of {total}").format(n=number + 1, total=count))
        st.title(md_escape(slide.title))
    with st.container(key="present-body"):
        show_body(slide, number)
    with st.container(key="present-foot"):
        if slide.filter_line:  # a filtered view says so on every slide
            st.container(key="present-filter").markdown("**" + md_escape(slide.filter_line) + "**")
        aside("sources", md_escape(forum_pack.footer_text(slide.sources, slide.data_date, lang)))


auto = bool(st.session_state.get(AUTO))
seconds = int(st.session_state.get(SECONDS) or 20)


@st.fragment(run_every=seconds if auto else None)
def current_slide() -> None:
    last = st.session_state.setdefault("present_last_step", time.monotonic())
    if auto and not st.session_state.get(BLANK) and time.monotonic() - last >= seconds - 0.5:
        go(presenter.NEXT)
    number = int(st.session_state[KEY])
    if st.session_state.get(BLANK):
        st.container(key="present-blank").html('<div role="presentation"></div>')
        return
    with st.container(key="present-slide"):
        show_slide(slides[number], number)


current_slide()

LABELS = {
    presenter.NEXT: _("Next"),
    presenter.PREVIOUS: _("Previous"),
    presenter.FIRST: _("First slide"),
    presenter.LAST: _("Last slide"),
}
blanked = bool(st.session_state.get(BLANK))
with st.container(key="present-controls", horizontal=True):
    st.button(
        _("Previous"),
        on_click=go,
        args=(presenter.PREVIOUS,),
        key="present_prev",
        icon=":material/arrow_back:",
        shortcut="Left",
    )
    st.button(
        _("Next"),
        on_click=go,
        args=(presenter.NEXT,),
        key="present_next",
        icon=":material/arrow_forward:",
        type="primary",
        shortcut="Right",
    )
    st.button(
        _("Show the slide") if blanked else _("Blank screen"),
        on_click=blank,
        key="present_blank_button",
        icon=":material/visibility:" if blanked else ":material/visibility_off:",
        shortcut="B",
    )
    presenter_keys(
        _("Full screen (F)"),
        _("Leave full screen (F)"),
        ".st-key-present_blank_button button",
        ".st-key-present-controls",
    )
    st.toggle(_("Auto-advance"), key=AUTO)
    st.selectbox(
        _("Seconds per slide"),
        [10, 15, 20, 30, 45, 60],
        index=2,
        key=SECONDS,
        disabled=not auto,
        label_visibility="collapsed",
        format_func=lambda s: _("{n} s per slide").format(n=s),
    )
    st.toggle(_("Light screen"), key=LIGHT)
    st.page_link("views/campaign/progress.py", label=_("Leave presenter mode"), icon=":material/close:")
    # The clicker's other keys: buttons the stylesheet hides, pressed by their shortcuts only.
    with st.container(key="present-keys"):
        for k in presenter.KEYS:
            if k.shortcut not in ("Left", "Right", "B"):
                key = f"present_key_{k.shortcut.lower()}"
                st.button(LABELS[k.action], on_click=go, args=(k.action,), key=key, shortcut=k.shortcut)
