"""Campaign figures on the synthetic tiny campaign (tests/fixtures/tiny) and on the real data.

Tiny campaign: Testville (member, 2022-03), Sampleton (framework, 2022), Fakeburg (member, 2022),
Mockford (member, 2023-01-26), Nulltown (member, date unknown), Dummytown (engaged, not a member).
"""

from datetime import date, timedelta

import pandas as pd
import pytest
from on_file import territories_on_file

from hrcities import metrics
from hrcities.metrics import LAUNCH, Pace
from hrcities.paths import ROOT

TODAY = date(2026, 11, 28)  # as in conftest.py
DATA_DIR = ROOT / "data"


def joined_by(joined: str) -> pd.Timestamp | None:
    """The end of the period a join date names ('2022' -> 31 Dec 2022, '2023-12' -> 31 Dec 2023,
    '2023-01-26' -> that day); None when the date is not on record."""
    return pd.Period(joined).end_time.normalize() if joined else None


def milestones_frame(*rows):
    return pd.DataFrame(rows, columns=["target", "label", "deadline"])


def test_tiny_members(tiny):
    assert metrics.members(tiny.territories)["id"].tolist() == [
        "testville",
        "sampleton",
        "fakeburg",
        "mockford",
        "nulltown",
    ]


def test_stage_counts_zero_fills_in_ladder_order(tiny):
    counts = metrics.stage_counts(tiny.territories, tiny.stages)
    assert counts[["id", "count"]].values.tolist() == [
        ["engaged", 1],
        ["pledged", 0],
        ["form_sent", 0],
        ["member", 4],
        ["framework", 1],
    ]
    assert counts["count"].dtype == int


def test_stage_counts_of_nothing_is_all_zero(tiny):
    counts = metrics.stage_counts(tiny.territories.iloc[0:0], tiny.stages)
    assert counts["count"].tolist() == [0, 0, 0, 0, 0]


# target -> (reached, reached_on, remaining, share)
@pytest.mark.parametrize(
    "target, reached, reached_on, remaining, share",
    [
        (1, True, date(2022, 3, 31), 0, 1.0),  # Testville, at the end of March 2022
        (2, True, date(2022, 12, 31), 0, 1.0),  # Fakeburg (ties with Sampleton, sorted by name)
        (3, True, date(2022, 12, 31), 0, 1.0),
        (4, True, date(2023, 1, 26), 0, 1.0),  # Mockford, known to the day
        (5, True, None, 0, 1.0),  # five members, only four dates on record
        (8, False, None, 3, 5 / 8),
        (1000, False, None, 995, 0.005),
    ],
)
def test_milestone_status(tiny, target, reached, reached_on, remaining, share):
    (status,) = metrics.milestone_status(
        tiny.territories, milestones_frame((target, f"First {target}", None))
    )
    assert status.target == target
    assert status.label == f"First {target}"
    assert status.members == 5
    assert status.reached is reached
    assert (None if status.reached_on is None else status.reached_on.date()) == reached_on
    assert status.remaining == remaining
    assert status.share == pytest.approx(share)
    assert status.deadline is None


def test_milestones_are_sorted_by_target_and_keep_deadlines(tiny):
    statuses = metrics.milestone_status(
        tiny.territories, milestones_frame((1000, "1000 by 2030", "2030-12-31"), (4, "First 4", None))
    )
    assert [s.target for s in statuses] == [4, 1000]
    assert statuses[0].deadline is None
    assert statuses[1].deadline == pd.Timestamp(2030, 12, 31)


@pytest.mark.parametrize(
    "target, lang, sentence",
    [
        (4, "en", "reached; its 4th dated join was by Jan 26, 2023"),
        (5, "en", "reached; the date is not on record"),
        (1000, "en", "995 still needed"),
        (1000, "fr", "encore 995 nécessaires"),
    ],
)
def test_a_milestone_says_where_it_stands(tiny, target, lang, sentence):
    (status,) = metrics.milestone_status(tiny.territories, milestones_frame((target, "x", None)))
    assert status.sentence(lang) == sentence


def test_engaged_territories_never_count(tiny):
    everyone_engaged = tiny.territories.assign(is_member=False)
    (status,) = metrics.milestone_status(everyone_engaged, milestones_frame((1, "First 1", None)))
    assert (status.members, status.reached, status.reached_on) == (0, False, None)


MONTH = 30.4375  # days


@pytest.mark.parametrize(
    "today, months_left, per_month, expected",
    [
        (
            LAUNCH,
            (date(2030, 12, 31) - LAUNCH).days / MONTH,
            980 / ((date(2030, 12, 31) - LAUNCH).days / MONTH),
            0.0,
        ),
        (
            LAUNCH - timedelta(days=30),
            (date(2030, 12, 31) - LAUNCH + timedelta(days=30)).days / MONTH,
            980 / ((date(2030, 12, 31) - LAUNCH + timedelta(days=30)).days / MONTH),
            0.0,
        ),
        (date(2030, 12, 31) - timedelta(days=487), 16.0, 980 / 16, 1000 * (1 - 487 / 3255)),
        (date(2030, 12, 31), 0.0, None, 1000.0),
        (date(2031, 6, 1), 0.0, None, 1000.0),
    ],
)
def test_pace(today, months_left, per_month, expected):
    pace = Pace(target=1000, members=20, today=today, deadline=date(2030, 12, 31))
    assert (date(2030, 12, 31) - LAUNCH).days == 3255
    assert pace.months_left == pytest.approx(months_left)
    if per_month is None:
        assert pace.per_month_needed is None
    else:
        assert pace.per_month_needed == pytest.approx(per_month)
    assert pace.expected_by_today == pytest.approx(expected)
    assert pace.gap == pytest.approx(expected - 20)


def test_pace_when_target_already_met():
    pace = Pace(target=10, members=12, today=date(2024, 1, 1), deadline=date(2024, 5, 1))
    assert pace.per_month_needed == 0
    assert pace.gap < 0


def test_pace_to_target_reads_the_deadline(tiny):
    pace = metrics.pace_to_target(tiny.territories, tiny.milestones, TODAY)
    assert (pace.target, pace.members, pace.today, pace.deadline, pace.launch) == (
        1000,
        5,
        TODAY,
        date(2030, 12, 31),
        date(2022, 2, 1),
    )


def test_cumulative_joins_order_and_end_of_period(tiny):
    joins = metrics.cumulative_joins(tiny.territories)
    assert list(joins.columns) == ["joined_by", "name", "joined_label", "wave", "cumulative"]
    assert joins[["name", "joined_label", "cumulative"]].values.tolist() == [
        ["Testville", "Mar 2022", 1],
        ["Fakeburg", "2022", 2],
        ["Sampleton", "2022", 3],
        ["Mockford", "26 Jan 2023", 4],
    ]
    assert [d.date() for d in joins["joined_by"]] == [
        date(2022, 3, 31),
        date(2022, 12, 31),
        date(2022, 12, 31),
        date(2023, 1, 26),
    ]


def test_cumulative_joins_leave_out_engaged_and_undated(tiny):
    dated_engaged = tiny.territories.copy()
    dated_engaged.loc[dated_engaged["id"] == "dummytown", "joined_by"] = pd.Timestamp(2021, 1, 1)
    names = metrics.cumulative_joins(dated_engaged)["name"].tolist()
    assert "Dummytown" not in names and "Nulltown" not in names
    assert len(names) == 4


def test_region_breakdown(tiny):
    table = metrics.region_breakdown(tiny.territories, tiny.regions)
    assert table[["id", "members", "engaged"]].values.tolist() == [
        ["africa", 1, 0],
        ["asia-pacific", 0, 0],
        ["eurasia", 0, 0],
        ["europe", 4, 0],
        ["mewa", 0, 0],
        ["latin-america", 0, 1],
        ["north-america", 0, 0],
    ]
    assert table["label"].iloc[5] == "Latin America"


def test_country_counts(tiny):
    table = metrics.country_counts(tiny.territories)
    assert table[["country_iso3", "country", "territories", "members"]].values.tolist() == [
        ["ESP", "Spain", 3, 3],
        ["FRA", "France", 1, 1],
        ["KEN", "Kenya", 1, 1],
        ["MEX", "Mexico", 1, 0],
    ]
    assert table.set_index("country_iso3").at["ESP", "names"] == "Fakeburg, Nulltown, Testville"


def test_country_counts_names_only_members(real):
    """The docstring promises member names; Marseille (engaged) must not be listed as one."""
    names = metrics.country_counts(real.territories).set_index("country_iso3")["names"]
    raw = territories_on_file()
    french = raw[raw["country_iso3"] == "FRA"]
    assert "Marseille" in set(french["name"]) and not french.set_index("id").at["marseille", "is_member"]
    # every French member by name (9 in the December 2026 data), and no one else
    assert names["FRA"] == ", ".join(sorted(french.loc[french["is_member"], "name"]))
    assert "Marseille" not in names["FRA"]
    assert not raw.loc[raw["country_iso3"] == "KEN", "is_member"].any()  # Kisumu County, engaged
    assert names["KEN"] == ""


def test_rights_coverage(tiny):
    table = metrics.rights_coverage(tiny.practices, tiny.rights)
    assert table["id"].tolist() == tiny.rights.sort_values("order")["id"].tolist()
    covered = table[table["practices"] > 0][["id", "practices", "territories"]].values.tolist()
    assert covered == [
        ["right-to-the-city", 2, 2],
        ["participatory-democracy", 1, 1],
        ["housing", 1, 1],
        ["accessibility", 1, 1],
    ]
    assert int(table["practices"].sum()) == 5


def test_rights_coverage_counts_a_territory_once(tiny):
    both_in_testville = tiny.practices.assign(territory_id="testville")
    table = metrics.rights_coverage(both_in_testville, tiny.rights).set_index("id")
    assert table.loc["right-to-the-city", ["practices", "territories"]].tolist() == [2, 1]


def test_rights_by_region(tiny):
    matrix = metrics.rights_by_region(tiny.practices, tiny.territories, tiny.rights, tiny.regions)
    assert matrix.shape == (20, 7)
    assert matrix.index.tolist() == tiny.rights.sort_values("order")["id"].tolist()
    assert matrix.columns.tolist() == [
        "africa",
        "asia-pacific",
        "eurasia",
        "europe",
        "mewa",
        "latin-america",
        "north-america",
    ]
    assert matrix.loc["right-to-the-city"].tolist() == [1, 0, 0, 1, 0, 0, 0]
    assert matrix.loc["housing", "europe"] == 1
    assert matrix.loc["accessibility", "africa"] == 1
    assert int(matrix.values.sum()) == 5


def test_rights_by_region_of_no_practices_is_all_zero(tiny):
    matrix = metrics.rights_by_region(tiny.practices.iloc[0:0], tiny.territories, tiny.rights, tiny.regions)
    assert matrix.shape == (20, 7)
    assert int(matrix.values.sum()) == 0


@pytest.mark.parametrize(
    "column, labels, expected_top",
    [
        ("themes", "themes", [("participation", 3), ("access-to-justice", 1), ("disability-inclusion", 1)]),
        (
            "target_groups",
            "target_groups",
            [("migrants", 1), ("persons-with-disabilities", 1), ("women", 1), ("youth", 1)],
        ),
    ],
)
def test_facet_counts(tiny, column, labels, expected_top):
    table = metrics.facet_counts(tiny.practices, column, tiny.tables[labels])
    assert len(table) == len(tiny.tables[labels])
    top = [(i, c) for i, c in zip(table["id"], table["count"], strict=False) if c > 0]
    assert top == expected_top
    zeros = table[table["count"] == 0]["label"].tolist()
    assert zeros == sorted(zeros)
    assert table["count"].tolist() == sorted(table["count"], reverse=True)


def test_territories_with_practices(tiny):
    table = metrics.territories_with_practices(tiny.practices, tiny.territories)
    assert table["id"].tolist() == ["mockford", "testville"]


# --- the real data -------------------------------------------------------------------------------


def test_real_milestones(real):
    statuses = {s.target: s for s in metrics.milestone_status(real.territories, real.milestones)}
    assert set(statuses) == {10, 100, 1000}
    raw = territories_on_file()
    members = int(raw["is_member"].sum())  # 51 in the December 2026 data
    known = raw["is_member"] & (raw["joined_status"] != "unverified")  # unverified dates are not drawn
    dated = raw.loc[known, "joined"].map(joined_by).dropna().sort_values().tolist()
    assert 10 <= members < 100 and len(dated) >= 10  # the premise of the milestones below
    assert all(s.members == members for s in statuses.values())
    # the 10th dated join: 31 Dec 2022 in the December 2026 data (20 members dated to 2022)
    assert statuses[10].reached and statuses[10].reached_on == dated[9]
    assert not statuses[100].reached and statuses[100].remaining == 100 - members
    assert not statuses[1000].reached and statuses[1000].remaining == 1000 - members
    assert statuses[1000].deadline == pd.Timestamp(2030, 12, 31)


def test_real_cumulative_joins(real):
    joins = metrics.cumulative_joins(real.territories)
    raw = territories_on_file()
    dated = raw[raw["is_member"] & (raw["joined"] != "") & (raw["joined_status"] != "unverified")].assign(
        by=lambda t: t["joined"].map(joined_by)
    )
    assert dated["by"].notna().all()
    expected = dated.sort_values(["by", "name"])  # 25 dated members in the December 2026 data
    assert len(joins) == len(expected)
    assert joins["cumulative"].tolist() == list(range(1, len(expected) + 1))
    assert joins["joined_by"].is_monotonic_increasing
    assert joins["joined_by"].tolist() == expected["by"].tolist()
    assert joins["name"].tolist() == expected["name"].tolist()
    # the first join known to the day comes right after everyone known only to 2022
    in_2022 = int((expected["by"] <= pd.Timestamp(2022, 12, 31)).sum())
    assert joins["name"].iloc[in_2022] == "Diputació de Barcelona (Barcelona Provincial Council)"
    assert joins["joined_by"].iloc[in_2022] == pd.Timestamp(2023, 1, 26)


def test_real_stage_and_region_counts(real):
    counts = metrics.stage_counts(real.territories, real.stages).set_index("id")["count"]
    raw = territories_on_file()
    # December 2026 data: engaged 7, pledged 0, form_sent 0, member 48, framework 3
    on_file = raw["stage"].value_counts()
    ladder = pd.read_csv(DATA_DIR / "stages.csv").sort_values("order")["id"]
    assert counts.to_dict() == {stage: int(on_file.get(stage, 0)) for stage in ladder}
    regions = metrics.region_breakdown(real.territories, real.regions)
    assert int(regions["members"].sum()) == int(raw["is_member"].sum())  # 51
    assert int(regions["engaged"].sum()) == int((~raw["is_member"]).sum())  # 7


def test_practices_by_place_counts_each_territory(real):
    table = metrics.practices_by_place(real.practices, real.territories)
    counts = table.set_index("name")["practices"]
    on_file = pd.read_csv(DATA_DIR / "practices.csv")["territory_id"].value_counts()
    # 6 and 4 in the December 2026 data
    assert counts["Marseille"] == on_file["marseille"] and counts["Kisumu County"] == on_file["kisumu"]
    names = territories_on_file().set_index("id")["name"]
    assert counts.to_dict() == {names[place]: int(n) for place, n in on_file.items()}
    assert int(table["practices"].sum()) == len(real.practices)
    assert list(table.columns) == ["region", "country", "name", "practices"]


def test_the_rights_table_reads_in_the_viewers_language():
    from hrcities.load import load_campaign
    from hrcities.paths import ROOT

    real = load_campaign(ROOT / "data")
    coverage = metrics.rights_coverage(real.practices, real.rights)
    english = metrics.rights_table(coverage, "en")
    assert list(english.columns) == [
        "#",
        "Right (English)",
        "Spanish title",
        "Kind",
        "English wording",
        "Practices",
        "Territories",
    ]
    assert list(english["#"].head(3)) == ["I", "II", "III"] and len(english) == len(real.rights)
    assert english["Practices"].tolist() == coverage["practices"].tolist()
    french = metrics.rights_table(coverage, "fr")
    assert list(french.columns)[:3] == ["#", "Droit", "Droit (anglais)"]  # the French title first
    assert "Charte de 2011" in set(french["Type"])
