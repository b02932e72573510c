"""The forum pack: slides for presenter mode and a PPTX deck, chart images, printable PDFs, tables.

One module per part, each importable on its own:

- `slides`: the `Slide` dataclasses and `build_slides`, made once in one language;
- `sources` and `quotes`: the sources a slide cites with its footer line, the session's quotes;
- `render`: chart images by Kaleido and Chromium, offline (`image_renderer`, `chart_image`);
- `deck`: the 16:9 PPTX (`deck_pptx`) and its QR codes (`qr_png`);
- `pdf` and `city_brief`: the A4 overview of a view and the brief of one territory;
- `tables`: the view's tables as XLSX or CSV zip;
- `contents`: what a view's pack holds, kept in the campaign's memo (`slides_for`, `pack_contents`).

Every interface text goes through `i18n.translator(lang)` as a literal `_("...")` call (so the
catalog extractor finds it); numbers and dates through `i18n.fmt_number` / `i18n.fmt_date`. Data
text (names, practice titles, summaries) is shown as the data has it; quotes are always verbatim,
in their original language, with any translation beside them, never inside.

Plain Python: this package never imports Streamlit. Heavy libraries are imported when used. The
renderer's settings (`BROWSER_PATH`, the timeouts) are set on `forum_pack.render`.
"""

from .city_brief import city_brief_pdf
from .contents import MIME, PackContents, PackFile, pack_contents, pack_key, slides_for
from .deck import CHART_BOX, CHART_PX, SLIDE_H, SLIDE_W, deck_pptx, qr_png
from .pdf import FALLBACK_FONT_FILE, FONT_FILES, FONTS_DIR, overview_pdf
from .quotes import Quote, make_quote, session_quotes, translations
from .render import ExportUnavailable, Progress, chart_image, export_figure, image_renderer, topojson_url
from .slides import (
    CLOSING,
    COUNTER,
    GROWTH,
    MAP,
    QUOTE,
    SPOTLIGHT,
    SUMMARY_CHARS,
    MilestoneMark,
    Slide,
    Spotlight,
    build_slides,
    pick_spotlights,
    shorten,
)
from .sources import FOOTER_TITLE_CHARS, SourceRef, footer_text, source_refs
from .style import BLUE, DARK, GREEN, GREY
from .tables import tables_csv_zip, tables_xlsx, view_sources

__all__ = [
    "BLUE",
    "CHART_BOX",
    "CHART_PX",
    "CLOSING",
    "COUNTER",
    "DARK",
    "FALLBACK_FONT_FILE",
    "FONTS_DIR",
    "FONT_FILES",
    "FOOTER_TITLE_CHARS",
    "GREEN",
    "GREY",
    "GROWTH",
    "MAP",
    "MIME",
    "QUOTE",
    "SLIDE_H",
    "SLIDE_W",
    "SPOTLIGHT",
    "SUMMARY_CHARS",
    "ExportUnavailable",
    "MilestoneMark",
    "PackContents",
    "PackFile",
    "Progress",
    "Quote",
    "Slide",
    "SourceRef",
    "Spotlight",
    "build_slides",
    "chart_image",
    "city_brief_pdf",
    "deck_pptx",
    "export_figure",
    "footer_text",
    "image_renderer",
    "make_quote",
    "overview_pdf",
    "pack_contents",
    "pack_key",
    "pick_spotlights",
    "qr_png",
    "session_quotes",
    "shorten",
    "slides_for",
    "source_refs",
    "tables_csv_zip",
    "tables_xlsx",
    "topojson_url",
    "translations",
    "view_sources",
]
