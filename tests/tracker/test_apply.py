"""New territories, their ids and sources, and the tables after a plan (hrcities/tracker/apply.py):
what `plan_tables` gives passes the repository's own validation."""

import hashlib
import re

import pandas as pd
import pytest
from tracker_files import CORPUS, GOOD_FILES, SOURCE, TODAY, plan_file, plan_for, upload_text

from hrcities.schema import ID_PATTERN, TABLES_BY_NAME, dataframe_schema, split_list
from hrcities.tracker import (
    InvalidValue,
    normalise_id,
    plan_import,
    plan_tables,
    read_upload,
    slugify,
    unique_id,
)


def test_ids_and_slugs():
    assert slugify("Ciudad Juárez") == "ciudad-juarez"
    assert slugify("l'Alfàs del Pi") == "l-alfas-del-pi"
    assert slugify("  Saint-Éxemple-lès-Tests ") == "saint-exemple-les-tests"
    # a name in another script gets a readable id, never "territory" or a hash
    assert slugify("광주광역시") == "gwangjugwangyeogsi"
    assert slugify("Москва") == "moskva" and slugify("Αθήνα") == "athina"
    assert slugify("Straße der Tests") == "strasse-der-tests"
    assert unique_id("testville", "FRA", set()) == "testville"
    assert unique_id("testville", "FRA", {"testville"}) == "testville-fra"
    taken = {"testville", "testville-fra", "testville-fra-2"}
    assert unique_id("testville", "FRA", taken) == "testville-fra-3"
    assert unique_id("", "KOR", set()) == "territory"
    assert normalise_id("testville-2") == "testville-2"
    with pytest.raises(InvalidValue, match="lower-case"):
        normalise_id("Testville")


def test_same_name_in_another_country_is_a_new_territory_with_a_unique_id(current):
    plan = plan_for(
        upload_text(
            "Name,Country,Stage,Region\nCiudad Juárez,Argentina,engaged,\nCiudad Juárez,Chile,engaged,\n"
        ),
        current,
    )
    assert [row["id"] for row in plan.added] == ["ciudad-juarez-arg", "ciudad-juarez-chl"]
    assert plan.problems == [] and plan.changed == []


def test_a_name_in_another_script_gets_a_readable_id(current):
    plan = plan_for(upload_text("Name,Country,Stage,Region\n테스트시,KR,member,\n"), current)
    assert plan.added[0]["id"] == "teseuteusi"  # transliterated, not "territory" or a hash
    assert plan.added[0]["uclg_region"] == "asia-pacific"


def test_known_source_url_is_reused_and_a_new_url_alone_is_a_change(current):
    known = current["sources"].loc[current["sources"]["id"] == "wave2-en", "url"].iloc[0]
    upload = upload_text(
        f"Name,Country,Stage,Source\nBarcelona,Spain,member,{known}\n"
        "Grigny,France,member,https://example.org/grigny-news\n"
        "Testville,France,member,https://example.org/grigny-news\n"
    )
    plan = plan_for(upload, current)
    assert plan.unchanged == ["barcelona"]
    [change] = plan.changed
    web_id = "web-" + hashlib.sha1(b"https://example.org/grigny-news").hexdigest()[:10]
    assert change.after == {"sources": f"campaign-page|municipal-times-2024|{SOURCE}|{web_id}"}
    assert [s["id"] for s in plan.new_sources] == [SOURCE, web_id]
    assert split_list(plan.added[0]["sources"]) == [SOURCE, web_id]


def test_import_source_already_known_is_not_added_again(current):
    sources = pd.concat(
        [current["sources"], pd.DataFrame([{"id": SOURCE, "title": "Our upload"}])], ignore_index=True
    ).astype(object)
    sources = sources.where(sources.notna(), None)
    plan = plan_import(
        read_upload("t.csv", (CORPUS / "tracker_fr_semicolon.csv").read_bytes()),
        {"Nom": "name", "Pays": "country", "Étape": "stage", "Région": "region"},
        {**current, "sources": sources},
        TODAY,
        SOURCE,
    )
    assert plan.new_sources == [] and len(plan.added) == 3


def test_nothing_to_do_adds_no_source(current):
    plan = plan_for(upload_text("Name,Country,Stage\nGrigny,France,member\n"), current)
    assert plan.new_sources == [] and plan.unchanged == ["grigny"]


@pytest.mark.parametrize("name", GOOD_FILES)
def test_plan_tables_pass_the_repository_validation(name, current):
    plan = plan_file(name, current)
    tables = plan_tables(plan, current)
    territories, sources = tables["territories"], tables["sources"]
    dataframe_schema(TABLES_BY_NAME["territories"]).validate(territories)
    dataframe_schema(TABLES_BY_NAME["sources"]).validate(sources)
    assert list(territories.columns) == list(current["territories"].columns)
    assert len(territories) == len(current["territories"]) + len(plan.added)
    assert territories["id"].is_unique and sources["id"].is_unique
    assert territories["id"].map(lambda i: bool(re.fullmatch(ID_PATTERN, i))).all()
    cited = {s for cell in territories["sources"] for s in split_list(cell)}
    assert cited <= set(sources["id"])
    assert set(territories["uclg_region"]) <= set(current["regions"]["id"])
    assert set(territories["stage"]) <= set(current["stages"]["id"])
    assert territories["country_iso3"].str.fullmatch(r"[A-Z]{3}").all()
    for change in plan.changed:
        row = territories.loc[territories["id"] == change.id].iloc[0]
        assert {column: row[column] for column in change.after} == change.after


def test_plan_tables_keep_none_for_empty_cells(current):
    tables = plan_tables(plan_file("tracker_en.csv", current), current)
    cells = tables["territories"].to_numpy().ravel().tolist()
    assert all(c is None or isinstance(c, str) for c in cells)
    assert None in cells


def test_a_secretariat_tracker_s_tables_pass_the_repository_validation(current):
    upload = upload_text(
        "Gobierno local,País,Ola,Fecha de adhesión\n"
        "Villaprueba,Reino de España,Tercera ola,15/03/2025\n"
        "Marseille,République française,Ola 2,\n"
        "Gwangju,République de Corée,1,\n"
    )
    plan = plan_for(upload, current, default_stage="member")
    assert plan.problems == [] and len(plan.added) == 1 and len(plan.changed) == 2
    territories = plan_tables(plan, current)["territories"]
    dataframe_schema(TABLES_BY_NAME["territories"]).validate(territories)
    rows = territories.set_index("id")
    assert rows.loc["villaprueba", ["stage", "wave", "wave_status", "joined"]].tolist() == [
        "member",
        "3",
        "confirmed",
        "2025-03-15",
    ]
    assert rows.at["marseille", "wave"] == "2" and rows.at["marseille", "joined"] is None
