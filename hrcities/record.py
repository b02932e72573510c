"""The public record, counted honestly: what the member count is, and what it is not.

Members are the governments a public source names as campaign members (the campaign's directory of
profiles, its campaign page, a council decision). The campaign has published no complete list, so
that count is a *lower bound* of its size: every sentence here says "at least", puts the campaign's
own latest reported figures (pledges, forms; value, date, source) beside it, and never turns the
pace to 1000 into a deficit. A deployment whose coordinators keep the complete list declares it in
`record.csv` (`complete_list_as_of`): then the count is the campaign's size as of that date and the
pace reads as a plain fact.

"Data as of" is the store's last change by a coordinator, or else the date the records were last
checked against their sources (`record.csv`, `data_as_of`).

Plain Python: this module never imports Streamlit.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import i18n, metrics
from .dates import parse_partial_date
from .filters import FILTER_SPECS, Filters, options_view

TARGET = 1000
PIPELINE = ("pledges", "forms", "members")  # reported figures about joining (not attendance)


@dataclass(frozen=True)
class Reported:
    """One figure the campaign itself reported, as it reported it."""

    metric: str
    qualifier: str | None
    value: int
    when: date
    description: str
    sources: tuple[str, ...]

    def text(self, lang: str) -> str:
        """'more than 100 pledges' in `lang`."""
        _ = i18n.translator(lang)
        number = i18n.fmt_number(self.value, lang)
        wording = {"pledges": _("{n} pledges"), "forms": _("{n} forms"), "members": _("{n} members")}[
            self.metric
        ]
        amount = f"{_(self.qualifier)} {number}" if self.qualifier else number  # "more than 100"
        return wording.format(n=amount)


def _record_row(c) -> dict:
    table = getattr(c, "tables", {}).get("record")
    if table is None or table.empty:
        return {}
    return table.iloc[0].to_dict()


def _day(value) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return parse_partial_date(str(value)).start


def data_date(c) -> date:
    """The date the data are as of: a coordinator's last change in the store, else the date the
    records were last checked against their sources (`record.csv`), else today."""
    change = getattr(c, "last_change", None)
    checked = _day(_record_row(c).get("data_as_of"))
    days = [d for d in (change, checked) if d is not None]
    return max(days) if days else date.today()


def complete_as_of(c) -> date | None:
    """The date from which the deployment declares its members the campaign's complete list."""
    return _day(_record_row(c).get("complete_list_as_of"))


def latest_reported(c) -> tuple[Reported, ...]:
    """The campaign's latest reported figure of each joining metric (pledges, forms, members)."""
    figures = c.reported_figures
    figures = figures[figures["metric"].isin(PIPELINE)].sort_values("when")
    latest = figures.drop_duplicates("metric", keep="last")
    order = {m: i for i, m in enumerate(PIPELINE)}
    rows = sorted(latest.itertuples(), key=lambda r: order[r.metric])
    return tuple(
        Reported(
            r.metric,
            r.qualifier if isinstance(r.qualifier, str) else None,
            int(r.value),
            r.when.date(),
            r.description,
            tuple(r.sources),
        )
        for r in rows
    )


@dataclass(frozen=True)
class Count:
    """The members a view counts, and how that number must be read."""

    members: int  # members on the public record in the view
    total: int  # members on the public record, campaign-wide
    engaged: int  # engaged governments in the view (never counted)
    filtered: bool  # a filter narrows the view
    complete: date | None  # the complete list's date, when the deployment declares one
    reported: tuple[Reported, ...]
    as_of: date

    @property
    def is_lower_bound(self) -> bool:
        """True while no complete list is declared: the count is a floor, not the campaign's size."""
        return self.complete is None

    @property
    def share(self) -> float:
        """The view's members as a share of all members on record."""
        return self.members / self.total if self.total else 0.0

    def number(self, lang: str, n: int | None = None) -> str:
        """'at least 52' (a lower bound) or '52' (a declared complete list)."""
        _ = i18n.translator(lang)
        shown = i18n.fmt_number(self.members if n is None else n, lang)
        return _("at least {n}").format(n=shown) if self.is_lower_bound else shown

    def headline(self, lang: str) -> str:
        """What the count is, in one clause: 'At least 52 members on the public record'."""
        _ = i18n.translator(lang)
        n = i18n.fmt_number(self.members, lang)
        if self.filtered:
            if self.is_lower_bound:
                return _("At least {n} members on the public record in this selection").format(n=n)
            return _("{n} members in this selection").format(n=n)
        if self.is_lower_bound:
            return _("At least {n} members on the public record").format(n=n)
        return _("{n} members: the campaign's complete list as of {date}").format(
            n=n, date=i18n.fmt_date(self.complete, lang)
        )

    def of_target(self, lang: str) -> str:
        """'at least 52 of 1,000 by 2030' (the badge, the presenter's counter)."""
        _ = i18n.translator(lang)
        return _("{members} of {target} by 2030").format(
            members=self.number(lang), target=i18n.fmt_number(TARGET, lang)
        )

    def why_lower_bound(self, lang: str) -> str:
        """Why the count is a floor, or what the declared list is."""
        _ = i18n.translator(lang)
        if not self.is_lower_bound:
            return _(
                "The coordinators declare this the campaign's complete list of members as of {date}."
            ).format(date=i18n.fmt_date(self.complete, lang))
        return _(
            "A lower bound: the campaign has published no complete list, so only governments a "
            "public source names as members are counted."
        )

    def reported_sentence(self, lang: str) -> str:
        """'The campaign reported more than 100 pledges and more than 70 forms by 10 Dec 2022.'"""
        _ = i18n.translator(lang)
        if not self.reported:
            return ""
        by_date: dict[date, list[str]] = {}
        for figure in self.reported:
            by_date.setdefault(figure.when, []).append(figure.text(lang))
        parts = [
            _("{figures} by {date}").format(
                figures=i18n.join_list(texts, lang), date=i18n.fmt_date(when, lang)
            )
            for when, texts in sorted(by_date.items())
        ]
        return _("The campaign's latest reported figures: {figures}.").format(figures="; ".join(parts))

    def share_sentence(self, lang: str) -> str:
        """'12 of the 52 members on record (23%) are in this selection.'"""
        _ = i18n.translator(lang)
        return _("{n} of the {total} members on record ({share}) are in this selection.").format(
            n=i18n.fmt_number(self.members, lang),
            total=i18n.fmt_number(self.total, lang),
            share=i18n.fmt_percent(self.share, lang),
        )

    def as_of_sentence(self, lang: str) -> str:
        """'Data as of 7 Dec 2026.'"""
        return as_of_sentence(self.as_of, lang)

    def explanation(self, lang: str) -> list[str]:
        """The sentences that go with the headline: what the count is, the selection's share (when
        filtered) and the campaign's latest reported figures."""
        parts = [
            self.why_lower_bound(lang),
            self.share_sentence(lang) if self.filtered else "",
            self.reported_sentence(lang),
        ]
        return [p for p in parts if p]

    def story(self, lang: str) -> str:
        """The progress page's sentence: the count, what it is, the reported figures, the date."""
        return " ".join([self.headline(lang) + ".", *self.explanation(lang), self.as_of_sentence(lang)])


def as_of_sentence(day: date, lang: str) -> str:
    """'Data as of 7 Dec 2026.' in `lang`."""
    _ = i18n.translator(lang)
    return _("Data as of {date}").format(date=i18n.fmt_date(day, lang)) + "."


def count(c, territories: pd.DataFrame, filtered: bool) -> Count:
    """The `Count` of view `territories` (filtered or not) in campaign `c`."""
    return Count(
        members=int(territories["is_member"].sum()),
        total=int(c.territories["is_member"].sum()),
        engaged=int((~territories["is_member"]).sum()),
        filtered=filtered,
        complete=complete_as_of(c),
        reported=latest_reported(c),
        as_of=data_date(c),
    )


@dataclass(frozen=True)
class PaceReading:
    """The pace to 1000 by 2030, worded for what the count is."""

    pace: metrics.Pace
    count: Count

    def per_month_value(self, lang: str) -> str:
        """'at most 17.9' (from a lower bound, the joins still needed can only be fewer) or '17.9'."""
        _ = i18n.translator(lang)
        needed = self.pace.per_month_needed
        if needed is None:
            return "—"
        shown = i18n.fmt_number(needed, lang, decimals=1)
        return _("at most {n}").format(n=shown) if self.count.is_lower_bound else shown

    def per_month_help(self, lang: str) -> str:
        """What the joins-a-month figure is computed from."""
        _ = i18n.translator(lang)
        text = _(
            "From today to the end of 2030 (our reading of 'by 2030'), computed from the {n} "
            "members on record."
        ).format(n=i18n.fmt_number(self.pace.members, lang))
        if self.count.is_lower_bound:
            text += " " + _("More have joined if the record is incomplete, so fewer joins may be needed.")
        return text

    def expected_value(self, lang: str) -> str:
        """'about 544': where a steady line from the launch to 1000 stands today."""
        _ = i18n.translator(lang)
        return _("about {n}").format(n=i18n.fmt_number(self.pace.expected_by_today, lang))

    def expected_delta(self, lang: str) -> str | None:
        """The gap to the steady line, only when the list is complete (a floor has no gap)."""
        if self.count.is_lower_bound:
            return None
        return i18n.fmt_number(self.pace.members - self.pace.expected_by_today, lang)

    def expected_help(self, lang: str) -> str:
        """What the steady line is, and why no gap is shown against a lower bound."""
        _ = i18n.translator(lang)
        text = _("A straight line from the launch (February 2022) to 1000 at the end of 2030.")
        if self.count.is_lower_bound:
            text += " " + _("The public record is incomplete, so the gap to this line is not known.")
        return text

    def sentence(self, lang: str) -> str:
        """The pace in one sentence, for slides and PDFs."""
        _ = i18n.translator(lang)
        if self.count.is_lower_bound:
            return _(
                "A steady pace from the launch to 1000 by the end of 2030 passes about {expected} "
                "by today; with at least {n} members on record, at most {per_month} joins a month "
                "are needed from today."
            ).format(
                expected=i18n.fmt_number(self.pace.expected_by_today, lang),
                n=i18n.fmt_number(self.pace.members, lang),
                per_month=i18n.fmt_number(self.pace.per_month_needed or 0, lang, decimals=1),
            )
        return _(
            "A steady pace from the launch to 1000 by the end of 2030 passes about {expected} by "
            "today; with {n} members, {per_month} joins a month are needed from today."
        ).format(
            expected=i18n.fmt_number(self.pace.expected_by_today, lang),
            n=i18n.fmt_number(self.pace.members, lang),
            per_month=i18n.fmt_number(self.pace.per_month_needed or 0, lang, decimals=1),
        )


def pace_reading(c, today: date) -> PaceReading:
    """The campaign-wide pace (never a filtered one: 1000 is the whole campaign's target)."""
    return PaceReading(
        metrics.pace_to_target(c.territories, c.milestones, today), count(c, c.territories, filtered=False)
    )


def filter_chips(c, selection: Filters, lang: str) -> list[tuple[str, object, str]]:
    """Each active filter value as (filter key, value, 'UCLG region: Europe') in `lang`, in the
    sidebar's order: the chips a page shows above its content, each one removable."""
    _ = i18n.translator(lang)
    options = options_view(c)
    chips = []
    for spec in FILTER_SPECS:
        labels = dict(options[spec.key])
        for value in getattr(selection, spec.key):
            if spec.key == "countries":
                shown = i18n.country_name(value, lang, str(labels.get(value, value)))
            else:
                shown = _(str(labels.get(value, value)))
            chips.append((spec.key, value, f"{_(spec.label)}: {shown}"))
    return chips


def filter_labels(c, selection: Filters, lang: str) -> list[str]:
    """The active filters as 'UCLG region: Europe' lines in `lang` (for slides, PDFs, captions)."""
    _ = i18n.translator(lang)
    options = options_view(c)
    lines = []
    for spec in FILTER_SPECS:
        values = getattr(selection, spec.key)
        if not values:
            continue
        labels = dict(options[spec.key])
        if spec.key == "countries":
            names = {iso: i18n.country_name(iso, lang, str(labels.get(iso, iso))) for iso in values}
            shown = [names[v] for v in values]
        else:
            shown = [_(str(labels.get(v, v))) for v in values]
        lines.append(f"{_(spec.label)}: {', '.join(shown)}")
    return lines


def filter_sentence(c, selection: Filters, lang: str) -> str:
    """'Filtered view: UCLG region: Europe · Campaign stage: Member', or '' when nothing is filtered."""
    _ = i18n.translator(lang)
    lines = filter_labels(c, selection, lang)
    return (_("Filtered view") + ": " + " · ".join(lines)) if lines else ""


def territory_facts(c, territory: pd.Series, lang: str) -> list[tuple[str, str]]:
    """A territory's facts on record as (label, value) pairs in `lang`, each with its status: stage,
    join date, wave, leader and mandate, population band. A fact not on record says so."""
    _ = i18n.translator(lang)
    missing = _("not on record")

    def with_status(value: object, status: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            return missing
        return f"{value} ({_(status)})" if isinstance(status, str) and status else str(value)

    stage = c.stages.set_index("id").at[territory["stage"], "label"]
    waves = c.waves.set_index("wave")["label"]
    wave = territory["wave"]
    wave_text = None if pd.isna(wave) else _(waves.get(int(wave), str(wave)))
    leader = territory.get("leader")
    if isinstance(leader, str) and isinstance(territory.get("mandate"), str):
        leader = _("{leader}, mandate {mandate}").format(leader=leader, mandate=territory["mandate"])
    bands = c.population_bands.set_index("id")["label"]
    band = territory["population_band"]
    return [
        (_("Campaign stage"), with_status(_(stage), territory["stage_status"])),
        (_("Counted toward 10 / 100 / 1000"), _("yes") if territory["is_member"] else _("no")),
        (_("Joined"), with_status(territory["joined_label"], territory["joined_status"])),
        (_("Wave"), with_status(wave_text, territory["wave_status"])),
        (_("Leader"), with_status(leader, territory.get("leader_status"))),
        (_("Population band"), _(bands.get(band, "")) if isinstance(band, str) else missing),
    ]
