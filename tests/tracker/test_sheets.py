"""CSV and XLSX into a frame of text (hrcities/tracker/sheets.py): encodings, delimiters, blank
lines and headings; workbook cells, formulas, trailing empty cells and sheet row numbers; the sheet
of a workbook that is read (asked for, else the one that looks like a tracker)."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from tracker_files import CORPUS, make_corpus, plan_for, upload_text, workbook_bytes

from hrcities.tracker import UploadError, cell_text, plan_signature, read_upload, suggest_mapping


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


def test_formulas_are_read_as_their_cached_values():
    data = workbook_bytes([["Name", "Population"], ["Testville", 12345]])
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
    data = workbook_bytes(
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
    frame = read_upload("w.xlsx", workbook_bytes([["Name", "Country"], ["Testville", "France", "x"]])).frame
    assert list(frame.columns) == ["Name", "Country", "(column C)"]


def test_workbook_duplicate_headings_name_both_columns():
    data = workbook_bytes([["Nom", "Pays", "Étape", "pays"], ["Testville", "France", "membre", "France"]])
    with pytest.raises(UploadError, match=r"column B \(2\) 'Pays' and column D \(4\) 'pays'"):
        read_upload("w.xlsx", data)


def test_workbook_problems_name_the_real_sheet_row(current):
    data = workbook_bytes(
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


def test_small_workbook_parts_that_compress_well_are_not_a_bomb():
    data = workbook_bytes(
        [["Name", "Country", "Stage", "Notes"], ["Testville", "France", "member", "a" * 1500]]
    )
    assert read_upload("w.xlsx", data).frame.loc[2, "Notes"] == "a" * 1500


def book_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx file with one worksheet per item of `sheets`, in that order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TRACKER_ROWS = [
    ["Gobierno local", "País", "Etapa"],
    ["Testville", "Francia", "miembro"],
    ["Grigny", "Francia", "miembro"],
]


def test_the_sheet_that_looks_like_a_tracker_is_read_and_all_are_named():
    data = book_bytes(
        {
            "Léame": [["Seguimiento de la campaña"], ["Actualizado en noviembre"], ["Ver la hoja 2"], ["-"]],
            "Adhesiones": TRACKER_ROWS,
            "Vacía": [],
        }
    )
    upload = read_upload("seguimiento.xlsx", data)
    assert upload.sheets == ("Léame", "Adhesiones", "Vacía")
    assert upload.sheet == "Adhesiones"
    assert upload.frame["Gobierno local"].tolist() == ["Testville", "Grigny"]


def test_known_headings_beat_more_rows_and_the_leftmost_wins_a_tie():
    counts = [["Country", "Members"]] + [[f"Country {n}", n] for n in range(30)]
    assert read_upload("t.xlsx", book_bytes({"Counts": counts, "Tracker": TRACKER_ROWS})).sheet == "Tracker"
    assert read_upload("t.xlsx", book_bytes({"A": TRACKER_ROWS, "B": TRACKER_ROWS})).sheet == "A"


def test_a_sheet_asked_for_is_read_and_an_unknown_one_is_refused():
    data = book_bytes({"Tracker": TRACKER_ROWS, "Old": [["Name", "Country"], ["Oldtown", "Spain"]]})
    upload = read_upload("t.xlsx", data, sheet="Old")
    assert (upload.sheet, upload.frame["Name"].tolist()) == ("Old", ["Oldtown"])
    with pytest.raises(UploadError, match="no sheet named 'Nope'; its sheets are 'Tracker', 'Old'"):
        read_upload("t.xlsx", data, sheet="Nope")


def test_a_second_sheet_is_planned_like_a_first_one(current):
    data = book_bytes({"Notes": [["read me"]], "Tracker": TRACKER_ROWS})
    plan = plan_for(read_upload("t.xlsx", data), current)
    assert plan.problems == [] and [row["name"] for row in plan.added] == ["Testville"]
    assert plan.unchanged == ["grigny"]


def test_a_csv_has_no_sheets():
    upload = upload_text("Name,Country,Stage\nTestville,France,member\n")
    assert (upload.sheet, upload.sheets) == (None, ())


def test_the_sheet_read_is_part_of_the_plan_signature():
    data = book_bytes({"A": TRACKER_ROWS, "B": TRACKER_ROWS})
    first, second = read_upload("t.xlsx", data), read_upload("t.xlsx", data, sheet="B")
    mapping = suggest_mapping(list(first.frame.columns))
    assert plan_signature(first, mapping) != plan_signature(second, mapping)
    assert plan_signature(first, mapping) != plan_signature(first, mapping, default_stage="member")
