"""What a coordinator reviews (hrcities/moderation.py `review_draft`), without Streamlit."""

import re

import pytest

from hrcities.moderation import PROFILE_FIELDS, practice_id, review_draft
from hrcities.schema import ID_PATTERN


def submission(**overrides) -> dict:
    row = {
        "id": 7,
        "row_version": 2,
        "kind": "practice",
        "territory_id": "testville",
        "territory_name": "Testville",
        "fields": {
            "title": "Housing first for everyone",
            "summary": "Homes before conditions.",
            "original_lang": "fr",
            "start_year": "2021",
            "themes": ["housing", "social-inclusion"],
            "target_groups": [],
            "rights": ["housing"],
        },
    }
    return {**row, **overrides}


def test_a_practice_proposal_becomes_a_practice_row_to_edit():
    draft = review_draft(submission())
    assert (draft.number, draft.version, draft.kind, draft.territory_id) == (7, 2, "practice", "testville")
    assert draft.record == {
        "id": "testville-housing-first-for-everyone",
        "territory_id": "testville",
        "title": "Housing first for everyone",
        "summary": "Homes before conditions.",
        "original_lang": "fr",
        "start_year": "2021",
        "start_status": "unverified",
        "status": "ongoing",
        "target_groups": "",
        "themes": "housing|social-inclusion",
        "rights": "housing",
        "evidence": "unverified",
    }


def test_details_list_what_was_proposed_in_order_and_leave_out_empty_fields():
    assert review_draft(submission()).details == (
        "title: Housing first for everyone",
        "summary: Homes before conditions.",
        "start year: 2021",
        "original lang: fr",
        "themes: housing, social-inclusion",
        "rights: housing",
    )


def test_english_is_no_original_language_and_a_missing_territory_is_empty():
    fields = {**submission()["fields"], "original_lang": "en"}
    draft = review_draft(submission(territory_id=None, fields=fields))
    assert draft.record["original_lang"] is None
    assert draft.record["territory_id"] == "" and draft.territory_id is None
    assert draft.record["id"] == "housing-first-for-everyone"


def test_a_profile_update_changes_only_the_cells_it_gives():
    fields = {"context": "A port city.", "local_name": "", "population": "12000", "title": None}
    draft = review_draft(submission(kind="profile", fields=fields))
    assert draft.record == {"context": "A port city.", "population": "12000"}
    assert set(draft.record) <= set(PROFILE_FIELDS)
    assert draft.title is None
    assert draft.heading("profile update") == "#7 · Testville · profile update"


def test_a_heading_is_cut_and_the_title_kept_as_typed():
    draft = review_draft(
        submission(territory_name="T" * 100, fields={"title": "![x](http://e.org) " + "y" * 100})
    )
    assert draft.heading("untitled") == f"#7 · {'T' * 60} · {('![x](http://e.org) ' + 'y' * 100)[:80]}"
    assert review_draft(submission(fields=None)).details == ()


@pytest.mark.parametrize(
    "territory, title, ident",
    [
        ("testville", "Housing first", "testville-housing-first"),
        ("", "Ciudad Juárez: agua", "ciudad-juarez-agua"),
        ("testville", None, "testville"),
        ("", "광주", "gwangju"),  # transliterated
        ("", "—", "practice"),  # nothing left of the slug
        ("testville", "a" * 50 + " " + "b" * 20, "testville-" + "a" * 50),  # 60 at most, no trailing hyphen
    ],
)
def test_practice_id(territory, title, ident):
    assert practice_id(territory, title) == ident
    assert re.fullmatch(ID_PATTERN, ident) and len(ident) <= 60
