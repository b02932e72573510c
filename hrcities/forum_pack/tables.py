"""The tables of the pack: the view's territories and practices, and the sources they cite, as an
XLSX workbook or CSV files in a zip, each with an About block in the pack's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from .. import exports, i18n
from ..load import Campaign
from ..schema import TABLES_BY_NAME
from .sources import source_ids, stamp


def _table_columns(name: str, frame: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    columns = [col.name for col in TABLES_BY_NAME[name].columns] + list(extra)
    return frame[[col for col in columns if col in frame.columns]].reset_index(drop=True)


def _tables(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    _ = i18n.translator(lang)
    cited = set(source_ids(territories)) | set(source_ids(practices))
    tables = {
        "territories": _table_columns("territories", territories, ["is_member"]),
        "practices": _table_columns("practices", practices),
        "sources": _table_columns("sources", sources[sources["id"].isin(cited)]),
    }
    about = {
        "title": _("10, 100, 1000 Human Rights Cities and Territories by 2030"),
        "rows": _("{territories} territories, {practices} practices, {sources} sources").format(
            territories=i18n.fmt_number(len(territories), lang),
            practices=i18n.fmt_number(len(practices), lang),
            sources=i18n.fmt_number(len(tables["sources"]), lang),
        ),
        "sources": _(
            "Each row's 'sources' column lists ids from the sources table, which gives each "
            "source's title, publisher and URL."
        ),
        "is_member": _("is_member: whether the territory counts toward 10 / 100 / 1000."),
        "note": _(
            "Cells that begin with = + - @ are prefixed with an apostrophe so spreadsheets show them as text."
        ),
    }
    return tables, about


def view_sources(c: Campaign, territories: pd.DataFrame, practices: pd.DataFrame) -> pd.DataFrame:
    """The rows of the sources table that the view's territories and practices cite."""
    cited = {
        source
        for column in (territories["sources"], practices["sources"])
        for ids in column
        for source in (ids or [])
    }
    return c.sources[c.sources["id"].isin(cited)]


def tables_xlsx(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    data_date: date | None = None,
) -> bytes:
    """The view's territories and practices, and the sources they cite, as one XLSX workbook with
    an About sheet in `lang` (via `exports.to_xlsx`, so every cell is defended)."""
    tables, about = _tables(territories, practices, sources, lang)
    if data_date is not None:
        about["data_date"] = stamp(data_date, lang)
    return exports.to_xlsx(tables, about)


def tables_csv_zip(
    territories: pd.DataFrame,
    practices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
    data_date: date | None = None,
) -> bytes:
    """The same tables as CSV files in a zip, with the About header block as ABOUT.txt."""
    tables, about = _tables(territories, practices, sources, lang)
    if data_date is not None:
        about["data_date"] = stamp(data_date, lang)
    return exports.to_csv_zip(tables, about)
