"""The synthetic scale data: deterministic, valid under the real checks, labelled, never in data/."""

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from hrcities import synthetic
from hrcities.load import load_campaign
from hrcities.paths import DEFAULT_DATA_DIR

SMALL = {"territories": 80, "practices": 240, "seed": 7}


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return synthetic.generate(tmp_path_factory.mktemp("synthetic") / "out", **SMALL)


def test_same_seed_same_files_and_another_seed_differs(folder, tmp_path):
    assert _digest(synthetic.generate(tmp_path / "again", **SMALL)) == _digest(folder)
    other = synthetic.generate(tmp_path / "other", **{**SMALL, "seed": 8})
    assert _digest(other)["territories.csv"] != _digest(folder)["territories.csv"]


def test_passes_the_real_checks_with_the_asked_sizes(folder):
    c = load_campaign(folder, check_geography=True)  # schema, references, dates, points in countries
    assert len(c.territories) == SMALL["territories"] and len(c.practices) == SMALL["practices"]
    assert set(c.territories["uclg_region"]) <= set(c.regions["id"])
    # one UCLG region per country, as in the real data
    assert c.territories.groupby("country_iso3")["uclg_region"].nunique().max() == 1


def test_every_record_says_it_is_synthetic(folder):
    c = load_campaign(folder, check_geography=False)
    assert synthetic.is_synthetic(folder)
    assert c.territories["id"].str.startswith("synthetic-city-").all()
    assert c.territories["name"].str.startswith("Synthetic City ").all()
    assert c.practices["id"].str.startswith("synthetic-practice-").all()
    assert c.practices["title"].str.startswith("Synthetic practice ").all()
    assert c.organisations["name"].str.startswith("Synthetic Organisation").all()
    for table in ("territories", "practices", "organisations"):
        assert (c.tables[table]["sources"].map(tuple) == (synthetic.SOURCE_ID,)).all()
    real = load_campaign(DEFAULT_DATA_DIR, check_geography=False)
    assert not set(c.territories["id"]) & set(real.territories["id"])
    assert "Synthetic" in c.session["title"]


def test_never_writes_into_the_real_data_folder(tmp_path):
    before = _digest(DEFAULT_DATA_DIR)
    for target in (DEFAULT_DATA_DIR, DEFAULT_DATA_DIR / "synthetic"):
        with pytest.raises(SystemExit, match="real data folder"):
            synthetic.generate(target, **SMALL)
    (tmp_path / "notes.txt").write_text("not synthetic")
    with pytest.raises(SystemExit, match="not synthetic data"):
        synthetic.generate(tmp_path, **SMALL)
    assert _digest(DEFAULT_DATA_DIR) == before
    assert not synthetic.is_synthetic(DEFAULT_DATA_DIR)


def test_countries_are_skewed_toward_the_campaigns_regions(folder):
    territories = pd.read_csv(folder / "territories.csv")
    shares = territories["uclg_region"].value_counts(normalize=True)
    assert shares.index[0] == "europe" and shares["europe"] > shares["north-america"]
