"""`read_upload` (hrcities/tracker/upload.py): good files read as text, the size and row limits,
files refused by their name or their content."""

import dataclasses
import hashlib
import re

import pytest
from tracker_files import CORPUS, make_corpus, upload_text

from hrcities.tracker import MAX_ROWS, UploadError, plan_signature, read_upload, suggest_mapping


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


def test_size_limit_is_a_parameter():
    data = b"Name,Country,Stage\nTestville,France,member\n"
    with pytest.raises(UploadError, match=r"The file is 0\.0 MB; the limit is .+ MB"):
        read_upload("t.csv", data, max_bytes=len(data) - 1)
    assert len(read_upload("t.csv", data, max_bytes=len(data)).frame) == 1


def test_exactly_max_rows_is_accepted(tmp_path):
    path = tmp_path / "rows.csv"
    make_corpus.make_too_many_rows(path, rows=MAX_ROWS)
    assert len(read_upload("rows.csv", path.read_bytes()).frame) == MAX_ROWS


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


def test_the_plan_signature_changes_with_the_file_and_the_mapping():
    upload = upload_text("Name,Country,Stage\nTestville,France,member\n")
    other = upload_text("Name,Country,Stage\nTestville,France,engaged\n")
    mapping = suggest_mapping(list(upload.frame.columns))
    signature = plan_signature(upload, mapping)
    assert signature == plan_signature(upload, dict(reversed(mapping.items())))  # order aside
    assert signature != plan_signature(other, mapping)
    assert signature != plan_signature(upload, {**mapping, "Stage": None})
    assert re.fullmatch(r"[0-9a-f]{64}", signature)
