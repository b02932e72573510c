"""Folding and slugs (hrcities/text.py), and that every module matching text uses them."""

import pytest

from hrcities import practice_index, search
from hrcities.text import fold, fold_key, fold_words, slugify
from hrcities.tracker import name_key, normalise_header

SAMPLES = (
    "Année d'adhésion",
    "  UCLG_Region ",
    "Date  joined\t(YYYY)",
    "ÑUÑOA",
    "Straße",
    "l'Alfàs del Pi",
    "São Paulo—Brasil",
    "snake_case_name",
    "광주광역시",
    "ﬁrst ½",
    "",
)


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Année", "annee"),
        ("ÑUÑOA", "nunoa"),
        ("Straße", "strasse"),  # case folding, not lower case
        ("l'Alfàs del Pi", "l'alfas del pi"),  # punctuation kept
        ("東京", "東京"),  # no accents to remove, no case
        ("ﬁ", "fi"),  # compatibility forms decomposed
        (12, "12"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text, words",
    [
        ("Année d'adhésion", "annee d adhesion"),
        ("  Hello,  World! ", "hello world"),
        ("São Paulo—Brasil", "sao paulo brasil"),
        ("snake_case", "snake_case"),  # the underscore is a word character
        ("...", ""),
    ],
)
def test_fold_words(text, words):
    assert fold_words(text) == words


@pytest.mark.parametrize(
    "text, key",
    [
        ("Année d'adhésion", "annee d adhesion"),
        ("  UCLG_Region ", "uclg region"),  # the underscore is a space
        ("Date  joined\t(YYYY)", "date joined yyyy"),
        ("L ALFAS DEL PI", "l alfas del pi"),
        ("l'Alfàs del Pi", "l alfas del pi"),
        ("___", ""),
    ],
)
def test_fold_key(text, key):
    assert fold_key(text) == key


@pytest.mark.parametrize("text", SAMPLES)
def test_the_two_word_folds_differ_only_on_the_underscore(text):
    assert fold_key(text) == " ".join(fold_words(text).replace("_", " ").split())


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Ciudad Juárez", "ciudad-juarez"),
        ("l'Alfàs del Pi", "l-alfas-del-pi"),
        ("  Saint-Éxemple-lès-Tests ", "saint-exemple-les-tests"),
        ("--A  b--", "a-b"),
        ("Straße", "strasse"),  # transliterated (anyascii), like every script
        ("광주광역시", "gwangjugwangyeogsi"),
        ("— · —", ""),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    "text, length, slug",
    [
        ("abc def", 4, "abc"),  # the cut's trailing hyphen goes
        ("abc def", 7, "abc-def"),
        ("abc def", 100, "abc-def"),
        ("광주", 10, "gwangju"),
    ],
)
def test_slugify_to_a_length(text, length, slug):
    assert slugify(text, max_length=length) == slug


@pytest.mark.parametrize("text", SAMPLES)
def test_every_matcher_folds_through_text(text):
    assert search.normalise(text) == fold_words(text)
    assert normalise_header(text) == fold_key(text) == name_key(text)
    assert practice_index.fold(text) == fold(text)
