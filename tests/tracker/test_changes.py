"""What changes in an existing territory (hrcities/tracker/changes.py): empty cells never erase,
statuses follow the values they qualify, a less precise date or point that agrees is no news, a move
down the ladder or a vaguer value over a precise one is held until its territory is ticked, a stage
move never invents a join date, waves."""

from tracker_files import SOURCE, plan_for, upload_text

from hrcities.tracker.changes import decimals


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


def test_a_move_down_the_ladder_is_held_until_ticked(current):
    upload = upload_text("Name,Country,Population\nGwangju,Corée du Sud,1500000\nMarseille,France,\n")
    plan = plan_for(upload, current, default_stage="member")
    gwangju, marseille = plan.changed
    assert (gwangju.id, gwangju.before["stage"], gwangju.after["stage"]) == ("gwangju", "framework", "member")
    assert gwangju.held == ("stage", "stage_status") and marseille.held == ()  # engaged → member is up
    assert plan.summary()["held"] == 1
    assert plan.held_table().to_dict("records") == [
        {"id": "gwangju", "name": "Gwangju", "row": 2, "field": "stage"}
        | {"before": "framework", "after": "member", "why": "moves down the campaign ladder"}
    ]
    assert "stage" not in set(plan.changes_table().query("id == 'gwangju'")["field"])
    kept = {ch.id: ch for ch in plan.changes_to_apply(ticked=False)}
    assert set(kept) == {"gwangju", "marseille"}
    assert "stage" not in kept["gwangju"].after and kept["gwangju"].after["population"] == "1500000"
    assert plan.changes_to_apply(ticked=True) == plan.changed


def test_each_held_territory_is_ticked_on_its_own(current):
    upload = upload_text("Name,Country\nGwangju,Corée du Sud\nMexico City,Mexico\n")
    plan = plan_for(upload, current, default_stage="engaged")
    held = sorted(ch.id for ch in plan.held())
    assert len(held) == 2, plan.held_table()
    chosen = {ch.id: ch for ch in plan.changes_to_apply(ticked={held[0]})}
    assert set(chosen) == {held[0]} and chosen[held[0]].after["stage"] == "engaged"
    assert plan.changes_to_apply(ticked=set()) == [] == plan.changes_to_apply(ticked=False)
    assert (plan.held_left({held[0]}), plan.held_left(False), plan.held_left(True)) == (1, 2, 0)


def test_a_rounder_point_that_agrees_is_no_news_and_one_that_moves_it_waits_for_a_tick(current):
    territories = current["territories"].set_index("id")
    lat, lon = territories.at["gwangju", "latitude"], territories.at["gwangju", "longitude"]
    assert decimals(lat) > 2 and decimals(lon) > 2, (lat, lon)
    rounded = f"{float(lat):.2f},{float(lon):.2f}"
    plan = plan_for(
        upload_text(f"Name,Country,Stage,Latitude,Longitude\nGwangju,KOR,framework,{rounded}\n"), current
    )
    assert plan.unchanged == ["gwangju"] and not plan.changed
    moved = f"{float(lat) + 0.2:.1f},{float(lon):.1f}"
    plan = plan_for(
        upload_text(f"Name,Country,Stage,Latitude,Longitude\nGwangju,KOR,framework,{moved}\n"), current
    )
    (change,) = plan.changed
    assert set(change.held) == {"latitude", "longitude"}
    assert set(plan.held_table()["why"]) == {"less precise than the point we hold"}
    assert plan.changes_to_apply(ticked=False) == []  # only the sources would change
    assert plan.changes_to_apply(ticked={"gwangju"})[0].after["latitude"] == f"{float(lat) + 0.2:.1f}"
    finer = f"{float(lat) + 0.01:.6f},{float(lon):.6f}"
    plan = plan_for(
        upload_text(f"Name,Country,Stage,Latitude,Longitude\nGwangju,KOR,framework,{finer}\n"), current
    )
    assert plan.changed[0].held == ()  # a more precise point is written by applying


def test_a_vaguer_join_date_over_a_full_one_waits_for_a_tick(current):
    territories = current["territories"]
    full = territories[territories["joined"].fillna("").str.count("-") == 2].iloc[0]
    year = int(full["joined"][:4])
    name, iso3, stage = full["name"], full["country_iso3"], full["stage"]
    same_year = plan_for(upload_text(f"Name,Country,Stage,Joined\n{name},{iso3},{stage},{year}\n"), current)
    assert not same_year.changed  # '2022' for '2022-03-05' says nothing new
    other = plan_for(upload_text(f"Name,Country,Stage,Joined\n{name},{iso3},{stage},{year - 1}\n"), current)
    (change,) = other.changed
    assert "joined" in change.held
    assert other.held_table()["why"].tolist() == ["less precise than the date we hold"]


def test_the_preview_tables_read_in_the_coordinators_language(current):
    from hrcities.i18n import translator

    plan = plan_for(upload_text("Name,Country,Stage,Latitude\nGwangju,KOR,member,95\n"), current)
    french = plan.problems_table(translator("fr"))
    assert list(french.columns) == ["Ligne", "Colonne", "Valeur", "Règle"]
    added = plan_for(upload_text("Name,Country,Stage,Region\nTestville,Germany,member,Europe\n"), current)
    assert added.added_table(translator("es"), lang="es")["País"].tolist() == ["Alemania"]
    held = plan_for(upload_text("Name,Country\nGwangju,Corée du Sud\n"), current, default_stage="member")
    assert held.held_table(translator("es"))["Por qué espera una marca"].tolist() == [
        "baja en la escalera de la campaña"
    ]


def test_a_held_move_alone_is_left_out_when_not_ticked(current):
    plan = plan_for(upload_text("Name,Country\nGwangju,Corée du Sud\n"), current, default_stage="member")
    assert [ch.id for ch in plan.held()] == ["gwangju"]
    assert plan.changes_to_apply(ticked=False) == []


def test_a_stage_move_never_invents_a_join_date(current):
    territories = current["territories"].set_index("id")
    assert territories.at["marseille", "joined"] is None
    plan = plan_for(upload_text("Name,Country,Stage\nMarseille,France,member\n"), current)
    (change,) = plan.changed
    assert change.after["stage"] == "member"
    assert "joined" not in change.after and "joined_status" not in change.after


def test_a_wave_is_stored_with_its_status(current):
    territories = current["territories"].set_index("id")
    assert territories.at["marseille", "wave"] is None
    upload = upload_text(
        "Name,Country,Stage,Ola\nMarseille,France,engaged,Segunda ola\nTestville,France,member,3\n"
    )
    plan = plan_for(upload, current)
    assert plan.problems == []
    after = plan.changed[0].after
    assert (after["wave"], after["wave_status"]) == ("2", "confirmed")
    assert (plan.added[0]["wave"], plan.added[0]["wave_status"]) == ("3", "confirmed")
    barcelona_wave = territories.at["barcelona", "wave"]
    again = plan_for(
        upload_text(f"Name,Country,Stage,Wave\nBarcelona,Spain,member,{barcelona_wave}\n"), current
    )
    assert again.unchanged == ["barcelona"]
