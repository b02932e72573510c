"""A city official searches the practice library in their own language (issue 20).

Expected results are computed from the data files by the test itself (`on_file`): the practices whose
text as the reader sees it holds the word or its forms, or that carry the facet the word names.
"""

import pytest
from on_file import practices_matching_on_file
from streamlit.testing.v1 import AppTest

from hrcities import content, practice_index
from hrcities.load import load_campaign
from hrcities.paths import ROOT

APP = str(ROOT / "app.py")
REAL = load_campaign(ROOT / "data")
TRANSLATIONS = content.translations_of(REAL)[0]
DISABILITY = {"disability-inclusion", "persons-with-disabilities"}
MIGRATION = {"migrants", "migration"}
HOUSING = {"housing-homelessness", "housing"}

pytestmark = pytest.mark.usefixtures("fresh_app_caches")


def library(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/campaign/practices.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**") and "**" in m.value[2:])
    return int(line[2:].split("**", 1)[0])


def found_ids(query: str) -> set[str]:
    return set(practice_index.search(REAL, REAL.practices, query, TRANSLATIONS)["id"])


@pytest.mark.parametrize(
    "lang, query, pattern, facets",
    [
        ("en", "disability", r"\bdisab", DISABILITY),
        ("en", "disabled", r"\bdisab", DISABILITY),
        ("fr", "handicap", r"\bhandicap", DISABILITY),
        ("fr", "handicapées", r"\bhandicap", DISABILITY),
        ("fr", "handicapees", r"\bhandicap", DISABILITY),  # typed without accents
        ("es", "discapacidad", r"\bdiscapac", DISABILITY),
        ("es", "migrantes", r"\bmigrant", MIGRATION),
        ("fr", "migrants", r"\bmigrant", MIGRATION),
        ("fr", "logement", r"\blogement", HOUSING),
        ("es", "vivienda", r"\bvivienda", HOUSING),
        ("en", "housing", r"\bhous(e|es|ed|ing|ings)\b", HOUSING),  # the stem of housing is that of house
    ],
)
def test_a_word_finds_every_practice_whose_text_or_labels_hold_it_in_the_language(
    lang, query, pattern, facets
):
    expected = practices_matching_on_file(pattern, lang, facets)
    assert expected, "the data should hold such practices"
    assert found_ids(query) == expected


@pytest.mark.parametrize(
    "lang, query, a_title",
    [
        ("fr", "handicap", "Bureau municipal"),  # a French card title in the results
        ("es", "discapacidad", "discapacidad"),
        ("es", "migrantes", "migrantes"),
    ],
)
def test_the_city_official_types_a_word_in_their_language_and_reads_the_matching_cards(lang, query, a_title):
    at = library(lang)
    at.text_input(key="practice_query").input(query).run()
    assert not at.exception
    pattern, facets = {
        "handicap": (r"\bhandicap", DISABILITY),
        "discapacidad": (r"\bdiscapac", DISABILITY),
        "migrantes": (r"\bmigrant", MIGRATION),
    }[query]
    expected = practices_matching_on_file(pattern, lang, facets)
    assert shown_count(at) == len(expected)
    cards = "\n".join(m.value for m in at.markdown if m.value.startswith("#### "))
    assert a_title.lower() in cards.lower().replace("\\", "")
    found_in = {"fr": "Trouvé dans", "es": "Encontrado en"}[lang]
    why = [c.value for c in at.caption if c.value.replace("\\", "").startswith(found_in)]
    assert why, "each card says where the words were found"


def test_an_english_query_finds_a_spanish_original_and_a_spanish_word_finds_it_in_english():
    spanish = REAL.practices[
        (REAL.practices["original_lang"] == "es") & REAL.practices["original_title"].notna()
    ]
    assert not spanish.empty
    practice = spanish.iloc[0]
    english_word = max(practice_index.words(practice["title"]), key=len)
    assert practice["id"] in found_ids(english_word)
    spanish_word = max(practice_index.words(practice["original_title"]), key=len)
    assert practice["id"] in found_ids(spanish_word)


def test_common_words_do_not_hide_results():
    assert found_ids("droits de l'homme") == found_ids("droits homme")
    assert found_ids("la vivienda") == found_ids("vivienda")


def test_a_search_that_finds_nothing_offers_close_themes_and_a_way_to_propose():
    at = library("en")
    at.text_input(key="practice_query").input("discrimnation").run()  # a typo
    assert shown_count(at) == 0
    suggestion = next(
        b for b in at.button if b.key and b.key.startswith("suggest_themes_anti-discrimination")
    )
    assert any("Propose a practice" in str(link.proto.label) for link in at.get("page_link"))
    suggestion.click().run()
    assert not at.exception
    assert at.session_state["filter_themes"] == ["anti-discrimination"]
    expected = practices_matching_on_file(r"$^", "en", {"anti-discrimination"})
    assert shown_count(at) == len(expected) > 0


def test_hostile_queries_are_plain_words():
    for query in ['"', "*", "NEAR(a b)", "a OR b AND", "title_en: x", "{place}: y", "<script>", "^"]:
        found_ids(query)  # no FTS5 syntax error
