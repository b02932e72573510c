"""The gaps in the record (issue 20): members with no practice, rights with none, by region; computed
here from the data files with pandas to check the view-model and the page."""

import io

import pandas as pd
import pytest
from on_file import DATA_DIR, territories_on_file
from streamlit.testing.v1 import AppTest

from hrcities.filters import Filters
from hrcities.load import load_campaign
from hrcities.paths import ROOT
from hrcities.viewmodels.gaps import gaps_view

REAL = load_campaign(ROOT / "data")
PRACTICES = pd.read_csv(DATA_DIR / "practices.csv", dtype=str, keep_default_na=False)
RIGHTS = pd.read_csv(DATA_DIR / "rights.csv", dtype=str, keep_default_na=False)


def members_without_practice_on_file() -> set[str]:
    t = territories_on_file()
    return set(t.loc[t["is_member"], "id"]) - set(PRACTICES["territory_id"])


def rights_without_practice_on_file() -> set[str]:
    served = {r for items in PRACTICES["rights"] for r in items.split("|") if r}
    return set(RIGHTS["id"]) - served


def test_the_members_without_a_practice_are_those_the_files_say():
    view = gaps_view(REAL, Filters(), "en")
    expected = members_without_practice_on_file()
    assert expected, "the real data has members with no practice yet"
    assert set(view.members_without_practice["id"]) == expected


def test_the_rights_without_a_practice_are_those_the_files_say():
    view = gaps_view(REAL, Filters(), "en")
    titles = dict(zip(RIGHTS["id"], RIGHTS["title_en"], strict=True))
    assert set(view.rights_without_practice) == {titles[r] for r in rights_without_practice_on_file()}


def test_a_region_lists_the_rights_none_of_its_practices_serves():
    view = gaps_view(REAL, Filters(), "en")
    t = territories_on_file()
    europe = set(t.loc[t["uclg_region"] == "europe", "id"])
    served = {r for p in PRACTICES.itertuples() if p.territory_id in europe for r in p.rights.split("|")}
    titles = dict(zip(RIGHTS["id"], RIGHTS["title_en"], strict=True))
    missing = {titles[r] for r in set(RIGHTS["id"]) - served}
    assert {g.label for g in view.by_region if g.region == "Europe" and g.kind == "right"} == missing


def test_the_export_is_the_list_to_contact():
    view = gaps_view(REAL, Filters(), "fr")
    frame = pd.read_csv(io.BytesIO(view.members_csv()), encoding="utf-8-sig", dtype=str)
    assert set(frame["Identifiant"]) == members_without_practice_on_file()
    assert "Pays" in frame.columns  # headers in the reader's language


def test_a_selection_narrows_the_gaps():
    view = gaps_view(REAL, Filters(regions=("europe",)), "en")
    t = territories_on_file()
    europe = set(t.loc[t["uclg_region"] == "europe", "id"])
    assert set(view.members_without_practice["id"]) == members_without_practice_on_file() & europe
    assert "Africa" not in view.regions_without_member  # outside the selection, not a gap of it


@pytest.mark.usefixtures("fresh_app_caches")
@pytest.mark.parametrize("lang, title", [("en", "Gaps in the record"), ("fr", None), ("es", None)])
def test_the_coordinator_opens_the_gaps_page_and_downloads_the_list(lang, title):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/campaign/gaps.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if title:
        assert at.title[0].value == title
    assert len(at.dataframe[0].value) == len(members_without_practice_on_file())
    assert at.get("download_button")
