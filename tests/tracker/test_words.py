"""The importer's word lists as data (hrcities/words/*.toml): every word in them is recognised,
and a word added to a file is read with no code change."""

import pytest
from tracker_files import plan_for, upload_text

from hrcities import wordlists
from hrcities.tracker import (
    FIELDS,
    InvalidValue,
    normalise_country,
    normalise_kind,
    normalise_region,
    normalise_stage,
    suggest_mapping,
)


def add_line(folder, name: str, line: str) -> None:
    with (folder / f"{name}.toml").open("a", encoding="utf-8") as file:
        file.write(line + "\n")
    wordlists.reload()


def add_word(folder, name: str, key: str, word: str) -> None:
    """Put `word` first in the list of `key` in the word file `name`, and have it read again."""
    path = folder / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(f'"{key}" = [') == 1
    path.write_text(text.replace(f'"{key}" = [', f'"{key}" = ["{word}", '), encoding="utf-8")
    wordlists.reload()


RECOGNISERS = {
    "tracker_regions": lambda text, tables: normalise_region(text, tables["regions"]),
    "tracker_stages": lambda text, tables: normalise_stage(text, tables["stages"]),
    "tracker_kinds": lambda text, tables: normalise_kind(text),
}


def test_every_word_in_the_word_files_is_recognised(current):
    from hrcities.tracker import normalise_kind, normalise_stage
    from hrcities.wordlists import words

    for region, spellings in words("tracker_regions").items():
        for spelling in spellings:
            assert normalise_region(spelling, current["regions"]) == region, spelling
    for stage, spellings in words("tracker_stages").items():
        for spelling in spellings:
            assert normalise_stage(spelling, current["stages"]) == stage, spelling
    for kind, spellings in words("tracker_kinds").items():
        for spelling in spellings:
            assert normalise_kind(spelling) == kind, spelling


def test_a_country_name_added_to_its_file_is_read(words_dir):
    add_line(words_dir, "country_names", '"Ruritania Major" = "FR"')
    assert normalise_country("Ruritania Major") == ("FRA", "France")
    assert normalise_country("ruritania-major")[0] == "FRA"


def test_an_english_name_added_to_its_file_is_the_name_written(words_dir):
    add_line(words_dir, "country_english_names", '"SE" = "Kingdom of Sweden"')
    assert normalise_country("Suède") == ("SWE", "Kingdom of Sweden")


def test_a_heading_added_to_its_file_is_suggested(words_dir):
    assert suggest_mapping(["Nom du bled"]) == {"Nom du bled": None}
    add_word(words_dir, "tracker_headings", "name", "nom du bled")
    assert suggest_mapping(["Nom du bled", "Pays"]) == {"Nom du bled": "name", "Pays": "country"}
    assert "nom du bled" in FIELDS[0].synonyms


@pytest.mark.parametrize(
    "name, key, word",
    [
        ("tracker_regions", "africa", "afrika"),
        ("tracker_stages", "member", "socio"),
        ("tracker_kinds", "county", "shire"),
    ],
)
def test_a_word_added_to_its_file_is_recognised(words_dir, current, name, key, word):
    recognise = RECOGNISERS[name]
    with pytest.raises(InvalidValue):
        recognise(word, current)
    add_word(words_dir, name, key, word)
    assert recognise(word.upper(), current) == key


def test_a_word_added_reaches_the_plan(words_dir, current):
    add_word(words_dir, "tracker_stages", "member", "socio")
    plan = plan_for(upload_text("Name,Country,Stage\nTestville,France,Socio\n"), current)
    assert plan.problems == [] and plan.added[0]["stage"] == "member"


def test_every_wave_word_is_recognised_and_a_word_added_is_read(words_dir, current):
    from hrcities.tracker import normalise_wave, wave_index
    from hrcities.wordlists import words

    index = wave_index(current["waves"])
    for number, spellings in words("tracker_waves").items():
        if number in index.values():
            for spelling in spellings:
                assert normalise_wave(f"{spelling} wave", index) == number, spelling
    with pytest.raises(InvalidValue):
        normalise_wave("Welle zwei", index)
    add_word(words_dir, "tracker_waves", "2", "zwei")
    add_word(words_dir, "tracker_waves", "ignored", "welle")
    assert normalise_wave("Welle Zwei", wave_index(current["waves"])) == "2"
