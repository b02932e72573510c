"""Figure builders: the figures carry the campaign's real numbers, and nothing is fetched online."""

import inspect
import json
import re
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from on_file import territories_on_file

from hrcities import figures, i18n, metrics
from hrcities.paths import ROOT

TODAY = date(2026, 11, 28)  # as in conftest.py
DATA_DIR = ROOT / "data"


@pytest.fixture(scope="module")
def on_file():
    """data/territories.csv read straight with pandas (not through hrcities.load), with `is_member`
    from data/stages.csv and `mapped` where both coordinates are given: the real-data expectations
    below are counted from it, so they follow the data without trusting the code under test."""
    territories = territories_on_file()
    return territories.assign(
        mapped=(territories["latitude"] != "") & (territories["longitude"] != ""),
    )


def mark(message: str) -> str:
    """A translator that makes translated text recognisable."""
    return f"«{message}»"


@pytest.fixture(scope="module")
def built(real):
    """Every builder in the module applied to the real data, by name."""
    t, p = real.territories, real.practices
    statuses = metrics.milestone_status(t, real.milestones)
    pace = metrics.pace_to_target(t, real.milestones, TODAY)
    return {
        "milestone_bars": figures.milestone_bars(statuses),
        "growth_curve": figures.growth_curve(metrics.cumulative_joins(t), pace, real.waves),
        "stage_bars": figures.stage_bars(metrics.stage_counts(t, real.stages)),
        "region_bars": figures.region_bars(metrics.region_breakdown(t, real.regions)),
        "territory_points": figures.territory_points(t, "stage", real.stages.sort_values("order")),
        "country_choropleth": figures.country_choropleth(metrics.country_counts(t)),
        "rights_bars": figures.rights_bars(metrics.rights_coverage(p, real.rights)),
        "rights_heatmap": figures.rights_heatmap(
            metrics.rights_by_region(p, t, real.rights, real.regions),
            list(real.rights.sort_values("order")["title_en"]),
            list(real.regions.sort_values("order")["label"]),
        ),
        "phase_timeline": figures.phase_timeline(real.charter_phases, TODAY),
        "facet_bars": figures.facet_bars(metrics.facet_counts(p, "themes", real.themes), "Themes"),
    }


def test_every_builder_is_exercised(built):
    # every public function of the module that returns a figure (helpers such as group_nearby do not)
    builders = {
        name
        for name, fn in inspect.getmembers(figures, inspect.isfunction)
        if fn.__module__ == figures.__name__
        and not name.startswith("_")
        and inspect.signature(fn).return_annotation in (go.Figure, "go.Figure")
    }
    assert len(builders) >= 10
    assert builders == set(built)
    assert all(isinstance(fig, go.Figure) for fig in built.values())


@pytest.mark.parametrize(
    "name",
    [
        "milestone_bars",
        "growth_curve",
        "stage_bars",
        "region_bars",
        "territory_points",
        "country_choropleth",
        "rights_bars",
        "rights_heatmap",
        "phase_timeline",
        "facet_bars",
    ],
)
def test_figure_needs_nothing_online(built, name):
    fig = built[name]
    text = fig.to_json()
    assert "http" not in text
    assert not re.search(r"mapbox|tile|carto|open-street-map|stamen", text, re.IGNORECASE)
    layout = json.loads(text)["layout"]
    assert "mapbox" not in layout and "map" not in layout
    assert not {trace.type for trace in fig.data} & {
        "scattermapbox",
        "choroplethmapbox",
        "densitymapbox",
        "scattermap",
        "choroplethmap",
        "densitymap",
    }


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


def points_by_trace(fig):
    return {trace.name: list(trace.customdata) for trace in fig.data}


def test_territory_points_by_stage(built, on_file):
    traces = points_by_trace(built["territory_points"])
    assert list(traces) == ["Engaged", "Member", "Member with a local framework"]  # none pledged
    mapped = on_file[on_file["mapped"]]
    # in file order: the seven engaged governments in the December 2026 data, all with coordinates
    assert traces["Engaged"] == mapped.loc[mapped["stage"] == "engaged", "id"].tolist()
    assert {"marseille", "kisumu", "ciudad-juarez"} <= set(traces["Engaged"])
    assert set(traces["Member with a local framework"]) == {"gwangju", "mexico-city", "terrassa"}
    every_id = [i for ids in traces.values() for i in ids]
    assert len(every_id) == len(set(every_id)) == len(mapped)  # 52: all but six have coordinates
    assert set(every_id) == set(mapped["id"])
    assert not on_file.set_index("id").at["mayo", "mapped"]
    assert "mayo" not in every_id  # no coordinates on record


def test_territory_points_by_region(real, on_file):
    fig = figures.territory_points(real.territories, "uclg_region", real.regions.sort_values("order"))
    traces = points_by_trace(fig)
    # no one on record in Eurasia: no trace for it; Winnipeg (2025) brings North America
    assert list(traces) == [
        "Africa",
        "Asia-Pacific",
        "Europe",
        "Middle East and West Asia",
        "Latin America",
        "North America",
    ]
    mapped = on_file[on_file["mapped"]]
    by_region = {region: ids.tolist() for region, ids in mapped.groupby("uclg_region")["id"]}
    assert "eurasia" not in by_region
    # tetouan, kisumu, ezulwini, rabat, saint-louis in the December 2026 data (Mayo has no point)
    assert traces["Africa"] == by_region["africa"]
    assert traces["Africa"][:2] == ["tetouan", "kisumu"]
    assert traces["Middle East and West Asia"] == by_region["mewa"] == ["irbid", "diyarbakir"]
    assert traces["North America"] == ["winnipeg"]


def test_world_maps_use_the_small_boundaries_and_zoomed_maps_the_detailed_ones(real, monkeypatch):
    stages = real.stages.sort_values("order")
    world = figures.territory_points(real.territories, "stage", stages)
    zoomed = figures.territory_points(real.territories, "stage", stages, focus=(41.39, 2.17), scale=4.0)
    assert world.layout.geo.resolution == 110 and zoomed.layout.geo.resolution == 50
    assert figures.country_choropleth(metrics.country_counts(real.territories)).layout.geo.resolution == 110
    assert {trace.marker.line.width for trace in world.data} == {1.2}
    monkeypatch.setattr(figures, "OUTLINED_POINTS", 10)  # thousands of points: no outline each
    assert {
        trace.marker.line.width for trace in figures.territory_points(real.territories, "stage", stages).data
    } == {0}


def test_territory_points_coordinates_and_sizes(real, tiny):
    fig = figures.territory_points(tiny.territories, "stage", tiny.stages.sort_values("order"), mark)
    traces = {trace.customdata[0]: trace for trace in fig.data}
    assert [trace.name for trace in fig.data] == ["«Engaged»", "«Member»", "«Member with a local framework»"]
    member = next(trace for trace in fig.data if trace.name == "«Member»")
    assert list(member.customdata) == ["testville", "fakeburg", "mockford"]  # Nulltown has no point
    assert list(member.lat) == pytest.approx([40.4165, 39.47, -1.29])
    assert list(member.marker.size) == [
        figures.BAND_SIZES["50k_250k"],
        figures.UNKNOWN_BAND_SIZE,
        figures.BAND_SIZES["over_1m"],
    ]
    assert traces["dummytown"].hovertext[0] == "Dummytown · Mexico"


def test_country_choropleth(built, on_file):
    (choropleth,) = built["country_choropleth"].data
    assert choropleth.locationmode == "ISO-3"
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in choropleth.locations)
    countries = on_file["country_iso3"]
    # every country with a territory on record, once: 23 in the December 2026 data
    assert len(set(choropleth.locations)) == len(choropleth.locations) == countries.nunique()
    assert set(choropleth.locations) == set(countries)
    assert int(np.sum(choropleth.z)) == int(on_file["is_member"].sum())  # 51
    z = dict(zip(choropleth.locations, choropleth.z, strict=False))
    members_in = on_file[on_file["is_member"]]["country_iso3"].value_counts()
    # (15, 9, 0) in the December 2026 data; Kenya's only territory, Kisumu County, is engaged
    assert (z["ESP"], z["FRA"], z["KEN"]) == (members_in["ESP"], members_in["FRA"], 0)
    assert z == {code: members_in.get(code, 0) for code in countries.unique()}


def test_rights_heatmap(built, real):
    (heatmap,) = built["rights_heatmap"].data
    assert np.shape(heatmap.z) == (20, 7)
    assert int(np.sum(heatmap.z)) == int(real.practices["rights"].map(len).sum())
    assert heatmap.x[0] == "Africa" and heatmap.y[0] == "Right to the city"
    assert np.array_equal(np.asarray(heatmap.text), np.asarray(heatmap.z))


def test_rights_bars(built):
    bars = built["rights_bars"].data[0]
    assert bars.y[0] == "I. Right to the city"
    assert bars.y[12] == "Right to internet"
    assert bars.marker.color[11] == figures.PALETTE[0] and bars.marker.color[12] == figures.PALETTE[1]
    assert len(bars.y) == 20


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


def test_count_axes_tick_every_number_only_while_counts_are_small(real):
    # a tick per number up to 16,000 practices froze the browser (the charter page at 10x)
    # small counts: one city's practices (Marseille's 6 in the December 2026 data)
    marseille = real.practices[real.practices["territory_id"] == "marseille"]
    few = metrics.rights_coverage(marseille, real.rights)
    assert 0 < few["practices"].max() <= 10
    small = figures.rights_bars(few)
    assert small.layout.xaxis.dtick == 1
    coverage = metrics.rights_coverage(real.practices, real.rights)
    # the whole real record is past a tick per number already (27 practices for one right)
    assert coverage["practices"].max() > 10
    assert figures.rights_bars(coverage).layout.xaxis.dtick is None
    big = coverage.assign(practices=coverage["practices"] * 1000)
    assert figures.rights_bars(big).layout.xaxis.dtick is None
    counts = metrics.facet_counts(real.practices, "themes", real.themes)
    counts = counts.assign(count=counts["count"] * 600)
    assert figures.facet_bars(counts, "Themes").layout.xaxis.dtick is None
    assert figures.facet_bars(counts.assign(count=0), "Themes").layout.xaxis.dtick == 1  # nothing shown


def test_facet_bars_leave_out_zero_counts(built, real):
    bars = built["facet_bars"].data[0]
    counts = metrics.facet_counts(real.practices, "themes", real.themes)
    shown = counts[counts["count"] > 0]
    assert list(bars.y) == shown["label"].tolist()
    assert list(bars.x) == shown["count"].tolist()
    assert 0 not in list(bars.x)
    assert built["facet_bars"].layout.title.text == "Themes"


def _many_points(n: int) -> pd.DataFrame:
    """Generated territories (synthetic, test only) spread over a 20 x 40 degree box in Europe."""
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "id": [f"synthetic-{i:05d}" for i in range(n)],
            "name": [f"Synthetic {i:05d}" for i in range(n)],
            "country": "Synthetic",
            "latitude": rng.uniform(35, 55, n),
            "longitude": rng.uniform(-10, 30, n),
            "stage": rng.choice(["member", "engaged"], n),
            "population_band": "50k_250k",
        }
    )


def test_group_nearby_keeps_every_territory_once_within_its_cell():
    points = _many_points(3000)
    cells = figures.group_nearby(points, degrees=2.0)
    assert cells["count"].sum() == 3000
    occupied = set(zip(points["latitude"] // 2, points["longitude"] // 2, strict=True))
    assert len(cells) == len(occupied)  # one row per occupied 2-degree cell
    # each cell's first territory is in that cell, and the mean position lies in the same cell
    first = points.set_index("id").loc[cells["id"]]
    assert ((first["latitude"] // 2).to_numpy() == (cells["latitude"] // 2).to_numpy()).all()
    assert ((first["longitude"] // 2).to_numpy() == (cells["longitude"] // 2).to_numpy()).all()


def test_a_world_map_of_thousands_groups_nearby_points_and_a_focused_one_does_not(real):
    stages = real.stages.sort_values("order")
    points = _many_points(figures.GROUPED_ABOVE + 1)
    assert figures.points_are_grouped(points) and not figures.points_are_grouped(points, (40.0, 0.0))
    fig = figures.territory_points(points, "stage", stages, mark)
    drawn = sum(len(trace.lat) for trace in fig.data)
    assert drawn < len(points) / 2
    shown = [(c, t) for trace in fig.data for c, t in zip(trace.customdata, trace.text, strict=True)]
    # a point holding one territory can be clicked to its profile; a group names its first and the rest
    assert all((c == "") == ("more nearby" in t) for c, t in shown)
    assert any(c == "" for c, _t in shown) and any(c for c, _t in shown)
    zoomed = figures.territory_points(points, "stage", stages, focus=(40.0, 0.0), scale=4.0)
    assert sum(len(trace.lat) for trace in zoomed.data) == len(points)
    small = figures.territory_points(points.head(figures.GROUPED_ABOVE), "stage", stages)
    assert sum(len(trace.lat) for trace in small.data) == figures.GROUPED_ABOVE


def test_group_size_in_km_follows_the_grid():
    assert figures.group_size_km(2.0) == 220
    assert figures.group_size_km(1.0) == 110
    points = _many_points(figures.GROUPED_ABOVE + 1).assign(longitude=np.nan)
    assert not figures.points_are_grouped(points)  # no point to draw without a longitude


def test_the_map_says_when_nearby_points_are_grouped():
    many = _many_points(figures.GROUPED_ABOVE + 1)
    grouped = figures.points_summary(many)
    assert "With more than 2,000 points" in grouped and "within about 220 km" in grouped
    assert "population band" in figures.points_summary(many, focus=(40.0, 0.0))
    assert "population band" in figures.points_summary(many.head(10))
    french = figures.points_summary(many, None, i18n.translator("fr"), "fr")
    assert i18n.fmt_number(2000, "fr") in french and "220 km" in french and "With more" not in french


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
