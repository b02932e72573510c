"""CSV and XLSX into rows of cells, then a frame of text: encodings, delimiters, damaged or
oversized workbooks, the sheet of a workbook to read, ragged rows and headings."""

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime, time

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from ..i18n import msg
from .fields import normalise_header, suggest_mapping
from .limits import (
    BOMS,
    DAMAGED,
    DELIMITERS,
    FIRST_HEADER_ROW,
    MAX_COLUMNS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNZIPPED,
    MB,
    RATIO_FLOOR,
    REFUSED_EXTENSIONS,
    UploadError,
)

# --- CSV -------------------------------------------------------------------------------------------


def _decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding; binary content is refused.

    A byte-order mark decides (UTF-8, UTF-16); else UTF-8, then Windows-1252, then Latin-1
    (which reads any bytes). NUL bytes are only accepted as the high bytes of UTF-16 text.
    """
    text, label = _decode_by_bom(data) or _decode_plain(data)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    if "\x00" in text or controls > max(5, len(text) // 50):
        raise UploadError(_binary_message())
    return text, label


def _decode_by_bom(data: bytes) -> tuple[str, str] | None:
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as exc:
                raise UploadError(
                    msg(
                        "The file says it is {encoding} text but byte {byte} cannot be read "
                        "as such. Save it again as CSV (UTF-8) and upload the new file.",
                        encoding=label,
                        byte=exc.start,
                    )
                ) from exc
    return None


def _decode_plain(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        codec = _bomless_utf16(data)
        try:
            return data.decode(codec or ""), "UTF-16"
        except (LookupError, UnicodeDecodeError) as exc:
            raise UploadError(_binary_message()) from exc
    for codec, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes are the high bytes of mostly-ASCII UTF-16 text."""
    if len(data) % 2:
        return None
    half = len(data) // 2
    for codec, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        if high.count(0) >= 0.9 * half and low.count(0) == 0:
            return codec
    return None


def _binary_message() -> str:
    return msg(
        "This file contains binary data, so it is not a CSV text file. "
        "Open it in your spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV"
        " (UTF-8) and upload the saved file."
    )


def _sniff_delimiter(text: str) -> str:
    """The separator among `,` `;` and tab that splits the heading row into the most columns."""
    sample = text[:65536]

    def width(delimiter: str) -> int:
        try:
            records = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            return len(next((r for r in records if any(c.strip() for c in r)), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=width)


def _read_csv(text: str, delimiter: str) -> list[tuple[int, list[str | None]]]:
    """The non-empty records of a CSV text with their spreadsheet row numbers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    grid, number = [], 0
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return grid
        except csv.Error as exc:
            raise UploadError(
                msg(
                    "The file is not valid CSV near line {line}: {detail}. Open it "
                    'in your spreadsheet program, check the quotes (") on that line and save '
                    "it again as CSV.",
                    line=start,
                    detail=_csv_detail(exc),
                )
            ) from exc
        number += 1
        if any(cell.strip() for cell in record):
            grid.append((number, list(record)))


def _csv_detail(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return msg("a quoted value is never closed")
    if "expected after" in text:
        return msg("a closing quote is followed by more text in the same cell")
    if "field larger than" in text:
        return msg("one cell is far too long")
    return text  # Python's own words, in English


# --- XLSX ------------------------------------------------------------------------------------------


def _read_xlsx(
    data: bytes, wanted: str | None = None
) -> tuple[str, tuple[str, ...], list[tuple[int, list[str | None]]]]:
    """The worksheet read (`wanted`, else `pick_sheet`'s), every worksheet's name, and the non-empty
    rows of the one read (with their sheet row numbers), as text."""
    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML, zlib...) for damaged files
        raise UploadError(DAMAGED) from exc
    try:
        return _read_sheet(book, wanted)
    except UploadError:
        raise
    except Exception as exc:  # a damaged sheet fails while its rows are read
        raise UploadError(DAMAGED) from exc
    finally:
        book.close()


def _check_zip(data: bytes) -> None:
    """Refuse damaged zips, zip bombs, encrypted members and zips that hold no workbook."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadError(DAMAGED) from exc
    total = sum(m.file_size for m in members)
    ratio = max(
        (m.file_size / max(m.compress_size, 1) for m in members if m.file_size > RATIO_FLOOR), default=0
    )
    if total > MAX_UNZIPPED or ratio > MAX_RATIO:
        raise UploadError(
            msg(
                "This file would expand to {size} MB when opened (it is compressed "
                "{ratio} times), far more than a tracker needs; it may be a 'zip bomb'. "
                "Upload a workbook saved normally from Excel, or a CSV file.",
                size=format(total / MB, ",.0f"),
                ratio=format(ratio, ",.0f"),
            )
        )
    names = {m.filename for m in members}
    if "mimetype" in names and "content.xml" in names:
        raise UploadError(REFUSED_EXTENSIONS[".ods"])
    if "[Content_Types].xml" not in names or not any(re.fullmatch(r"xl/.*workbook\.xml", n) for n in names):
        raise UploadError(
            msg(
                "This file is a zip archive but not an Excel workbook (the workbook part is "
                "missing). Open it in your spreadsheet program and save it as an Excel Workbook "
                "(.xlsx) or as CSV and upload the saved file."
            )
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadError(
            msg("This workbook is password-protected. Remove the password and upload it again.")
        )


def _read_sheet(book, wanted: str | None) -> tuple[str, tuple[str, ...], list[tuple[int, list[str | None]]]]:
    if not book.worksheets:
        raise UploadError(msg("This workbook has no worksheet. Put the tracker in the first sheet."))
    names = tuple(sheet.title for sheet in book.worksheets)
    if wanted is not None and wanted not in names:
        raise UploadError(
            msg(
                "This workbook has no sheet named '{sheet}'; its sheets are {sheets}. Choose one of them.",
                sheet=wanted,
                sheets=", ".join(f"'{n}'" for n in names),
            )
        )
    if wanted is None and len(names) > 1:
        grids = {sheet.title: _sheet_rows(sheet) for sheet in book.worksheets}
        wanted = pick_sheet(grids)
        grid = grids[wanted]
    else:
        wanted = wanted or names[0]
        grid = _sheet_rows(book[wanted])
    if len(grid) > MAX_ROWS + 1:
        raise UploadError(
            msg(
                "The sheet '{sheet}' has more than {limit} rows of data; the limit is "
                "{limit}. Split it into several files.",
                sheet=wanted,
                limit=format(MAX_ROWS, ","),
            )
        )
    return wanted, names, grid


def _sheet_rows(sheet) -> list[tuple[int, list[str | None]]]:
    """A worksheet's non-empty rows as text, with their row numbers; one more than the limit at most."""
    sheet.reset_dimensions()  # do not trust the declared size; read the rows that are there
    grid = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=FIRST_HEADER_ROW):
        cells = [cell_text(v) for v in values]
        if any(c is not None for c in cells):
            grid.append((number, cells))
        if len(grid) > MAX_ROWS + 1:
            break
    return grid


def pick_sheet(grids: dict[str, list[tuple[int, list[str | None]]]]) -> str:
    """The sheet that looks most like a tracker: a heading row naming at least two of our fields
    (`suggest_mapping`) first, then the most rows; the leftmost among equals."""

    def score(item: tuple[int, str]) -> tuple[int, int, int]:
        position, name = item
        grid = grids[name]
        headings = [c for c in grid[0][1] if c] if grid else []
        known = sum(1 for field in suggest_mapping(headings).values() if field) if headings else 0
        return min(known, 2), len(grid), -position

    return max(enumerate(grids), key=score)[1]


def cell_text(value: object) -> str | None:
    """A spreadsheet cell as text: 12 and 12.0 → '12'; 0.5 → '0.5'; dates → 'YYYY-MM-DD'; True → 'true'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip() or None


# --- from rows of cells to a frame -----------------------------------------------------------------


def _grid_to_frame(grid: list[tuple[int, list[str | None]]], ragged_is_error: bool) -> pd.DataFrame:
    """A frame of text from non-empty rows: the first is the heading row, the others data."""
    if not grid:
        raise UploadError(
            msg(
                "The file has no rows at all, not even a heading row. Put the column headings "
                "in the first row and one territory per row below them."
            )
        )
    (_, header), data = grid[0], grid[1:]
    if not data:
        raise UploadError(
            msg("The file has a heading row but no data rows. Add one row per territory below the headings.")
        )
    if len(data) > MAX_ROWS:
        raise UploadError(
            msg(
                "The file has {rows} rows of data; the limit is {limit}. Split it into several files.",
                rows=format(len(data), ","),
                limit=format(MAX_ROWS, ","),
            )
        )
    width = max(_filled_width(cells) for _, cells in grid)
    if width > MAX_COLUMNS:
        raise UploadError(
            msg(
                "The file has {columns} columns; the limit is {limit}. Delete the columns "
                "the tracker does not need.",
                columns=width,
                limit=MAX_COLUMNS,
            )
        )
    if ragged_is_error and width > _filled_width(header):
        _refuse_ragged(data, _filled_width(header))
    headers = _headers(header, width)
    rows = [[_clean(c) for c in cells[:width]] + [None] * (width - len(cells)) for _, cells in data]
    index = pd.Index([number for number, _ in data], name="row")
    return pd.DataFrame(rows, columns=headers, index=index, dtype=object)


def _filled_width(cells: list[str | None]) -> int:
    """The position after the last non-empty cell."""
    return max((i + 1 for i, c in enumerate(cells) if _clean(c) is not None), default=0)


def _clean(cell: str | None) -> str | None:
    if cell is None:
        return None
    text = str(cell).strip()
    return text or None


def _refuse_ragged(data: list[tuple[int, list[str | None]]], header_width: int) -> None:
    number, cells = next((n, c) for n, c in data if _filled_width(c) > header_width)
    raise UploadError(
        msg(
            "Row {row} has {values} values but the heading row has only "
            "{columns} columns. A value probably contains the separator or a stray quote: "
            "check that row, then save the file again as CSV.",
            row=number,
            values=_filled_width(cells),
            columns=header_width,
        )
    )


def _headers(header: list[str | None], width: int) -> list[str]:
    """Their headings, stripped; a blank heading becomes '(column C)'; duplicates are refused."""
    cells = [_clean(c) for c in header[:width]] + [None] * (width - len(header))
    names = [c if c is not None else f"(column {get_column_letter(i + 1)})" for i, c in enumerate(cells)]
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        key = normalise_header(name) or name
        if key in seen:
            first = seen[key]
            raise UploadError(
                msg(
                    "Two columns have the same heading: column {first_letter} ({first_number}) "
                    "'{first_heading}' and column {second_letter} ({second_number}) "
                    "'{second_heading}'. Rename or delete one of them and upload the file again.",
                    first_letter=get_column_letter(first + 1),
                    first_number=first + 1,
                    first_heading=names[first],
                    second_letter=get_column_letter(position + 1),
                    second_number=position + 1,
                    second_heading=name,
                )
            )
        seen[key] = position
    return names
