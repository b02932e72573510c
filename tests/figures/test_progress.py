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
    # no steady line, no pace, no "expected"
    assert names == ["Members with a known join date", "Members on the public record"]
    assert fig.layout.title.text == "Joins over time in this selection"
    assert fig.layout.yaxis.range[1] < 1000


def test_milestone_bars_translates_its_text(real):
    fig = figures.milestone_bars(metrics.milestone_status(real.territories, real.milestones), mark)
    assert fig.data[1].y[0] == "«First 10»"
    assert fig.layout.title.text == "«Members against the 10 / 100 / 1000 milestones»"
    assert fig.layout.xaxis.title.text == "«Share of the target reached»"


def test_growth_curve(built, real, on_file):
    fig = built["growth_curve"]
    by_name = {trace.name: trace for trace in fig.data if trace.name}
    names = ("Steady pace from launch to 1000", "Pace needed from today", "Expected by today")
    steady, needed, expected = (by_name[name] for name in names)
    members, today_point = by_name["Members with a known join date"], by_name["Members on the public record"]
    launch, deadline, today = pd.Timestamp(2022, 2, 1), pd.Timestamp(2030, 12, 31), pd.Timestamp(TODAY)
    member_count = int(on_file["is_member"].sum())  # 51 in the December 2026 data
    dated = int(
        (on_file["is_member"] & (on_file["joined"] != "") & (on_file["joined_status"] != "unverified")).sum()
    )
    assert (tuple(steady.x), steady.y) == ((launch, deadline), (0, 1000))
    assert (tuple(needed.x), needed.y) == ((today, deadline), (member_count, 1000))
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    assert expected.y == pytest.approx((pace.expected_by_today,))
    assert members.y[0] == 0 and members.x[0] == launch
    assert members.y[-1] == dated and members.x[-1] == today
    assert list(members.y[1:-1]) == list(range(1, dated + 1))
    assert members.line.shape == "hv"
    assert (tuple(today_point.x), today_point.y) == ((today,), (member_count,))
    assert len(fig.layout.shapes) == 3  # one line per wave
    assert fig.layout.yaxis.range == pytest.approx((0, 1200))  # the path to 1000, linear, headroom


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
    fig = figures.growth_curve(joins, pace, real.waves)
    members = next(t for t in fig.data if t.name == "Members with a known join date")
    assert members.mode == "lines"
    assert len(members.x) == 400 + 2 and members.y[-1] == 2000 and members.y[1] == 5
    assert members.text is None  # no name per member


def test_growth_curve_without_dated_joins(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    no_joins = metrics.cumulative_joins(real.territories.iloc[0:0])
    fig = figures.growth_curve(no_joins, pace, real.waves)
    assert [trace.name for trace in fig.data if trace.name] == [
        "Steady pace from launch to 1000",
        "Pace needed from today",
        "Expected by today",
        "Members on the public record",
    ]
    assert "with a known join date" not in " ".join(a.text for a in fig.layout.annotations)


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
    hovers = {a.hovertext: a for a in fig.layout.annotations if a.hovertext}
    dashes = [shape.line.dash for shape in fig.layout.shapes]
    for i, wave in enumerate(real.waves.itertuples()):  # the data's own statuses: waves 2 and 3 inferred
        inferred = wave.launched_status != "confirmed"
        expected = f"{wave.label} ({wave.launched_status})" if inferred else wave.label
        # the full name in the hover text, a short one on the chart (full names collided on a phone)
        assert hovers[expected].text == f"Wave {wave.wave}"
        assert dashes[i] == ("dash" if inferred else "solid")
    assert "Second wave (inferred)" in hovers
    rows = [a.y for a in fig.layout.annotations if a.hovertext]
    assert rows == [1, 0.94, 1]  # neighbours on two rows


def test_wave_labels_are_short_and_translated(real):
    wave = next(real.waves.itertuples())
    assert figures.wave_short_label(wave, mark) == "«Wave {n}»".replace("{n}", str(wave.wave))
    assert figures.wave_short_label(wave._replace(wave=None), position=2) == "Wave 3"


def test_milestone_labels_sit_at_the_right_end_under_their_lines(real):
    """At the left the top milestone's label ran into the wave labels, and the lowest one into the
    joins line's label (a phone): each is at the right end, under its line, clear of the joins' label."""
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    joins = metrics.cumulative_joins(real.territories)
    labels = set(real.milestones["label"])
    for scale in figures.GROWTH_SCALES:
        fig = figures.growth_curve(joins, pace, real.waves, scale=scale, milestones=real.milestones)
        right = pd.Timestamp(fig.layout.xaxis.range[1])
        shown = [a for a in fig.layout.annotations if a.text in labels]
        assert shown, scale
        for a in shown:
            assert (pd.Timestamp(a.x), a.xanchor, a.yanchor) == (right, "right", "top"), scale
        dated = [a for a in fig.layout.annotations if a.text.endswith("with a known join date")]
        assert all(a.ax < 0 and a.ay < 0 and a.xanchor == "right" for a in dated), scale  # above


def small_joins(n: int) -> pd.DataFrame:
    """`n` dated joins, one a month from March 2022 (as `metrics.cumulative_joins` gives them)."""
    return pd.DataFrame(
        {
            "joined_by": pd.date_range("2022-03-31", periods=n, freq="ME"),
            "name": [f"City {i}" for i in range(n)],
            "joined_label": "test",
            "wave": 1,
            "cumulative": range(1, n + 1),
        }
    )


def today_label(fig, n: int):
    return next(a for a in fig.layout.annotations if a.text == f"at least {n} members on record")


@pytest.mark.parametrize(("count", "milestone"), [(7, 10), (10, 100), (51, 100), (150, 1000)])
def test_the_now_view_runs_to_the_next_milestone(real, count, milestone):
    pace = metrics.Pace(1000, count, TODAY, date(2030, 12, 31))
    fig = figures.growth_curve(
        small_joins(min(count, 40)), pace, real.waves, scale="now", milestones=real.milestones
    )
    assert figures.next_milestone(count, real.milestones["target"]) == milestone
    assert fig.layout.yaxis.range == pytest.approx((0, milestone * figures.growth.HEADROOM))
    assert fig.layout.title.text == "Joins over time and the next milestone"
    names = {trace.name for trace in fig.data if trace.name}
    assert names == {"Members with a known join date", "Members on the public record"}  # no pace lines
    lines = {trace.y[0] for trace in fig.data if trace.hoverinfo == "skip"}
    assert milestone in lines and all(y <= milestone for y in lines)
    labels = {a.text: a.y for a in fig.layout.annotations}
    assert labels[next(r.label for r in real.milestones.itertuples() if r.target == milestone)] == milestone
    label = today_label(fig, count)  # on its point, saying its number
    point = next(t for t in fig.data if t.name == "Members on the public record")
    assert (label.x, label.y) == (point.x[-1], point.y[-1]) == (pd.Timestamp(TODAY), count)


def test_the_now_view_past_every_milestone_runs_just_above_the_count(real):
    pace = metrics.Pace(1000, 4448, TODAY, date(2030, 12, 31))
    fig = figures.growth_curve(small_joins(30), pace, real.waves, scale="now", milestones=real.milestones)
    assert figures.next_milestone(4448, real.milestones["target"]) is None
    assert 4448 < fig.layout.yaxis.range[1] < 4448 * 1.2


def test_the_joins_line_ends_where_its_label_says(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    joins = metrics.cumulative_joins(real.territories)
    for scale in figures.GROWTH_SCALES:
        fig = figures.growth_curve(joins, pace, real.waves, scale=scale, milestones=real.milestones)
        line = next(t for t in fig.data if t.name == "Members with a known join date")
        n = int(line.y[-1])
        dated = [a for a in fig.layout.annotations if a.text == f"{n} with a known join date"]
        if scale == "path":  # on the floor of the 0-1000 axis: not labelled (the legend says it)
            assert not dated
            continue
        at = np.log10(n) if scale == "log" else n
        assert (dated[0].x, dated[0].y) == (line.x[-1], pytest.approx(at))
        members = today_label(fig, pace.members)
        assert members.y == pytest.approx(np.log10(pace.members) if scale == "log" else pace.members)


def test_the_log_view_draws_the_straight_lines_as_curves(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    joins = metrics.cumulative_joins(real.territories)
    fig = figures.growth_curve(joins, pace, real.waves, scale="log", milestones=real.milestones)
    assert fig.layout.yaxis.type == "log"
    assert tuple(fig.layout.yaxis.tickvals) == (1, 10, 100, 1000) and fig.layout.yaxis.tickmode == "array"
    assert tuple(fig.layout.yaxis.ticktext) == ("1", "10", "100", "1000")
    for trace in fig.data:
        assert all(y > 0 for y in trace.y), trace.name  # no log of 0
    launch, deadline = pd.Timestamp(pace.launch), pd.Timestamp(pace.deadline)
    for name, (x0, y0) in {
        "Steady pace from launch to 1000": (launch, 0),
        "Pace needed from today": (pd.Timestamp(TODAY), pace.members),
    }.items():
        line = next(t for t in fig.data if t.name == name)
        xs = [pd.Timestamp(x) for x in line.x]
        assert all(a < b for a, b in zip(xs, xs[1:], strict=False)), name  # no vertical segment
        assert len(xs) > 10 and xs[-1] == deadline and line.y[-1] == pytest.approx(1000)
        for x, y in zip(xs, line.y, strict=True):  # on the straight line, drawn as it shows on a log axis
            assert y == pytest.approx(y0 + (1000 - y0) * (x - x0).days / (deadline - x0).days)
    assert next(t for t in fig.data if t.name == "Steady pace from launch to 1000").y[0] >= 1
    members = next(t for t in fig.data if t.name == "Members with a known join date")
    assert members.y[0] == 1  # starts at the first join, not at 0 on the launch
    labels = {a.text: a.y for a in fig.layout.annotations}
    assert labels["First 10"] == 1 and labels["First 100"] == 2 and labels["1000 by 2030"] == 3


def test_the_log_view_of_a_selection_has_powers_of_ten_and_no_zero(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    n = int(europe["is_member"].sum())
    fig = figures.growth_curve(
        metrics.cumulative_joins(europe), pace, real.waves, scale="log", campaign_wide=False, members=n
    )
    assert set(fig.layout.yaxis.tickvals) <= {1, 10, 100} and 1 in fig.layout.yaxis.tickvals
    assert all(y > 0 for trace in fig.data for y in trace.y)
    assert today_label(fig, n).y == pytest.approx(np.log10(n))


def test_a_growth_scale_must_be_known(real):
    pace = metrics.pace_to_target(real.territories, real.milestones, TODAY)
    with pytest.raises(ValueError):
        figures.growth_curve(metrics.cumulative_joins(real.territories), pace, real.waves, scale="cubic")
