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
from harness import EXCEPTION, MAIN, streamlit_server, wait_for_cookie, wait_settled
from playwright.sync_api import expect
from test_coordinator_browser import members_counted, sign_in
from test_signin_browser import server

from hrcities.i18n import plural_translator as translator_plural
from hrcities.i18n import translator

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
        expect(page.locator(MAIN)).to_contain_text("applied. Added: 3. Changed: 0.", timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0
        assert members_counted(context.new_page(), url) == before + 3
        wait_settled(page)
        undo_latest(page, translator("en"), 1)
        assert members_counted(context.new_page(), url) == before


# Trackers as a secretariat lays them out, no stage column: the headings of each language, the
# country as that language writes it. The places are synthetic (test names), in countries our data has.
VARIANTS = {
    "en": "Local government;Country;Wave;Date joined\nTestbury;Kingdom of Spain;Wave 3;2025-03\n"
    "Examplestown;United Mexican States;3;2025\n",
    "fr": "Collectivité;Pays;Vague;Date d'adhésion\nEssai-sur-Loire;République française;Vague 3;15/03/2025\n"
    "Villetest;Espagne;3;2025\n",
    "es": "Ayuntamiento;País;Ola;Fecha de adhesión\nPuebloprueba;Reino de España;Tercera ola;2025\n"
    "Villaensayo;México;3;2025-10\n",
}


def open_import_page(page, url: str, lang: str):
    page.goto(f"{url}/import?lang={lang}")
    wait_settled(page)
    _ = translator(lang)
    expect(page.locator("h1").first).to_have_text(_("Import the campaign tracker"), timeout=30_000)
    return _


def upload(page, path, _) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    expect(page.locator(MAIN)).to_contain_text(_("2. What the import would do"), timeout=60_000)
    wait_settled(page)


def metric(page, label: str):
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has_text=label)
        .locator('[data-testid="stMetricValue"]')
    )


def undo_latest(page, _, number: int) -> None:
    """Undo the import offered first, after the confirm that names it."""
    page.get_by_role("button", name=_("Undo…"), exact=True).click()
    expect(page.locator(MAIN)).to_contain_text(f"#{number} ·", timeout=30_000)
    page.get_by_role("button", name=_("Yes, undo import {number}").format(number=number)).click()
    expect(page.locator(MAIN)).to_contain_text(
        _("Import {number} undone.").format(number=number), timeout=60_000
    )
    wait_settled(page)


def test_trackers_in_three_languages_a_move_down_and_a_wrong_point_in_the_coordinators_language(
    context, tmp_path
):
    """One coordinator, one fresh store: an English, a French and a Spanish tracker (headings, country
    forms, interface language) each import with one question, move the count and undo after a confirm;
    a tracker saying 'member' for a member with a local framework waits for that territory's tick; a
    point in the wrong country leaves out that row only, in the preview."""
    with server(tmp_path, HRCITIES_COORDINATOR_HASH=COORDINATOR_HASH) as url:  # serve.py: sign-in lasts
        page = context.new_page()
        before = members_counted(page, url)
        sign_in(page, url)
        wait_for_cookie(context, present=True)
        for number, (lang, text) in enumerate(VARIANTS.items(), start=1):
            path = tmp_path / f"tracker_{lang}.csv"
            path.write_text(text, encoding="utf-8")
            _ = open_import_page(page, url, lang)
            upload(page, path, _)
            question = _("Your file has no stage column. Which stage are all its rows at?")
            expect(page.get_by_role("combobox", name=question)).to_have_value(_("Member"))
            asked_country = re.compile(re.escape(_("Which country is “{value}”?").split("{")[0]))
            assert page.get_by_role("combobox", name=asked_country).count() == 0  # the one question
            expect(metric(page, _("Territories added"))).to_have_text("2")
            page.get_by_role("button", name=_("Apply the import")).click()
            applied = _(
                "Import {number} applied. Added: {added}. Changed: {changed}. Rows with problems left out: "
                "{left_out}. Changes not ticked (our values kept): {held}. Every page shows it now."
            ).format(number=number, added=2, changed=0, left_out=0, held=0)
            expect(page.locator(MAIN)).to_contain_text(applied, timeout=60_000)
            expect(
                page.get_by_role("link", name=_("See the changes of import {number}").format(number=number))
            ).to_be_visible()
            assert page.locator(EXCEPTION).count() == 0
            assert members_counted(context.new_page(), url) == before + 2, lang
            undo_latest(page, _, number)
            assert members_counted(context.new_page(), url) == before, lang

        # A move down: Gwangju has a local framework, the tracker says member.
        move = tmp_path / "move.csv"
        move.write_text("Ciudad;País\nGwangju;República de Corea\n", encoding="utf-8")
        _ = open_import_page(page, url, "es")
        upload(page, move, _)
        expect(page.locator(MAIN)).to_contain_text(_("Changes that wait for your tick"))
        expect(page.locator(MAIN)).to_contain_text(
            _("Nothing to apply unless you tick the changes that wait for your tick.")
        )
        expect(page.get_by_role("button", name=_("Apply the import"))).to_have_count(0)
        ticks = page.get_by_role("combobox", name=_("Or tick them territory by territory"))
        ticks.click()
        ticks.press_sequentially("Gwangju", delay=50)
        ticks.press("Enter")  # the one territory the typing leaves
        page.keyboard.press("Escape")
        wait_settled(page)
        page.get_by_role("button", name=_("Apply the import")).click()
        expect(page.locator(MAIN)).to_contain_text(_("Import {number} applied").split("{")[0], timeout=60_000)
        assert page.locator(EXCEPTION).count() == 0

        # A wrong point: one row of two is left out in the preview, with where its point lies.
        points = tmp_path / "points.csv"
        points.write_text(
            "Nom;Pays;Région;Latitude;Longitude\nTestville;France;Europe;45.76;4.84\n"
            "Essaiville;France;Europe;40.42;-3.70\n",
            encoding="utf-8",
        )
        _ = open_import_page(page, url, "fr")
        upload(page, points, _)
        expect(metric(page, _("Territories added"))).to_have_text("1")
        expect(metric(page, _("Rows with problems"))).to_have_text("1")
        expect(page.locator(MAIN)).to_contain_text(
            translator_plural("fr")(
                "{count} problem found. Its row is left out of the import.",
                "{count} problems found. Rows with a problem are left out of the import.",
                1,
            ).format(count=1)
        )
        expect(page.get_by_role("button", name=_("Apply the import"))).to_be_disabled()  # until ticked
        page.locator('[data-testid="stCheckbox"]').filter(
            has_text=_("Apply without the rows that have problems")
        ).click()
        wait_settled(page)
        page.get_by_role("button", name=_("Apply the import")).click()
        expect(page.locator(MAIN)).to_contain_text(_("Import {number} applied").split("{")[0], timeout=60_000)
        assert members_counted(context.new_page(), url) == before + 1
