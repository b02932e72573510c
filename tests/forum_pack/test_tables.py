"""The pack's tables (`forum_pack.tables`), opened with openpyxl and pandas."""

import io
import zipfile

import openpyxl
import pandas as pd
from readback import TODAY

from hrcities import forum_pack, i18n


def test_tables_xlsx_and_csv_zip_hold_the_view_and_its_sources(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    cited = {s for frame in (europe, practices) for cell in frame["sources"] for s in cell}
    book = openpyxl.load_workbook(
        io.BytesIO(forum_pack.tables_xlsx(europe, practices, real.sources, "fr", data_date=TODAY))
    )
    assert book.sheetnames == ["About", "territories", "practices", "sources"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["data_date"] == i18n.translator("fr")("Data as of {date}").format(
        date=i18n.fmt_date(TODAY, "fr")
    )
    names = [row[1] for row in book["territories"].iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(europe["name"]) and "l'Alfàs del Pi" in names
    assert {row[0] for row in book["sources"].iter_rows(min_row=2, values_only=True)} == cited
    with zipfile.ZipFile(io.BytesIO(forum_pack.tables_csv_zip(europe, practices, real.sources, "es"))) as z:
        assert sorted(z.namelist()) == ["ABOUT.txt", "practices.csv", "sources.csv", "territories.csv"]
        frame = pd.read_csv(z.open("practices.csv"), encoding="utf-8-sig")
        assert list(frame["id"]) == list(practices["id"])
        assert i18n.translator("es")("10, 100, 1000 Human Rights Cities and Territories by 2030") in z.read(
            "ABOUT.txt"
        ).decode("utf-8")


def test_view_sources_are_the_ones_the_view_cites(real):
    europe = real.territories[real.territories["uclg_region"] == "europe"]
    practices = real.practices[real.practices["territory_id"].isin(europe["id"])]
    cited = {s for cell in list(europe["sources"]) + list(practices["sources"]) for s in cell}
    shown = forum_pack.view_sources(real, europe, practices)
    assert set(shown["id"]) == cited and len(shown) < len(real.sources)
