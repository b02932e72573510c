"""What a view's forum pack holds, made once per campaign and view.

`slides_for` gives the slides presenter mode shows; `pack_contents` makes every file of the pack
(the deck, the overview, the chart images, the tables) and the zip of them all. Both are kept in
the campaign's memo (`Campaign.memo`), keyed by the selection, the language, the day and the view's
link: another session asking for the same view gets the same objects at once, and they go away
with the campaign when the data change. `territories` and `practices` are the selection's view
(the frames `filters.territories_view` and `filters.practices_view` give). Treat results as
read-only.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import i18n, record
from ..filters import Filters
from ..load import Campaign
from .deck import deck_pptx
from .pdf import overview_pdf
from .render import ExportUnavailable, Progress, chart_image, image_renderer
from .slides import Slide, build_slides
from .sources import footer_text
from .tables import tables_csv_zip, tables_xlsx, view_sources

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "png": "image/png",
    "svg": "image/svg+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
CHART_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class PackFile:
    """One file of the pack: its name (which says the language and the day) and its bytes."""

    name: str
    data: bytes = field(repr=False)

    @property
    def kind(self) -> str:
        """The file's extension: pptx, pdf, png, svg, xlsx or zip."""
        return self.name.rsplit(".", 1)[1]

    @property
    def mime(self) -> str:
        return MIME[self.kind]

    @property
    def size(self) -> int:
        """Bytes."""
        return len(self.data)

    @property
    def is_chart(self) -> bool:
        return self.name.startswith("chart-")


@dataclass(frozen=True, eq=False)
class PackContents:
    """Every file of a view's pack, in the order the pack page offers them.

    `files` are the deck, the overview (when charts could be drawn), the chart images (PNG and SVG
    of each chart slide) and the tables (XLSX, CSV zip); `problems` are translated sentences saying
    what could not be made; `zip_name` / `zip_data` hold all the files in one zip. `key` is
    `pack_key` of the view.
    """

    key: tuple
    files: tuple[PackFile, ...]
    problems: tuple[str, ...]
    zip_name: str
    zip_data: bytes = field(repr=False)

    @property
    def documents(self) -> tuple[PackFile, ...]:
        """The deck, the overview and the tables."""
        return tuple(f for f in self.files if not f.is_chart)

    @property
    def charts(self) -> tuple[PackFile, ...]:
        """The chart images."""
        return tuple(f for f in self.files if f.is_chart)

    def by_name(self) -> dict[str, bytes]:
        """The files' bytes by name."""
        return {f.name: f.data for f in self.files}


def pack_key(c: Campaign, selection: Filters | None, lang: str, today: date, url: str) -> tuple:
    """The key of a view's pack in `c`'s memo; the campaign's version in it tells a pack a session
    keeps from one made from other data."""
    return ("forum_pack", c.version, selection or Filters(), lang, today, url)


def slides_for(
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    url: str,
    selection: Filters | None = None,
) -> tuple[Slide, ...]:
    """The slides of the view (`build_slides` with its defaults, `url` as the view's link), made
    once per campaign, selection, language, day and link."""
    selection = selection or Filters()
    return c.memo(
        ("forum_pack_slides", selection, lang, today, url),
        lambda: tuple(build_slides(c, territories, practices, lang, today, url, selection=selection)),
    )


def pack_contents(
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    url: str,
    selection: Filters | None = None,
    progress: Progress | None = None,
) -> PackContents:
    """Every file of the view's pack in `lang` as of `today`, its deck's QR codes and links opening
    `url`, made once per campaign, selection, language, day and link.

    `progress(fraction)` is called from this thread while the files are made (not when they were
    made before). Without Kaleido or Chromium the pack still has the deck (without chart images)
    and the tables, and `problems` says why the rest is missing.
    """
    selection = selection or Filters()
    key = pack_key(c, selection, lang, today, url)
    return c.memo(key, lambda: _make(key, c, territories, practices, lang, today, url, selection, progress))


def _make(
    key: tuple,
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    url: str,
    selection: Filters,
    progress: Progress | None,
) -> PackContents:
    _ = i18n.translator(lang)
    report = progress or (lambda fraction: None)

    def at(start: float, span: float) -> Progress:
        return lambda fraction: report(min(1.0, start + span * fraction))

    day = today.isoformat()
    deck_name = f"hrcities-deck-{lang}-{day}.pptx"
    files: dict[str, bytes] = {}
    problems: list[str] = []
    slides = slides_for(c, territories, practices, lang, today, url, selection)
    as_of = record.data_date(c)
    try:
        with image_renderer():
            files[deck_name] = deck_pptx(slides, lang, url, as_of, progress=at(0.0, 0.45))
            files[f"hrcities-overview-{lang}-{day}.pdf"] = overview_pdf(
                c, territories, practices, lang, today, progress=at(0.45, 0.25), selection=selection
            )
            charted = [s for s in slides if s.figure is not None]
            for number, slide in enumerate(charted):
                source_line = " · ".join(
                    x for x in (slide.filter_line, footer_text(slide.sources, as_of, lang)) if x
                )
                for fmt in CHART_FORMATS:
                    files[f"chart-{slide.kind.lower()}-{lang}.{fmt}"] = chart_image(
                        slide.figure, fmt, slide.title, source_line, as_of, lang=lang
                    )
                at(0.7, 0.15)((number + 1) / max(1, len(charted)))
    except ExportUnavailable as error:
        problems.append(
            _(
                "Charts could not be drawn on this server: the deck has no chart images, and the "
                "overview and the chart files are missing. {why}"
            ).format(why=str(error))
        )
        files[deck_name] = deck_pptx(slides, lang, url, as_of, charts=False)
    sources = view_sources(c, territories, practices)
    files[f"hrcities-tables-{lang}-{day}.xlsx"] = tables_xlsx(territories, practices, sources, lang, as_of)
    files[f"hrcities-tables-{lang}-{day}.zip"] = tables_csv_zip(territories, practices, sources, lang, as_of)
    everything = io.BytesIO()
    with zipfile.ZipFile(everything, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    report(1.0)
    return PackContents(
        key,
        tuple(PackFile(name, data) for name, data in files.items()),
        tuple(problems),
        f"hrcities-forum-pack-{lang}.zip",
        everything.getvalue(),
    )
