"""`plan_import` row by row (hrcities/tracker/rows.py): matching rows to our territories, duplicates,
every bad row left out with its problems located, the mapping's own problems, progress, the stage
given for a file without a stage column."""

import pytest
from tracker_files import TODAY, make_corpus, plan_for, upload_text

from hrcities.tracker import plan_import, read_upload, suggest_mapping


def test_matching_by_name_is_accent_and_case_insensitive_and_uses_local_names(current):
    upload = upload_text(
        "Name,Country,Stage\nCIUDAD JUAREZ,México,engaged\nWien,AT,member\nL ALFAS DEL PI,ES,member\n"
    )
    plan = plan_for(upload, current)
    assert plan.unchanged == ["ciudad-juarez", "vienna", "alfas-del-pi"]


def test_matching_by_id_column(current):
    upload = upload_text(
        "ID,Name,Country,Stage,Population\nbarcelona,Barcelone,Espagne,member,1686208\n"
        "testville,Testville,France,member,100\n"
    )
    plan = plan_for(upload, current)
    assert [change.id for change in plan.changed] == ["barcelona"]
    assert plan.changed[0].after["name"] == "Barcelone"
    assert [row["id"] for row in plan.added] == ["testville"]


def test_a_row_naming_the_same_existing_territory_by_id_and_by_name_is_a_duplicate(current):
    plan = plan_for(
        upload_text("ID,Name,Country,Stage\ngrigny,Grigny,France,member\n,grigny,FRA,member\n"), current
    )
    assert {p.row for p in plan.problems} == {2, 3}
    assert plan.unchanged == [] and plan.changed == []


def test_every_bad_row_is_left_out_and_every_problem_located(current):
    upload = upload_text(
        "Name,Country,Stage,Population,Latitude,Longitude\n"
        "Testville,France,member,12000,45.1,3.2\n"
        "Dupont-Exemple,Atlantis,member,,,\n"
        "Villeneuve-Exemple,France,sometimes,lots,,\n"
        "Ciudad Ficticia,Mexico,engaged,,20.5,-200\n"
        "Barcelona,Spain,member,1.5,,\n"
    )
    plan = plan_for(upload, current)
    assert [row["id"] for row in plan.added] == ["testville"]
    assert plan.changed == [] and plan.unchanged == []
    located = {(p.row, p.column) for p in plan.problems}
    assert located == {(3, "Country"), (4, "Stage"), (4, "Population"), (5, "Longitude"), (6, "Population")}
    assert plan.summary()["rows_with_problems"] == 4
    assert all(p.file == "inline.csv" for p in plan.problems)


def test_mapping_problems(current):
    upload = upload_text("Name,Pays,Country,Stage\nTestville,France,France,member\n")
    plan = plan_for(
        upload, current, {"Name": "name", "Pays": "country", "Country": "country", "Stage": "stage"}
    )
    assert [(p.rule.split(":")[0], p.column) for p in plan.problems] == [
        ("two columns are chosen for the same field 'Country'", "Country")
    ]
    assert plan.added == [] and plan.rows_read == 1
    plan = plan_for(upload, current, {"Name": "name", "Country": "country"})
    assert "required field 'Campaign stage'" in plan.problems[0].rule
    with pytest.raises(ValueError, match="do not exist"):
        plan_for(upload, current, {"Name": "town"})
    with pytest.raises(ValueError, match="do not exist"):
        plan_for(upload, current, {"Nowhere": "name"})
    with pytest.raises(ValueError, match="import_source_id"):
        plan_import(upload, {}, current, TODAY, "Not An Id")


def test_unmapped_columns_are_ignored(current):
    upload = upload_text("Name,Country,Stage,Population\nTestville,France,member,not a number\n")
    plan = plan_for(
        upload, current, {"Name": "name", "Country": "country", "Stage": "stage", "Population": None}
    )
    assert plan.problems == [] and plan.added[0]["population"] is None


def test_progress_is_reported_every_500_rows(tmp_path, current):
    path = tmp_path / "rows.csv"
    make_corpus.make_too_many_rows(path, rows=1200)
    calls = []
    plan = plan_for(read_upload("rows.csv", path.read_bytes()), current, progress=calls.append)
    assert calls == [500 / 1200, 1000 / 1200, 1.0]
    assert len(plan.added) == 1200 and len({row["id"] for row in plan.added}) == 1200


def test_without_a_stage_column_the_stage_given_is_every_row_s(current):
    upload = upload_text("Gobierno local,País\nTestville,Francia\nMarseille,Francia\nGrigny,Francia\n")
    mapping = suggest_mapping(list(upload.frame.columns))
    refused = plan_for(upload, current, mapping)
    assert refused.added == [] and "required field 'Campaign stage'" in refused.problems[0].rule
    plan = plan_for(upload, current, mapping, default_stage="member")
    assert plan.problems == []
    assert [(row["name"], row["stage"]) for row in plan.added] == [("Testville", "member")]
    assert plan.changed[0].id == "marseille" and plan.changed[0].after["stage"] == "member"
    assert plan.unchanged == ["grigny"]  # a member already


def test_a_stage_column_wins_over_the_stage_given(current):
    upload = upload_text("Name,Country,Stage\nTestville,France,pledged\n")
    plan = plan_for(upload, current, default_stage="member")
    assert plan.added[0]["stage"] == "pledged"


def test_the_stage_given_must_be_one_of_ours(current):
    upload = upload_text("Name,Country\nTestville,France\n")
    with pytest.raises(ValueError, match="default_stage must be one of"):
        plan_for(upload, current, default_stage="membre")


def test_a_point_outside_its_country_leaves_out_that_row_in_the_preview(current):
    """The point-in-country check of applying runs in the preview, row by row: a Lyon given Madrid's
    coordinates is left out with where the point lies, the other rows go ahead."""
    upload = upload_text(
        "Name,Country,Stage,Region,Latitude,Longitude\n"
        "Testville,France,member,Europe,45.76,4.84\n"  # synthetic places for the test, in France
        "Essaiville,France,member,Europe,40.42,-3.70\n"  # ... and one given a point in Spain
        "Barcelona,Spain,member,Europe,41.38879,2.15899\n"
    )
    plan = plan_for(upload, current)
    assert [row["name"] for row in plan.added] == ["Testville"]
    assert plan.unchanged == ["barcelona"]
    (problem,) = plan.problems
    assert (problem.row, problem.column) == (3, "Latitude")
    assert problem.rule.startswith("the point lies in ESP") and problem.value == "40.42, -3.70 (FRA)"
