"""The tracker template (hrcities/tracker/template.py): in each language its headings map to our
fields with no choice left, as XLSX and as CSV, and a filled-in template imports."""

import io

import openpyxl
import pytest
from tracker_files import plan_for

from hrcities.i18n import LANGUAGES
from hrcities.tracker import (
    FIELDS,
    read_upload,
    suggest_mapping,
    template_csv,
    template_filename,
    template_headings,
    template_xlsx,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_heading_of_the_template_maps_to_its_field(lang):
    headings = template_headings(lang)
    assert set(headings) <= {f.name for f in FIELDS}
    assert {"name", "country", "stage", "wave", "joined"} <= set(headings)
    assert suggest_mapping(list(headings.values())) == {h: name for name, h in headings.items()}


def test_the_headings_are_in_the_language_asked_for():
    assert template_headings("es")["name"] == "Gobierno local"
    assert template_headings("fr")["wave"] == "Vague"
    assert template_headings("en")["joined"] == "Date joined"
    assert template_headings("de") == template_headings("en")
    assert template_filename("fr", "xlsx") == "hrcities-tracker-template-fr.xlsx"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_xlsx_and_csv_templates_hold_the_heading_row(lang):
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx(lang))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [tuple(template_headings(lang).values())]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    text = template_csv(lang).decode("utf-8-sig")
    assert text.splitlines() == [",".join(template_headings(lang).values())]


@pytest.mark.parametrize("lang, make", [("es", template_xlsx), ("fr", template_csv)])
def test_a_filled_in_template_imports_with_no_choice(lang, make, current):
    data = make(lang)
    extension = "xlsx" if data.startswith(b"PK") else "csv"
    if extension == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        book.active.append(["Testville", "France", "Europe", "member", "2024-03", "3"])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    else:
        data += b"Testville,France,Europe,member,2024-03,3\n"
    plan = plan_for(read_upload(template_filename(lang, extension), data), current)
    assert plan.problems == []
    assert {k: plan.added[0][k] for k in ("name", "stage", "joined", "wave")} == {
        "name": "Testville",
        "stage": "member",
        "joined": "2024-03",
        "wave": "3",
    }
