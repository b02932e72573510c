"""Coordinator pages under AppTest: sign-in gating, forged sessions, edits, conflicts, moderation."""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from hrcities import auth, i18n
from hrcities.load import load_campaign
from hrcities.store import Store
from hrcities.store import submissions as subs

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
PASSPHRASE = "correct horse battery staple"
COORDINATOR_PAGES = [
    "views/coordinator/edit.py",
    "views/coordinator/tracker.py",
    "views/coordinator/review.py",
    "views/coordinator/export.py",
    "views/coordinator/activity.py",
]
WRITE_LABELS = {
    "Save changes",
    "Add record",
    "Move",
    "Approve and publish",
    "Reject",
    "Apply the import",
    "Undo…",
    "Restore",
    "Apply this profile update",
}


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    monkeypatch.setenv("HRCITIES_DATABASE_URL", url)
    monkeypatch.setenv("HRCITIES_COORDINATOR_HASH", auth.hash_passphrase(PASSPHRASE))
    monkeypatch.delenv("HRCITIES_DATA_DIR", raising=False)
    st.cache_resource.clear()
    yield url
    st.cache_resource.clear()


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def write_controls(at: AppTest) -> set[str]:
    labels = {b.label for b in at.button} | {b.label for b in at.get("form_submit_button")}
    labels |= {b.label for b in at.get("download_button")}
    return labels & (WRITE_LABELS | {"Spreadsheet (XLSX)", "CSV files (zip)", "Backup (zip)"})


def sign_in(at: AppTest, name="Ana Coordinator", passphrase=PASSPHRASE) -> AppTest:
    open_page(at, "views/coordinator/signin.py")
    at.text_input[0].input(name)
    at.text_input[1].input(passphrase)
    for button in at.get("form_submit_button"):
        if button.label == "Sign in":
            button.click().run()
            break
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", COORDINATOR_PAGES)
def test_a_viewer_sees_no_write_control_on_any_coordinator_page(store_url, page):
    at = open_page(app(), page)
    assert write_controls(at) == set()
    assert "for campaign coordinators" in at.info[0].value


@pytest.mark.parametrize(
    "forged",
    [
        {"name": "intruder", "method": "passphrase"},
        "yes",
        auth.Grant("intruder", "passphrase", 4e9, "f" * 64),
    ],
)
def test_a_forged_session_value_opens_nothing(store_url, forged):
    at = app()
    at.session_state["coordinator_grant"] = forged
    for page in COORDINATOR_PAGES:
        open_page(at, page)
        assert write_controls(at) == set(), page


def test_a_wrong_passphrase_is_refused_and_then_rate_limited(store_url):
    at = app()
    for _attempt in range(auth.MAX_FAILURES):
        sign_in(at, passphrase="wrong passphrase")
        assert "not right" in at.error[0].value
    open_page(at, "views/coordinator/signin.py")  # even the right passphrase has to wait now
    assert "Too many wrong passphrases" in at.error[0].value
    assert len(at.text_input) == 0
    assert "coordinator_grant" not in at.session_state


def test_the_right_passphrase_opens_the_coordinator_pages(store_url):
    at = sign_in(app())
    assert "coordinator_grant" in at.session_state
    open_page(at, "views/coordinator/edit.py")
    assert {"Save changes", "Add record"} & write_controls(at)


def test_a_coordinator_edits_a_territory_and_the_public_page_shows_it(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/edit.py")
    at.selectbox(key="pick_territories").set_value("grigny").run()
    records = Store(store_url, ROOT / "data").records("territories").set_index("id")
    version = records.at["grigny", "row_version"]
    at.text_input(key=f"edit_territories_grigny_{version}_population").input("25000")
    next(b for b in at.get("form_submit_button") if b.label == "Save changes").click().run()
    assert not at.exception
    assert "Saved 1 change(s) to 'grigny'" in at.success[0].value
    store = Store(store_url, ROOT / "data")
    loaded = store.load().territories.set_index("id")
    assert loaded.at["grigny", "population"] == 25000
    assert store.history("territories", "grigny").iloc[-1]["actor"] == "Ana Coordinator"


def test_the_editor_reads_in_words_in_french(store_url):
    """The French coordinator sees labels, not column names, and names, not ids, in the pickers."""
    at = sign_in(app())
    at.query_params["lang"] = "fr"
    open_page(at, "views/coordinator/edit.py")
    at.selectbox(key="pick_territories").set_value("grigny").run()
    version = Store(store_url, ROOT / "data").records("territories").at[1, "row_version"]
    stage = at.selectbox(key=f"edit_territories_grigny_{version}_stage")
    assert stage.label == "Étape *" and stage.format_func("member") == "Membre"
    sources = at.multiselect(key=f"edit_territories_grigny_{version}_sources")
    assert sources.label == "Sources *" and all("(" in sources.format_func(v) for v in sources.options[:3])
    assert (
        at.text_input(key=f"edit_territories_grigny_{version}_local_name").label
        == "Nom dans la langue locale"
    )


def test_the_second_of_two_coordinators_is_refused_and_nothing_is_overwritten(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/edit.py")
    at.selectbox(key="pick_territories").set_value("grigny").run()
    store = Store(store_url, ROOT / "data")
    # Meanwhile another coordinator (another session, maybe another process) saves first.
    store.update(
        auth.issue("Other Coordinator", "passphrase"), "territories", "grigny", 1, {"population": "26000"}
    )
    at.text_input(key="edit_territories_grigny_1_population").input("27000")
    next(b for b in at.get("form_submit_button") if b.label == "Save changes").click().run()
    assert not at.exception
    assert any("changed by someone else" in e.value for e in at.error)
    assert store.load().territories.set_index("id").at["grigny", "population"] == 26000
    assert any("after you opened it" in w.value for w in at.warning)


def test_an_invalid_edit_names_the_rule_and_saves_nothing(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/edit.py")
    at.selectbox(key="pick_territories").set_value("grigny").run()
    at.text_input(key="edit_territories_grigny_1_latitude").input("123")
    next(b for b in at.get("form_submit_button") if b.label == "Save changes").click().run()
    assert not at.exception
    assert "Not saved" in at.error[0].value
    problem = at.dataframe[0].value.iloc[0]
    assert (problem["record"], problem["column"]) == ("grigny", "latitude")
    assert Store(store_url, ROOT / "data").data_version() == 1


def test_a_coordinator_adds_a_territory_then_moves_it_to_member(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/edit.py")
    values = {
        "id": "synthetic-pledgeville",
        "name": "Synthetic Pledgeville",
        "country_iso3": "FRA",
        "country": "France",
        "latitude": "45.76",
        "longitude": "4.83",
    }
    for name, value in values.items():
        at.text_input(key=f"new_territories_0_{name}").input(value)
    at.selectbox(key="new_territories_0_kind").set_value("city")
    at.selectbox(key="new_territories_0_uclg_region").set_value("europe")
    at.selectbox(key="new_territories_0_region_status").set_value("inferred")
    at.selectbox(key="new_territories_0_stage").set_value("pledged")
    at.selectbox(key="new_territories_0_stage_status").set_value("confirmed")
    at.selectbox(key="new_territories_0_joined_status").set_value("unknown")
    at.multiselect(key="new_territories_0_sources").set_value(["campaign-page"])
    next(b for b in at.get("form_submit_button") if b.label == "Add record").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    members_before = Store(store_url, ROOT / "data").load().territories["is_member"].sum()
    at.selectbox(key="pick_territories").set_value("synthetic-pledgeville").run()
    stage_form = next(f for f in at.get("form") if f.key and "stage_synthetic-pledgeville" in f.key)
    stage_form.selectbox[0].set_value("member")
    assert stage_form.text_input[0].value == ""  # no date offered: today is not a join date
    stage_form.text_input[0].input("2026-11-01")
    next(b for b in at.get("form_submit_button") if b.label == "Move").click().run()
    # a move into membership without a source is refused, saying why, and nothing is written
    assert [e.value for e in at.error] == [
        "A move into membership needs a source: choose the document that says so."
    ]
    assert (
        not Store(store_url, ROOT / "data")
        .load()
        .territories.set_index("id")
        .at["synthetic-pledgeville", "is_member"]
    )
    stage_form = next(f for f in at.get("form") if f.key and "stage_synthetic-pledgeville" in f.key)
    stage_form.selectbox[0].set_value("member")
    stage_form.text_input[0].input("2026-11-01")
    stage_form.multiselect[0].set_value(["campaign-page"])
    next(b for b in at.get("form_submit_button") if b.label == "Move").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    loaded = Store(store_url, ROOT / "data").load().territories.set_index("id")
    assert loaded.at["synthetic-pledgeville", "is_member"]
    assert loaded.at["synthetic-pledgeville", "joined"] == "2026-11-01"
    assert loaded["is_member"].sum() == members_before + 1
    open_page(at, "views/campaign/progress.py")
    assert {m.label: m.value for m in at.metric}["Members on record"] == f"at least {members_before + 1}"
    # the data date is now the coordinator's change, not the records' check date
    assert f"Data as of {i18n.fmt_date(date.today(), 'en')}." in [c.value for c in at.caption]


def test_a_move_to_member_with_the_date_unknown_leaves_the_join_date_unknown(store_url):
    """A coordinator who knows that a territory joined but not when leaves the date empty: it is a
    member, its join date stays unknown (nothing invented), and the log says the date is not known."""
    at = sign_in(app())
    open_page(at, "views/coordinator/edit.py")
    before = Store(store_url, ROOT / "data").load().territories.set_index("id")
    pledged = before[(before["stage"] == "engaged") & before["joined"].isna()].index[0]
    at.selectbox(key="pick_territories").set_value(pledged).run()
    stage_form = next(f for f in at.get("form") if f.key and f"stage_{pledged}" in f.key)
    stage_form.selectbox[0].set_value("member")
    stage_form.multiselect[0].set_value(["campaign-page"])
    next(b for b in at.get("form_submit_button") if b.label == "Move").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = Store(store_url, ROOT / "data").load().territories.set_index("id")
    assert after.at[pledged, "is_member"] and pd.isna(after.at[pledged, "joined"])
    log = Store(store_url, ROOT / "data").audit_table()
    assert log["note"].astype(str).str.contains("a date not known").any()


def propose(at: AppTest, title: str) -> AppTest:
    open_page(at, "views/campaign/propose.py")
    at.selectbox(key="p_territory").set_value("grigny")
    inputs = {t.label: t for t in at.text_input}
    inputs["Name of the city or territory *"].input("Grigny")
    inputs["Country *"].input("France")
    inputs["Your name *"].input("A. Person")
    inputs["Your e-mail (never published) *"].input("person@example.org")
    inputs["Title of the practice *"].input(title)
    at.text_area[0].input("A synthetic practice proposed in a test: <b>bold</b> is refused, see below.")
    next(b for b in at.get("form_submit_button") if b.label == "Send for review").click().run()
    return at


def test_a_proposal_with_markup_is_refused_with_the_field_named(store_url):
    at = propose(app(), "Synthetic proposal")
    assert "Please correct" in at.error[0].value
    assert at.dataframe[0].value.iloc[0].to_dict() == {
        "Field": "Summary",
        "Problem": "must be plain text: remove the characters < and >",
    }
    assert subs.queue(Store(store_url, ROOT / "data")).empty


def test_a_proposal_waits_unseen_until_a_coordinator_approves_it(store_url):
    at = app()
    open_page(at, "views/campaign/propose.py")
    at.selectbox(key="p_territory").set_value("grigny")
    inputs = {t.label: t for t in at.text_input}
    inputs["Name of the city or territory *"].input("Grigny")
    inputs["Country *"].input("France")
    inputs["Your name *"].input("A. Person")
    inputs["Your e-mail (never published) *"].input("person@example.org")
    inputs["Title of the practice *"].input("Synthetic neighbourhood rights desk")
    at.text_area[0].input("A synthetic practice proposed in a test, with enough words to pass.")
    next(b for b in at.get("form_submit_button") if b.label == "Send for review").click().run()
    assert not at.exception
    assert "Thank you" in at.success[0].value
    store = Store(store_url, ROOT / "data")
    assert len(subs.queue(store)) == 1
    open_page(at, "views/campaign/practices.py")
    at.text_input(key="practice_query").input("neighbourhood rights desk").run()
    total = len(load_campaign(ROOT / "data").practices)
    assert f"**0** of {total} practices match." in [m.value for m in at.markdown]

    sign_in(at)
    open_page(at, "views/coordinator/review.py")
    assert {m.label: m.value for m in at.metric}["Waiting for review"] == "1"
    submission_id = int(subs.queue(store).iloc[0]["id"])
    at.multiselect(key=f"approve_{submission_id}_target_groups").set_value(["general-public"])
    at.multiselect(key=f"approve_{submission_id}_themes").set_value(["participation"])
    at.multiselect(key=f"approve_{submission_id}_rights").set_value(["participatory-democracy"])
    next(b for b in at.get("form_submit_button") if b.label == "Approve and publish").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert subs.queue(store).empty
    practices = store.load().practices.set_index("id")
    new = practices[practices["title"] == "Synthetic neighbourhood rights desk"]
    assert len(new) == 1 and f"submission-{submission_id}" in new.iloc[0]["sources"]
    assert new.iloc[0]["evidence"] == "unverified"
    open_page(at, "views/campaign/practices.py")
    at.text_input(key="practice_query").input("neighbourhood rights desk").run()  # ten cards a page
    assert "Synthetic neighbourhood rights desk" in " ".join(m.value for m in at.markdown)


def test_with_the_database_down_sign_in_and_a_proposal_say_so_and_recover(store_url, monkeypatch):
    """Resilience (issue 6): the sign-in panel and the proposal form used to raise an uncaught
    OperationalError while the database could not be reached (the rate limit and the queue live in it)."""
    import sqlalchemy as sa

    at = app()  # the campaign is read once: pages keep it while the database is away

    def down(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("database is not accepting connections"))

    with monkeypatch.context() as patch:
        for method in ("stamp", "data_version", "recent_failures", "record_sign_in", "_transaction"):
            patch.setattr(Store, method, down)
        open_page(at, "views/coordinator/signin.py")
        assert "cannot be reached" in at.warning[0].value
        assert "Sign-in is not available" in at.error[0].value
        assert len(at.text_input) == 0
        open_page(at, "views/campaign/propose.py")
        at.selectbox(key="p_territory").set_value("grigny")
        inputs = {t.label: t for t in at.text_input}
        for label, value in [
            ("Name of the city or territory *", "Grigny"),
            ("Country *", "France"),
            ("Your name *", "A. Person"),
            ("Your e-mail (never published) *", "p@example.org"),
            ("Title of the practice *", "Synthetic neighbourhood rights desk"),
        ]:
            inputs[label].input(value)
        at.text_area[0].input("A synthetic practice proposed in a test, with enough words to pass.")
        next(b for b in at.get("form_submit_button") if b.label == "Send for review").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert "your proposal was not sent" in at.error[0].value
        assert not at.success
    assert subs.queue(Store(store_url, ROOT / "data")).empty
    at = sign_in(at)  # back: the same session signs in
    assert "coordinator_grant" in at.session_state


def test_the_review_queue_shows_twenty_proposals_a_page(store_url):
    """Hundreds of pending proposals (the queue holds up to moderation.MAX_PENDING) each with a form took
    the page about a minute to draw in the browser: the queue is paged."""
    store = Store(store_url, ROOT / "data")
    store.prepare()
    for n in range(45):
        subs.submit(
            store,
            "practice",
            {
                "territory_name": "Grigny",
                "country": "France",
                "contact_name": "A. Person",
                "contact_email": "person@example.org",
                "title": f"Synthetic proposal {n:02d}",
                "summary": "A synthetic practice proposed in a test, with enough words to pass.",
            },
            client=f"test-{n}",
        )
    at = sign_in(app())
    open_page(at, "views/coordinator/review.py")
    assert {m.label: m.value for m in at.metric}["Waiting for review"] == "45"

    def shown() -> list[str]:
        return [e.label for e in at.expander if "Synthetic proposal" in e.label]

    assert len(shown()) == 20 and "Synthetic proposal 00" in shown()[0]
    at.number_input(key="review_page").set_value(3).run()
    assert not at.exception
    assert [label.rsplit(" ", 1)[-1] for label in shown()] == ["40", "41", "42", "43", "44"]
    assert "Page 3 of 3: results 41 to 45." in [c.value for c in at.caption]


def test_a_proposed_title_in_the_review_queue_is_shown_as_typed_not_as_markdown(store_url):
    """Found by the resilience suite's browser pass: an expander's label is Markdown, so a proposed
    title `![img](http://evil.example/md.png)` made the coordinator's browser fetch that image."""
    store = Store(store_url, ROOT / "data")
    store.prepare()
    hostile = "![img](http://evil.example/md.png) **bold** [link](http://evil.example/)"
    subs.submit(
        store,
        "practice",
        {
            "territory_name": "Grigny [x](http://evil.example/)",
            "country": "France",
            "contact_name": "A. Person",
            "contact_email": "person@example.org",
            "title": hostile,
            "summary": "A synthetic practice proposed in a test, with enough words to pass.",
        },
        client="test",
    )
    at = sign_in(app())
    open_page(at, "views/coordinator/review.py")
    label = next(e.label for e in at.expander if e.label.startswith("\\#"))
    assert "](http" not in label and "\\!\\[img\\]\\(http" in label and "\\*\\*bold" in label


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spanish_tracker() -> bytes:
    """The secretariat's tracker as it is: Spanish headings, no stage column (every row is a member),
    a wave column, long official country names, and the data on the second sheet."""
    book = openpyxl.Workbook()
    book.active.title = "Léame"
    for line in ("Seguimiento de la campaña", "Las adhesiones están en la hoja 2", "Actualizado: noviembre"):
        book.active.append([line])
    data = book.create_sheet("Adhesiones")
    data.append(["Gobierno local", "País", "Región", "Ola", "Fecha de adhesión"])
    data.append(["Villaprueba", "Reino de España", "Europa", "Tercera ola", "15/03/2025"])
    data.append(["Ciudad Ensayo", "Estados Unidos Mexicanos", "América Latina", "Ola 3", "2025"])
    data.append(["Prüfstadt", "República Federal de Alemania", "Europa", 3, "2025-10"])
    data.append(["Grigny", "República Francesa", "Europa", None, None])  # a member already
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def widgets(at: AppTest, prefix: str) -> list:
    return [w for w in at.selectbox if (w.key or "").startswith(prefix)]


def territories(store_url: str):
    return Store(store_url, ROOT / "data").load().territories.set_index("id")


def test_a_spanish_tracker_on_its_second_sheet_imports_with_one_question(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    assert {b.label for b in at.get("download_button")} == {"Template (XLSX)", "Template (CSV)"}
    before = territories(store_url)
    at.file_uploader[0].set_value(("seguimiento.xlsx", spanish_tracker(), XLSX)).run()
    assert not at.exception, [e.value for e in at.exception]
    (sheet,) = widgets(at, "tracker_sheet_")
    assert (sheet.options, sheet.value) == (["Léame", "Adhesiones"], "Adhesiones")
    mapping = {w.label: w.value for w in widgets(at, "map_")}
    assert mapping == {
        "Gobierno local": "name",
        "País": "country",
        "Región": "region",
        "Ola": "wave",
        "Fecha de adhesión": "joined",
    }
    (stage,) = widgets(at, "tracker_stage_")  # the one question, answered by its default
    assert stage.value == "member"
    assert {m.label: m.value for m in at.metric}["Territories added"] == "3"
    assert not at.error
    next(b for b in at.button if b.label == "Apply the import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Import 1 applied. Added: 3. Changed: 0." in at.success[0].value
    after = territories(store_url)
    assert len(after) == len(before) + 3
    added = after.loc[~after.index.isin(before.index)].sort_values("name")
    assert added["country_iso3"].tolist() == ["MEX", "DEU", "ESP"]
    assert set(added["stage"]) == {"member"} and set(added["wave"].astype(int)) == {3}
    assert added["joined"].tolist() == ["2025", "2025-10", "2025-03-15"]
    members = {stage for stage, row in after.iterrows() if row["stage"] in ("member", "framework")}
    assert len(members) == len(before[before["stage"].isin(["member", "framework"])]) + 3


def test_a_move_down_the_ladder_is_shown_and_applied_only_when_ticked(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    tracker_csv = "Nombre,País,Población\nGwangju,República de Corea,1500000\n".encode()
    at.file_uploader[0].set_value(("gwangju.csv", tracker_csv, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "would move down the campaign ladder" in at.warning[0].value
    assert not widgets(at, "tracker_sheet_")  # a CSV file has no sheets
    next(b for b in at.button if b.label == "Apply the import").click().run()
    assert territories(store_url).at["gwangju", "stage"] == "framework"  # not ticked: kept
    assert territories(store_url).at["gwangju", "population"] == 1500000
    at.file_uploader[0].set_value(("gwangju.csv", tracker_csv, "text/csv")).run()
    assert "Nothing to apply unless you tick" in at.info[0].value
    at.checkbox(key="tracker_move_down").check().run()
    next(b for b in at.button if b.label == "Apply the import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert territories(store_url).at["gwangju", "stage"] == "member"


def apply_button(at: AppTest):
    return next(b for b in at.button if b.label == "Apply the import")


def test_each_held_territory_is_ticked_on_its_own(store_url):
    """Two members a tracker calls 'engaged': the coordinator moves one down, the other keeps its stage."""
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    tracker_csv = b"Name,Country,Stage\nGwangju,South Korea,engaged\nMexico City,Mexico,engaged\n"
    at.file_uploader[0].set_value(("moves.csv", tracker_csv, "text/csv")).run()
    held = at.multiselect(key="tracker_held_some")
    assert set(held.options) == {"Gwangju (gwangju)", "Mexico City (mexico-city)"}
    held.set_value(["gwangju"]).run()
    apply_button(at).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = territories(store_url)
    assert (after.at["gwangju", "stage"], after.at["mexico-city", "stage"]) == ("engaged", "framework")
    assert "Changes not ticked (our values kept): 1." in at.success[0].value


def test_a_rounder_point_waits_for_a_tick_and_a_more_precise_one_is_applied(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    tracker_csv = b"Name,Country,Stage,Latitude,Longitude\nBarcelona,Spain,member,41.5,2.2\n"
    at.file_uploader[0].set_value(("points.csv", tracker_csv, "text/csv")).run()
    assert "rounder point" in at.warning[0].value
    assert "Nothing to apply unless you tick" in at.info[0].value
    assert territories(store_url).at["barcelona", "latitude"] == pytest.approx(41.38879)


def test_an_unknown_country_is_named_in_the_preview_and_its_row_comes_back(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    tracker_csv = "Nom,Pays,Étape,Population\nBarcelona,Espagnia,membre,1686209\n".encode()
    at.file_uploader[0].set_value(("pays.csv", tracker_csv, "text/csv")).run()
    assert "unknown country" in at.dataframe[0].value.to_string()
    (fix,) = widgets(at, "tracker_fix_")
    assert fix.label == "Which country is “Espagnia”?" and fix.value is None
    assert fix.placeholder == "Suggested: Spain (ESP)" and fix.options[0] == "Spain (ESP)"
    fix.set_value("ESP").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    apply_button(at).click().run()
    assert territories(store_url).at["barcelona", "population"] == 1686209


def test_undo_offers_the_latest_import_names_it_and_asks_first(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    for number, population in enumerate((1686210, 1686211), start=1):
        at.file_uploader[0].set_value(
            (
                f"round{number}.csv",
                f"Name,Country,Stage,Population\nBarcelona,Spain,member,{population}\n".encode(),
                "text/csv",
            )
        ).run()
        apply_button(at).click().run()
        assert not at.exception and not at.error, [e.value for e in at.error]
    (choice,) = widgets(at, "undo_choice_")
    assert choice.value == 2 and "round2.csv" in choice.format_func(choice.value)
    next(b for b in at.button if b.label == "Undo…").click().run()
    assert "Undo import #2 · round2.csv" in at.warning[0].value
    next(b for b in at.button if b.label == "Cancel").click().run()
    assert territories(store_url).at["barcelona", "population"] == 1686211  # cancelled: nothing undone
    next(b for b in at.button if b.label == "Undo…").click().run()
    next(b for b in at.button if b.label == "Yes, undo import 2").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert territories(store_url).at["barcelona", "population"] == 1686210
    (choice,) = widgets(at, "undo_choice_")
    assert choice.value == 1  # import 2 is undone: import 1 is the one offered now


def test_the_activity_log_shows_one_imports_changes_in_words(store_url):
    at = sign_in(app())
    open_page(at, "views/coordinator/tracker.py")
    tracker_csv = b"Name,Country,Stage,Population\nBarcelona,Spain,member,1686212\n"
    at.file_uploader[0].set_value(("one.csv", tracker_csv, "text/csv")).run()
    apply_button(at).click().run()
    at.query_params["import"] = "1"  # the address of the link the applied import shows
    open_page(at, "views/coordinator/activity.py")
    assert at.selectbox(key="activity_import").value == 1
    log = at.dataframe[0].value
    assert set(log["How"]) == {"Import #1"}
    assert set(log["Record"]) == {"Territory: Barcelona", "Source: Campaign tracker upload: one.csv"}
    barcelona = log[log["Record"] == "Territory: Barcelona"].iloc[0]
    assert "Population: 1686208 → 1686212" in barcelona["Before → after"], log.to_dict("records")
    at.selectbox(key="activity_record").set_value("territories:barcelona").run()
    assert set(at.dataframe[0].value["Record"]) == {"Territory: Barcelona"}
    assert at.selectbox(key="activity_actor").options == ["Ana Coordinator"]
