import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from hrcities.geo import BOUNDARIES_PATH, load_boundaries, locate_points

ROOT = Path(__file__).resolve().parents[1]
KM_PER_DEGREE = 111.3


@pytest.fixture
def squares():
    return gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326"
    )


def frame(*rows):
    return pd.DataFrame(rows, columns=["latitude", "longitude", "country_iso3"])


@pytest.mark.parametrize(
    "lat, lon, claimed, found, distance_km, ok",
    [
        pytest.param(0.5, 0.5, "AAA", "AAA", 0.0, True, id="inside claimed country"),
        pytest.param(0.5, 1.5, "AAA", "BBB", 0.5 * KM_PER_DEGREE, False, id="inside the other country"),
        pytest.param(0.5, -0.1, "AAA", "AAA", 0.1 * KM_PER_DEGREE, True, id="just outside, within tolerance"),
        pytest.param(0.5, -1.0, "AAA", "AAA", 1.0 * KM_PER_DEGREE, False, id="far away"),
        pytest.param(0.5, 0.5, "ZZZ", "AAA", math.nan, False, id="unknown iso3"),
    ],
)
def test_locate_points(squares, lat, lon, claimed, found, distance_km, ok):
    result = locate_points(frame((lat, lon, claimed)), squares).iloc[0]
    assert result["found_iso3"] == found
    if math.isnan(distance_km):
        assert math.isnan(result["distance_km"])
    else:
        assert result["distance_km"] == pytest.approx(distance_km, rel=0.01, abs=1e-6)
    assert bool(result["ok"]) is ok


def test_rows_without_coordinates_are_skipped(squares):
    points = frame((0.5, 0.5, "AAA"), (None, 0.5, "AAA"), (0.5, None, "BBB"), (0.5, 1.5, "BBB"))
    points.index = ["p", "q", "r", "s"]
    result = locate_points(points, squares)
    assert list(result.index) == ["p", "s"]
    assert list(result.columns) == ["found_iso3", "distance_km", "ok"]
    assert result["ok"].dtype == bool
    assert result["ok"].tolist() == [True, True]


def test_tolerance_is_configurable(squares):
    points = frame((0.5, -0.1, "AAA"))
    assert not locate_points(points, squares, tolerance_km=5).iloc[0]["ok"]


@pytest.fixture(scope="module")
def world():
    return load_boundaries()


def test_shipped_boundaries(world):
    assert BOUNDARIES_PATH.is_file()
    assert list(world.columns) == ["iso3", "geometry"]
    assert world.crs.to_epsg() == 4326
    assert len(world) > 150
    assert world["iso3"].str.fullmatch("[A-Z]{3}").all()
    assert world["iso3"].is_unique
    assert {"FRA", "NOR"} <= set(world["iso3"])


CITIES = [
    ("Barcelona", 41.38879, 2.15899, "ESP"),
    ("Marseille", 43.29695, 5.38107, "FRA"),
    ("Kisumu", -0.10221, 34.76171, "KEN"),
    ("San Antonio", -33.59473, -71.60746, "CHL"),
    ("Montevideo", -34.90328, -56.18816, "URY"),
    ("Gwangju", 35.15472, 126.91556, "KOR"),
]


@pytest.mark.parametrize("name, lat, lon, iso3", CITIES, ids=[c[0] for c in CITIES])
def test_real_cities_check_out(world, name, lat, lon, iso3):
    result = locate_points(frame((lat, lon, iso3)), world).iloc[0]
    assert result["found_iso3"] == iso3
    assert result["ok"]


def test_barcelona_is_not_in_france(world):
    result = locate_points(frame((41.38879, 2.15899, "FRA")), world).iloc[0]
    assert result["found_iso3"] == "ESP"
    assert result["distance_km"] > 50
    assert not result["ok"]


@pytest.mark.parametrize("name", ["world_110m.json", "world_50m.json"])
def test_plotly_topojson_is_shipped(name):
    topology = json.loads((ROOT / "static" / name).read_text())
    assert topology["type"] == "Topology"
    assert "countries" in topology["objects"]
