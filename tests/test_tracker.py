"""Tracker uploads: reading files safely, suggesting the column mapping, normalising values, planning.

The corpus in tests/fixtures/uploads holds good trackers (EN, FR, ES; UTF-8, UTF-8 with BOM,
UTF-16, Windows-1252; CSV and XLSX) and broken files, each with its expected message in
EXPECTED.csv. Big files (zip bombs, 20,001 rows, 50 MB) are generated into tmp_path.
"""

import csv
import dataclasses
import hashlib
import importlib.util
import io
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hrcities.schema import ID_PATTERN, TABLES_BY_NAME, dataframe_schema, split_list
from hrcities.tracker import (
    FIELDS,
    MAX_ROWS,
    Change,
    InvalidValue,
    UploadError,
    cell_text,
    check_text,
    infer_region,
    normalise_coordinate,
    normalise_country,
    normalise_date,
    normalise_header,
    normalise_id,
    normalise_kind,
    normalise_population,
    normalise_region,
    normalise_stage,
    normalise_url,
    plan_import,
    plan_tables,
    read_upload,
    slugify,
    suggest_mapping,
    unique_id,
)

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "uploads"
TODAY = date(2026, 11, 28)  # as in conftest.py
SOURCE = "upload-test"
GOOD_FILES = (
    "tracker_en.csv",
    "tracker_utf8_bom.csv",
    "tracker_utf16.csv",
    "tracker_fr_semicolon.csv",
    "tracker_es.xlsx",
)
EXPECTED = list(csv.DictReader((CORPUS / "EXPECTED.csv").open(encoding="utf-8")))


def _load_make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _load_make_corpus()


def read_table(name: str) -> pd.DataFrame:
    """A data file as the store gives it: text, empty cells as None."""
    frame = pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture(scope="module")
def current() -> dict[str, pd.DataFrame]:
    return {name: read_table(name) for name in ("territories", "regions", "stages", "sources")}


def upload_text(text: str, filename: str = "inline.csv", encoding: str = "utf-8"):
    return read_upload(filename, text.encode(encoding))


def plan_for(upload, current, mapping=None, **kwargs):
    mapping = suggest_mapping(list(upload.frame.columns)) if mapping is None else mapping
    return plan_import(upload, mapping, current, TODAY, SOURCE, **kwargs)


def plan_file(name: str, current):
    return plan_for(read_upload(name, (CORPUS / name).read_bytes()), current)


# --- the corpus and its expectations ---------------------------------------------------------------


def test_every_corpus_file_has_an_expectation_and_the_corpus_stays_small():
    committed = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"EXPECTED.csv", "make_corpus.py"}
    expected_committed = {r["file"] for r in EXPECTED if r["origin"] == "committed"}
    generated = {r["file"] for r in EXPECTED if r["origin"] == "generated"}
    assert committed - set(GOOD_FILES) == expected_committed
    assert generated == set(make_corpus.GENERATED)
    assert not generated & committed
    assert sum((CORPUS / name).stat().st_size for name in committed) < 200 * 1024


def test_committed_corpus_is_what_make_corpus_writes(tmp_path):
    make_corpus.build_committed(tmp_path)
    written = {p.name for p in tmp_path.iterdir()}
    assert written == {p.name for p in CORPUS.iterdir()} - {"EXPECTED.csv", "make_corpus.py"}
    for name in written - {"tracker_es.xlsx", "truncated.xlsx"}:  # xlsx files carry timestamps
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name


def _corpus_bytes(row: dict, tmp_path: Path) -> bytes:
    if row["origin"] == "generated":
        path = tmp_path / row["file"]
        make_corpus.GENERATED[row["file"]](path)
        return path.read_bytes()
    return (CORPUS / row["file"]).read_bytes()


@pytest.mark.parametrize("row", EXPECTED, ids=[r["file"] for r in EXPECTED])
def test_broken_file_is_refused_or_flagged(row, tmp_path, current):
    data = _corpus_bytes(row, tmp_path)
    if row["kind"] == "refused":
        with pytest.raises(UploadError) as caught:
            read_upload(row["file"], data)
        assert row["expected_error_fragment"] in caught.value.message
        assert isinstance(caught.value, ValueError)
        return
    assert row["kind"] == "flagged"
    plan = plan_for(read_upload(row["file"], data), current)
    matching = [p for p in plan.problems if row["expected_error_fragment"] in str(p)]
    assert matching, [str(p) for p in plan.problems]
    problem = matching[0]
    assert problem.file == row["file"]
    assert problem.row == (int(row["row"]) if row["row"] else None)
    if row["row"]:
        assert problem.column == (row["column"] or None)
        assert problem.row not in plan.added_rows
        assert problem.row not in [change.row for change in plan.changed]
    else:
        assert plan.added == [] and plan.changed == []


# --- reading good files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, encoding, delimiter, sheet",
    [
        ("tracker_en.csv", "UTF-8", ",", None),
        ("tracker_utf8_bom.csv", "UTF-8 with BOM", ",", None),
        ("tracker_utf16.csv", "UTF-16", ",", None),
        ("tracker_fr_semicolon.csv", "Windows-1252", ";", None),
        ("tracker_es.xlsx", None, None, "Seguimiento"),
    ],
)
def test_good_files_are_read_as_text(name, encoding, delimiter, sheet):
    data = (CORPUS / name).read_bytes()
    upload = read_upload(name, data)
    assert (upload.encoding, upload.delimiter, upload.sheet) == (encoding, delimiter, sheet)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.filename == name
    cells = upload.frame.to_numpy().ravel().tolist()
    assert all(c is None or (isinstance(c, str) and c == c.strip() and c) for c in cells)
    assert upload.frame.index[0] == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        upload.sheet = "other"


def test_each_encoding_gives_the_same_frame():
    frames = [
        read_upload(n, (CORPUS / n).read_bytes()).frame
        for n in ("tracker_en.csv", "tracker_utf8_bom.csv", "tracker_utf16.csv")
    ]
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])
    assert list(frames[0].columns) == make_corpus.EN_ROWS[0]
    assert "São Exemplo" in frames[0]["Name"].tolist()
    assert frames[0].loc[3, "UCLG Region"] is None
    assert frames[0].loc[5, "Population"] == "45,000"


def test_french_windows_1252_file_keeps_its_accents():
    frame = read_upload("t.csv", (CORPUS / "tracker_fr_semicolon.csv").read_bytes()).frame
    assert list(frame.columns) == ["Nom", "Pays", "Région", "Étape", "Année d'adhésion", "Population"]
    assert frame["Nom"].tolist()[:2] == ["Villeneuve-Exemple-sur-Rhône", "Saint-Éxemple-lès-Tests"]
    assert frame.loc[4, "Étape"] == "formulaire envoyé"


@pytest.mark.parametrize(
    "encoding, bom, label",
    [
        ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
        ("utf-16-le", b"", "UTF-16"),
        ("utf-8", b"", "UTF-8"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_encodings_are_detected(encoding, bom, label):
    text = "Name;Country;Stage\r\nVilleneuve-Exemple-sur-Rhône;Sénégal;membre\r\n"
    upload = read_upload("t.csv", bom + text.encode(encoding))
    assert upload.encoding == label
    assert upload.frame.iloc[0].tolist() == ["Villeneuve-Exemple-sur-Rhône", "Sénégal", "membre"]


def test_latin_1_is_the_last_resort():
    data = b"Name,Country,Stage\nTest\x81ville,France,member\n"  # 0x81 is not Windows-1252
    upload = read_upload("t.csv", data)
    assert upload.encoding == "Latin-1"
    assert upload.frame.iloc[0, 0] == "Test\x81ville"


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("Name\tCountry\tStage\nTestville\tFrance\tmember\n", "\t"),
        ("Name;Country;Stage\nTestville;France;member\n", ";"),
        ('Name,Country,Stage\n"Testville; old town",France,member\n', ","),
    ],
)
def test_delimiter_is_sniffed(text, delimiter):
    upload = upload_text(text, "tracker.txt")
    assert upload.delimiter == delimiter
    assert list(upload.frame.columns) == ["Name", "Country", "Stage"]


def test_blank_lines_keep_spreadsheet_row_numbers_and_quoted_line_breaks_count_once():
    text = 'Name,Country,Stage,Notes\n\nTestville,France,member,"two\nlines"\nDupont-Exemple,France,member,\n'
    frame = upload_text(text).frame
    assert frame.index.tolist() == [3, 4]
    assert frame.loc[3, "Notes"] == "two\nlines"


def test_blank_heading_gets_a_column_name_and_trailing_empty_columns_go():
    frame = upload_text("Name,,Country,,\nTestville,x,France,,\n").frame
    assert list(frame.columns) == ["Name", "(column B)", "Country"]


def test_size_limit_is_a_parameter():
    data = b"Name,Country,Stage\nTestville,France,member\n"
    with pytest.raises(UploadError, match=r"The file is 0\.0 MB; the limit is .+ MB"):
        read_upload("t.csv", data, max_bytes=len(data) - 1)
    assert len(read_upload("t.csv", data, max_bytes=len(data)).frame) == 1


def test_exactly_max_rows_is_accepted(tmp_path):
    path = tmp_path / "rows.csv"
    make_corpus.make_too_many_rows(path, rows=MAX_ROWS)
    assert len(read_upload("rows.csv", path.read_bytes()).frame) == MAX_ROWS


# --- XLSX ------------------------------------------------------------------------------------------


def test_spanish_workbook_values_and_sheet_row_numbers():
    frame = read_upload("es.xlsx", (CORPUS / "tracker_es.xlsx").read_bytes()).frame
    assert frame.index.tolist() == [2, 3, 5, 6]  # row 4 is blank in the sheet
    assert frame["Fecha de adhesión"].tolist() == ["2024-03-05", "2023", "2022", "2023-11"]
    assert frame["Población"].tolist() == ["25000", "1234", "1686208", None]


@pytest.mark.parametrize(
    "value, text",
    [
        (12, "12"),
        (12.0, "12"),
        (0.5, "0.5"),
        (41.38879, "41.38879"),
        (-3.25, "-3.25"),
        (datetime(2024, 3, 5, 14, 30), "2024-03-05"),
        (date(2023, 1, 26), "2023-01-26"),
        (True, "true"),
        (False, "false"),
        (None, None),
        ("  Testville ", "Testville"),
        ("   ", None),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def _workbook_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_formulas_are_read_as_their_cached_values():
    data = _workbook_bytes([["Name", "Population"], ["Testville", 12345]])
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = b'<c r="B2" t="n"><v>12345</v></c>'
                assert cell in content
                content = content.replace(cell, b'<c r="B2"><f>12000+345</f><v>12345</v></c>')
            new.writestr(item, content)
    frame = read_upload("f.xlsx", target.getvalue()).frame
    assert frame.loc[2, "Population"] == "12345"


def test_workbook_trailing_empty_columns_and_rows_are_dropped():
    data = _workbook_bytes(
        [
            ["Name", "Country", None, None],
            ["Testville", "France", None, ""],
            [None, None, None, None],
            [None, "  ", None, None],
        ]
    )
    frame = read_upload("w.xlsx", data).frame
    assert list(frame.columns) == ["Name", "Country"]
    assert frame.index.tolist() == [2]


def test_workbook_data_under_no_heading_gets_a_column_name():
    frame = read_upload("w.xlsx", _workbook_bytes([["Name", "Country"], ["Testville", "France", "x"]])).frame
    assert list(frame.columns) == ["Name", "Country", "(column C)"]


def test_workbook_duplicate_headings_name_both_columns():
    data = _workbook_bytes([["Nom", "Pays", "Étape", "pays"], ["Testville", "France", "membre", "France"]])
    with pytest.raises(UploadError, match=r"column B \(2\) 'Pays' and column D \(4\) 'pays'"):
        read_upload("w.xlsx", data)


def test_workbook_problems_name_the_real_sheet_row(current):
    data = _workbook_bytes(
        [
            ["Ciudad", "País", "Etapa"],
            ["Ciudad Ficticia", "México", "miembro"],
            [],
            ["Villa Inventada", "México", "quizás"],
        ]
    )
    plan = plan_for(read_upload("w.xlsx", data), current)
    assert [(p.row, p.column, p.value) for p in plan.problems] == [(4, "Etapa", "quizás")]
    assert plan.added_rows == [2]


@pytest.mark.parametrize(
    "filename, data, fragment",
    [
        ("tracker.docx", b"PK\x03\x04" + bytes(40), "'tracker.docx' is a '.docx' file"),
        ("tracker", b"Name,Country,Stage\nTestville,France,member\n", "is a 'no extension' file"),
        ("tracker.xlsm", b"PK\x03\x04" + bytes(40), "with macros"),
        ("tracker.txt", b"%PDF-1.4", "named .txt but is a PDF document"),
        ("tracker.csv", b"PK\x03\x04" + bytes(40), "Rename it to .xlsx"),
        ("tracker.csv", b"\xd0\xcf\x11\xe0" + bytes(40), "password-protected workbook"),
        ("tracker.csv", b"\xff\xfeN\x00a", "byte 4 cannot be read"),  # odd UTF-16
        ("tracker.csv", b"\n\n  \n", "no rows at all"),
    ],
)
def test_more_refusals(filename, data, fragment):
    with pytest.raises(UploadError) as caught:
        read_upload(filename, data)
    assert fragment in caught.value.message


def test_small_workbook_parts_that_compress_well_are_not_a_bomb():
    data = _workbook_bytes(
        [["Name", "Country", "Stage", "Notes"], ["Testville", "France", "member", "a" * 1500]]
    )
    assert read_upload("w.xlsx", data).frame.loc[2, "Notes"] == "a" * 1500


# --- mapping ---------------------------------------------------------------------------------------


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


# --- value normalisers -----------------------------------------------------------------------------


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


def test_ids_and_slugs():
    assert slugify("Ciudad Juárez") == "ciudad-juarez"
    assert slugify("l'Alfàs del Pi") == "l-alfas-del-pi"
    assert slugify("  Saint-Éxemple-lès-Tests ") == "saint-exemple-les-tests"
    assert slugify("광주광역시") == ""
    assert unique_id("testville", "FRA", set()) == "testville"
    assert unique_id("testville", "FRA", {"testville"}) == "testville-fra"
    taken = {"testville", "testville-fra", "testville-fra-2"}
    assert unique_id("testville", "FRA", taken) == "testville-fra-3"
    assert unique_id("", "KOR", set()) == "territory"
    assert normalise_id("testville-2") == "testville-2"
    with pytest.raises(InvalidValue, match="lower-case"):
        normalise_id("Testville")


# --- plans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, added, changed, unchanged",
    [
        ("tracker_en.csv", 4, 1, 1),
        ("tracker_utf8_bom.csv", 4, 1, 1),
        ("tracker_utf16.csv", 4, 1, 1),
        ("tracker_fr_semicolon.csv", 3, 0, 1),
        ("tracker_es.xlsx", 3, 0, 1),
    ],
)
def test_good_file_plan_counts(name, added, changed, unchanged, current):
    plan = plan_file(name, current)
    assert plan.problems == []
    assert (len(plan.added), len(plan.changed), len(plan.unchanged)) == (added, changed, unchanged)
    assert plan.summary() == {
        "rows_read": added + changed + unchanged,
        "added": added,
        "changed": changed,
        "unchanged": unchanged,
        "new_sources": len(plan.new_sources),
        "problems": 0,
        "rows_with_problems": 0,
    }
    assert len(plan.added_rows) == added


def test_english_plan_in_detail(current):
    plan = plan_file("tracker_en.csv", current)
    added = {row["id"]: row for row in plan.added}
    assert list(added) == ["testville", "villeneuve-exemple", "ciudad-ficticia", "sao-exemplo"]
    assert plan.added_rows == [2, 3, 4, 5]
    assert all(list(row) == [c.name for c in TABLES_BY_NAME["territories"].columns] for row in plan.added)
    testville = added["testville"]
    assert (
        testville["country_iso3"],
        testville["country"],
        testville["uclg_region"],
        testville["region_status"],
    ) == ("FRA", "France", "europe", "confirmed")
    assert (
        testville["stage"],
        testville["stage_status"],
        testville["joined"],
        testville["joined_status"],
    ) == ("member", "confirmed", "2024-03", "confirmed")
    assert (testville["latitude"], testville["longitude"]) == ("45.1", "3.2")
    assert testville["population"] == "12000"
    assert (testville["wave"], testville["wave_status"], testville["pioneer"]) == (None, None, "false")
    assert testville["population_band"] is None and testville["notes"] == "Synthetic test city"
    url_source = next(s for s in plan.new_sources if s["url"] == "https://example.org/testville")
    assert split_list(testville["sources"]) == [SOURCE, url_source["id"]]
    assert url_source["id"] == "web-" + hashlib.sha1(b"https://example.org/testville").hexdigest()[:10]
    assert url_source["title"] == "example.org/testville"
    villeneuve = added["villeneuve-exemple"]
    assert (villeneuve["uclg_region"], villeneuve["region_status"]) == ("europe", "inferred")
    assert (villeneuve["stage"], villeneuve["population"]) == ("pledged", "1234")
    assert villeneuve["joined"] == "2024"
    assert villeneuve["sources"] == SOURCE
    ficticia = added["ciudad-ficticia"]
    assert (ficticia["uclg_region"], ficticia["region_status"]) == ("latin-america", "inferred")
    assert (ficticia["joined"], ficticia["joined_status"], ficticia["kind"]) == (None, "unknown", "city")
    sao = added["sao-exemplo"]
    assert (sao["country_iso3"], sao["stage"], sao["joined"], sao["population"]) == (
        "BRA",
        "form_sent",
        "2025-01-15",
        "45000",
    )
    assert plan.changed == [
        Change(
            "barcelona",
            "Barcelona",
            7,
            {"population": "1686208", "sources": "campaign-page|wave2-en"},
            {"population": "1700000", "sources": f"campaign-page|wave2-en|{SOURCE}"},
        )
    ]
    assert plan.unchanged == ["grigny"]
    assert plan.new_sources[0]["id"] == SOURCE
    assert plan.new_sources[0]["published"] == TODAY.isoformat()


def test_spanish_workbook_plan(current):
    plan = plan_file("tracker_es.xlsx", current)
    added = {row["id"]: row for row in plan.added}
    assert plan.added_rows == [2, 3, 6]
    assert added["ciudad-ficticia"]["joined"] == "2024-03-05"
    ficticia = added["ciudad-ficticia"]
    assert (ficticia["country"], ficticia["uclg_region"], ficticia["region_status"]) == (
        "Spain",
        "europe",
        "inferred",
    )
    assert (added["villa-inventada"]["stage"], added["villa-inventada"]["population"]) == ("pledged", "1234")
    assert added["pueblo-de-prueba"]["stage"] == "framework"
    assert plan.unchanged == ["barcelona"]


@pytest.mark.parametrize("name", GOOD_FILES)
def test_plan_tables_pass_the_repository_validation(name, current):
    plan = plan_file(name, current)
    tables = plan_tables(plan, current)
    territories, sources = tables["territories"], tables["sources"]
    dataframe_schema(TABLES_BY_NAME["territories"]).validate(territories)
    dataframe_schema(TABLES_BY_NAME["sources"]).validate(sources)
    assert list(territories.columns) == list(current["territories"].columns)
    assert len(territories) == len(current["territories"]) + len(plan.added)
    assert territories["id"].is_unique and sources["id"].is_unique
    assert territories["id"].map(lambda i: bool(re.fullmatch(ID_PATTERN, i))).all()
    cited = {s for cell in territories["sources"] for s in split_list(cell)}
    assert cited <= set(sources["id"])
    assert set(territories["uclg_region"]) <= set(current["regions"]["id"])
    assert set(territories["stage"]) <= set(current["stages"]["id"])
    assert territories["country_iso3"].str.fullmatch(r"[A-Z]{3}").all()
    for change in plan.changed:
        row = territories.loc[territories["id"] == change.id].iloc[0]
        assert {column: row[column] for column in change.after} == change.after


def test_plan_tables_keep_none_for_empty_cells(current):
    tables = plan_tables(plan_file("tracker_en.csv", current), current)
    cells = tables["territories"].to_numpy().ravel().tolist()
    assert all(c is None or isinstance(c, str) for c in cells)
    assert None in cells


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


def test_matching_by_name_is_accent_and_case_insensitive_and_uses_local_names(current):
    upload = upload_text(
        "Name,Country,Stage\nCIUDAD JUAREZ,México,engaged\nWien,AT,member\nL ALFAS DEL PI,ES,member\n"
    )
    plan = plan_for(upload, current)
    assert plan.unchanged == ["ciudad-juarez", "vienna", "alfas-del-pi"]


def test_same_name_in_another_country_is_a_new_territory_with_a_unique_id(current):
    plan = plan_for(
        upload_text(
            "Name,Country,Stage,Region\nCiudad Juárez,Argentina,engaged,\nCiudad Juárez,Chile,engaged,\n"
        ),
        current,
    )
    assert [row["id"] for row in plan.added] == ["ciudad-juarez-arg", "ciudad-juarez-chl"]
    assert plan.problems == [] and plan.changed == []


def test_matching_by_id_column(current):
    upload = upload_text(
        "ID,Name,Country,Stage,Population\nbarcelona,Barcelone,Espagne,member,1686208\n"
        "testville,Testville,France,member,100\n"
    )
    plan = plan_for(upload, current)
    assert [change.id for change in plan.changed] == ["barcelona"]
    assert plan.changed[0].after["name"] == "Barcelone"
    assert [row["id"] for row in plan.added] == ["testville"]


def test_a_row_naming_the_same_existing_territory_by_id_and_by_name_is_a_duplicate(current):
    plan = plan_for(
        upload_text("ID,Name,Country,Stage\ngrigny,Grigny,France,member\n,grigny,FRA,member\n"), current
    )
    assert {p.row for p in plan.problems} == {2, 3}
    assert plan.unchanged == [] and plan.changed == []


def test_non_latin_name_gets_a_fallback_id(current):
    plan = plan_for(upload_text("Name,Country,Stage,Region\n테스트시,KR,member,\n"), current)
    assert plan.added[0]["id"] == "territory"
    assert plan.added[0]["uclg_region"] == "asia-pacific"


def test_known_source_url_is_reused_and_a_new_url_alone_is_a_change(current):
    known = current["sources"].loc[current["sources"]["id"] == "wave2-en", "url"].iloc[0]
    upload = upload_text(
        f"Name,Country,Stage,Source\nBarcelona,Spain,member,{known}\n"
        "Grigny,France,member,https://example.org/grigny-news\n"
        "Testville,France,member,https://example.org/grigny-news\n"
    )
    plan = plan_for(upload, current)
    assert plan.unchanged == ["barcelona"]
    [change] = plan.changed
    web_id = "web-" + hashlib.sha1(b"https://example.org/grigny-news").hexdigest()[:10]
    assert change.after == {"sources": f"campaign-page|municipal-times-2024|{SOURCE}|{web_id}"}
    assert [s["id"] for s in plan.new_sources] == [SOURCE, web_id]
    assert split_list(plan.added[0]["sources"]) == [SOURCE, web_id]


def test_import_source_already_known_is_not_added_again(current):
    sources = pd.concat(
        [current["sources"], pd.DataFrame([{"id": SOURCE, "title": "Our upload"}])], ignore_index=True
    ).astype(object)
    sources = sources.where(sources.notna(), None)
    plan = plan_import(
        read_upload("t.csv", (CORPUS / "tracker_fr_semicolon.csv").read_bytes()),
        {"Nom": "name", "Pays": "country", "Étape": "stage", "Région": "region"},
        {**current, "sources": sources},
        TODAY,
        SOURCE,
    )
    assert plan.new_sources == [] and len(plan.added) == 3


def test_nothing_to_do_adds_no_source(current):
    plan = plan_for(upload_text("Name,Country,Stage\nGrigny,France,member\n"), current)
    assert plan.new_sources == [] and plan.unchanged == ["grigny"]


def test_every_bad_row_is_left_out_and_every_problem_located(current):
    upload = upload_text(
        "Name,Country,Stage,Population,Latitude,Longitude\n"
        "Testville,France,member,12000,45.1,3.2\n"
        "Dupont-Exemple,Atlantis,member,,,\n"
        "Villeneuve-Exemple,France,sometimes,lots,,\n"
        "Ciudad Ficticia,Mexico,engaged,,20.5,-200\n"
        "Barcelona,Spain,member,1.5,,\n"
    )
    plan = plan_for(upload, current)
    assert [row["id"] for row in plan.added] == ["testville"]
    assert plan.changed == [] and plan.unchanged == []
    located = {(p.row, p.column) for p in plan.problems}
    assert located == {(3, "Country"), (4, "Stage"), (4, "Population"), (5, "Longitude"), (6, "Population")}
    assert plan.summary()["rows_with_problems"] == 4
    assert all(p.file == "inline.csv" for p in plan.problems)


def test_mapping_problems(current):
    upload = upload_text("Name,Pays,Country,Stage\nTestville,France,France,member\n")
    plan = plan_for(
        upload, current, {"Name": "name", "Pays": "country", "Country": "country", "Stage": "stage"}
    )
    assert [(p.rule.split(":")[0], p.column) for p in plan.problems] == [
        ("two columns are chosen for the same field 'Country'", "Country")
    ]
    assert plan.added == [] and plan.rows_read == 1
    plan = plan_for(upload, current, {"Name": "name", "Country": "country"})
    assert "required field 'Campaign stage'" in plan.problems[0].rule
    with pytest.raises(ValueError, match="do not exist"):
        plan_for(upload, current, {"Name": "town"})
    with pytest.raises(ValueError, match="do not exist"):
        plan_for(upload, current, {"Nowhere": "name"})
    with pytest.raises(ValueError, match="import_source_id"):
        plan_import(upload, {}, current, TODAY, "Not An Id")


def test_unmapped_columns_are_ignored(current):
    upload = upload_text("Name,Country,Stage,Population\nTestville,France,member,not a number\n")
    plan = plan_for(
        upload, current, {"Name": "name", "Country": "country", "Stage": "stage", "Population": None}
    )
    assert plan.problems == [] and plan.added[0]["population"] is None


def test_progress_is_reported_every_500_rows(tmp_path, current):
    path = tmp_path / "rows.csv"
    make_corpus.make_too_many_rows(path, rows=1200)
    calls = []
    plan = plan_for(read_upload("rows.csv", path.read_bytes()), current, progress=calls.append)
    assert calls == [500 / 1200, 1000 / 1200, 1.0]
    assert len(plan.added) == 1200 and len({row["id"] for row in plan.added}) == 1200


def test_tracker_module_does_not_import_streamlit():
    code = "import hrcities.tracker, sys; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# --- word lists as data (hrcities/words/*.toml) ------------------------------------------------------


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
