"""Every page runs under Streamlit's AppTest on the real data and shows real content."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from on_file import practices_matching_on_file
from streamlit.testing.v1 import AppTest

from hrcities import auth
from hrcities.load import load_campaign
from hrcities.metrics import territories_with_practices
from hrcities.store import Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
REAL = load_campaign(ROOT / "data")
CITY_IDS = list(territories_with_practices(REAL.practices, REAL.territories)["id"])


pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def run_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts).replace("\\", "")  # Markdown escapes are not what a reader sees


def test_progress_page_counts_members_and_not_the_engaged_cities():
    at = run_page()
    metrics = {m.label: m.value for m in at.metric}
    members, engaged = int(REAL.territories["is_member"].sum()), int((~REAL.territories["is_member"]).sum())
    assert metrics["Members on record"] == f"at least {members}"  # a lower bound, said as one
    assert metrics["Engaged, not counted"] == str(engaged)
    assert metrics["Steady pace by today"].startswith("about ")
    body = texts(at)
    assert "reached; its 10th dated join was by" in body
    assert f"{1000 - members} still needed" in body
    assert "more than" in body and "100" in body  # reported pledges, shown as reported
    assert len(at.get("plotly_chart")) == 2  # the milestones and the open tab's joins over time
    assert "members have a known join date" in body


def test_progress_page_draws_only_the_open_tab():
    at = run_page()
    assert not at.dataframe  # the campaign timeline is built once its expander is opened
    at.session_state["progress_tab"] = "By campaign stage"
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2 and "members have a known join date" not in texts(at)
    assert not [r for r in at.radio if r.key == "growth_view"]  # the growth chart's view picker goes with it
    at.session_state["progress_tab"] = "By UCLG region"
    at.session_state["progress_timeline"] = True
    at.run()
    timeline = next(d.value for d in at.dataframe if "Event" in d.value.columns)
    assert len(timeline) == len(REAL.timeline)
    specs = [chart.proto.spec for chart in at.get("plotly_chart")]
    assert len(specs) == 2 and "Territories by UCLG region" in specs[1]


def test_progress_page_follows_the_region_filter():
    at = run_page()
    at.multiselect(key="filter_regions").set_value(["africa"]).run()
    metrics = {m.label: m.value for m in at.metric}
    africa = REAL.territories[REAL.territories["uclg_region"] == "africa"]
    assert metrics["Members in this selection"] == f"at least {int(africa['is_member'].sum())}"
    assert metrics["Engaged, not counted"] == "1"  # Kisumu County, in the selection
    assert "Filtered view" in texts(at)


def test_a_filter_shows_as_a_chip_that_removes_it_on_the_page():
    at = run_page("views/campaign/practices.py")
    at.multiselect(key="filter_regions").set_value(["africa", "europe"]).run()
    at.multiselect(key="filter_themes").set_value(["health"]).run()
    chips = {b.key: b.label.replace("\\", "") for b in at.button if b.key and b.key.startswith("chip_")}
    assert chips["chip_regions_africa"] == "UCLG region: Africa"  # escaped: a button label is Markdown
    assert chips["chip_themes_health"] == "Theme: Health" and "chip_clear" in chips
    at.button(key="chip_regions_africa").click().run()
    assert not at.exception
    assert at.multiselect(key="filter_regions").value == ["europe"]  # only that value went
    assert at.multiselect(key="filter_themes").value == ["health"]
    at.button(key="chip_clear").click().run()
    assert at.multiselect(key="filter_regions").value == []
    assert at.multiselect(key="filter_themes").value == []
    assert not [b for b in at.button if b.key and b.key.startswith("chip_")]
    assert f"**{len(REAL.practices)}** of {len(REAL.practices)} practices match." in texts(at)


def test_filters_persist_when_moving_between_pages():
    at = run_page()
    at.multiselect(key="filter_regions").set_value(["latin-america"]).run()
    at.switch_page("views/campaign/practices.py")
    at.run()
    assert not at.exception
    assert at.multiselect(key="filter_regions").value == ["latin-america"]
    latin = REAL.territories.loc[REAL.territories["uclg_region"] == "latin-america", "id"]
    kept = int(REAL.practices["territory_id"].isin(set(latin)).sum())
    assert f"**{kept}** of {len(REAL.practices)} practices match." in texts(at)


def test_map_page_draws_points_and_opens_a_profile_from_the_search_box():
    at = run_page("views/campaign/map.py")
    assert len(at.get("plotly_chart")) == 1
    unmapped = REAL.territories[REAL.territories["latitude"].isna()]["name"]
    assert f"Not drawn (no coordinates in our sources): {', '.join(unmapped)}." in texts(at)
    at.selectbox(key="map_search").set_value("barcelona").run()
    assert not at.exception
    body = texts(at)
    assert "Barcelona" in body and "Member (confirmed)" in body
    assert "campaign-page" not in body  # sources are shown by title, not by id


def test_map_page_country_view():
    at = run_page("views/campaign/map.py")
    at.radio(key="map_view").set_value("countries").run()
    assert not at.exception
    assert "countries with at least one member." in texts(at)
    countries = REAL.territories.loc[REAL.territories["is_member"], "country_iso3"].nunique()
    assert f"{countries} countries with at least one member." in texts(at)


def test_practice_library_searches_and_counts():
    at = run_page("views/campaign/practices.py")
    total = len(REAL.practices)
    assert f"**{total}** of {total} practices match." in texts(at)
    at.text_input(key="practice_query").input("disability").run()
    body = texts(at)
    disability = practices_matching_on_file(
        r"\bdisab", "en", {"disability-inclusion", "persons-with-disabilities"}
    )
    assert f"**{len(disability)}** of {total} practices match." in body  # text or labels say disability
    assert "Municipal Disability Office" in body
    at.text_input(key="practice_query").input("<script>alert(1)</script>").run()
    assert not at.exception
    assert f"**0** of {total} practices match." in texts(at)


def test_practice_library_draws_only_the_open_tab():
    at = run_page("views/campaign/practices.py")
    assert not at.get("plotly_chart") and not at.dataframe  # the results: cards only
    body = texts(at)
    assert f"Page 1 of {-(-len(REAL.practices) // 10)}: results 1 to 10." in body
    assert body.count("#### ") == 10  # a card's title
    at.session_state["practice_tab"] = "Counts by right"
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1 and "#### " not in texts(at)
    at.session_state["practice_tab"] = "Counts by place"
    at.run()
    places = at.dataframe[0].value
    assert places["Practices"].sum() == len(REAL.practices) and "Kisumu County" in set(
        places["City or territory"]
    )


def test_charter_page_lists_the_rights_with_coverage():
    at = run_page("views/campaign/charter.py")
    assert not at.dataframe  # the rights table is built only once its expander is opened
    at.session_state["charter_rights"] = True
    at.run()
    # (every chart also has a "Data table" twin; the rights table is the one with a '#' column)
    table = next(d.value for d in at.dataframe if "#" in d.value.columns)
    assert len(table) == 20
    assert list(table["#"].head(3)) == ["I", "II", "III"]
    assert len(at.get("plotly_chart")) == 1  # the open tab's practices per right
    assert "Phase 1: structure" not in texts(at)
    at.session_state["charter_tab"] = "Rights by region"
    at.run()
    heatmap = at.get("plotly_chart")
    assert len(heatmap) == 1 and "Each cell counts practices serving a right in a region." in texts(at)
    at.session_state["charter_tab"] = "The update process"
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    assert "Phase 1: structure" in texts(at)


def test_forum_page_shows_panel_and_verbatim_quotes():
    at = run_page("views/campaign/forum.py")
    body = texts(at)
    assert "Amanda Fléty Martínez" in body
    assert "Caroline Agwanda" in body
    assert "Nous devons lutter contre la pauvreté" in body
    assert "original language: fr" in body
    assert len(REAL.session["messages"]) == 3


def _render_city(territory_id: str) -> None:
    from views.templates import city

    city.render(territory_id)


@pytest.mark.parametrize("territory_id", CITY_IDS)
def test_each_city_page_renders_its_practices_and_stage(territory_id):
    at = AppTest.from_function(_render_city, args=(territory_id,), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    territory = REAL.territories.set_index("id").loc[territory_id]
    practices = REAL.practices[REAL.practices["territory_id"] == territory_id]
    assert at.title[0].value.replace("\\", "") == territory["name"]
    body = texts(at)
    assert f"Practices ({len(practices)})" in body
    for title in practices["title"]:
        assert any(title[:20] in m.value.replace("\\", "") for m in at.markdown), title
    if not territory["is_member"]:
        assert any("Not counted toward 10 / 100 / 1000" in i.value for i in at.info)


def test_the_five_session_cities_have_pages():
    assert {"marseille", "san-antonio", "kisumu", "ciudad-juarez", "barcelona"} <= set(CITY_IDS)


def test_city_page_quotes_keep_original_words_and_language():
    at = AppTest.from_function(_render_city, args=("barcelona",), default_timeout=TIMEOUT)
    at.run()
    body = texts(at).replace("\\", "")
    assert "Es importante que los entes locales en red" in body
    assert "original language: es" in body


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def test_broken_data_file_shows_where_and_why_without_a_traceback(tmp_path, monkeypatch):
    """A new store is seeded from the files: broken files are refused, named, and nothing is stored."""
    data = _copy_data(tmp_path)
    path = data / "territories.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "41.38879,2.15899,3128760,1686208", "141.38879,2.15899,3128760,1686208", 1
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("HRCITIES_DATA_DIR", str(data))
    monkeypatch.setenv("HRCITIES_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    problems = at.dataframe[0].value
    row = problems.iloc[0]
    assert (row["file"], row["row"], row["column"]) == ("territories.csv", 2, "latitude")
    assert "between -90 and 90" in row["rule"]
    assert Store(f"sqlite:///{tmp_path / 'store.sqlite3'}", data).is_empty()


def test_a_store_broken_behind_the_apps_back_keeps_the_last_good_data(tmp_path, monkeypatch):
    """Someone edits the database by hand, breaking a rule: pages keep the last good data and say
    which record breaks which rule."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("HRCITIES_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert {m.label: m.value for m in at.metric}[
        "Members on record"
    ] == f"at least {int(REAL.territories['is_member'].sum())}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE territories SET latitude = 200 WHERE id = 'barcelona'")
        conn.exec_driver_sql("UPDATE data_version SET version = version + 1")
    engine.dispose()
    at.run()
    assert not at.exception
    assert "still shows the last good data" in at.warning[0].value
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["file"], problem["record"], problem["column"]) == ("territories", "barcelona", "latitude")
    assert {m.label: m.value for m in at.metric}[
        "Members on record"
    ] == f"at least {int(REAL.territories['is_member'].sum())}"


def test_adding_a_territory_with_a_practice_adds_its_page(tmp_path, monkeypatch):
    """A synthetic test territory (not real data), written through the store, gets a page with no
    code change, on the next rerun."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("HRCITIES_DATABASE_URL", url)
    from components import nav

    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert "synthetic-testville" not in nav.known_url_paths(REAL)
    store, grant = Store(url, ROOT / "data"), auth.issue("test", "passphrase")
    store.insert(
        grant,
        "territories",
        {
            "id": "synthetic-testville",
            "name": "Synthetic Testville",
            "kind": "city",
            "country_iso3": "ESP",
            "country": "Spain",
            "uclg_region": "europe",
            "region_status": "inferred",
            "latitude": "40.4",
            "longitude": "-3.7",
            "stage": "member",
            "stage_status": "confirmed",
            "joined": "2024",
            "joined_status": "confirmed",
            "pioneer": "false",
            "sources": "campaign-page",
            "notes": "Synthetic record for tests only.",
        },
    )
    store.insert(
        grant,
        "practices",
        {
            "id": "synthetic-practice",
            "territory_id": "synthetic-testville",
            "title": "Synthetic test practice",
            "summary": "A synthetic practice used only by tests.",
            "start_year": "2024",
            "start_status": "confirmed",
            "status": "ongoing",
            "target_groups": "women",
            "themes": "participation",
            "rights": "participatory-democracy",
            "sources": "campaign-page",
            "evidence": "confirmed",
        },
    )
    store.dispose()
    at.run()
    assert not at.exception
    members = int(REAL.territories["is_member"].sum()) + 1  # the synthetic test territory, now a member
    assert {m.label: m.value for m in at.metric}["Members on record"] == f"at least {members}"
    c = Store(url, ROOT / "data").load()
    assert "synthetic-testville" in nav.known_url_paths(c)
    assert len(nav.city_names(c)) == len(CITY_IDS) + 1
    at = AppTest.from_function(_render_city, args=("synthetic-testville",), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert "Synthetic test practice" in texts(at)


def test_practice_library_city_facet():
    at = run_page("views/campaign/practices.py")
    at.multiselect(key="practice_cities").set_value(["kisumu", "barcelona"]).run()
    assert not at.exception
    both = int(REAL.practices["territory_id"].isin({"kisumu", "barcelona"}).sum())
    assert f"**{both}** of {len(REAL.practices)} practices match." in texts(at)
