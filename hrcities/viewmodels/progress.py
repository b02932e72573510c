"""The campaign progress page: the count, the pace, the milestones, the curves and the reported figures."""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd
import plotly.graph_objects as go

from .. import figures, i18n, metrics, record
from ..filters import Filters, territories_view


@dataclass(frozen=True)
class Metric:
    """One headline number: its label, its value as text, the help beside it, an optional delta."""

    label: str
    value: str
    help: str
    delta: str | None = None


@dataclass(frozen=True)
class ReportedRow:
    """A figure the campaign or its forums reported, shown as reported, with its sources."""

    value: str
    description: str
    day: str
    sources: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class ProgressView:
    """What the progress page shows for a selection, in language `lang`."""

    c: object
    territories: pd.DataFrame
    lang: str
    filtered: bool
    headcount: record.Count
    pace: record.PaceReading

    @property
    def _(self) -> i18n.Translate:
        return i18n.translator(self.lang)

    @cached_property
    def headline(self) -> str:
        """'At least N members…': the first, bold sentence."""
        return self.headcount.headline(self.lang)

    @cached_property
    def story(self) -> str:
        """The page's story in one sentence: the count (a lower bound, said so), the engaged governments
        beside it, the campaign's latest reported figures with their dates, and the data date. Why the
        count is a lower bound is in the first number's help, a click away."""
        _, lang, count = self._, self.lang, self.headcount
        as_of = i18n.fmt_date(count.as_of, lang)
        engaged = i18n.fmt_number(count.engaged, lang)
        if not count.reported:
            return _("{headline} (engaged, not counted: {engaged}); data as of {date}.").format(
                headline=self.headline, engaged=engaged, date=as_of
            )
        by_date: dict = {}
        for figure in count.reported:
            by_date.setdefault(figure.when, []).append(figure.text(lang))
        figures = ", ".join(
            _("{figures} by {date}").format(
                figures=i18n.join_list(texts, lang), date=i18n.fmt_date(when, lang)
            )
            for when, texts in sorted(by_date.items())
        )
        return _(
            "{headline} (engaged, not counted: {engaged}); the campaign's latest reported figures: "
            "{figures}; data as of {date}."
        ).format(headline=self.headline, engaged=engaged, figures=figures, date=as_of)

    @cached_property
    def explanation(self) -> str:
        """The sentences after the headline: why it is a lower bound, what was reported, as of when
        (the light page's lead; the progress page says it in `story` and the first number's help)."""
        return " ".join([*self.headcount.explanation(self.lang), self.headcount.as_of_sentence(self.lang)])

    @cached_property
    def numbers(self) -> tuple[Metric, ...]:
        """The four numbers across the top of the page."""
        _, lang, count = self._, self.lang, self.headcount
        engaged_help = _("Took part in campaign activities; membership not found in any source.")
        if self.filtered:
            return (
                Metric(
                    _("Members in this selection"),
                    count.number(lang),
                    _("Members on the public record that match the filters."),
                ),
                Metric(
                    _("Share of all members"),
                    i18n.fmt_percent(count.share, lang),
                    count.share_sentence(lang),
                ),
                Metric(
                    _("Engaged, not counted"),
                    i18n.fmt_number(count.engaged, lang),
                    engaged_help,
                ),
                Metric(
                    _("All members on record"), count.number(lang, count.total), count.why_lower_bound(lang)
                ),
            )
        pace = self.pace
        return (
            Metric(_("Members on record"), count.number(lang), count.why_lower_bound(lang)),
            Metric(_("Engaged, not counted"), i18n.fmt_number(count.engaged, lang), engaged_help),
            Metric(_("Joins a month for 1000"), pace.per_month_value(lang), pace.per_month_help(lang)),
            Metric(
                _("Steady pace by today"),
                pace.expected_value(lang),
                pace.expected_help(lang),
                delta=pace.expected_delta(lang),
            ),
        )

    @cached_property
    def milestones(self) -> tuple[metrics.MilestoneStatus, ...]:
        """The 10 / 100 / 1000 milestones (the whole campaign's: empty for a selection)."""
        if self.filtered:
            return ()
        return tuple(metrics.milestone_status(self.territories, self.c.milestones))

    @cached_property
    def milestone_lines(self) -> tuple[tuple[str, str], ...]:
        """(milestone, where it stands) for each milestone."""
        return tuple((self._(s.label), s.sentence(self.lang)) for s in self.milestones)

    @cached_property
    def milestone_summary(self) -> str:
        """The milestone chart in one sentence, for screen readers."""
        return self._("{members} members counted; {reached} of {total} milestones reached.").format(
            members=self.headcount.number(self.lang),
            reached=sum(s.reached for s in self.milestones),
            total=len(self.milestones),
        )

    def milestone_figure(self) -> go.Figure:
        """The milestone bars."""
        return figures.milestone_bars(
            list(self.milestones), self._, lower_bound=self.headcount.is_lower_bound
        )

    @cached_property
    def joins(self) -> pd.DataFrame:
        """The members with a known join date, cumulated (`metrics.cumulative_joins`)."""
        return metrics.cumulative_joins(self.territories)

    @cached_property
    def growth_scales(self) -> tuple[tuple[str, str], ...]:
        """The views of the growth chart as (scale, label), the default first: for the whole campaign
        "now" (up to the next milestone), "path" (to 1000 by 2030) and "log" (the same path on a
        logarithmic axis); for a selection, which has no pace to 1000, a linear and a log axis."""
        _ = self._
        if self.filtered:
            return (("now", _("Linear scale")), ("log", _("Logarithmic scale")))
        return (
            ("now", _("Now: up to the next milestone")),
            ("path", _("Path to 1000 by 2030")),
            ("log", _("Path to 1000, logarithmic scale")),
        )

    @cached_property
    def next_milestone(self) -> int | None:
        """The milestone the "now" view's axis runs to: the smallest above the count (None past 1000)."""
        dated = int(self.joins["cumulative"].max()) if len(self.joins) else 0
        return figures.next_milestone(max(self.headcount.members, dated), self.c.milestones["target"])

    def growth_summary(self, scale: str = "now") -> str:
        """The growth curve in a few sentences: how many members it draws and how many it cannot, and
        what the axis of this view (`growth_scales`) runs to."""
        _ = self._
        sentences = [
            _(
                "{dated} members have a known join date and are drawn at the end of the "
                "period their source gives; {undated} more joined on a date that is not on record or not "
                "verified."
            ).format(dated=len(self.joins), undated=self.headcount.members - len(self.joins))
        ]
        if scale == "log":
            sentences.append(_("On a logarithmic scale each step up the axis is ten times the one below."))
        if not self.filtered:
            if scale == "now" and self.next_milestone:
                sentences.append(
                    _(
                        "The axis runs to the next milestone, {target}; the pace to 1000 by 2030 is in "
                        'the view "{view}".'
                    ).format(target=self.next_milestone, view=dict(self.growth_scales)["path"])
                )
            elif scale == "now":
                sentences.append(_("The axis runs just above the count: every milestone is reached."))
            else:
                sentences.append(
                    _(
                        "The dotted line is the pace needed from today's {n} members to 1000 by the end "
                        "of 2030; the dashed one, a steady pace from the launch."
                    ).format(n=self.pace.pace.members)
                )
        return " ".join(sentences)

    def growth_figure(self, scale: str = "now") -> go.Figure:
        """The joins over time in view `scale` (`growth_scales`), with the waves, the milestones and
        (for the whole campaign, but for "now") the pace to 1000; built once per view and scale (a
        fifth of the page's rerun), like the other figures. Read-only."""
        return self._figure(
            ("growth", scale),
            lambda: figures.growth_curve(
                self.joins,
                self.pace.pace,
                self.c.waves,
                self._,
                lower_bound=self.headcount.is_lower_bound,
                campaign_wide=not self.filtered,
                members=self.headcount.members,
                scale=scale,
                milestones=self.c.milestones,
            ),
        )

    def stage_figure(self) -> go.Figure:
        """Territories per stage of the campaign ladder."""
        counts = metrics.stage_counts
        return self._figure(
            "stages", lambda: figures.stage_bars(counts(self.territories, self.c.stages), self._)
        )

    def region_figure(self) -> go.Figure:
        """Members and engaged territories per UCLG region."""
        return self._figure(
            "regions",
            lambda: figures.region_bars(metrics.region_breakdown(self.territories, self.c.regions), self._),
        )

    @cached_property
    def _figures(self) -> dict:
        return {}

    def _figure(self, key, make) -> go.Figure:
        if key not in self._figures:  # two sessions at once may both build it: one is kept
            self._figures.setdefault(key, make())
        return self._figures[key]

    @cached_property
    def reported(self) -> tuple[ReportedRow, ...]:
        """The figures reported by the campaign and its forums, oldest first."""
        _, lang = self._, self.lang
        rows = []
        for row in self.c.reported_figures.sort_values("when").itertuples():
            qualifier = f"{_(row.qualifier)} " if isinstance(row.qualifier, str) else ""
            rows.append(
                ReportedRow(
                    qualifier + i18n.fmt_number(row.value, lang),
                    _(row.description),
                    i18n.fmt_date(row.when.date(), lang),
                    tuple(row.sources),
                )
            )
        return tuple(rows)

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """The campaign's timeline as the reader sees it: translated, with headers in the language."""
        _, t = self._, self.c.timeline
        shown = t.assign(
            sources=t["sources"].map(", ".join),
            kind=t["kind"].map(_),
            title=t["title"].map(_),
            status=t["status"].map(_),
        )
        columns = {"date": _("Date"), "kind": _("Kind"), "title": _("Event"), "status": _("Status")}
        return shown[["date", "kind", "title", "status", "sources"]].rename(
            columns={**columns, "sources": _("Sources")}
        )


def progress_view(c, selection: Filters, lang: str, today: date) -> ProgressView:
    """The progress page for `selection` in `lang` as of `today`, made once per campaign and those."""

    def build() -> ProgressView:
        territories = territories_view(c, selection)
        filtered = bool(selection.active())
        return ProgressView(
            c,
            territories,
            lang,
            filtered,
            record.count(c, territories, filtered),
            record.pace_reading(c, today),  # campaign-wide: 1000 is the whole campaign's target
        )

    return c.memo(("progress_view", selection, lang, today), build)
