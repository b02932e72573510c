"""Cell values normalised or refused (hrcities/tracker/values.py): countries (short, long and
official names), regions, stages, waves, kinds, dates, populations, coordinates, text and web addresses."""

import pytest
from tracker_files import TODAY

from hrcities.tracker import (
    InvalidValue,
    check_text,
    infer_region,
    normalise_coordinate,
    normalise_country,
    normalise_date,
    normalise_kind,
    normalise_population,
    normalise_region,
    normalise_stage,
    normalise_url,
    normalise_wave,
    wave_index,
)


@pytest.mark.parametrize(
    "text, iso3, name",
    [
        ("ESP", "ESP", "Spain"),
        ("ES", "ESP", "Spain"),
        ("es", "ESP", "Spain"),
        ("España", "ESP", "Spain"),
        ("Espagne", "ESP", "Spain"),
        ("spain", "ESP", "Spain"),
        (" SPAIN ", "ESP", "Spain"),
        ("Corée du Sud", "KOR", "South Korea"),
        ("Corea del Sur", "KOR", "South Korea"),
        ("México", "MEX", "Mexico"),
        ("Mexique", "MEX", "Mexico"),
        ("Chili", "CHL", "Chile"),
        ("Sénégal", "SEN", "Senegal"),
        ("Maroc", "MAR", "Morocco"),
        ("Marruecos", "MAR", "Morocco"),
        ("Estados Unidos", "USA", "United States"),
        ("USA", "USA", "United States"),
        ("Royaume-Uni", "GBR", "United Kingdom"),
        ("Cote d'Ivoire", "CIV", "Côte d’Ivoire"),
        ("ZAR", "COD", "Democratic Republic of the Congo"),
    ],
)
def test_normalise_country(text, iso3, name):
    assert normalise_country(text) == (iso3, name)


def test_country_name_as_our_data_writes_it_is_preferred():
    known = {"CIV": "Côte d'Ivoire", "KOR": "South Korea"}
    assert normalise_country("Côte d’Ivoire", known) == ("CIV", "Côte d'Ivoire")
    assert normalise_country("CI", known) == ("CIV", "Côte d'Ivoire")
    assert normalise_country("Republic of Korea", known) == ("KOR", "South Korea")


@pytest.mark.parametrize(
    "text, hint",
    [
        ("Atlantis", ""),
        ("Spian", "Did you mean 'Spain'?"),
        ("XX", ""),
        ("EU", ""),
        ("QUU", ""),
        ("ZZ", ""),
        ("", ""),
    ],
)
def test_unknown_country(text, hint):
    with pytest.raises(InvalidValue, match="unknown country") as caught:
        normalise_country(text)
    assert hint in caught.value.rule


@pytest.mark.parametrize(
    "text, region",
    [
        ("europe", "europe"),
        ("Europa", "europe"),
        ("Afrique", "africa"),
        ("África", "africa"),
        ("Amérique latine", "latin-america"),
        ("América Latina", "latin-america"),
        ("latin-america", "latin-america"),
        ("Asie-Pacifique", "asia-pacific"),
        ("Asia-Pacífico", "asia-pacific"),
        ("UCLG ASPAC", "asia-pacific"),
        ("Amérique du Nord", "north-america"),
        ("América del Norte", "north-america"),
        ("Eurasie", "eurasia"),
        ("Eurasia", "eurasia"),
        ("Moyen-Orient et Asie de l'Ouest", "mewa"),
        ("Oriente Medio y Asia Occidental", "mewa"),
        ("MEWA", "mewa"),
        ("Middle East and West Asia", "mewa"),
    ],
)
def test_normalise_region(text, region, current):
    assert normalise_region(text, current["regions"]) == region


def test_unknown_region_lists_the_choices(current):
    with pytest.raises(InvalidValue, match="unknown region: use one of africa, asia-pacific"):
        normalise_region("Oceania", current["regions"])


def test_infer_region_takes_the_region_of_the_same_country(current):
    assert infer_region("FRA", current["territories"]) == "europe"
    assert infer_region("KEN", current["territories"]) == "africa"
    assert infer_region("DEU", current["territories"]) is None


@pytest.mark.parametrize(
    "text, stage",
    [
        ("engaged", "engaged"),
        ("Participe", "engaged"),
        ("participa", "engaged"),
        ("Pledged", "pledged"),
        ("pledge", "pledged"),
        ("promesse", "pledged"),
        ("Compromiso", "pledged"),
        ("promesa", "pledged"),
        ("engagement", "pledged"),
        ("form_sent", "form_sent"),
        ("Form sent", "form_sent"),
        ("formulaire envoyé", "form_sent"),
        ("Formulario enviado", "form_sent"),
        ("member", "member"),
        ("MEMBRE", "member"),
        ("miembro", "member"),
        ("joined", "member"),
        ("adhérent", "member"),
        ("framework", "framework"),
        ("Member with a local framework", "framework"),
        ("charte", "framework"),
        ("Carta", "framework"),
        ("cadre local", "framework"),
        ("marco local", "framework"),
        ("charter", "framework"),
    ],
)
def test_normalise_stage(text, stage, current):
    assert normalise_stage(text, current["stages"]) == stage


@pytest.mark.parametrize("text", ["maybe later", "", "members only"])
def test_unknown_stage(text, current):
    with pytest.raises(InvalidValue, match="unknown stage"):
        normalise_stage(text, current["stages"])


@pytest.mark.parametrize(
    "text, kind",
    [
        ("city", "city"),
        ("Ville", "city"),
        ("ciudad", "city"),
        ("commune", "municipality"),
        ("Municipio", "municipality"),
        ("county", "county"),
        ("provincia", "province"),
        ("Région", "region"),
    ],
)
def test_normalise_kind(text, kind):
    assert normalise_kind(text) == kind


@pytest.mark.parametrize(
    "text, partial",
    [
        ("2024", "2024"),
        ("2024-03", "2024-03"),
        ("2024-3", "2024-03"),
        ("2024-03-05", "2024-03-05"),
        ("05/03/2024", "2024-03-05"),
        ("5/3/2024", "2024-03-05"),
        ("05.03.2024", "2024-03-05"),
        ("03/2024", "2024-03"),
        ("2024/03/05", "2024-03-05"),
        ("2024-03-05 00:00:00", "2024-03-05"),
        (" 2022 ", "2022"),
        ("2026-11-28", "2026-11-28"),
        ("2026-11", "2026-11"),
    ],
)
def test_normalise_date(text, partial):
    assert normalise_date(text, TODAY) == partial


@pytest.mark.parametrize(
    "text, rule",
    [
        ("2026-11-29", "date is in the future"),
        ("2027", "date is in the future"),
        ("12/2026", "date is in the future"),
        ("31/02/2024", "'31/02/2024' is not a real date"),
        ("2024-13", "'2024-13' is not a real date"),
        ("March 2024", "'March 2024' is not a date we can read: write 2024, 2024-03, 2024-03-05, 05/03/2024"),
        ("24", "'24' is not a date we can read"),
        ("1850", "not a plausible year"),
    ],
)
def test_bad_dates(text, rule):
    with pytest.raises(InvalidValue) as caught:
        normalise_date(text, TODAY)
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    "text, number",
    [
        ("1686208", "1686208"),
        ("1 686 208", "1686208"),
        ("1\u00a0686\u00a0208", "1686208"),
        ("1\u202f686\u202f208", "1686208"),
        ("1,686,208", "1686208"),
        ("1.686.208", "1686208"),
        ("1,686", "1686"),
        ("1686208.0", "1686208"),
        ("0", "0"),
        (" 45 000 ", "45000"),
    ],
)
def test_normalise_population(text, number):
    assert normalise_population(text) == number


@pytest.mark.parametrize(
    "text, rule",
    [
        ("1.686", "ambiguous"),
        ("1,5", "whole number"),
        ("-5", "whole number"),
        ("about 5000", "whole number"),
        ("1,68,6208", "whole number"),
        ("1 686,208", "whole number"),
        ("1.5", "whole number"),
        ("", "whole number"),
    ],
)
def test_bad_population(text, rule):
    with pytest.raises(InvalidValue, match=rule):
        normalise_population(text)


@pytest.mark.parametrize(
    "text, axis, value",
    [
        ("41.38", "latitude", "41.38"),
        ("41,38", "latitude", "41.38"),
        ("-90", "latitude", "-90"),
        ("+2.15899", "longitude", "2.15899"),
        ("-180", "longitude", "-180"),
        ("−99,12766", "longitude", "-99.12766"),
        ("1e-05", "longitude", "0.00001"),
    ],
)
def test_normalise_coordinate(text, axis, value):
    assert normalise_coordinate(text, axis) == value


@pytest.mark.parametrize(
    "text, axis, rule",
    [
        ("90.5", "latitude", "latitude must be between -90 and 90"),
        ("-181", "longitude", "longitude must be between -180 and 180"),
        ("41°23'N", "latitude", "decimal number"),
        ("41,38,1", "latitude", "decimal number"),
        ("nan", "longitude", "decimal number"),
    ],
)
def test_bad_coordinates(text, axis, rule):
    with pytest.raises(InvalidValue, match=rule):
        normalise_coordinate(text, axis)


@pytest.mark.parametrize(
    "text, rule",
    [
        ("<b>Testville</b>", "HTML is not allowed"),
        ("a > b", "HTML is not allowed"),
        ("=1+1", "looks like a spreadsheet formula"),
        ("+33 1 23", "looks like a spreadsheet formula"),
        ("@SUM(A1)", "looks like a spreadsheet formula"),
        ("x" * 2001, "the limit is 2,000"),
        ("Test\x07ville", "control characters"),
        ("Test\x00ville", "control characters"),
    ],
)
def test_bad_text(text, rule):
    with pytest.raises(InvalidValue, match=rule):
        check_text(text)


def test_good_text_and_line_breaks():
    assert check_text("  Villeneuve-Exemple  ") == "Villeneuve-Exemple"
    assert check_text("x" * 2000) == "x" * 2000
    assert check_text("first\nsecond\tthird") == "first\nsecond\tthird"
    assert check_text("-2 and 3 = 1") == "-2 and 3 = 1"
    with pytest.raises(InvalidValue, match="one line"):
        check_text("first\nsecond", single_line=True)


@pytest.mark.parametrize(
    "text, url",
    [
        ("https://example.org/testville", "https://example.org/testville"),
        ("HTTP://example.org", "http://example.org"),
    ],
)
def test_normalise_url(text, url):
    assert normalise_url(text) == url


@pytest.mark.parametrize(
    "text", ["www.example.org", "ftp://example.org", "https://", "https://a b", "javascript:alert(1)"]
)
def test_bad_url(text):
    with pytest.raises(InvalidValue, match="http:// or https://"):
        normalise_url(text)


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("República Federal de Alemania", "DEU"),
        ("Estados Unidos Mexicanos", "MEX"),
        ("République française", "FRA"),
        ("Reino de España", "ESP"),
        ("République de Corée", "KOR"),
        ("Corea del Sur", "KOR"),
        ("République du Kenya", "KEN"),
        ("Estado Plurinacional de Bolivia", "BOL"),
        ("República Bolivariana de Venezuela", "VEN"),
        ("República Oriental del Uruguay", "URY"),
        ("Royaume du Maroc", "MAR"),
        ("Korea, Republic of", "KOR"),
        ("Federative Republic of Brazil", "BRA"),
        ("República Federativa do Brasil", "BRA"),
        ("La République du Sénégal", "SEN"),
        ("Republic of the Congo", "COG"),
        ("République démocratique du Congo", "COD"),  # not the Congo its prefix would leave
        ("Reino Unido de Gran Bretaña e Irlanda del Norte", "GBR"),
    ],
)
def test_long_and_official_country_names(text, iso3):
    assert normalise_country(text)[0] == iso3


@pytest.mark.parametrize(
    "text, hint",
    [
        ("Royaume de Belgiqe", "Did you mean 'Belgique'?"),
        ("Republica de Colomba", "Did you mean 'Colombia'?"),
        ("Reino de Espanya", "Did you mean 'España'?"),
        ("Ruritania", "Did you mean 'Mauritania'?"),
    ],
)
def test_an_unknown_long_name_gets_the_closest_name(text, hint):
    with pytest.raises(InvalidValue, match="unknown country") as caught:
        normalise_country(text)
    assert hint in caught.value.rule


@pytest.mark.parametrize(
    "text, wave",
    [
        ("1", "1"),
        ("2", "2"),
        ("Wave 2", "2"),
        ("2nd wave", "2"),
        ("Second wave", "2"),
        ("Deuxième vague", "2"),
        ("2e vague", "2"),
        ("vague II", "2"),
        ("Segunda ola", "2"),
        ("Ola 3", "3"),
        ("3ª ola", "3"),
        ("Terceira onda", "3"),
        ("onda 1", "1"),
        ("FIRST WAVE", "1"),
        ("Primera Ola", "1"),
    ],
)
def test_waves_by_number_label_or_ordinal(text, wave, current):
    assert normalise_wave(text, wave_index(current["waves"])) == wave


@pytest.mark.parametrize("text", ["Wave 4", "7", "2023", "Fourth wave", "soon"])
def test_a_wave_we_do_not_have_is_refused(text, current):
    with pytest.raises(InvalidValue, match=r"unknown wave: use a wave number \(1, 2, 3\)"):
        normalise_wave(text, wave_index(current["waves"]))
