"""The map figures: territory points (grouped when there are thousands), their summary, the choropleth."""

import re

import numpy as np
import pandas as pd
import pytest

from hrcities import figures, i18n, metrics


def mark(message: str) -> str:
    """A translator that makes translated text recognisable."""
    return f"«{message}»"


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
    monkeypatch.setattr(figures.map, "OUTLINED_POINTS", 10)  # thousands of points: no outline each
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
