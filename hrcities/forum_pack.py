"""The forum pack: slides for presenter mode and a PPTX deck, chart images, printable PDFs, tables.

`build_slides` makes the slides once, in one language; the presenter-mode page shows them and
`deck_pptx` writes them to a 16:9 PowerPoint file. `chart_image` burns a chart's title, legend,
source line and data date into a PNG or SVG. `city_brief_pdf` and `overview_pdf` print A4 briefs.
`tables_xlsx` / `tables_csv_zip` download the filtered tables with their sources.

Every interface text goes through `i18n.translator(lang)` as a literal `_("...")` call (so the
catalog extractor finds it); numbers and dates through `i18n.fmt_number` / `i18n.fmt_date`. Data
text (names, practice titles, summaries) is shown as the data has it; quotes are always verbatim,
in their original language, with any translation beside them, never inside.

Charts are rendered by Kaleido with the Debian Chromium, offline: maps read the base map shipped
in `static/` (a file:// URL), MathJax is off, and every other request the browser would make goes
to a dead local proxy so that it fails at once instead of waiting on the network. Several images
share one browser inside `image_renderer()`. `ExportUnavailable` says why images cannot be made.

PDF text uses DejaVu Sans shipped in `static/fonts/` (Latin, Greek, Cyrillic, Arabic...), with
NanumSquare as the fallback for Hangul and CJK; right-to-left and other complex scripts are shaped
with HarfBuzz (uharfbuzz) when the text has them.

Plain Python: this module never imports Streamlit. Heavy libraries are imported when used.
"""

from __future__ import annotations

import asyncio
import io
import re
import textwrap
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import content, exports, figures, i18n, metrics, record
from .filters import Filters
from .load import Campaign
from .paths import STATIC_DIR
from .schema import TABLES_BY_NAME

Progress = Callable[[float], None]

COUNTER, MAP, GROWTH, SPOTLIGHT, QUOTE, CLOSING = "counter", "map", "growth", "spotlight", "quote", "closing"
SUMMARY_CHARS = 280
FOOTER_TITLE_CHARS = 210
FONTS_DIR = STATIC_DIR / "fonts"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FALLBACK_FONT_FILE = "NanumSquareR.ttf"  # Hangul and CJK, which DejaVu Sans lacks
BROWSER_PATH: str | None = None  # None: Kaleido finds Chromium itself (BROWSER_PATH env, then PATH)
RENDER_TIMEOUT = 60  # seconds for one image
START_TIMEOUT = 60  # seconds for the browser to start
DEAD_PROXY = "http://127.0.0.1:9"  # nothing listens there: any network request fails at once
BLUE, GREEN, GREY, DARK = "#0072B2", "#009E73", "#595959", "#1A1A1A"

# Characters DejaVu Sans does not have (Hangul, kana, CJK ideographs) and scripts that need shaping.
_CJK = re.compile("[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\ufb1d-\ufdff\ufe70-\ufeff]")


class ExportUnavailable(RuntimeError):
    """Chart images cannot be made here: Kaleido or Chromium is missing, or the render failed."""


# -- the slides ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRef:
    """One source a slide relies on."""

    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class MilestoneMark:
    """One milestone on the counter slide: reached or not, and a sentence saying so."""

    target: int
    label: str  # translated, e.g. "First 100"
    reached: bool
    status: str  # translated, e.g. "80 still needed"
    share: float  # members / target, capped at 1


@dataclass(frozen=True)
class Spotlight:
    """One practice put forward: what it is, where, in short, and the rights it serves."""

    practice_id: str
    territory_id: str
    title: str
    place: str  # "Barcelona, Spain"
    summary: str  # shortened to SUMMARY_CHARS
    rights: tuple[str, ...]  # translated right titles
    original_title: str | None = None
    original_lang: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quote from the forum session: `text` is verbatim, in `lang`, never translated."""

    text: str
    speaker: str
    role: str
    lang: str
    territory_id: str | None = None
    translation: str | None = None  # the editors' English translation, shown beside, never inside
    translation_note: str | None = None  # translated "Translation by the dashboard editors"


@dataclass(frozen=True, eq=False)
class Slide:
    """One slide of presenter mode and of the deck.

    `kind` is one of COUNTER, MAP, GROWTH, SPOTLIGHT, QUOTE, CLOSING; `title` is translated;
    `lines` are ready-to-show translated sentences; the other fields hold what the kind needs.
    """

    kind: str
    title: str
    data_date: date
    sources: tuple[SourceRef, ...] = ()
    figure: go.Figure | None = None
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    big_number: str = ""
    milestones: tuple[MilestoneMark, ...] = ()
    spotlight: Spotlight | None = None
    quote: Quote | None = None
    url: str = ""
    filter_line: str = ""  # 'Filtered view: UCLG region: Europe' on every slide of a filtered view


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in ids if isinstance(i, str) and i))


def _source_ids(frame: pd.DataFrame, column: str = "sources") -> list[str]:
    return _unique(s for cell in frame[column] if isinstance(cell, list) for s in cell)


def source_refs(c: Campaign, ids: Iterable[str]) -> tuple[SourceRef, ...]:
    """The sources named by `ids`, in that order, each once; unknown ids are left out."""
    table = c.sources.set_index("id")
    refs = []
    for source_id in _unique(ids):
        if source_id in table.index:
            row = table.loc[source_id]
            refs.append(
                SourceRef(
                    source_id,
                    str(row["title"]),
                    *(row[k] if isinstance(row[k], str) else None for k in ("url", "publisher", "published")),
                )
            )
    return tuple(refs)


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def _milestone_marks(territories: pd.DataFrame, c: Campaign, lang: str) -> tuple[MilestoneMark, ...]:
    _ = i18n.translator(lang)
    marks = []
    for s in metrics.milestone_status(territories, c.milestones):
        marks.append(MilestoneMark(s.target, _(s.label), s.reached, s.sentence(lang), s.share))
    return tuple(marks)


def _counter_slide(
    c: Campaign, territories: pd.DataFrame, lang: str, data_date: date, view_url: str, filtered: bool
) -> Slide:
    _ = i18n.translator(lang)
    members = metrics.members(territories)
    headcount = record.count(c, territories, filtered)
    ids = (
        _source_ids(c.milestones)
        + _source_ids(members)
        + [s for figure in headcount.reported for s in figure.sources]
    )
    subtitle = (
        _("members on the public record in this selection")
        if filtered
        else _("members on the public record, of {target} by 2030").format(target=i18n.fmt_number(1000, lang))
    )
    lines = [
        headcount.headline(lang) + ".",
        *headcount.explanation(lang),
        _("Engaged, not counted") + ": " + i18n.fmt_number(headcount.engaged, lang),
    ]
    return Slide(
        COUNTER,
        _("10, 100, 1000 Human Rights Cities and Territories by 2030"),
        data_date,
        source_refs(c, ids),
        big_number=headcount.number(lang),
        subtitle=subtitle,
        lines=tuple(line for line in lines if line),
        # the milestones are the whole campaign's: a selection is not measured against them
        milestones=() if filtered else _milestone_marks(territories, c, lang),
        url=view_url,
    )


def _map_slide(c: Campaign, territories: pd.DataFrame, lang: str, data_date: date, filtered: bool) -> Slide:
    _ = i18n.translator(lang)
    fig = figures.territory_points(territories, "stage", c.stages.sort_values("order"), _)
    headcount = record.count(c, territories, filtered)
    line = _("{n} territories on record in {countries} countries; {members} are members").format(
        n=i18n.fmt_number(len(territories), lang),
        countries=i18n.fmt_number(territories["country_iso3"].nunique(), lang),
        members=headcount.number(lang),
    )
    return Slide(
        MAP,
        _("Cities and territories on record (members and engaged)"),
        data_date,
        source_refs(c, _source_ids(territories)),
        figure=fig,
        lines=(line, headcount.why_lower_bound(lang)),
    )


def _growth_slide(
    c: Campaign, territories: pd.DataFrame, lang: str, today: date, data_date: date, filtered: bool
) -> Slide:
    _ = i18n.translator(lang)
    joins = metrics.cumulative_joins(territories)
    reading = record.pace_reading(c, today)  # campaign-wide
    headcount = record.count(c, territories, filtered)
    members = int(territories["is_member"].sum())
    fig = figures.growth_curve(
        joins,
        reading.pace,
        c.waves,
        _,
        lower_bound=headcount.is_lower_bound,
        campaign_wide=not filtered,
        members=members,
    )
    dated = _(
        "{dated} members have a known join date and are drawn at the end of the period their source "
        "gives; {undated} more joined on a date that is not on record or not verified."
    ).format(dated=i18n.fmt_number(len(joins), lang), undated=i18n.fmt_number(members - len(joins), lang))
    if filtered:
        lines = (
            headcount.headline(lang) + ".",
            dated,
            _("The pace to 1000 by 2030 is the whole campaign's: it is not measured against a selection."),
        )
        title = _("Joins over time in this selection")
    else:
        lines = (reading.sentence(lang), dated, headcount.why_lower_bound(lang))
        title = _("Joins over time and the pace to 1000 by 2030")
    ids = _source_ids(c.milestones) + _source_ids(c.waves) + _source_ids(metrics.members(territories))
    return Slide(GROWTH, title, data_date, source_refs(c, ids), figure=fig, lines=lines)


def pick_spotlights(
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    count: int = 3,
    ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The practices to put forward: `ids` in that order when given, else up to `count`, one per
    territory of the view, those presented at the forum session first, then in data order."""
    shown = practices[practices["territory_id"].isin(set(territories["id"]))]
    if ids is not None:
        by_id = shown.set_index("id", drop=False)
        return by_id.loc[[i for i in ids if i in by_id.index]].reset_index(drop=True)
    session_sources = set(c.session.get("sources") or [])
    at_forum = shown["sources"].map(lambda s: bool(session_sources & set(s or [])))
    ranked = shown.assign(_rank=~at_forum, _order=range(len(shown))).sort_values(["_rank", "_order"])
    return ranked.drop_duplicates("territory_id").head(count).drop(columns=["_rank", "_order"])


_TRANSLATIONS: dict[tuple[str, str], content.Translations] = {}


def translations(c: Campaign) -> content.Translations:
    """The content translations of `c`'s data folder (`data/translations.csv`), read once per data
    version; rows with problems are left out (the pages report them)."""
    key = (str(c.data_dir), c.version)
    if key not in _TRANSLATIONS:
        _TRANSLATIONS.clear()
        _TRANSLATIONS[key] = content.load(c.data_dir, c)[0]
    return _TRANSLATIONS[key]


def _spotlight_slide(c: Campaign, practice: pd.Series, lang: str, data_date: date) -> Slide:
    _ = i18n.translator(lang)
    place = c.territories.set_index("id").loc[practice["territory_id"]]
    titles = c.rights.set_index("id")["title_en"]
    rights = tuple(_(titles.get(r, r)) for r in practice["rights"] or [])
    original = practice["original_title"] if isinstance(practice["original_title"], str) else None
    found = translations(c)
    title = found.localized("practices", practice["id"], "title", practice["title"], "en", lang).text
    summary = found.localized("practices", practice["id"], "summary", practice["summary"], "en", lang).text
    if original == title:
        original = None  # the official title is already the one shown
    spot = Spotlight(
        practice["id"],
        practice["territory_id"],
        title,
        f"{place['name']}, {place['country']}",
        shorten(summary),
        rights,
        original,
        practice["original_lang"] if original else None,
    )
    lines = [spot.summary]
    if rights:
        lines.append(_("Rights") + ": " + "; ".join(rights))
    return Slide(
        SPOTLIGHT,
        _("Practice spotlight"),
        data_date,
        source_refs(c, practice["sources"] or []),
        subtitle=f"{spot.title} · {spot.place}",
        lines=tuple(lines),
        spotlight=spot,
    )


def session_quotes(c: Campaign, territory_ids: Iterable[str] | None = None) -> list[dict]:
    """The session's quotes; with `territory_ids`, those of speakers from these territories and
    those of speakers from no territory."""
    quotes = [q for q in c.session.get("quotes") or [] if isinstance(q, dict) and q.get("text")]
    if territory_ids is None:
        return quotes
    keep = set(territory_ids)
    return [q for q in quotes if not q.get("territory_id") or q["territory_id"] in keep]


def make_quote(raw: dict, lang: str, found: content.Translations | None = None) -> Quote:
    """A session quote as shown in `lang`: the text verbatim, the translation only beside it
    (one per language, from the content translations, labelled as what it is)."""
    _ = i18n.translator(lang)
    translation = note = None
    if raw.get("lang") != lang:
        if found is not None and (hit := found.get("quotes", str(raw.get("id")), "text", lang)):
            translation = hit[0]
            note = _("Machine translation") if hit[1] == "machine" else _("Translation")
    return Quote(
        str(raw["text"]),
        str(raw.get("speaker", "")),
        str(raw.get("role", "")),
        str(raw.get("lang", "")),
        raw.get("territory_id"),
        translation,
        note,
    )


def _session_line(c: Campaign, lang: str) -> str:
    forum = str(c.session.get("forum") or c.session.get("title") or "")
    when = c.session.get("date")
    try:
        shown = i18n.fmt_date(date.fromisoformat(str(when)), lang)
    except ValueError:
        shown = str(when or "")
    return " · ".join(x for x in (forum, shown) if x)


def _quote_slide(c: Campaign, raw: dict, lang: str, data_date: date) -> Slide:
    _ = i18n.translator(lang)
    quote = make_quote(raw, lang, translations(c))
    return Slide(
        QUOTE,
        _("In their words"),
        data_date,
        source_refs(c, c.session.get("sources") or []),
        subtitle=_session_line(c, lang),
        quote=quote,
        lines=(quote.text, f"— {quote.speaker}, {quote.role}"),
    )


def build_slides(
    c: Campaign,
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    lang: str,
    today: date,
    view_url: str,
    *,
    spotlights: int = 3,
    spotlight_ids: Sequence[str] | None = None,
    max_quotes: int | None = None,
    selection: Filters | None = None,
) -> list[Slide]:
    """The slides of the view, in `lang`, as of `today`.

    `territories` and `practices` are the view's (filtered) frames; members are those
    `metrics.members` counts. In order: the counter with the 10 / 100 / 1000 milestones, the map,
    the growth curve with the pace to 2030, one slide per spotlight practice (`spotlight_ids`, or
    `spotlights` chosen by `pick_spotlights`), one per session quote (speakers of the view's
    territories and speakers from no territory; at most `max_quotes`), and "Explore this view"
    with `view_url`.
    """
    _ = i18n.translator(lang)
    selection = selection or Filters()
    filtered = bool(selection.active())
    as_of = record.data_date(c)
    slides = [
        _counter_slide(c, territories, lang, as_of, view_url, filtered),
        _map_slide(c, territories, lang, as_of, filtered),
        _growth_slide(c, territories, lang, today, as_of, filtered),
    ]
    for practice in pick_spotlights(c, territories, practices, spotlights, spotlight_ids).itertuples():
        slides.append(_spotlight_slide(c, pd.Series(practice._asdict()), lang, as_of))
    quotes = session_quotes(c, territories["id"])
    for raw in quotes[:max_quotes] if max_quotes is not None else quotes:
        slides.append(_quote_slide(c, raw, lang, as_of))
    every = tuple({s.id: s for slide in slides for s in slide.sources}.values())
    slides.append(
        Slide(
            CLOSING,
            _("Explore this view"),
            as_of,
            every,
            url=view_url,
            lines=(
                _("Scan the code or open the link to see these figures live, with the same filters."),
                view_url,
            ),
        )
    )
    line = record.filter_sentence(c, selection, lang)
    return [replace(slide, filter_line=line) for slide in slides] if line else slides


def footer_text(
    sources: Sequence[SourceRef], data_date: date, lang: str, limit: int = FOOTER_TITLE_CHARS
) -> str:
    """'Data as of <date> · Sources: A; B (and N more)', the titles cut to about `limit` characters."""
    _ = i18n.translator(lang)
    text = _("Data as of {date}").format(date=i18n.fmt_date(data_date, lang))
    if not sources:
        return text
    titles: list[str] = []
    used = 0
    for source in sources:
        if titles and used + len(source.title) > limit:
            break
        titles.append(source.title)
        used += len(source.title) + 2
    text += " · " + _("Sources") + ": " + "; ".join(titles)
    if len(titles) < len(sources):
        text += " " + _("(and {n} more)").format(n=i18n.fmt_number(len(sources) - len(titles), lang))
    return text


def _source_notes(sources: Sequence[SourceRef], lang: str) -> str:
    _ = i18n.translator(lang)
    lines = [_("Sources") + ":"]
    for s in sources:
        extra = ", ".join(x for x in (s.publisher, s.published) if x)
        lines.append(f"- {s.title}" + (f" ({extra})" if extra else "") + (f": {s.url}" if s.url else ""))
    return "\n".join(lines)


# -- chart images (Kaleido, offline) ---------------------------------------------------------------


def topojson_url() -> str:
    """The file:// URL of the shipped base maps (`static/world_50m.json`, `world_110m.json`)."""
    return STATIC_DIR.as_uri() + "/"


class _Renderer:
    """One headless Chromium (through Kaleido) running in a thread of its own with its event loop."""

    def __init__(self) -> None:
        try:
            import kaleido
            import plotly.io as pio
        except ImportError as error:
            raise ExportUnavailable(
                "Chart images need the kaleido package (pip install 'kaleido>=1.5,<1.6') and Chromium."
            ) from error
        if not (STATIC_DIR / "world_50m.json").is_file():
            raise ExportUnavailable(f"The base map is missing: {STATIC_DIR / 'world_50m.json'}.")
        if pio.defaults.topojson is None:
            pio.defaults.topojson = topojson_url()  # plotly.io.to_image elsewhere then works offline
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        options: dict[str, Any] = {
            "n": 1,
            "timeout": RENDER_TIMEOUT,
            "mathjax": False,
            "proxy_server": DEAD_PROXY,
        }
        if BROWSER_PATH:
            options["path"] = BROWSER_PATH

        async def start():
            browser = kaleido.Kaleido(**options)
            await browser.open()
            return browser

        try:
            self._kaleido = self._call(start(), START_TIMEOUT)
        except Exception as error:  # no browser found, it failed to start, or it timed out
            self._stop_loop()
            raise ExportUnavailable(
                f"Chart images need Chromium (Debian package 'chromium'), which could not be started: {error}"
            ) from error

    def _call(self, coroutine, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def render(self, fig: go.Figure, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as `fmt` ("png" or "svg") bytes."""
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            return self._call(
                self._kaleido.calc_fig(fig.to_dict(), opts=opts, topojson=topojson_url()), RENDER_TIMEOUT + 5
            )
        except Exception as error:  # Kaleido's own errors, a closed browser, a timeout
            raise ExportUnavailable(f"The chart could not be rendered: {error}") from error

    def _stop_loop(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()

    def close(self) -> None:
        """Close the browser and the thread (once; later calls do nothing)."""
        if self._loop.is_closed():
            return
        with suppress(Exception):
            self._call(self._kaleido.close(), 30)
        self._stop_loop()


_local = threading.local()


@contextmanager
def image_renderer() -> Iterator[_Renderer]:
    """One browser for every chart image made inside the block (in this thread).

    Starting Chromium takes seconds, so wrap several `chart_image` calls (or a test module) in
    one `with image_renderer():`; `deck_pptx` and `overview_pdf` open one themselves if none is open.
    Raises `ExportUnavailable` when Kaleido or Chromium is missing.
    """
    current = getattr(_local, "renderer", None)
    if current is not None:
        yield current
        return
    renderer = _Renderer()
    _local.renderer = renderer
    try:
        yield renderer
    finally:
        _local.renderer = None
        renderer.close()


def _stamp(data_date: date | str, lang: str) -> str:
    _ = i18n.translator(lang)
    if isinstance(data_date, date):
        return _("Data as of {date}").format(date=i18n.fmt_date(data_date, lang))
    return str(data_date)


def _is_geo(fig: go.Figure) -> bool:
    return any(trace.type in ("scattergeo", "choropleth") for trace in fig.data)


def _legend_rows(fig: go.Figure, width: int) -> int:
    """How many rows a horizontal legend of `fig` takes at `width` pixels (0 if it shows none)."""
    if fig.layout.showlegend is False:
        return 0
    items = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if len(items) < 2:
        return 0
    rows, used = 1, 0
    for name in items:
        item = len(name) * 8 + 50
        if used and used + item > width - 40:
            rows, used = rows + 1, 0
        used += item
    return rows


def export_figure(
    fig: go.Figure, width: int, title: str | None = None, footer: str = ""
) -> tuple[go.Figure, int]:
    """A copy of `fig` laid out for a still image `width` pixels wide.

    The title (`fig`'s own when `title` is None; none when "") sits at the top, the legend of a
    chart in rows under it, and `footer` (a source line) under the plot. Returns the figure and
    the pixels to add to its height.
    """
    out = go.Figure(fig)
    geo = _is_geo(out)
    shown = out.layout.title.text if title is None else title
    title_lines = textwrap.wrap(shown or "", max(30, width // 11))
    rows = 0 if geo else _legend_rows(out, width)
    if rows:
        out.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"))
    old_top = out.layout.margin.t if out.layout.margin.t is not None else 60
    top = max(30, 18 + 26 * len(title_lines) + 26 * rows + (20 if geo else 12))
    margin = out.layout.margin
    out.update_layout(
        title=dict(
            text="<br>".join(title_lines),
            x=0,
            xanchor="left",
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=14, l=12),
            font=dict(size=18),
        ),
        margin=dict(t=top, l=max(margin.l or 0, 12), r=max(margin.r or 0, 12)),
    )
    added = top - old_top
    if footer:
        lines = textwrap.wrap(footer, max(40, width // 7))
        old_bottom = out.layout.margin.b if out.layout.margin.b is not None else 10
        axis_room = 0 if geo else 30 + (28 if out.layout.xaxis.title.text else 0)
        bottom = max(old_bottom, axis_room) + 18 * len(lines) + 14
        out.update_layout(margin=dict(b=bottom))
        out.add_annotation(
            text="<br>".join(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            yshift=-(bottom - 8),
            align="left",
            showarrow=False,
            font=dict(size=12, color=GREY),
        )
        added += bottom - old_bottom
    return out, added


def chart_image(
    fig: go.Figure,
    fmt: str,
    title: str,
    source_line: str,
    data_date: date | str,
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
    width: int = 1200,
    height: int | None = None,
    scale: float = 2,
) -> bytes:
    """`fig` as a "png" or "svg" image with `title`, its legend, `source_line` and the data date
    (a date, shown 'Data as of <date>' in `lang`, or a ready string) burned in.

    The PNG is `width` x `height` layout pixels times `scale`; `height` defaults to the figure's
    own height plus the room for the title, legend and source line. Maps use the base map shipped
    in `static/`. Raises `ExportUnavailable` when Kaleido or Chromium is missing or the render fails.
    """
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"format must be 'png' or 'svg', not {fmt!r}")
    footer = " · ".join(x for x in (source_line, _stamp(data_date, lang)) if x)
    stamped, added = export_figure(fig, width, title, footer)
    height = height or int(fig.layout.height or 500) + added
    with image_renderer() as renderer:
        return renderer.render(stamped, fmt, width, height, scale if fmt == "png" else 1)


# -- the PPTX deck ---------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
CHART_BOX = (0.4, 1.3, 8.7, 5.35)  # left, top, width, height in inches
CHART_PX = (880, 541)  # layout pixels of a chart on a slide (same aspect as CHART_BOX)
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


def _text(
    slide,
    box: tuple[float, float, float, float],
    paragraphs: Sequence[str] | str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str = DARK,
    align: str = "left",
    lang: str | None = None,
    name: str | None = None,
    link: str | None = None,
):
    """A text box of one paragraph per item."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Inches, Pt

    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for number, line in enumerate([paragraphs] if isinstance(paragraphs, str) else paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER}[align]
        paragraph.space_after = Pt(size * 0.4)
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


def _deck_chart(fig: go.Figure, renderer: _Renderer) -> bytes:
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
        120 if len(s.big_number) <= 6 else 72,
        bold=True,
        colour=BLUE,
        name="Counter",
        lang=lang,
    )
    _text(slide, (0.5, 3.45, 8.6, 0.7), s.subtitle, 28, colour=DARK, lang=lang)
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
        lines = [("✓ " if mark.reached else "") + mark.label, mark.status]
        for n, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = line
            run.font.size, run.font.bold = Pt(20 if n == 0 else 13), n == 0
            run.font.color.rgb = RGBColor.from_string(DARK.lstrip("#"))
    _picture(slide, qr, (9.6, 1.35, 3.2, 3.2), "QR code", _("QR code") + ": " + s.url)
    _text(slide, (9.3, 4.6, 3.8, 0.5), _("Explore this view"), 16, bold=True, align="center", lang=lang)
    _text(slide, (9.3, 5.1, 3.8, 1.2), s.url, 10, colour=GREY, align="center", link=s.url)


def _chart_body(slide, s: Slide, image: bytes | None, lang: str) -> None:
    if image is not None:
        _picture(slide, image, CHART_BOX, "Chart", s.title + ". " + " ".join(s.lines))
        _text(slide, (9.3, 1.5, 3.7, 5.1), list(s.lines), 16, lang=lang, name="Notes")
    else:
        _text(slide, (0.5, 1.5, 12.3, 5.1), list(s.lines), 22, lang=lang, name="Notes")


def _spotlight_body(slide, s: Slide, lang: str, _: Callable[[str], str]) -> None:
    spot = s.spotlight
    assert spot is not None
    _text(
        slide, (0.5, 1.3, 12.3, 1.1), spot.title, 30 if len(spot.title) < 70 else 24, bold=True, colour=BLUE
    )
    place = spot.place
    if spot.original_title:
        place += " · " + _("Original title") + f": {spot.original_title} ({spot.original_lang})"
    _text(slide, (0.5, 2.4, 12.3, 0.6), place, 18, colour=GREY, lang=lang)
    _text(slide, (0.5, 3.05, 12.3, 2.4), spot.summary, 20)
    if spot.rights:
        _text(slide, (0.5, 5.5, 12.3, 1.2), _("Rights") + ": " + "; ".join(spot.rights), 16, lang=lang)


def _quote_body(slide, s: Slide, lang: str, _: Callable[[str], str]) -> None:
    quote = s.quote
    assert quote is not None
    _text(slide, (0.5, 1.2, 12.3, 0.5), s.subtitle, 16, colour=GREY)
    size = 30 if len(quote.text) < 140 else 24 if len(quote.text) < 260 else 20
    _text(slide, (0.9, 1.85, 11.6, 3.3), quote.text, size, italic=True, lang=quote.lang, name="Quote")
    who = f"— {quote.speaker}, {quote.role}"
    _text(
        slide,
        (0.9, 5.2, 11.6, 0.7),
        [who, _("original language") + f": {quote.lang}"],
        16,
        colour=DARK,
        name="Speaker",
        lang=lang,
    )
    if quote.translation:
        _text(
            slide,
            (0.9, 6.0, 11.6, 0.8),
            f"{quote.translation_note}: {quote.translation}",
            12,
            colour=GREY,
            lang="en",
            name="Translation",
        )


def _closing_body(slide, s: Slide, qr: bytes, lang: str, _: Callable[[str], str]) -> None:
    _picture(slide, qr, (4.92, 1.3, 3.5, 3.5), "QR code", _("QR code") + ": " + s.url)
    _text(slide, (0.5, 4.95, 12.3, 0.6), s.url, 18, colour=BLUE, align="center", link=s.url, name="Link")
    _text(slide, (0.5, 5.6, 12.3, 0.9), s.lines[0], 18, align="center", lang=lang)


def _add_slide(prs, s: Slide, image: bytes | None, qr: bytes, lang: str, data_date: date) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    _ = i18n.translator(lang)
    layout = next(layout for layout in prs.slide_layouts if layout.name == "Title Only")
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9)
    title.text = s.title
    for paragraph in title.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(30 if len(s.title) < 60 else 24), True
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
            slide, (0.5, 6.45, 12.3, 0.4), s.filter_line, 12, bold=True, colour=DARK, name="Filter", lang=lang
        )
    _text(slide, (0.5, 6.85, 12.3, 0.55), footer, 10, colour=GREY, name="Footer", lang=lang)
    slide.notes_slide.notes_text_frame.text = "\n".join([*s.lines, "", _source_notes(s.sources, lang)])


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


# -- printable PDFs --------------------------------------------------------------------------------


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


def _new_pdf(title: str, footer_line: str, lang: str):
    pdf = _fpdf_class()(footer_line, lang)
    pdf.set_title(title)
    pdf.add_page()
    return pdf


def _pdf_sources(pdf, sources: Sequence[SourceRef], lang: str) -> None:
    _ = i18n.translator(lang)
    pdf.heading(_("Sources") + f" ({i18n.fmt_number(len(sources), lang)})")
    for s in sources:
        extra = ", ".join(x for x in (s.publisher, s.published) if x)
        pdf.para(s.title + (f" · {extra}" if extra else ""), 9, gap=0.3)
        if s.url:
            pdf.para(s.url, 8, colour=BLUE, link=s.url, gap=1.5, wrap_chars=True)


def _pdf_quote(pdf, raw: dict, lang: str, found: content.Translations | None = None) -> None:
    quote = make_quote(raw, lang, found)
    _ = i18n.translator(lang)
    pdf.para(quote.text, 11, gap=0.5)
    pdf.para(
        f"— {quote.speaker}, {quote.role} · " + _("original language") + f": {quote.lang}",
        9,
        colour=GREY,
        gap=0.5,
    )
    if quote.translation:
        pdf.para(f"{quote.translation_note}: {quote.translation}", 9, colour=GREY, gap=0.5)
    pdf.ln(2)


def _pdf_practice(pdf, c: Campaign, practice, lang: str) -> None:
    _ = i18n.translator(lang)
    rights = c.rights.set_index("id")["title_en"]
    found = translations(c)
    title = found.localized("practices", practice.id, "title", practice.title, "en", lang)
    summary = found.localized("practices", practice.id, "summary", practice.summary, "en", lang)
    pdf.para(title.text, 11, "B", gap=0.5)
    facts = []
    if isinstance(practice.original_title, str) and practice.original_title != title.text:
        facts.append(_("Original title") + f": {practice.original_title} ({practice.original_lang})")
    if not pd.isna(practice.start_year):
        facts.append(_("Since") + f" {practice.start_year} ({_(practice.start_status)})")
    if practice.status != "unknown":  # a status only where the source says one
        facts.append(_(practice.status))
    if title.kind == "machine" or summary.kind == "machine":
        facts.append(_("Machine translation"))
    pdf.para(" · ".join(facts), 9, colour=GREY, gap=0.5)
    pdf.para(summary.text, 10, gap=0.5)
    if practice.rights:
        pdf.para(
            _("Rights (editors' classification)")
            + ": "
            + "; ".join(_(rights.get(r, r)) for r in practice.rights),
            9,
            gap=3,
        )


def _pdf_ladder(pdf, c: Campaign, t: pd.Series, lang: str) -> None:
    _ = i18n.translator(lang)
    pdf.heading(_("Stage on the campaign ladder"))
    for stage in c.stages.sort_values("order").itertuples():
        here = stage.id == t["stage"]
        label = _(stage.label) + (f" ({_(t['stage_status'])})" if here else "")
        pdf.para(("➤ " if here else "   ") + label, 10, "B" if here else "", DARK if here else GREY, gap=0.3)
    pdf.ln(1.5)
    if t["is_member"]:
        pdf.para(_("Counts toward 10 / 100 / 1000: yes, a confirmed member of the campaign."), 10)
    else:
        pdf.para(
            _("Not counted toward 10 / 100 / 1000: campaign membership was not found in any source."), 10
        )


def city_brief_pdf(c: Campaign, territory_id: str, lang: str, today: date) -> bytes:
    """A printable A4 brief of one territory in `lang`: name, country, stage on the ladder (and
    whether it counts), its practices, its representatives' quotes (verbatim), sources with URLs
    and the data date."""
    _ = i18n.translator(lang)
    t = c.territories.set_index("id").loc[territory_id]
    practices = c.practices[c.practices["territory_id"] == territory_id]
    quotes = [q for q in session_quotes(c) if q.get("territory_id") == territory_id]
    source_ids = list(t["sources"]) + _source_ids(practices)
    if quotes:
        source_ids += list(c.session.get("sources") or [])
    sources = source_refs(c, source_ids)
    as_of = record.data_date(c)
    pdf = _new_pdf(str(t["name"]), footer_text((), as_of, lang) + " · " + str(t["name"]), lang)
    pdf.para(_("10, 100, 1000 Human Rights Cities and Territories by 2030"), 9, colour=GREY, gap=1)
    name = str(t["name"])
    if isinstance(t["local_name"], str) and t["local_name"] != name:
        name += f" ({t['local_name']})"
    pdf.para(name, 22, "B", BLUE, gap=1)
    pdf.para(" · ".join([_(t["kind"]), str(t["country"]), _(t["region_label"])]), 11, colour=GREY, gap=1)
    pdf.para(_("Data as of {date}").format(date=i18n.fmt_date(as_of, lang)), 9, colour=GREY, gap=2)
    if isinstance(t["context"], str):
        pdf.para(t["context"], 10, gap=1)
    _pdf_ladder(pdf, c, t, lang)
    for label, value in record.territory_facts(c, t, lang)[2:]:  # joined, wave, leader, population band
        pdf.para(f"{label}: {value}", 10, gap=0.5)
    pdf.heading(_("Practices") + f" ({i18n.fmt_number(len(practices), lang)})")
    if practices.empty:
        pdf.para(_("No practice on record yet."), 10, colour=GREY)
    for practice in practices.itertuples():
        _pdf_practice(pdf, c, practice, lang)
    if quotes:
        pdf.heading(_("In their words"))
        pdf.para(_session_line(c, lang), 9, colour=GREY, gap=2)
        for raw in quotes:
            _pdf_quote(pdf, raw, lang, translations(c))
    _pdf_sources(pdf, sources, lang)
    return bytes(pdf.output())


def _pdf_image(pdf, image: bytes, alt: str, width_mm: float = 174) -> None:
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
        for mark in _milestone_marks(territories, c, lang):
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
    pdf = _new_pdf(title, " · ".join(x for x in (footer_text((), as_of, lang), filter_line) if x), lang)
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
        _pdf_image(pdf, image, str(fig.layout.title.text or ""))
    _pdf_regions(pdf, c, territories, lang)
    ids = (
        _source_ids(c.milestones)
        + _source_ids(c.waves)
        + _source_ids(metrics.members(territories))
        + _source_ids(territories)
        + [s for figure in headcount.reported for s in figure.sources]
    )
    _pdf_sources(pdf, source_refs(c, ids), lang)
    data = bytes(pdf.output())
    report(1.0)
    return data


# -- tables ----------------------------------------------------------------------------------------


def _table_columns(name: str, frame: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    columns = [col.name for col in TABLES_BY_NAME[name].columns] + list(extra)
    return frame[[col for col in columns if col in frame.columns]].reset_index(drop=True)


def _tables(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    _ = i18n.translator(lang)
    cited = set(_source_ids(territories)) | set(_source_ids(practices))
    tables = {
        "territories": _table_columns("territories", territories, ["is_member"]),
        "practices": _table_columns("practices", practices),
        "sources": _table_columns("sources", sources[sources["id"].isin(cited)]),
    }
    about = {
        "title": _("10, 100, 1000 Human Rights Cities and Territories by 2030"),
        "rows": _("{territories} territories, {practices} practices, {sources} sources").format(
            territories=i18n.fmt_number(len(territories), lang),
            practices=i18n.fmt_number(len(practices), lang),
            sources=i18n.fmt_number(len(tables["sources"]), lang),
        ),
        "sources": _(
            "Each row's 'sources' column lists ids from the sources table, which gives each "
            "source's title, publisher and URL."
        ),
        "is_member": _("is_member: whether the territory counts toward 10 / 100 / 1000."),
        "note": _(
            "Cells that begin with = + - @ are prefixed with an apostrophe so spreadsheets show them as text."
        ),
    }
    return tables, about


def view_sources(c: Campaign, territories: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """The rows of the sources table that the view's territories and practices cite."""
    cited = {
        source
        for column in (territories["sources"], practices["sources"])
        for ids in column
        for source in (ids or [])
    }
    return c.sources[c.sources["id"].isin(cited)]


def tables_xlsx(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    data_date: date | None = None,
) -> bytes:
    """The view's territories and practices, and the sources they cite, as one XLSX workbook with
    an About sheet in `lang` (via `exports.to_xlsx`, so every cell is defended)."""
    tables, about = _tables(territories, practices, sources, lang)
    if data_date is not None:
        about["data_date"] = _stamp(data_date, lang)
    return exports.to_xlsx(tables, about)


def tables_csv_zip(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    data_date: date | None = None,
) -> bytes:
    """The same tables as CSV files in a zip, with the About header block as ABOUT.txt."""
    tables, about = _tables(territories, practices, sources, lang)
    if data_date is not None:
        about["data_date"] = _stamp(data_date, lang)
    return exports.to_csv_zip(tables, about)
