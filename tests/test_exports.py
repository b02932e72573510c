"""Exports: the formula-injection defence, the XLSX workbook, the CSV zip and single CSVs."""

import io
import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from hrcities import exports
from hrcities.exports import csv_bytes, neutralise, neutralise_frame, sheet_names, to_csv_zip, to_xlsx

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
BOM = b"\xef\xbb\xbf"
LONG_TEXT = "Derechos humanos en la ciudad. " * 64 + "fin"  # 1987 characters
LONG_TEXT = (LONG_TEXT + "x" * 2000)[:2000]
HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "  =1",
    "\r=1",
]
SAFE = ["'already quoted", "Ciudad Juárez", "Rosario 🌍 ciudad", "مدينة", LONG_TEXT, "#N/A"]
ABOUT = {
    "title": "10, 100, 1000 Human Rights Cities: campaign data",
    "data_version": "7",
    "exported_at": "2026-11-28T10:00:00+00:00",
    "sources": "Each row's 'sources' column lists ids from the Sources sheet.",
    "note": "=not a formula",
}


def hostile_tables() -> dict[str, pd.DataFrame]:
    """A text-heavy table with every hostile and tricky string, plus a typed numeric table."""
    texts = HOSTILE + SAFE
    places = pd.DataFrame(
        {
            "id": [f"row-{n}" for n in range(len(texts))],
            "text": pd.array(texts, dtype="str"),
            "sources": [["src-a", "src-b"]] + [["=evil", "src-c"]] + [[] for _ in texts[2:]],
            "longitude": pd.array([-70.5, 2.15899] + [None] * (len(texts) - 2), dtype="Float64"),
            "population": pd.array([-3, 1686208] + [None] * (len(texts) - 2), dtype="Int64"),
            "pioneer": [True, False] + [False] * (len(texts) - 2),
        }
    )
    sources = pd.DataFrame({"id": ["src-a", "src-b", "src-c"], "title": ["Á", "-minus", "ok"]})
    return {"territories": places, "sources": sources}


def cell_texts(sheet) -> list[str]:
    """Every string value on a sheet."""
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


# -- neutralise ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "  =1", " \t-2", "\n=1", "   @cmd", "-70.5"]
)
def test_neutralise_prefixes_an_apostrophe_to_formula_triggers(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "Barcelona",
        "'=already quoted",
        "",
        "a=b",
        "1-2",
        "  plain",
        "Ciudad Juárez",
        "مدينة",
        "🌍",
        "#N/A",
        "|=x",
    ],
)
def test_neutralise_leaves_safe_strings_alone(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value", [1, -70.5, -3, 0, True, False, None, pd.NA, float("nan"), ["=1"], {"a": "=1"}]
)
def test_neutralise_returns_non_strings_unchanged(value):
    assert neutralise(value) is value


def test_neutralise_twice_adds_nothing_more():
    assert neutralise(neutralise("=1")) == "'=1"


def test_neutralise_frame_touches_text_columns_only_and_copies():
    frame = pd.DataFrame(
        {
            "text": pd.array(["-70.5", "=x", None, "ok"], dtype="str"),
            "mixed": ["@a", None, 3, "b"],
            "longitude": [-70.5, 1.0, -2.0, 0.0],
            "count": pd.array([-1, None, 2, 3], dtype="Int64"),
        }
    )
    before = frame.copy()
    result = neutralise_frame(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert result["text"].tolist()[:2] == ["'-70.5", "'=x"]
    assert pd.isna(result["text"].iloc[2]) and result["text"].iloc[3] == "ok"
    assert result["text"].dtype == frame["text"].dtype
    assert result["mixed"].tolist()[0] == "'@a" and result["mixed"].iloc[2] == 3
    pd.testing.assert_series_equal(result["longitude"], frame["longitude"])
    pd.testing.assert_series_equal(result["count"], frame["count"])


def test_neutralise_frame_handles_categorical_text():
    frame = pd.DataFrame({"kind": pd.Categorical(["=a", "b", "=a"])})
    assert neutralise_frame(frame)["kind"].tolist() == ["'=a", "b", "'=a"]


# -- sheet names -----------------------------------------------------------------------------------


def test_sheet_names_replace_illegal_characters_and_cut_to_31():
    long = "population_bands_and_a_very_long_table_name"
    names = sheet_names(["a[b]c:d*e?f/g\\h", long, "territories"])
    assert names[0] == "a_b_c_d_e_f_g_h"
    assert names[1] == long[:31] and len(names[1]) == 31
    assert names[2] == "territories"


def test_sheet_names_are_unique_ignoring_case_and_avoid_about_and_history():
    stem = "x" * 40
    names = sheet_names([stem, stem + "y", "about", "About", "Sources", "sources", "history", "", "''"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] == "x" * 31 and names[1] == "x" * 29 + "~2"
    assert names[2] == "about~2" and names[3] == "About~3"
    assert names[4] == "Sources" and names[5] == "sources~2"
    assert names[6] == "history~2"
    assert names[7] == "Sheet" and names[8] == "Sheet~2"
    assert "about" not in {n.casefold() for n in names}


# -- XLSX ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_book():
    data = to_xlsx(hostile_tables(), ABOUT)
    assert data[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_has_about_first_then_one_sheet_per_table(hostile_book):
    assert hostile_book.sheetnames == ["About", "territories", "sources"]
    about = hostile_book["About"]
    rows = [tuple(c.value for c in row) for row in about.iter_rows()]
    assert rows[:4] == [(k, v) for k, v in list(ABOUT.items())[:4]]
    assert rows[4] == ("note", "'=not a formula")
    assert about["A1"].font.bold


def test_xlsx_header_row_is_bold_frozen_and_named(hostile_book):
    sheet = hostile_book["territories"]
    assert [c.value for c in sheet[1]] == ["id", "text", "sources", "longitude", "population", "pioneer"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + len(HOSTILE) + len(SAFE)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEF"]
    assert all(exports.MIN_COLUMN_WIDTH <= w <= exports.MAX_COLUMN_WIDTH for w in widths)
    assert sheet.column_dimensions["B"].width == exports.MAX_COLUMN_WIDTH  # the 2000-char text


def test_xlsx_neutralises_every_hostile_cell_and_has_no_formulas(hostile_book):
    sheet = hostile_book["territories"]
    texts = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    # a carriage return is written as Excel's line break, a line feed
    assert texts[: len(HOSTILE)] == ["'" + h.replace("\r", "\n") for h in HOSTILE]
    for book_sheet in hostile_book.worksheets:
        for row in book_sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (book_sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.value.lstrip()[:1] not in exports.FORMULA_TRIGGERS, cell.value
                    assert cell.value[:1] not in exports.FORMULA_TRIGGERS, cell.value


def test_xlsx_keeps_safe_text_whole(hostile_book):
    sheet = hostile_book["territories"]
    texts = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    assert texts[len(HOSTILE) :] == SAFE
    assert "Ciudad Juárez" in texts and "Rosario 🌍 ciudad" in texts and "مدينة" in texts
    assert len(texts[-2]) == 2000
    error_like = sheet.cell(row=1 + len(HOSTILE) + len(SAFE), column=2)
    assert error_like.value == "#N/A" and error_like.data_type == "s"
    assert hostile_book["sources"]["B2"].value == "Á"
    assert hostile_book["sources"]["B3"].value == "'-minus"


def test_xlsx_joins_lists_and_neutralises_the_joined_text(hostile_book):
    sheet = hostile_book["territories"]
    assert sheet["C2"].value == "src-a|src-b"
    assert sheet["C3"].value == "'=evil|src-c"
    assert sheet["C4"].value is None  # an empty list is an empty cell


def test_xlsx_keeps_numbers_numeric(hostile_book):
    sheet = hostile_book["territories"]
    assert sheet["D2"].value == -70.5 and sheet["D2"].data_type == "n"
    assert sheet["E2"].value == -3 and sheet["E2"].data_type == "n"
    assert sheet["E3"].value == 1686208
    assert sheet["D4"].value is None and sheet["E4"].value is None
    assert sheet["F2"].value is True and sheet["F3"].value is False


def test_xlsx_writes_time_zoned_datetimes_in_utc_and_drops_nan():
    frame = pd.DataFrame(
        {
            "at": pd.to_datetime(["2026-11-28T10:30:00+01:00", None]),
            "ratio": [float("nan"), float("inf")],
            "control": ["a\x00b\x07c", "ok"],
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"log": frame}, {})))["log"]
    assert sheet["A2"].value.isoformat() == "2026-11-28T09:30:00"
    assert sheet["A3"].value is None
    assert sheet["B2"].value is None and sheet["B3"].value is None
    assert sheet["C2"].value == "abc"


def test_xlsx_sanitises_table_sheet_names():
    tables = {
        "a/b:c": pd.DataFrame({"x": [1]}),
        "About": pd.DataFrame({"y": [2]}),
        "t" * 40: pd.DataFrame({"z": [3]}),
    }
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables, {"title": "t"})))
    assert book.sheetnames == ["About", "a_b_c", "About~2", "t" * 31]
    assert book["About~2"]["A2"].value == 2


def test_xlsx_of_an_empty_table_has_its_header():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"empty": pd.DataFrame(columns=["id", "name"])}, {})))
    assert [c.value for c in book["empty"][1]] == ["id", "name"]
    assert book["empty"].max_row == 1


# -- CSV -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_zip():
    return zipfile.ZipFile(io.BytesIO(to_csv_zip(hostile_tables(), ABOUT)))


def test_csv_zip_lists_about_and_one_file_per_table(hostile_zip):
    assert sorted(hostile_zip.namelist()) == ["ABOUT.txt", "sources.csv", "territories.csv"]
    assert hostile_zip.testzip() is None


def test_csv_zip_about_holds_key_value_lines(hostile_zip):
    lines = hostile_zip.read("ABOUT.txt").decode("utf-8").splitlines()
    assert lines == [f"{key}: {value}" for key, value in ABOUT.items()]


def test_csv_zip_files_have_a_bom_and_neutralised_cells(hostile_zip):
    raw = hostile_zip.read("territories.csv")
    assert raw.startswith(BOM) and not raw.startswith(BOM + BOM)
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert frame.columns.tolist() == ["id", "text", "sources", "longitude", "population", "pioneer"]
    assert frame["text"].tolist() == ["'" + h for h in HOSTILE] + SAFE
    assert frame["sources"].tolist()[:3] == ["src-a|src-b", "'=evil|src-c", ""]
    assert frame["longitude"].tolist()[:2] == ["-70.5", "2.15899"]  # numbers are not neutralised
    assert frame["population"].tolist()[:2] == ["-3", "1686208"]
    sources = pd.read_csv(io.BytesIO(hostile_zip.read("sources.csv")), encoding="utf-8-sig", dtype=str)
    assert sources["title"].tolist() == ["Á", "'-minus", "ok"]


def test_csv_zip_file_names_are_safe_and_unique():
    tables = {
        "../evil": pd.DataFrame({"a": [1]}),
        "..\\evil": pd.DataFrame({"a": [2]}),
        "ABOUT.txt": pd.DataFrame({"a": [3]}),
    }
    names = zipfile.ZipFile(io.BytesIO(to_csv_zip(tables, {}))).namelist()
    assert sorted(names) == ["ABOUT.txt", "ABOUT.txt.csv", "evil-2.csv", "evil.csv"]
    assert all("/" not in n and "\\" not in n for n in names)


def test_csv_bytes_is_one_neutralised_utf8_csv_with_bom():
    frame = pd.DataFrame(
        {"name": ["=cmd|' /C calc'!A0", "Ciudad Juárez"], "lat": [-33.9, 31.7], "tags": [["a", "b"], None]}
    )
    data = csv_bytes(frame)
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    assert text.splitlines()[0] == "name,lat,tags"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist() == ["'=cmd|' /C calc'!A0", "Ciudad Juárez"]
    assert back["lat"].tolist() == [-33.9, 31.7]
    assert back["tags"].iloc[0] == "a|b" and math.isnan(back["tags"].iloc[1])
    assert frame["tags"].iloc[0] == ["a", "b"]  # the input is not changed


# -- the real data ---------------------------------------------------------------------------------


def test_real_territories_and_sources_round_trip_through_xlsx():
    tables = {name: pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str) for name in ("territories", "sources")}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables, ABOUT)))
    assert book.sheetnames == ["About", "territories", "sources"]
    for name, frame in tables.items():
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == frame.columns.tolist()
        assert len(rows) - 1 == len(frame) > 0
        assert [row[0] for row in rows[1:]] == frame["id"].tolist()
        assert all(cell.data_type != "f" for row in book[name].iter_rows() for cell in row)
    territories = list(book["territories"].iter_rows(values_only=True))
    longitude = territories[0].index("longitude")
    quoted = [row[longitude] for row in territories[1:] if row[longitude] and row[longitude][0] == "'"]
    read_negative = tables["territories"]["longitude"].dropna()
    assert len(quoted) == int(read_negative.str.startswith("-").sum()) > 0  # text "-70.5" is neutralised


def test_real_typed_campaign_keeps_numbers_numeric_in_xlsx(real):
    frame = real.tables["territories"][["id", "name", "longitude", "population", "sources"]]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"territories": frame}, ABOUT)))["territories"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == frame["id"].tolist()
    longitudes = [row[2] for row in rows if row[2] is not None]
    assert longitudes and all(isinstance(v, float | int) for v in longitudes)
    assert any(v < 0 for v in longitudes)
    assert rows[0][4] == "|".join(frame["sources"].iloc[0])
