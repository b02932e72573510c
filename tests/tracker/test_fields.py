"""Our fields and their headings (hrcities/tracker/fields.py): the mapping suggested for English,
French and Spanish headings, close misspellings, and how headings compare."""

import pytest

from hrcities.tracker import FIELDS, normalise_header, suggest_mapping


@pytest.mark.parametrize(
    "headers, fields",
    [
        (["País", "Année d'adhésion", "Ciudad", "Étape"], ["country", "joined", "name", "stage"]),
        (
            [
                "Name",
                "Local name",
                "Type",
                "Country",
                "UCLG Region",
                "Stage",
                "Date joined",
                "Population",
                "Latitude",
                "Longitude",
                "Source",
                "Notes",
                "ID",
            ],
            [
                "name",
                "local_name",
                "kind",
                "country",
                "region",
                "stage",
                "joined",
                "population",
                "latitude",
                "longitude",
                "source_url",
                "notes",
                "id",
            ],
        ),
        (
            ["Nom", "Pays", "Région", "Étape", "Année d'adhésion", "Population", "Lien", "Remarques"],
            ["name", "country", "region", "stage", "joined", "population", "source_url", "notes"],
        ),
        (
            [
                "Ciudad",
                "País",
                "Región",
                "Etapa",
                "Fecha de adhesión",
                "Población",
                "Latitud",
                "Longitud",
                "Fuente",
                "Observaciones",
                "Nombre local",
            ],
            [
                "name",
                "country",
                "region",
                "stage",
                "joined",
                "population",
                "latitude",
                "longitude",
                "source_url",
                "notes",
                "local_name",
            ],
        ),
        (["  CITY_NAME ", "lat", "lng", "STATUT"], ["name", "latitude", "longitude", "stage"]),
        (["Populaton", "Countrry"], ["population", "country"]),  # typos: close matches
        (["Country", "Pays", "Budget"], ["country", None, None]),  # never the same field twice
    ],
)
def test_suggest_mapping(headers, fields):
    assert suggest_mapping(headers) == dict(zip(headers, fields, strict=True))


def test_an_exact_match_beats_an_earlier_close_one():
    assert suggest_mapping(["Countri", "Country"]) == {"Countri": None, "Country": "country"}


def test_every_synonym_names_one_field_and_fields_are_complete():
    owner: dict[str, str] = {}
    for item in FIELDS:
        for synonym in item.synonyms:
            key = normalise_header(synonym)
            assert owner.setdefault(key, item.name) == item.name, (synonym, owner[key], item.name)
    assert [f.name for f in FIELDS if f.required] == ["name", "country", "stage"]
    assert {f.name for f in FIELDS} == {
        "name",
        "local_name",
        "kind",
        "country",
        "region",
        "stage",
        "joined",
        "wave",
        "population",
        "latitude",
        "longitude",
        "source_url",
        "notes",
        "id",
    }


@pytest.mark.parametrize(
    "text, normalised",
    [
        ("Année d'adhésion", "annee d adhesion"),
        ("  UCLG_Region ", "uclg region"),
        ("País", "pais"),
        ("Étape de la campagne", "etape de la campagne"),
        ("Date  joined\t(YYYY)", "date joined yyyy"),
    ],
)
def test_normalise_header(text, normalised):
    assert normalise_header(text) == normalised


@pytest.mark.parametrize(
    "headers, fields",
    [
        (
            ["Gobierno local", "País", "Región CGLU", "Ola", "Fecha de adhesión"],
            ["name", "country", "region", "wave", "joined"],
        ),
        (["Nombre del gobierno local", "País", "Región", "Etapa"], ["name", "country", "region", "stage"]),
        (["Ciudad / Región", "País"], ["name", "country"]),
        (["City / region", "Country", "Wave of joining"], ["name", "country", "wave"]),
        (["Ville / Région", "Pays", "Vague"], ["name", "country", "wave"]),
        (["Nom de la collectivité", "Pays", "Collectivité locale"], ["name", "country", None]),
        (["Ayuntamiento", "País"], ["name", "country"]),
        (["Alcaldía", "País"], ["name", "country"]),
        (["Intendencia", "País"], ["name", "country"]),
        (["Gobierno local / región", "País"], ["name", "country"]),
        (
            ["Município", "País", "Região", "Etapa", "Data de adesão", "Onda", "População"],
            ["name", "country", "region", "stage", "joined", "wave", "population"],
        ),
        (["Cidade", "Governo local"], ["name", None]),
    ],
)
def test_secretariat_and_portuguese_headings(headers, fields):
    assert list(suggest_mapping(headers).values()) == fields
