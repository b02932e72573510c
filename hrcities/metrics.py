"""Campaign figures: counts by stage, milestones, growth, pace, coverage."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import i18n

LAUNCH = date(2022, 2, 1)  # campaign initiated in February 2022 (news of 27/06/2022)


def members(territories: pd.DataFrame) -> pd.DataFrame:
    """Territories whose stage counts toward 10 / 100 / 1000."""
    return territories[territories["is_member"]]


def dated_members(territories: pd.DataFrame) -> pd.DataFrame:
    """Members whose join date is on record and not unverified (a date read once from a page whose
    quote was not kept is shown on the profile, not drawn or counted as a dated join)."""
    current = members(territories)
    return current[current["joined_by"].notna() & (current["joined_status"] != "unverified")]


def stage_counts(territories: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """One row per stage of the ladder, in order, with `count` (zero where none)."""
    counts = territories["stage"].value_counts()
    table = stages.sort_values("order").copy()
    table["count"] = table["id"].map(counts).fillna(0).astype(int)
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class MilestoneStatus:
    """Where the campaign stands against one target."""

    target: int
    label: str
    members: int
    reached: bool
    reached_on: pd.Timestamp | None  # date of the target-th dated join, when on record
    deadline: pd.Timestamp | None

    @property
    def share(self) -> float:
        """Members as a share of the target, capped at 1."""
        return min(1.0, self.members / self.target)

    @property
    def remaining(self) -> int:
        """Members still needed."""
        return max(0, self.target - self.members)

    def sentence(self, lang: str) -> str:
        """Where this milestone stands, in `lang`: "reached; its 10th dated join was by …", "reached;
        the date is not on record" or "80 still needed"."""
        _ = i18n.translator(lang)
        if self.reached and self.reached_on is not None:
            return _("reached; its {n}th dated join was by {date}").format(
                n=i18n.fmt_number(self.target, lang), date=i18n.fmt_date(self.reached_on.date(), lang)
            )
        if self.reached:
            return _("reached; the date is not on record")
        return _("{n} still needed").format(n=i18n.fmt_number(self.remaining, lang))


def milestone_status(territories: pd.DataFrame, milestones: pd.DataFrame) -> list[MilestoneStatus]:
    """Each milestone with the member count and the date it was reached, if on record."""
    current = members(territories)
    dated = dated_members(territories)["joined_by"].sort_values().reset_index(drop=True)
    result = []
    for row in milestones.sort_values("target").itertuples():
        target = int(row.target)
        reached = len(current) >= target
        reached_on = dated.iloc[target - 1] if len(dated) >= target else None
        deadline = None if pd.isna(row.deadline) else pd.Timestamp(row.deadline)
        result.append(MilestoneStatus(target, row.label, len(current), reached, reached_on, deadline))
    return result


def cumulative_joins(territories: pd.DataFrame) -> pd.DataFrame:
    """Members with a known date, in order: `joined_by`, `name`, `cumulative`.

    A join known only to the year or month is placed at the end of that period, so the curve is
    a lower bound: everyone on it had certainly joined by then.
    """
    dated = dated_members(territories).sort_values(["joined_by", "name"])
    dated = dated[["joined_by", "name", "joined_label", "wave"]].reset_index(drop=True)
    dated["cumulative"] = range(1, len(dated) + 1)
    return dated


@dataclass(frozen=True)
class Pace:
    """What it takes to reach a target by its deadline, seen from `today`."""

    target: int
    members: int
    today: date
    deadline: date
    launch: date = LAUNCH

    @property
    def months_left(self) -> float:
        """Months from today to the deadline (never below zero)."""
        return max(0.0, (self.deadline - self.today).days / 30.4375)

    @property
    def per_month_needed(self) -> float | None:
        """Joins needed per month from today; None once the deadline has passed."""
        if self.months_left == 0:
            return None
        return max(0, self.target - self.members) / self.months_left

    @property
    def expected_by_today(self) -> float:
        """Where a straight line from launch (0) to the target at the deadline stands today."""
        span = (self.deadline - self.launch).days
        done = min(max((self.today - self.launch).days, 0), span)
        return self.target * done / span

    @property
    def gap(self) -> float:
        """Members behind (positive) or ahead (negative) of the straight line."""
        return self.expected_by_today - self.members


def pace_to_target(
    territories: pd.DataFrame, milestones: pd.DataFrame, today: date, target: int = 1000
) -> Pace:
    """The pace needed to reach `target` by its deadline."""
    row = milestones.set_index("target").loc[target]
    return Pace(target, len(members(territories)), today, pd.Timestamp(row["deadline"]).date())


def region_breakdown(territories: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Per UCLG region, in order: `members` and `engaged` (not counted) territories."""
    table = regions.sort_values("order")[["id", "label"]].copy()
    member_counts = members(territories)["uclg_region"].value_counts()
    other_counts = territories[~territories["is_member"]]["uclg_region"].value_counts()
    table["members"] = table["id"].map(member_counts).fillna(0).astype(int)
    table["engaged"] = table["id"].map(other_counts).fillna(0).astype(int)
    return table.reset_index(drop=True)


def country_counts(territories: pd.DataFrame) -> pd.DataFrame:
    """Per country with any territory: `members`, `territories`, and member names (`names`)."""
    grouped = territories.assign(member_name=territories["name"].where(territories["is_member"]))
    grouped = grouped.groupby(["country_iso3", "country"], as_index=False).agg(
        territories=("id", "size"),
        members=("is_member", "sum"),
        names=("member_name", lambda s: ", ".join(sorted(s.dropna()))),
    )
    return grouped.sort_values(["members", "country"], ascending=[False, True]).reset_index(drop=True)


def rights_coverage(practices: pd.DataFrame, rights: pd.DataFrame) -> pd.DataFrame:
    """Per right, in Charter order: `practices` and `territories` that address it."""
    exploded = practices[["id", "territory_id", "rights"]].explode("rights")
    by_right = exploded.groupby("rights").agg(
        practices=("id", "nunique"), territories=("territory_id", "nunique")
    )
    table = rights.sort_values("order").copy()
    for column in ("practices", "territories"):
        table[column] = table["id"].map(by_right[column]).fillna(0).astype(int)
    return table.reset_index(drop=True)


def rights_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`rights_coverage` as a reader's table in `lang`: numeral, the right in `lang` (when not English),
    its English and Spanish titles, kind, the English wording's status, practices and territories."""
    _ = i18n.translator(lang)
    table = coverage.assign(
        kind=coverage["kind"].map(
            {
                "charter-2011": _("2011 Charter"),
                "proposed": _("proposed"),
                "discussed": _("discussed, not proposed"),
            }
        ),
        title_en_status=coverage["title_en_status"].map(_),
        shown=coverage["title_en"].map(_),
    )
    mine = ["shown"] if lang != "en" else []  # the right in the reader's language first
    return table[
        ["numeral", *mine, "title_en", "title_es", "kind", "title_en_status", "practices", "territories"]
    ].rename(
        columns={
            "numeral": "#",
            "shown": _("Right"),
            "title_en": _("Right (English)"),
            "title_es": _("Spanish title"),
            "kind": _("Kind"),
            "title_en_status": _("English wording"),
            "practices": _("Practices"),
            "territories": _("Territories"),
        }
    )


def rights_by_region(
    practices: pd.DataFrame, territories: pd.DataFrame, rights: pd.DataFrame, regions: pd.DataFrame
) -> pd.DataFrame:
    """Practices per right (rows, Charter order) and UCLG region (columns, in order)."""
    region_of = territories.set_index("id")["uclg_region"]
    exploded = practices.assign(region=practices["territory_id"].map(region_of)).explode("rights")
    matrix = pd.crosstab(exploded["rights"], exploded["region"])
    order_r = rights.sort_values("order")["id"]
    order_g = regions.sort_values("order")["id"]
    return matrix.reindex(index=order_r, columns=order_g, fill_value=0).astype(int)


def facet_counts(practices: pd.DataFrame, column: str, labels: pd.DataFrame) -> pd.DataFrame:
    """How many practices carry each value of a list column: `id`, `label`, `count` (desc)."""
    counts = practices[column].explode().value_counts()
    table = labels[["id", "label"]].copy()
    table["count"] = table["id"].map(counts).fillna(0).astype(int)
    return table.sort_values(["count", "label"], ascending=[False, True]).reset_index(drop=True)


def practices_by_place(practices: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """Practices per territory: `region`, `country`, `name`, `practices`, by region and country."""
    places = practices.merge(
        territories[["id", "name", "country", "region_label"]],
        left_on="territory_id",
        right_on="id",
        suffixes=("", "_territory"),
    )
    return (
        places.groupby(["region_label", "country", "name"])
        .size()
        .rename("practices")
        .reset_index()
        .rename(columns={"region_label": "region"})
    )


def territories_with_practices(practices: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """Territories that have at least one practice: the ones that get a city page."""
    ids = practices["territory_id"].unique()  # not a set: 50,000 Python strings made and dropped
    return territories[territories["id"].isin(ids)].sort_values("name").reset_index(drop=True)


def practice_cities(c) -> pd.DataFrame:
    """`territories_with_practices` of campaign `c`, sorted by name, made once per campaign."""
    return c.memo(
        "practice_cities", lambda: territories_with_practices(c.practices, c.territories), keep=True
    )


def practice_city_names(c) -> dict[str, str]:
    """The names of `practice_cities(c)` by territory id, in name order."""
    cities = practice_cities(c)
    return c.memo(
        "practice_city_names", lambda: dict(zip(cities["id"], cities["name"], strict=True)), keep=True
    )
