"""ISO codes and country names (hrcities/countries.py)."""

import re

import pytest

from hrcities import countries


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("ESP", "ESP"),
        ("es", "ESP"),
        ("España", "ESP"),
        ("Espagne", "ESP"),
        (" SPAIN ", "ESP"),
        ("Corée du Sud", "KOR"),
        ("Estados Unidos", "USA"),
        ("usa", "USA"),
        ("Royaume-Uni", "GBR"),
        ("UK", "GBR"),  # an extra name (hrcities/words/country_names.toml), not an ISO code
        ("Turquía", "TUR"),
        ("ZAR", "COD"),  # a retired code still read
        ("BUR", "MMR"),
        ("Atlantis", None),
        ("EU", None),  # a union, not a country
        ("ZZ", None),
        ("QU", None),
        ("", None),
    ],
)
def test_find_iso3(text, iso3):
    assert countries.find_iso3(text) == iso3


def test_the_names_our_data_writes_are_read_last():
    known = {"CIV": "Côte d'Ivoire (our data)"}
    assert countries.find_iso3("cote d ivoire our data", known) == "CIV"
    assert countries.find_iso3("Spain", {"FRA": "Spain"}) == "ESP"  # a real name wins


@pytest.mark.parametrize(
    "text, iso3",
    [("fr", "FRA"), ("FRA", "FRA"), ("zar", "COD"), ("France", None), ("UK", None), ("F", None)],
)
def test_iso3_from_code(text, iso3):
    assert countries.iso3_from_code(text) == iso3


@pytest.mark.parametrize(
    "iso3, name",
    [
        ("ESP", "Spain"),
        ("KOR", "South Korea"),
        ("CIV", "Côte d’Ivoire"),
        ("COD", "Democratic Republic of the Congo"),  # the word file's plainer name
        ("MMR", "Myanmar"),
    ],
)
def test_english_name(iso3, name):
    assert countries.english_name(iso3) == name


@pytest.mark.parametrize("text, name", [("Spian", "Spain"), ("Frnace", "France"), ("Atlantis", None)])
def test_closest_name(text, name):
    assert countries.closest_name(text) == name


def test_codes_are_current_countries():
    to_alpha2, to_alpha3 = countries.codes()
    assert all(
        re.fullmatch(r"[A-Z]{3}", a3) and re.fullmatch(r"[A-Z]{2}", a2) for a3, a2 in to_alpha2.items()
    )
    assert not set(to_alpha3.values()) & countries.RETIRED_ALPHA3
    assert not any(countries.NOT_COUNTRIES.fullmatch(a2) for a2 in to_alpha3)
    assert all(to_alpha2[a3] == a2 for a2, a3 in to_alpha3.items())
