"""Printable A4 PDFs: the page both briefs print on, and the overview of a view.

Text uses DejaVu Sans shipped in `static/fonts/` (Latin, Greek, Cyrillic, Arabic...), with
NanumSquare as the fallback for Hangul and CJK; right-to-left and other complex scripts are shaped
with HarfBuzz (uharfbuzz) when the text has them. `overview_pdf` prints the view's count, its
charts (rendered by Kaleido), members by region and the sources; the city brief is in
`city_brief.py`. fpdf2 is imported when used.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from contextlib import suppress
from datetime import date

import pandas as pd

from .. import content, figures, i18n, metrics, record
from ..filters import Filters
from ..load import Campaign
from ..paths import STATIC_DIR
from .quotes import make_quote
from .render import Progress, export_figure, image_renderer
from .slides import milestone_marks
from .sources import SourceRef, footer_text, source_ids, source_refs
from .style import BLUE, DARK, GREY

FONTS_DIR = STATIC_DIR / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FALLBACK_FONT_FILE = "NanumSquareR.ttf"  # Hangul and CJK, which DejaVu Sans lacks

# Characters DejaVu Sans does not have (Hangul, kana, CJK ideographs) and scripts that need shaping.
_CJK = re.compile("[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\ufb1d-\ufdff\ufe70-\ufeff]")


def _fpdf_class():
    from fpdf import FPDF
    from fpdf.errors import FPDFException

    class BriefPDF(FPDF):
        """A4 portrait with the shipped Unicode fonts, a footer line and page numbers."""

        def __init__(self, footer_line: str, lang: str) -> None:
            super().__init__(format="A4", unit="mm")
            self.footer_line = footer_line
            self.set_margins(18, 16, 18)
            self.set_auto_page_break(True, margin=18)
            for style, file in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONTS_DIR / file))
            self.fallback_loaded = False
            self.shaping = False
            self.set_lang(lang)
            self.set_creator("hrcities forum pack")
            self.alias_nb_pages()

        def prepare(self, text: str) -> None:
            """Load the CJK fallback font and turn shaping on only when `text` needs them."""
            if not self.fallback_loaded and _CJK.search(text):
                self.add_font("Nanum", "", str(FONTS_DIR / FALLBACK_FONT_FILE))
                self.set_fallback_fonts(["Nanum"], exact_match=False)
                self.fallback_loaded = True
            shaping = bool(_COMPLEX.search(text))
            if shaping != self.shaping:
                with suppress(FPDFException):  # without uharfbuzz the text stays unshaped
                    self.set_text_shaping(shaping)
                self.shaping = shaping

        def para(
            self,
            text: str,
            size: float = 10,
            style: str = "",
            colour: str = DARK,
            link: str | None = None,
            gap: float = 1.5,
            wrap_chars: bool = False,
        ) -> None:
            """One paragraph across the page."""
            self.prepare(text)
            self.set_font("DejaVu", style, size)
            self.set_text_color(colour)
            self.multi_cell(
                0,
                size * 0.5,
                text,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
                link=link,
                wrapmode="CHAR" if wrap_chars else "WORD",
            )
            self.ln(gap)

        def heading(self, text: str, size: float = 13) -> None:
            """A section heading, kept with what follows."""
            if self.will_page_break(size * 2.5):
                self.add_page()
            self.ln(2)
            self.para(text, size, "B", BLUE, gap=1)

        def footer(self) -> None:
            self.set_y(-13)
            self.prepare(self.footer_line)
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(GREY)
            self.cell(0, 4, f"{self.footer_line} · {self.page_no()}/{{nb}}", align="L")

    return BriefPDF


def new_pdf(title: str, footer_line: str, lang: str):
    """An A4 brief titled `title` with `footer_line` on every page, on its first page."""
    pdf = _fpdf_class()(footer_line, lang)
    pdf.set_title(title)
    pdf.add_page()
    return pdf


def write_sources(pdf, sources: Sequence[SourceRef], lang: str) -> None:
    """A 'Sources (n)' section: each source's title, publisher and date, and its URL as a link."""
    _ = i18n.translator(lang)
    pdf.heading(_("Sources") + f" ({i18n.fmt_number(len(sources), lang)})")
    for s in sources:
        extra = ", ".join(x for x in (s.publisher, s.published) if x)
        pdf.para(s.title + (f" · {extra}" if extra else ""), 9, gap=0.3)
        if s.url:
            pdf.para(s.url, 8, colour=BLUE, link=s.url, gap=1.5, wrap_chars=True)


def write_quote(pdf, raw: dict, lang: str, found: content.Translations | None = None) -> None:
    """A session quote, verbatim, its speaker and language, and any translation under it."""
    quote = make_quote(raw, lang, found)
    _ = i18n.translator(lang)
    pdf.para(quote.text, 11, gap=0.5)
    who = f"— {quote.speaker}, {quote.role}" if quote.role else f"— {quote.speaker}"
    origin = _("original language") + f": {quote.lang}"
    if quote.role_note:
        origin += " · " + _("Roles and organisations: {label}").format(label=quote.role_note)
    pdf.para(f"{who} · {origin}", 9, colour=GREY, gap=0.5)
    if quote.translation:
        pdf.para(f"{quote.translation_note}: {quote.translation}", 9, colour=GREY, gap=0.5)
    pdf.ln(2)


def write_image(pdf, image: bytes, alt: str, width_mm: float = 174) -> None:
    """A chart image `width_mm` wide with its alternative text, on a new page if it does not fit."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as probe:
        height_mm = width_mm * probe.height / probe.width
    if pdf.will_page_break(height_mm + 2):
        pdf.add_page()
    pdf.image(io.BytesIO(image), w=width_mm, h=height_mm, alt_text=alt)
    pdf.ln(3)


def _pdf_regions(pdf, c: Campaign, territories: pd.DataFrame, lang: str) -> None:
    from fpdf.fonts import FontFace

    _ = i18n.translator(lang)
    breakdown = metrics.region_breakdown(territories, c.regions)
    members = metrics.members(territories)
    rows = [[_("UCLG region"), _("Members"), _("Engaged, not counted"), _("Members by name")]]
    for region in breakdown.itertuples():
        names = sorted(members.loc[members["uclg_region"] == region.id, "name"])
        rows.append(
            [
                _(region.label),
                i18n.fmt_number(region.members, lang),
                i18n.fmt_number(region.engaged, lang),
                ", ".join(names) or "—",
            ]
        )
    if pdf.will_page_break(70):
        pdf.add_page()
    pdf.heading(_("Members by region"))
    pdf.prepare(" ".join(cell for row in rows for cell in row))
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(DARK)
    with pdf.table(
        col_widths=(34, 22, 28, 90),
        text_align=("LEFT", "RIGHT", "RIGHT", "LEFT"),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=4.5,
        padding=1,
    ) as table:
        for row in rows:
            table.row(row)
    pdf.ln(3)


def _overview_counts(
    pdf,
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    filtered: bool,
) -> None:
    _ = i18n.translator(lang)
    headcount = record.count(c, territories, filtered)
    reading = record.pace_reading(c, today)
    pdf.para(headcount.headline(lang), 16, "B", DARK, gap=1)
    facts = [
        *headcount.explanation(lang),
        _("Engaged, not counted") + ": " + i18n.fmt_number(headcount.engaged, lang),
    ]
    if filtered:
        facts.append(
            _(
                "The 10 / 100 / 1000 milestones and the pace to 2030 are the whole campaign's: "
                "they are not measured against a selection."
            )
        )
    else:
        facts.append(reading.sentence(lang))
    facts.append(_("Practices in this view") + ": " + i18n.fmt_number(len(practices), lang))
    if not filtered:
        for mark in milestone_marks(territories, c, lang):
            pdf.para(("✓ " if mark.reached else "• ") + f"{mark.label}: {mark.status}", 10, gap=0.5)
        pdf.ln(1)
    for fact in facts:
        if fact:
            pdf.para(fact, 10, gap=0.5)
    pdf.ln(2)


def overview_pdf(
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    progress: Progress | None = None,
    selection: Filters | None = None,
) -> bytes:
    """A printable A4 overview of the view in `lang`: the members on record (a lower bound unless the
    list is declared complete) with the campaign's reported figures, the milestone and growth charts
    (images rendered by Kaleido; a filtered view gets its own joins, not the campaign's milestones),
    members by region and the sources. A filtered view says its filter on every page.

    Raises `ExportUnavailable` when the charts cannot be rendered.
    """
    _ = i18n.translator(lang)
    report = progress or (lambda fraction: None)
    report(0.0)
    selection = selection or Filters()
    filtered = bool(selection.active())
    headcount = record.count(c, territories, filtered)
    reading = record.pace_reading(c, today)
    joins = metrics.cumulative_joins(territories)
    growth = figures.growth_curve(
        joins,
        reading.pace,
        c.waves,
        _,
        lower_bound=headcount.is_lower_bound,
        campaign_wide=not filtered,
        members=headcount.members,
        scale="path",  # the overview's pace to 2030: the whole path (the page defaults to "now")
        milestones=c.milestones,
    )
    if filtered:
        charts = [growth]
    else:
        statuses = metrics.milestone_status(territories, c.milestones)
        charts = [figures.milestone_bars(statuses, _, lower_bound=headcount.is_lower_bound), growth]
    images = []
    with image_renderer() as renderer:
        for fig in charts:
            laid_out, added = export_figure(fig, 1000)
            images.append(renderer.render(laid_out, "png", 1000, int(fig.layout.height or 420) + added, 2))
            report(len(images) / (len(charts) + 1))
    title = _("10, 100, 1000 Human Rights Cities and Territories by 2030")
    as_of = record.data_date(c)
    filter_line = record.filter_sentence(c, selection, lang)
    pdf = new_pdf(title, " · ".join(x for x in (footer_text((), as_of, lang), filter_line) if x), lang)
    pdf.para(title, 18, "B", BLUE, gap=1)
    pdf.para(
        _("Campaign overview") + " · " + _("Data as of {date}").format(date=i18n.fmt_date(as_of, lang)),
        10,
        colour=GREY,
        gap=1 if filter_line else 3,
    )
    if filter_line:
        pdf.para(filter_line, 10, "B", DARK, gap=3)
    _overview_counts(pdf, c, territories, practices, lang, today, filtered)
    for fig, image in zip(charts, images, strict=True):
        write_image(pdf, image, str(fig.layout.title.text or ""))
    _pdf_regions(pdf, c, territories, lang)
    ids = (
        source_ids(c.milestones)
        + source_ids(c.waves)
        + source_ids(metrics.members(territories))
        + source_ids(territories)
        + [s for figure in headcount.reported for s in figure.sources]
    )
    write_sources(pdf, source_refs(c, ids), lang)
    data = bytes(pdf.output())
    report(1.0)
    return data
