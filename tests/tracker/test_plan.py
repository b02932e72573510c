"""Whole plans of the good trackers (hrcities/tracker/plan.py): their counts, the English and the
Spanish plan in detail, and the preview's tables."""

import hashlib

import pytest
from tracker_files import SOURCE, TODAY, plan_file

from hrcities.schema import TABLES_BY_NAME, split_list
from hrcities.tracker import Change


@pytest.mark.parametrize(
    "name, added, changed, unchanged",
    [
        ("tracker_en.csv", 4, 1, 1),
        ("tracker_utf8_bom.csv", 4, 1, 1),
        ("tracker_utf16.csv", 4, 1, 1),
        ("tracker_fr_semicolon.csv", 3, 0, 1),
        ("tracker_es.xlsx", 3, 0, 1),
    ],
)
def test_good_file_plan_counts(name, added, changed, unchanged, current):
    plan = plan_file(name, current)
    assert plan.problems == []
    assert (len(plan.added), len(plan.changed), len(plan.unchanged)) == (added, changed, unchanged)
    assert plan.summary() == {
        "rows_read": added + changed + unchanged,
        "added": added,
        "changed": changed,
        "unchanged": unchanged,
        "new_sources": len(plan.new_sources),
        "held": 0,
        "problems": 0,
        "rows_with_problems": 0,
    }
    assert len(plan.added_rows) == added


def test_english_plan_in_detail(current):
    plan = plan_file("tracker_en.csv", current)
    added = {row["id"]: row for row in plan.added}
    assert list(added) == ["testville", "villeneuve-exemple", "ciudad-ficticia", "sao-exemplo"]
    assert plan.added_rows == [2, 3, 4, 5]
    assert all(list(row) == [c.name for c in TABLES_BY_NAME["territories"].columns] for row in plan.added)
    testville = added["testville"]
    assert (
        testville["country_iso3"],
        testville["country"],
        testville["uclg_region"],
        testville["region_status"],
    ) == ("FRA", "France", "europe", "confirmed")
    assert (
        testville["stage"],
        testville["stage_status"],
        testville["joined"],
        testville["joined_status"],
    ) == ("member", "confirmed", "2024-03", "confirmed")
    assert (testville["latitude"], testville["longitude"]) == ("45.1", "3.2")
    assert testville["population"] == "12000"
    assert (testville["wave"], testville["wave_status"], testville["pioneer"]) == (None, None, "false")
    assert testville["population_band"] is None and testville["notes"] == "Synthetic test city"
    url_source = next(s for s in plan.new_sources if s["url"] == "https://example.org/testville")
    assert split_list(testville["sources"]) == [SOURCE, url_source["id"]]
    assert url_source["id"] == "web-" + hashlib.sha1(b"https://example.org/testville").hexdigest()[:10]
    assert url_source["title"] == "example.org/testville"
    villeneuve = added["villeneuve-exemple"]
    assert (villeneuve["uclg_region"], villeneuve["region_status"]) == ("europe", "inferred")
    assert (villeneuve["stage"], villeneuve["population"]) == ("pledged", "1234")
    assert villeneuve["joined"] == "2024"
    assert villeneuve["sources"] == SOURCE
    ficticia = added["ciudad-ficticia"]
    assert (ficticia["uclg_region"], ficticia["region_status"]) == ("latin-america", "inferred")
    assert (ficticia["joined"], ficticia["joined_status"], ficticia["kind"]) == (None, "unknown", "city")
    sao = added["sao-exemplo"]
    assert (sao["country_iso3"], sao["stage"], sao["joined"], sao["population"]) == (
        "BRA",
        "form_sent",
        "2025-01-15",
        "45000",
    )
    assert plan.changed == [
        Change(
            "barcelona",
            "Barcelona",
            7,
            {"population": "1686208", "sources": "campaign-page|wave2-en"},
            {"population": "1700000", "sources": f"campaign-page|wave2-en|{SOURCE}"},
        )
    ]
    assert plan.unchanged == ["grigny"]
    assert plan.new_sources[0]["id"] == SOURCE
    assert plan.new_sources[0]["published"] == TODAY.isoformat()


def test_spanish_workbook_plan(current):
    plan = plan_file("tracker_es.xlsx", current)
    added = {row["id"]: row for row in plan.added}
    assert plan.added_rows == [2, 3, 6]
    assert added["ciudad-ficticia"]["joined"] == "2024-03-05"
    ficticia = added["ciudad-ficticia"]
    assert (ficticia["country"], ficticia["uclg_region"], ficticia["region_status"]) == (
        "Spain",
        "europe",
        "inferred",
    )
    assert (added["villa-inventada"]["stage"], added["villa-inventada"]["population"]) == ("pledged", "1234")
    assert added["pueblo-de-prueba"]["stage"] == "framework"
    assert plan.unchanged == ["barcelona"]


def test_the_preview_tables_show_what_the_plan_holds(current):
    plan = plan_file("tracker_en.csv", current)
    assert list(plan.added_table()["id"]) == [row["id"] for row in plan.added]
    assert list(plan.added_table().columns) == ["id", "name", "country", "uclg_region", "stage", "joined"]
    changes = plan.changes_table()
    assert len(changes) == sum(len(ch.after) for ch in plan.changed)
    assert list(changes.columns) == ["id", "row", "field", "before", "after"]
    empty = plan_file("tracker_fr_semicolon.csv", current)
    assert empty.problems_table().empty and list(empty.problems_table().columns) == [
        "row",
        "column",
        "value",
        "rule",
    ]
