"""The secretariat's own tracker in real Chromium: a Spanish workbook with its data on the second
sheet, no stage column, a wave column and long official country names imports with one question
(the stage, answered by its default), the progress page counts it, and undo takes it back.

The server is a fresh store of its own, so the shared server of the page tests keeps the real data.
"""

import io
import re

import openpyxl
import pytest
from conftest import COORDINATOR_HASH
from harness import EXCEPTION, MAIN, streamlit_server, wait_settled
from playwright.sync_api import expect
from test_coordinator_browser import members_counted, sign_in

pytestmark = pytest.mark.browser

ROWS = [
    ["Gobierno local", "País", "Región", "Ola", "Fecha de adhesión"],
    ["Villaprueba", "Reino de España", "Europa", "Tercera ola", "15/03/2025"],
    ["Ciudad Ensayo", "Estados Unidos Mexicanos", "América Latina", "Ola 3", "2025"],
    ["Prüfstadt", "República Federal de Alemania", "Europa", 3, "2025-10"],
]


def spanish_workbook(path):
    book = openpyxl.Workbook()
    book.active.title = "Léame"
    book.active.append(["Seguimiento de la campaña: las adhesiones están en la hoja 2"])
    sheet = book.create_sheet("Adhesiones")
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_a_spanish_second_sheet_tracker_imports_with_one_question_and_undoes(context, tmp_path):
    env = {
        "HRCITIES_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}",
        "HRCITIES_COORDINATOR_HASH": COORDINATOR_HASH,
    }
    workbook = spanish_workbook(tmp_path / "seguimiento.xlsx")
    with streamlit_server(env=env, log_path=tmp_path / "server.log") as url:
        page = context.new_page()
        before = members_counted(page, url)
        sign_in(page, url)
        page.locator('[data-testid="stPageLink"]').filter(has_text="Import the tracker").locator("a").click()
        expect(page.locator("h1").first).to_have_text("Import the campaign tracker", timeout=30_000)
        wait_settled(page)
        expect(page.get_by_role("button", name="Template (XLSX)")).to_be_visible()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(workbook))
        expect(page.locator(MAIN)).to_contain_text("2. What the import would do", timeout=60_000)
        wait_settled(page)
        expect(page.get_by_role("combobox", name="Sheet", exact=True)).to_have_value("Adhesiones")
        for heading, field in [("Gobierno local", "Name"), ("País", "Country"), ("Ola", "Wave")]:
            mapped = page.get_by_role("combobox", name=heading, exact=True)
            expect(mapped).to_have_value(re.compile(f"^{field}"))
        question = "Your file has no stage column. Which stage are all its rows at?"
        expect(page.get_by_role("combobox", name=question)).to_have_value("Member")
        added = page.locator('[data-testid="stMetric"]').filter(has_text="Territories added")
        expect(added.locator('[data-testid="stMetricValue"]')).to_have_text("3")
        page.get_by_role("button", name="Apply the import").click()
        expect(page.locator(MAIN)).to_contain_text("applied: 3 added, 0 changed", timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        assert members_counted(context.new_page(), url) == before + 3
        wait_settled(page)
        page.get_by_role("button", name="Undo", exact=True).click()
        expect(page.locator(MAIN)).to_contain_text("undone", timeout=60_000)
        assert members_counted(context.new_page(), url) == before
