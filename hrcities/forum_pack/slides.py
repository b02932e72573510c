"""The slides of a view, made once in one language: what presenter mode shows and the deck holds.

`build_slides` gives, in order, the counter with the 10 / 100 / 1000 milestones, the map, the
growth curve with the pace to 2030, the practice spotlights, the session quotes and "Explore this
view" with the link back. Every interface text goes through `i18n.translator(lang)` as a literal
`_("...")` call (so the catalog extractor finds it); data text is shown as the data has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n, metrics, record
from ..filters import Filters
from ..load import Campaign
from .quotes import Quote, make_quote, session_line, session_quotes, translation_label, translations
from .sources import SourceRef, source_ids, source_refs

COUNTER, MAP, GROWTH, SPOTLIGHT, QUOTE, CLOSING = "counter", "map", "growth", "spotlight", "quote", "closing"
SUMMARY_CHARS = 280


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
    lang: str | None = None  # the language `title` and `summary` are written in
    translation_note: str | None = None  # e.g. "Machine translation from English.", in the slide's language


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


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def milestone_marks(territories: pd.DataFrame, c: Campaign, lang: str) -> tuple[MilestoneMark, ...]:
    """The campaign's 10 / 100 / 1000 milestones for `territories`, said in `lang`."""
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
        source_ids(c.milestones)
        + source_ids(members)
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
        milestones=() if filtered else milestone_marks(territories, c, lang),
        url=view_url,
    )


def _map_slide(c: Campaign, territories: pd.DataFrame, lang: str, data_date: date, filtered: bool) -> Slide:
    _ = i18n.translator(lang)
    # a filtered view is framed on its own territories (Europe, not the world with a cluster in it)
    extent = figures.selection_extent(territories) if filtered else None
    fig = figures.territory_points(territories, "stage", c.stages.sort_values("order"), _, extent=extent)
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
        source_refs(c, source_ids(territories)),
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
        scale="path",  # a slide about the pace to 2030: the whole path (the page defaults to "now")
        milestones=c.milestones,
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
    ids = source_ids(c.milestones) + source_ids(c.waves) + source_ids(metrics.members(territories))
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


def _spotlight_slide(c: Campaign, practice: pd.Series, lang: str, data_date: date) -> Slide:
    _ = i18n.translator(lang)
    place = c.territories.set_index("id").loc[practice["territory_id"]]
    titles = c.rights.set_index("id")["title_en"]
    rights = tuple(_(titles.get(r, r)) for r in practice["rights"] or [])
    original = practice["original_title"] if isinstance(practice["original_title"], str) else None
    found = translations(c)
    shown_title = found.localized("practices", practice["id"], "title", practice["title"], "en", lang)
    shown_summary = found.localized("practices", practice["id"], "summary", practice["summary"], "en", lang)
    title, summary = shown_title.text, shown_summary.text
    # one label for both: the summary's, else the title's (an official title is an original)
    note = translation_label(shown_summary) or translation_label(shown_title)
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
        shown_summary.lang,
        note,
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


def _quote_slide(c: Campaign, raw: dict, lang: str, data_date: date) -> Slide:
    _ = i18n.translator(lang)
    quote = make_quote(raw, lang, translations(c))
    return Slide(
        QUOTE,
        _("In their words"),
        data_date,
        source_refs(c, c.session.get("sources") or []),
        subtitle=session_line(c, lang),
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
