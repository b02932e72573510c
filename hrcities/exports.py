"""Downloads of the campaign tables: one XLSX workbook, a zip of CSV files, or one CSV.

Every export is defended against spreadsheet formula injection (OWASP "CSV injection"): a text cell
that a spreadsheet would read as a formula (it begins with ``= + - @``, a tab or a carriage return,
possibly after leading spaces) is written with a leading apostrophe, so it shows as text and never
runs. The defence looks at the *value*, not at what it means: numbers stored as numbers (a longitude
of -70.5 in a float column) stay numbers, but the same -70.5 held as text (a frame read with
``dtype=str``) is text beginning with "-" and is written as ``'-70.5``. Export typed frames to keep
numbers numeric.

List cells (Python lists, as `load.py` makes of the ``sources`` and other list columns) are joined
with "|", the separator of the data files, before the defence applies.

Plain Python: this module never imports Streamlit.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .schema import LIST_SEPARATOR

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ABOUT_SHEET = "About"
ABOUT_FILE = "ABOUT.txt"
SHEET_NAME_MAX = 31
# Excel refuses these in sheet names; "History" is a name Excel keeps for itself.
_ILLEGAL_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_EXCEL_RESERVED_SHEETS = ("History",)
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
_BOLD = Font(bold=True)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


# -- the formula-injection defence --------------------------------------------------------------


def neutralise(value: object) -> object:
    """`value` made safe to put in a spreadsheet cell.

    A string whose first character, or first character after leading whitespace, is one of
    ``= + - @``, a tab or a carriage return gets a leading apostrophe (``"=1+1"`` becomes
    ``"'=1+1"``, ``"  @SUM(A1)"`` becomes ``"'  @SUM(A1)"``). Any other value, including numbers
    (negative ones too), booleans, None, NaN and ``pd.NA``, is returned unchanged. Text that looks
    like a negative number, such as ``"-70.5"``, is still text and is neutralised. Safe strings,
    including ones that already begin with an apostrophe, are returned as they are, so applying
    the defence twice changes nothing more.
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in FORMULA_TRIGGERS or value.lstrip()[:1] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _is_text_column(series: pd.Series) -> bool:
    """Whether a column can hold text: object, string or categorical dtype (never numbers)."""
    dtype = series.dtype
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with `neutralise` applied to every text (object/string) column.

    Numeric, boolean and date columns are left as they are; the input frame is never changed.
    String columns keep their dtype; categorical columns come back as object columns.
    """
    result = frame.copy()
    for position in range(result.shape[1]):
        series = result.iloc[:, position]
        if not _is_text_column(series):
            continue
        if isinstance(series.dtype, pd.CategoricalDtype):
            cleaned = series.astype(object).map(neutralise)
        elif pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
            cleaned = series.map(neutralise, na_action="ignore").astype(series.dtype)
        else:
            cleaned = series.map(neutralise)
        result.isetitem(position, cleaned)
    return result


# -- turning one value into what a file holds ---------------------------------------------------


def _is_missing(value: object) -> bool:
    """None, NaN, pd.NA or NaT (and never a list, whose truth pandas refuses to tell)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and np.isnat(value)


def _flatten(value: object) -> object:
    """A list, tuple or set joined with "|"; a dict as JSON; anything else as it is."""
    if isinstance(value, list | tuple | set | frozenset | np.ndarray):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        return LIST_SEPARATOR.join(str(item) for item in items if not _is_missing(item))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _plain(value: object) -> object:
    """`value` as a plain Python object: numpy scalars unwrapped, missing values as None."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    return None if _is_missing(value) else value


def _xlsx_value(value: object) -> object:
    """One value as an openpyxl cell value, flattened and neutralised.

    Datetimes with a time zone are written in UTC without one (Excel has no time zones);
    infinite numbers, which Excel cannot hold, and empty text are left empty; characters that XML forbids
    (control characters other than tab, line feed and carriage return) are dropped; carriage
    returns become line feeds, Excel's line break (XML readers would turn them into line feeds anyway).
    Strings longer than Excel's 32,767 characters are cut by openpyxl; the CSV keeps them whole.
    """
    value = _plain(_flatten(value))
    if value is None or isinstance(value, bool | int | Decimal | date | time | timedelta):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(text) if text else None


def prepare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` ready for a text file: lists joined with "|", dicts as JSON, headers
    and every text cell neutralised. Numeric columns are untouched."""
    result = frame.copy()
    for position in range(result.shape[1]):
        series = result.iloc[:, position]
        if pd.api.types.is_object_dtype(series.dtype):
            result.isetitem(position, series.map(_flatten))
    result = neutralise_frame(result)
    result.columns = [neutralise(str(name)) for name in result.columns]
    return result


# -- names ---------------------------------------------------------------------------------------


def sheet_names(names: Iterable[object], reserved: Iterable[str] = (ABOUT_SHEET,)) -> list[str]:
    """Excel-safe, unique sheet names for `names`, in the same order.

    The characters ``[ ] : * ? / \\`` (and control characters) become "_", leading and trailing
    apostrophes and spaces go, names are cut to 31 characters, an empty name becomes "Sheet", and
    a name already taken (compared ignoring case, as Excel does; `reserved` and Excel's own
    "History" count as taken) gets a suffix "~2", "~3"... kept within the 31 characters.
    """
    taken = {name.casefold() for name in (*reserved, *_EXCEL_RESERVED_SHEETS)}
    result = []
    for name in names:
        base = _ILLEGAL_SHEET_CHARS.sub("_", str(name)).strip(" '")[:SHEET_NAME_MAX].strip(" '")
        base = base or "Sheet"
        candidate, number = base, 2
        while candidate.casefold() in taken:
            suffix = f"~{number}"
            candidate = base[: SHEET_NAME_MAX - len(suffix)].rstrip(" '") + suffix
            number += 1
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def _file_names(names: Iterable[object]) -> list[str]:
    """Safe, unique `<name>.csv` file names (letters, digits, ".", "_" and "-" only)."""
    taken = {ABOUT_FILE.casefold()}
    result = []
    for name in names:
        base = _UNSAFE_FILE_CHARS.sub("_", str(name)).strip("._") or "table"
        candidate, number = f"{base}.csv", 2
        while candidate.casefold() in taken:
            candidate, number = f"{base}-{number}.csv", number + 1
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


# -- XLSX ----------------------------------------------------------------------------------------


def _display_width(value: object) -> int:
    """How many characters wide a value shows (its longest line)."""
    if value is None:
        return 0
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _set_widths(sheet, widths: list[int]) -> None:
    """Column widths from the widest value, between MIN_ and MAX_COLUMN_WIDTH."""
    for position, width in enumerate(widths, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH)


def _write_row(sheet, row_number: int, values: Iterable[object], font: Font | None = None) -> list[int]:
    """Write one row; strings are forced to text cells (never formulas or error codes).

    Returns each cell's display width.
    """
    widths = []
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        if font is not None:
            cell.font = font
        widths.append(_display_width(value))
    return widths


def _write_about(sheet, about: Mapping[str, object]) -> None:
    """The About sheet: one key/value row per entry, keys bold, long values wrapped."""
    widths = [0, 0]
    for row_number, (key, value) in enumerate(about.items(), start=1):
        row = [_xlsx_value(str(key)), _xlsx_value(None if value is None else str(value))]
        row_widths = _write_row(sheet, row_number, row)
        sheet.cell(row=row_number, column=1).font = _BOLD
        sheet.cell(row=row_number, column=2).alignment = _WRAP_TOP
        widths = [max(old, new) for old, new in zip(widths, row_widths, strict=True)]
    _set_widths(sheet, widths)


def _write_table(sheet, frame: pd.DataFrame) -> None:
    """One table: a bold, frozen header row with a filter, then one row per record."""
    header = [_xlsx_value(str(name)) for name in frame.columns]
    widths = _write_row(sheet, 1, header, font=_BOLD)
    for row_number, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        row_widths = _write_row(sheet, row_number, [_xlsx_value(value) for value in record])
        widths = [max(old, new) for old, new in zip(widths, row_widths, strict=True)]
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(frame) + 1, 1)}"
    _set_widths(sheet, widths)


def to_xlsx(tables: Mapping[str, pd.DataFrame], about: Mapping[str, object]) -> bytes:
    """An XLSX workbook: first an "About" sheet of the `about` rows, then one sheet per table.

    Sheet names come from `sheet_names` (so they are at most 31 characters, free of the
    characters Excel refuses, and unique). Lists are joined with "|"; every string cell is
    neutralised and written as a text cell, so no cell of the workbook is ever a formula.
    The header row of each table is bold and frozen; columns are as wide as their longest
    value, up to 60 characters.
    """
    book = Workbook()
    about_sheet = book.active
    about_sheet.title = ABOUT_SHEET
    _write_about(about_sheet, about)
    title = about.get("title")
    if title:
        book.properties.title = str(_xlsx_value(str(title)))
    for name, frame in zip(sheet_names(tables), tables.values(), strict=True):
        _write_table(book.create_sheet(title=name), frame)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- CSV -----------------------------------------------------------------------------------------


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """One table as CSV: UTF-8 with a byte-order mark (so Excel reads accents right), CRLF line
    ends, no index; lists joined with "|" and every text cell and header neutralised."""
    text = prepare_frame(frame).to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return text.encode("utf-8-sig")


def about_text(about: Mapping[str, object]) -> str:
    """The `about` rows as ``key: value`` lines (line breaks inside a value become spaces)."""
    lines = []
    for key, value in about.items():
        shown = "" if value is None else " ".join(str(value).split())
        lines.append(f"{' '.join(str(key).split())}: {shown}".rstrip())
    return "\n".join(lines) + "\n"


def to_csv_zip(tables: Mapping[str, pd.DataFrame], about: Mapping[str, object]) -> bytes:
    """A zip of one `<table>.csv` per table (as `csv_bytes` makes them) and an ``ABOUT.txt``.

    File names keep letters, digits, ".", "_" and "-" (anything else becomes "_") and are unique.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ABOUT_FILE, about_text(about).encode("utf-8"))
        for name, frame in zip(_file_names(tables), tables.values(), strict=True):
            archive.writestr(name, csv_bytes(frame))
    return buffer.getvalue()
