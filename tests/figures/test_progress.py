"""The progress figures: milestone bars, the growth curve, stage and region bars, the charter's phases."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from hrcities import figures, metrics

TODAY = date(2026, 11, 28)  # as in conftest.py


def mark(message: str) -> str:
    """A translator that makes translated text recognisable."""
    return f"«{message}»"


def test_milestone_bars(real, built):
    backdrop, bars = built["milestone_bars"].data
    n = int(real.territories["is_member"].sum())
    # a lower bound of the campaign's size, said on every bar
    assert bars.text == (f"at least {n} / 10", f"at least {n} / 100", f"at least {n} / 1000")
    assert bars.x == pytest.approx((min(1.0, n / 10), min(1.0, n / 100), n / 1000))
    assert bars.y == ("First 10", "First 100", "1000 by 2030")
    assert bars.marker.color == tuple(
        figures.PALETTE[2] if n >= t else figures.PALETTE[0] for t in (10, 100, 1000)
    )
    assert backdrop.x == (1.0, 1.0, 1.0)
    declared = figures.milestone_bars(
        metrics.milestone_status(real.territories, real.milestones), lower_bound=False
    ).data[1]
    assert declared.text[0] == f"{n} / 10"  # a declared complete list is a plain count


def test_a_filtered_growth_curve_draws_the_selection_without_the_pace_to_1000(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    fig = figures.growth_curve(
        metrics.cumulative_joins(europe),
        pace,
        real.waves,
        campaign_wide=False,
        members=int(europe["is_member"].sum()),
    )
    names = [trace.name for trace in fig.data]
    assert names == ["Members with a known join date"]  # no steady line, no pace, no "expected"
    assert fig.layout.title.text == "Joins over time in this selection"
    assert fig.layout.yaxis.range[1] < 1000


def test_milestone_bars_translates_its_text(real):
    fig = figures.milestone_bars(metrics.milestone_status(real.territories, real.milestones), mark)
    assert fig.data[1].y[0] == "«First 10»"
    assert fig.layout.title.text == "«Members against the 10 / 100 / 1000 milestones»"
    assert fig.layout.xaxis.title.text == "«Share of the target reached»"


def test_growth_curve(built, real, on_file):
    steady, needed, expected, members = built["growth_curve"].data
    launch, deadline, today = pd.Timestamp(2022, 2, 1), pd.Timestamp(2030, 12, 31), pd.Timestamp(TODAY)
    member_count = int(on_file["is_member"].sum())  # 51 in the December 2026 data
    dated = int(
        (on_file["is_member"] & (on_file["joined"] != "") & (on_file["joined_status"] != "unverified")).sum()
    )
    assert steady.name == "Steady pace from launch to 1000"
    assert (tuple(steady.x), steady.y) == ((launch, deadline), (0, 1000))
    assert (tuple(needed.x), needed.y) == ((today, deadline), (member_count, 1000))
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    assert expected.y == pytest.approx((pace.expected_by_today,))
    assert members.name == "Members with a known join date"
    assert members.y[0] == 0 and members.x[0] == launch
    assert members.y[-1] == dated and members.x[-1] == today
    assert list(members.y[1:-1]) == list(range(1, dated + 1))
    assert members.line.shape == "hv"
    assert len(built["growth_curve"].layout.shapes) == 3  # one line per wave


def test_growth_curve_with_thousands_of_joins_draws_one_step_per_date(real):
    # generated joins (synthetic, as at 10x): 2,000 members on 400 dates
    dates = pd.to_datetime("2022-03-01") + pd.to_timedelta([i // 5 for i in range(2000)], unit="D")
    joins = pd.DataFrame(
        {
            "joined_by": dates,
            "name": [f"Synthetic City {i:05d}" for i in range(2000)],
            "joined_label": "synthetic",
            "wave": 1,
            "cumulative": range(1, 2001),
        }
    )
    pace = metrics.Pace(1000, 2000, TODAY, date(2030, 12, 31))
    members = figures.growth_curve(joins, pace, real.waves).data[-1]
    assert members.name == "Members with a known join date" and members.mode == "lines"
    assert len(members.x) == 400 + 2 and members.y[-1] == 2000 and members.y[1] == 5
    assert members.text is None  # no name per member


def test_growth_curve_without_dated_joins(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    no_joins = metrics.cumulative_joins(real.territories.iloc[0:0])
    fig = figures.growth_curve(no_joins, pace, real.waves)
    assert [trace.name for trace in fig.data] == [
        "Steady pace from launch to 1000",
        "Pace needed from today",
        "Expected by today",
    ]


def test_stage_and_region_bars(built, on_file):
    stages = built["stage_bars"].data[0]
    assert stages.y == ("Engaged", "Pledged", "Form sent", "Member", "Member with a local framework")
    per_stage = on_file["stage"].value_counts()
    # [7, 0, 0, 48, 3] in the December 2026 data
    assert list(stages.x) == [
        int(per_stage.get(stage, 0)) for stage in ("engaged", "pledged", "form_sent", "member", "framework")
    ]
    members, engaged = built["region_bars"].data
    assert members.x[3] == "Europe"
    assert int(np.sum(members.y)) == int(on_file["is_member"].sum())  # 51
    assert int(np.sum(engaged.y)) == int((~on_file["is_member"]).sum())  # 7


def test_phase_timeline(built):
    fig = built["phase_timeline"]
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [bar.y[0] for bar in bars] == [
        "Consultation",
        "Phase 1: structure",
        "Phase 2: content",
        "Towards the next UCLG World Congress",
    ]
    first = bars[0]
    assert pd.Timestamp(first.base[0]) == pd.Timestamp(2021, 5, 1)
    assert first.x[0] == (pd.Timestamp(2022, 12, 31) - pd.Timestamp(2021, 5, 1)).days * 86_400_000
    assert bars[3].marker.pattern.shape == "/"  # unverified phase is hatched


def test_wave_lines_say_when_their_launch_date_is_inferred(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    fig = figures.growth_curve(metrics.cumulative_joins(real.territories), pace, real.waves)
    labels = {a.text for a in fig.layout.annotations}
    for (
        wave
    ) in real.waves.itertuples():  # the data's own statuses: wave 2's and wave 3's launches are inferred
        expected = (
            wave.label if wave.launched_status == "confirmed" else f"{wave.label} ({wave.launched_status})"
        )
        assert expected in labels
    assert "Second wave (inferred)" in labels
