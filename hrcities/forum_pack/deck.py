"""The PPTX deck: a 16:9 PowerPoint file, one slide per `Slide`, in the slides' language.

Charts are PNG images rendered by Kaleido (all in one browser); every slide has a footer naming its
sources and the data date, and speaker notes listing its sources with URLs; the counter (title) and
closing slides carry a QR code of the view's link. python-pptx and segno are imported when used.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go

from .. import i18n
from . import measure
from .render import Progress, Renderer, export_figure, image_renderer
from .slides import CLOSING, COUNTER, GROWTH, MAP, QUOTE, SPOTLIGHT, Slide
from .sources import footer_text, source_notes
from .style import BLUE, DARK, GREEN, GREY

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
CHART_BOX = (0.4, 1.3, 8.7, 5.35)  # left, top, width, height in inches
CHART_PX = (880, 541)  # layout pixels of a chart on a slide (same aspect as CHART_BOX)
TITLE_BOX = (0.5, 0.3, 12.3, 0.9)  # the slide title's box, inches
TITLE_SIZES = (30, 18)  # the title's largest and smallest font sizes, points
INSETS = (0.1, 0.05)  # a text box's inner margin left and right, top and bottom, inches
SPACE_AFTER = 0.4  # the space after a paragraph, a fraction of its font size
_LANGUAGE_IDS = {
    "en": "ENGLISH_UK",
    "fr": "FRENCH",
    "es": "SPANISH",
    "ca": "CATALAN",
    "pt": "PORTUGUESE",
    "ko": "KOREAN",
    "ar": "ARABIC",
    "de": "GERMAN",
    "it": "ITALIAN",
}


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code (PNG, black on white, quiet zone of 4 modules) that encodes `url`."""
    import segno

    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def _language_id(lang: str | None):
    from pptx.enum.lang import MSO_LANGUAGE_ID

    name = _LANGUAGE_IDS.get(lang or "")
    return getattr(MSO_LANGUAGE_ID, name) if name else None


def fitted_size(
    paragraphs: Sequence[str] | str,
    box: tuple[float, float, float, float],
    largest: float,
    smallest: float,
    *,
    bold: bool = False,
    max_lines: int | None = None,
) -> float:
    """The largest font size (points) from `largest` down to `smallest` at which `paragraphs` fit
    inside `box` (inches) once wrapped, measured with DejaVu Sans (`measure`)."""
    width = (box[2] - 2 * INSETS[0]) * 72
    height = (box[3] - 2 * INSETS[1]) * 72
    return measure.fit_size(
        paragraphs, width, height, largest, smallest, bold=bold, space_after=SPACE_AFTER, max_lines=max_lines
    )


def _frame_insets(frame) -> None:
    from pptx.util import Inches

    frame.margin_left = frame.margin_right = Inches(INSETS[0])
    frame.margin_top = frame.margin_bottom = Inches(INSETS[1])


def _text(
    slide,
    box: tuple[float, float, float, float],
    paragraphs: Sequence[str] | str,
    size: float,
    *,
    floor: float | None = None,
    max_lines: int | None = None,
    bold: bool = False,
    italic: bool = False,
    colour: str = DARK,
    align: str = "left",
    lang: str | None = None,
    name: str | None = None,
    link: str | None = None,
):
    """A text box of one paragraph per item, at `size` points; with `floor`, at the largest size
    from `size` down to `floor` at which the text, measured, fits the box (in at most `max_lines`)."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    lines = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    if floor is not None:
        size = fitted_size(lines, box, size, floor, bold=bold, max_lines=max_lines)
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    _frame_insets(frame)
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER}[align]
        paragraph.space_after = Pt(size * SPACE_AFTER)
        run = paragraph.add_run()
        run.text = line
        font = run.font
        font.size, font.bold, font.italic = Pt(size), bold, italic
        font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        language = _language_id(lang)
        if language is not None:
            font.language_id = language
        if link:
            run.hyperlink.address = link
    return shape


def _picture(slide, image: bytes, box: tuple[float, float, float, float], name: str, alt: str):
    """A picture fitted inside `box` (keeping its aspect), with alternative text."""
    from PIL import Image
    from pptx.util import Inches

    left, top, width, height = box
    with Image.open(io.BytesIO(image)) as probe:
        aspect = probe.width / probe.height
    w, h = (width, width / aspect) if width / aspect <= height else (height * aspect, height)
    picture = slide.shapes.add_picture(
        io.BytesIO(image),
        Inches(left + (width - w) / 2),
        Inches(top + (height - h) / 2),
        Inches(w),
        Inches(h),
    )
    picture.name = name
    picture._element.nvPicPr.cNvPr.set("descr", alt)
    return picture


def _deck_chart(fig: go.Figure, renderer: Renderer) -> bytes:
    """A slide's chart: the slide title stands above it, so the figure's own title goes."""
    plain, _added = export_figure(fig, CHART_PX[0], title="")
    return renderer.render(plain, "png", *CHART_PX, scale=3)


def _counter_body(slide, s: Slide, qr: bytes, lang: str, _: Callable[[str], str]) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    _text(
        slide,
        (0.5, 1.25, 8.6, 2.2),
        s.big_number,
        120,
        floor=48,
        max_lines=1,
        bold=True,
        colour=BLUE,
        name="Counter",
        lang=lang,
    )
    _text(slide, (0.5, 3.45, 8.6, 0.7), s.subtitle, 28, floor=14, colour=DARK, lang=lang)
    width = 8.6 / max(1, len(s.milestones))
    for i, mark in enumerate(s.milestones):
        box = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE,
            Inches(0.5 + i * width),
            Inches(4.45),
            Inches(width - 0.2),
            Inches(1.9),
        )
        box.name = f"Milestone {mark.target}"
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string("D5F0E6" if mark.reached else "EEF2F7")
        box.line.color.rgb = RGBColor.from_string((GREEN if mark.reached else "#9AA5B1").lstrip("#"))
        frame = box.text_frame
        frame.word_wrap = True
        _frame_insets(frame)
        lines = [("✓ " if mark.reached else "") + mark.label, mark.status]
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold = Pt(20 if n == 0 else 13), n == 0
            run.font.color.rgb = RGBColor.from_string(DARK.lstrip("#"))
    _picture(slide, qr, (9.6, 1.35, 3.2, 3.2), "QR code", _("QR code") + ": " + s.url)
    _text(
        slide,
        (9.3, 4.6, 3.8, 0.5),
        _("Explore this view"),
        16,
        floor=10,
        bold=True,
        align="center",
        lang=lang,
    )
    _text(slide, (9.3, 5.1, 3.8, 1.2), s.url, 10, floor=6, colour=GREY, align="center", link=s.url)


def _chart_body(slide, s: Slide, image: bytes | None, lang: str) -> None:
    if image is not None:
        _picture(slide, image, CHART_BOX, "Chart", s.title + ". " + " ".join(s.lines))
        _text(slide, (9.3, 1.5, 3.7, 4.9), list(s.lines), 16, floor=9, lang=lang, name="Notes")
    else:
        _text(slide, (0.5, 1.5, 12.3, 4.9), list(s.lines), 22, floor=12, lang=lang, name="Notes")


def _spotlight_body(slide, s: Slide, lang: str, _: Callable[[str], str]) -> None:
    spot = s.spotlight
    assert spot is not None
    _text(
        slide,
        (0.5, 1.3, 12.3, 1.1),
        spot.title,
        30,
        floor=16,
        bold=True,
        colour=BLUE,
        name="Practice",
        lang=spot.lang or lang,
    )
    place = spot.place
    if spot.original_title:
        place += " · " + _("Original title") + f": {spot.original_title} ({spot.original_lang})"
    if spot.translation_note:
        place += " · " + spot.translation_note
    _text(slide, (0.5, 2.4, 12.3, 0.6), place, 18, floor=10, colour=GREY, lang=lang, name="Place")
    _text(slide, (0.5, 3.05, 12.3, 2.4), spot.summary, 20, floor=12, lang=spot.lang or lang, name="Summary")
    if spot.rights:
        _text(
            slide,
            (0.5, 5.5, 12.3, 0.9),
            _("Rights") + ": " + "; ".join(spot.rights),
            16,
            floor=10,
            lang=lang,
            name="Rights",
        )


def _quote_body(slide, s: Slide, lang: str, _: Callable[[str], str]) -> None:
    quote = s.quote
    assert quote is not None
    _text(slide, (0.5, 1.2, 12.3, 0.5), s.subtitle, 16, floor=10, colour=GREY, name="Session")
    _text(slide, (0.9, 1.85, 11.6, 3.3), quote.text, 30, floor=14, italic=True, lang=quote.lang, name="Quote")
    _text(
        slide,
        (0.9, 5.2, 11.6, 0.8),
        [speaker_line(quote), origin_line(quote, _)],
        16,
        floor=9,
        colour=DARK,
        name="Speaker",
        lang=lang,
    )
    if quote.translation:
        _text(
            slide,
            (0.9, 6.0, 11.6, 0.45 if s.filter_line else 0.8),
            f"{quote.translation_note}: {quote.translation}",
            12,
            floor=7,
            colour=GREY,
            lang=lang,
            name="Translation",
        )


def speaker_line(quote) -> str:
    """'— Speaker, role' of a quote (the role in the deck's language when the data translate it)."""
    return f"— {quote.speaker}, {quote.role}" if quote.role else f"— {quote.speaker}"


def origin_line(quote, _: Callable[[str], str]) -> str:
    """'original language: xx', and the label of the role's translation when it has one."""
    line = _("original language") + f": {quote.lang}"
    if quote.role_note:
        line += " · " + _("Roles and organisations: {label}").format(label=quote.role_note)
    return line


def speaker_notes(s: Slide, _: Callable[[str], str]) -> list[str]:
    """The slide's sentences for the speaker notes, with what a quote's or a practice's text is."""
    if s.kind == QUOTE and s.quote is not None:
        quote = s.quote
        lines = [quote.text, speaker_line(quote), origin_line(quote, _)]
        if quote.translation:
            lines.append(f"{quote.translation_note}: {quote.translation}")
        return lines
    if s.kind == SPOTLIGHT and s.spotlight is not None and s.spotlight.translation_note:
        return [*s.lines, s.spotlight.translation_note]
    return list(s.lines)


def _closing_body(slide, s: Slide, qr: bytes, lang: str, _: Callable[[str], str]) -> None:
    _picture(slide, qr, (4.92, 1.3, 3.5, 3.5), "QR code", _("QR code") + ": " + s.url)
    _text(
        slide,
        (0.5, 4.95, 12.3, 0.6),
        s.url,
        18,
        floor=9,
        colour=BLUE,
        align="center",
        link=s.url,
        name="Link",
    )
    _text(slide, (0.5, 5.6, 12.3, 0.85), s.lines[0], 18, floor=11, align="center", lang=lang)


def _add_slide(prs, s: Slide, image: bytes | None, qr: bytes, lang: str, data_date: date) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    _ = i18n.translator(lang)
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Only")
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (Inches(v) for v in TITLE_BOX)
    title.text = s.title
    title.text_frame.word_wrap = True
    _frame_insets(title.text_frame)
    size = fitted_size(s.title, TITLE_BOX, *TITLE_SIZES, bold=True)
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), True
            language = _language_id(lang)
            if language is not None:
                run.font.language_id = language
    if s.kind == COUNTER:
        _counter_body(slide, s, qr, lang, _)
    elif s.kind in (MAP, GROWTH):
        _chart_body(slide, s, image, lang)
    elif s.kind == SPOTLIGHT:
        _spotlight_body(slide, s, lang, _)
    elif s.kind == QUOTE:
        _quote_body(slide, s, lang, _)
    elif s.kind == CLOSING:
        _closing_body(slide, s, qr, lang, _)
    footer = footer_text(s.sources, s.data_date, lang)
    if s.filter_line:
        _text(
            slide,
            (0.5, 6.45, 12.3, 0.4),
            s.filter_line,
            12,
            floor=7,
            bold=True,
            colour=DARK,
            name="Filter",
            lang=lang,
        )
    _text(slide, (0.5, 6.85, 12.3, 0.55), footer, 10, floor=6, colour=GREY, name="Footer", lang=lang)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [*speaker_notes(s, _), "", source_notes(s.sources, lang)]
    )


def deck_pptx(
    slides: Sequence[Slide],
    lang: str,
    view_url: str,
    data_date: date,
    progress: Progress | None = None,
    *,
    charts: bool = True,
) -> bytes:
    """A 16:9 PowerPoint deck, one slide per `Slide`, in `lang`.

    Charts are PNG images rendered by Kaleido (all in one browser); `charts=False` leaves them out
    (their sentences stay). Every slide has a footer 'Data as of <data_date> · Sources: ...' and
    speaker notes listing its sources with URLs; the counter (title) and closing slides carry a
    QR code of `view_url`. `progress(fraction)` is called from this thread as work gets done.
    Raises `ExportUnavailable` when charts are asked for and cannot be rendered.
    """
    from pptx import Presentation
    from pptx.util import Inches

    _ = i18n.translator(lang)
    report = progress or (lambda fraction: None)
    report(0.0)
    with_charts = [i for i, s in enumerate(slides) if charts and s.figure is not None]
    steps = len(with_charts) + 1
    images: dict[int, bytes] = {}
    if with_charts:
        with image_renderer() as renderer:
            for done, index in enumerate(with_charts, start=1):
                images[index] = _deck_chart(slides[index].figure, renderer)
                report(done / steps)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    prs.core_properties.title = _("10, 100, 1000 Human Rights Cities and Territories by 2030")
    prs.core_properties.subject = footer_text((), data_date, lang)
    prs.core_properties.language = lang
    qr = qr_png(view_url)
    for index, s in enumerate(slides):
        _add_slide(
            prs,
            replace(s, url=view_url) if s.kind in (COUNTER, CLOSING) else s,
            images.get(index),
            qr,
            lang,
            data_date,
        )
    buffer = io.BytesIO()
    prs.save(buffer)
    report(1.0)
    return buffer.getvalue()
