"""The tracker template a coordinator downloads from the import page: our fields as headings in
their language (`hrcities/words/tracker_template.toml`), as an XLSX workbook or a CSV file, with no
rows, so that a filled-in template maps with no choices."""

import csv
import io

import openpyxl
from openpyxl.styles import Font

from ..i18n import supported
from ..wordlists import words

TEMPLATE_SHEET = {"en": "Tracker", "fr": "Suivi", "es": "Seguimiento"}


def template_headings(lang: str) -> dict[str, str]:
    """Our field name → the template's heading for it in `lang` (English when we have no such language)."""
    return dict(words("tracker_template")[supported(lang)])


def template_filename(lang: str, extension: str) -> str:
    """'hrcities-tracker-template-es.xlsx'."""
    return f"hrcities-tracker-template-{supported(lang)}.{extension}"


def template_csv(lang: str) -> bytes:
    """The template as CSV: UTF-8 with a byte-order mark (so Excel reads the accents), one heading row."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(template_headings(lang).values())
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(lang: str) -> bytes:
    """The template as an Excel workbook: one sheet, the heading row in bold and frozen."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = TEMPLATE_SHEET[supported(lang)]
    headings = list(template_headings(lang).values())
    sheet.append(headings)
    for cell, heading in zip(sheet[1], headings, strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(heading) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
