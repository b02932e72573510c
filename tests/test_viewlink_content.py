"""Links that reproduce a view (hrcities.viewlink) and content translations (hrcities.content)."""

from pathlib import Path

import pandas as pd
import pytest

from hrcities import content, viewlink
from hrcities.load import load_campaign

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = {
    "lang": ["en", "fr", "es"],
    "filter_regions": ["europe", "africa"],
    "filter_years": [2022, 2023],
    "map_search": ["barcelona", "marseille"],
    "map_view": ["points", "countries"],
}


def test_a_link_round_trips_through_the_url():
    state = {
        "lang": "fr",
        "filter_regions": ["europe", "africa"],
        "filter_years": [2022],
        "map_search": "barcelona",
        "map_view": "countries",
    }
    query = viewlink.encode(state, page="map")
    assert query == {
        "lang": ["fr"],
        "region": ["europe", "africa"],
        "year": ["2022"],
        "view": ["countries"],
        "territory": ["barcelona"],
    }
    decoded, dropped = viewlink.decode(query, OPTIONS)
    assert dropped == []
    assert decoded == state


def test_page_parameters_stay_on_their_page_and_defaults_are_left_out():
    state = {"lang": "en", "map_search": "barcelona", "map_view": "points", "filter_regions": []}
    assert viewlink.encode(state, page="map") == {"territory": ["barcelona"]}
    assert viewlink.encode(state, page="") == {}


@pytest.mark.parametrize(
    "query, dropped",
    [
        ({"region": ["atlantis"]}, ["region=atlantis"]),
        ({"year": ["last year"]}, ["year=last year"]),
        ({"year": ["1999"]}, ["year=1999"]),
        ({"lang": ["de"]}, ["lang=de"]),
        ({"territory": ["<script>alert(1)</script>"]}, ["territory=<script>alert(1)</script>"]),
    ],
)
def test_bad_values_are_dropped_and_named(query, dropped):
    decoded, found = viewlink.decode(query, OPTIONS)
    assert found == dropped
    assert all(not v for v in decoded.values())


def test_duplicates_collapse_unknown_parameters_are_ignored_text_is_cleaned():
    decoded, dropped = viewlink.decode(
        {"region": ["europe", "europe"], "embed": ["true"], "q": ["  water\u200b\x00 rights  " + "x" * 300]},
        OPTIONS,
    )
    assert decoded["filter_regions"] == ["europe"]
    assert "embed" not in decoded and dropped == []
    assert (
        decoded["practice_query"].startswith("water") and len(decoded["practice_query"]) == viewlink.MAX_TEXT
    )
    assert "\x00" not in decoded["practice_query"]


def test_link_encodes_lists_and_special_characters():
    url = viewlink.link("http://host/map?old=1", {"region": ["europe", "africa"], "q": ["a&b c"]})
    assert url == "http://host/map?region=europe&region=africa&q=a%26b+c"
    assert viewlink.link("http://host/", {}) == "http://host/"


# --- content translations -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(ROOT / "data")


def test_the_real_translations_file_is_valid_and_covers_every_practice(campaign):
    frame, problems = content.read_translations(ROOT / "data", content.known_records(campaign))
    assert problems == []
    for lang in ("fr", "es"):
        for field in ("title", "summary"):
            covered = set(
                frame[(frame["table"] == "practices") & (frame["field"] == field) & (frame["lang"] == lang)][
                    "record_id"
                ]
            )
            assert covered == set(campaign.practices["id"]), (lang, field)
    assert set(frame["kind"]) <= {"machine", "original"}  # no human translation is claimed


def test_territory_notes_and_panel_roles_are_translated(campaign):
    translations, _problems = content.load(ROOT / "data", campaign)
    session = campaign.session
    fields = [("session", session["id"], "moderator.role", session["moderator"]["role"])]
    for member in session["panel"]:
        for part in ("role", "organisation"):
            fields.append(("session", session["id"], f"panel.{member['order']}.{part}", member[part]))
    fields += [("quotes", q["id"], "role", q["role"]) for q in session["quotes"]]
    noted = campaign.territories.dropna(subset=["notes"])
    assert len(noted) > 10
    fields += [("territories", t.id, "notes", t.notes) for t in noted.itertuples()]
    for lang in ("fr", "es"):
        for table, record, field, original in fields:
            shown = translations.localized(table, record, field, original, "en", lang)
            assert not shown.is_fallback and shown.kind == "machine", (table, record, field, lang)


def test_quotes_have_a_translation_in_every_other_language(campaign):
    translations, _problems = content.load(ROOT / "data", campaign)
    for quote in campaign.session["quotes"]:
        for lang in {"en", "fr", "es"} - {quote["lang"]}:
            shown = translations.localized("quotes", quote["id"], "text", quote["text"], quote["lang"], lang)
            assert not shown.is_fallback and shown.text != quote["text"], (quote["id"], lang)


def write(tmp_path, rows) -> Path:
    pd.DataFrame(rows, columns=content.COLUMNS).to_csv(tmp_path / content.FILE, index=False)
    return tmp_path


KNOWN = {"practices": {"p1"}, "territories": set(), "quotes": {"q1"}, "session": {"s"}}


def test_localized_says_what_it_shows(tmp_path):
    frame, problems = content.read_translations(
        write(
            tmp_path,
            [
                ["practices", "p1", "title", "fr", "Titre", "machine", ""],
                ["practices", "p1", "title", "es", "Título", "human", ""],
            ],
        ),
        KNOWN,
    )
    assert problems == []
    t = content.Translations(frame)
    assert t.localized("practices", "p1", "title", "Title", "en", "fr") == content.Text(
        "Titre", "fr", "machine", "en", "fr"
    )
    assert t.localized("practices", "p1", "title", "Title", "en", "es").kind == "human"
    english = t.localized("practices", "p1", "title", "Title", "en", "en")
    assert (english.text, english.kind, english.is_fallback) == ("Title", "original", False)
    missing = t.localized("practices", "p1", "summary", "Summary", "en", "fr")
    assert (missing.text, missing.lang, missing.is_fallback) == ("Summary", "en", True)


@pytest.mark.parametrize(
    "row, rule, column",
    [
        (["nowhere", "p1", "title", "fr", "x", "machine", ""], "table must be one of", "table"),
        (
            ["practices", "p9", "title", "fr", "x", "machine", ""],
            "no practices record has this id",
            "record_id",
        ),
        (["practices", "p1", "title", "de", "x", "machine", ""], "language must be one of", "lang"),
        (["practices", "p1", "title", "fr", "x", "robot", ""], "kind must be one of", "kind"),
        (["practices", "p1", "title", "fr", " ", "machine", ""], "text is empty", "text"),
        (["practices", "p1", "title", "fr", "<b>x</b>", "machine", ""], "HTML is not allowed", "text"),
    ],
)
def test_a_bad_row_is_left_out_and_named(tmp_path, row, rule, column):
    good = ["practices", "p1", "summary", "fr", "Résumé", "machine", ""]
    frame, problems = content.read_translations(write(tmp_path, [good, row]), KNOWN)
    assert len(frame) == 1 and frame.iloc[0]["text"] == "Résumé"
    assert len(problems) == 1
    assert rule in problems[0].rule and problems[0].row == 3 and problems[0].column == column


def test_a_repeated_row_and_a_broken_file_are_reported(tmp_path):
    row = ["practices", "p1", "title", "fr", "Titre", "machine", ""]
    frame, problems = content.read_translations(write(tmp_path, [row, row]), KNOWN)
    assert len(frame) == 1 and "repeats row 2" in problems[0].rule
    (tmp_path / content.FILE).write_bytes(b"\xff\xfe\x00broken")
    frame, problems = content.read_translations(tmp_path, KNOWN)
    assert frame.empty and "not UTF-8" in problems[0].rule
    (tmp_path / content.FILE).write_text("table,record_id\n")
    frame, problems = content.read_translations(tmp_path, KNOWN)
    assert frame.empty and "columns missing" in problems[0].rule


def test_country_names_come_from_cldr_in_the_viewers_language():
    from hrcities.i18n import country_name

    assert country_name("ESP", "fr", "Spain") == "Espagne"
    assert country_name("KOR", "es", "South Korea") == "Corea del Sur"
    assert country_name("CIV", "fr", "Ivory Coast") == "Côte d’Ivoire"
    assert country_name("ESP", "en", "Spain (as in our data)") == "Spain (as in our data)"  # English: ours
    for unknown in ("ZZZ", "", None, "XKX1"):
        assert country_name(unknown, "fr", "as given") == "as given"


def test_a_campaign_in_another_language_renames_countries_only_in_a_copy(campaign):
    french = content.in_language(campaign, "fr")
    assert content.in_language(campaign, "en") is campaign
    assert french.version != campaign.version
    spain = french.territories["country_iso3"] == "ESP"
    assert spain.any() and set(french.territories.loc[spain, "country"]) == {"Espagne"}
    original = campaign.territories
    assert set(original.loc[original["country_iso3"] == "ESP", "country"]) == {"Spain"}
    keep = [col for col in campaign.territories.columns if col != "country"]
    pd.testing.assert_frame_equal(french.territories[keep], campaign.territories[keep])
    assert french.practices is campaign.practices


def test_the_light_page_of_a_view():
    from hrcities.viewlink import light_link

    url = "http://forum.example:8501/map?lang=fr&region=europe"
    assert light_link(url, "map", "fr") == "http://forum.example:8501/light/map?lang=fr"
    assert light_link("https://x.org/", "", "es") == "https://x.org/light/?lang=es"
    assert light_link("https://x.org/barcelona", "barcelona", "en", ["barcelona"]) == (
        "https://x.org/light/city/barcelona?lang=en"
    )
    assert light_link("https://x.org/charter", "charter", "en", ["barcelona"]) is None
