"""What changes in an existing territory (hrcities/tracker/changes.py): empty cells never erase,
statuses follow the values they qualify, a less precise date is no news."""

from tracker_files import SOURCE, plan_for, upload_text


def test_an_empty_cell_never_erases_and_statuses_alone_are_no_change(current):
    upload = upload_text(
        "Name,Country,Stage,Population,Notes,Date joined\n"
        "Barcelona,Spain,member,,,2022\nGwangju,Corée du Sud,framework,,,\n"
    )
    plan = plan_for(upload, current)
    assert plan.unchanged == ["barcelona", "gwangju"]
    assert plan.changed == [] and plan.added == [] and plan.new_sources == []


def test_changes_set_their_statuses_and_a_less_precise_date_is_no_news(current):
    upload = upload_text(
        "Name,Country,Stage,Date joined,Region\n"
        "Gwangju,KOR,member,2022,Asia-Pacific\n"
        "Grigny,France,member,2022-05-14,Europe\n"
        "Diputació de Barcelona,Spain,member,2023,Europe\n"
        "Tetouan,Maroc,member,,Africa\n"
    )
    plan = plan_for(upload, current)
    changes = {change.id: change for change in plan.changed}
    # Gwangju's sources as on file: campaign-page|charter-page|cisdp-whrcf-2023-news|profile-gwangju
    # in the December 2026 data; the upload's source is added after them
    on_file = current["territories"].set_index("id").at["gwangju", "sources"]
    assert on_file.startswith("campaign-page|charter-page") and SOURCE not in on_file
    assert changes["gwangju"].before == {"stage": "framework", "stage_status": "inferred", "sources": on_file}
    assert changes["gwangju"].after == {
        "stage": "member",
        "stage_status": "confirmed",
        "sources": f"{on_file}|{SOURCE}",
    }
    assert changes["grigny"].after["joined"] == "2022-05-14"
    assert "joined_status" not in changes["grigny"].after  # it was confirmed already
    assert set(plan.unchanged) == {"diputacio-barcelona", "tetouan"}


def test_a_region_given_for_an_existing_territory_is_confirmed(current):
    plan = plan_for(upload_text("Name,Country,Stage,Region\nMayo,CIV,engaged,MEWA\n"), current)
    assert plan.changed[0].after["uclg_region"] == "mewa"
    assert "region_status" not in plan.changed[0].after  # already confirmed
    plan = plan_for(upload_text("Name,Country,Stage,Region\nIrbid,Jordan,engaged,Europe\n"), current)
    assert plan.changed[0].before["region_status"] == "inferred"
    assert plan.changed[0].after["region_status"] == "confirmed"
