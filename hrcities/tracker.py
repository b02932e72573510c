"""Read a coordinator's campaign tracker (CSV or XLSX; English, French or Spanish) and plan the import.

Three plain-Python steps, so the dashboard only has to show their results:

1. `read_upload` turns the uploaded bytes into a frame of text. Anything unreadable or unsafe (wrong
   type, damaged workbook, zip bomb, binary data, too big) raises `UploadError`, whose `message`
   tells the coordinator what is wrong and what to do.
2. `suggest_mapping` proposes which of their columns holds which of our `FIELDS`.
3. `plan_import` normalises every mapped cell against the current data (countries, regions, stages,
   dates, numbers, text) and returns an `ImportPlan`: territories to add, changes to existing ones,
   unchanged ones, new sources and every problem with its spreadsheet row and their column heading.
   `plan_tables` applies a plan to the raw tables so the caller can validate them before saving.

Dates with slashes are read day first, as written in Europe, Africa and Latin America:
05/03/2024 is 5 March 2024 and 03/2024 is March 2024.
"""

import codecs
import csv
import difflib
import hashlib
import io
import itertools
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import PurePath
from urllib.parse import urlsplit

import openpyxl
import pandas as pd
from babel import Locale
from babel.core import get_global
from openpyxl.utils import get_column_letter

from .dates import parse_partial_date
from .errors import DataProblem
from .schema import ID_PATTERN, LIST_SEPARATOR, MAX_TEXT, TABLES_BY_NAME, split_list

MB = 1024 * 1024
MAX_BYTES = 10 * MB
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_UNZIPPED = 100 * MB  # a workbook that expands to more than this is refused before opening
MAX_RATIO = 100  # ... and so is one whose member compresses more than this many times
RATIO_FLOOR = MB  # members smaller than this may compress wildly (a few KB of zeros) without danger
FUZZY_CUTOFF = 0.85
PROGRESS_EVERY = 500
FIRST_HEADER_ROW = 1  # spreadsheet rows are numbered from 1, the header's row; data from row 2

TERRITORY_COLUMNS = tuple(c.name for c in TABLES_BY_NAME["territories"].columns)
SOURCE_COLUMNS = tuple(c.name for c in TABLES_BY_NAME["sources"].columns)
KINDS = TABLES_BY_NAME["territories"].column("kind").allowed

# --- reading the upload ----------------------------------------------------------------------------

SAVE_AS = "Open it in your spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV"
DAMAGED = (
    "This Excel file is damaged or incomplete, so it cannot be read. "
    + SAVE_AS
    + " again, then upload the new file."
)
ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")
REFUSED_EXTENSIONS = {
    ".xls": "This is an old Excel file (.xls). Open it in Excel, choose File > Save As > "
    "Excel Workbook (.xlsx) and upload the .xlsx file.",
    ".xlsm": "This is an Excel workbook with macros (.xlsm). Save it as an Excel Workbook (.xlsx), "
    "without macros, and upload that file.",
    ".xlsb": "This is a binary Excel workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and "
    "upload that file.",
    ".ods": "This is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice). Save it as "
    "an Excel Workbook (.xlsx) or as CSV and upload that file.",
    ".numbers": "This is an Apple Numbers file. Export it to Excel (.xlsx) or CSV and upload that file.",
}
MAGIC = (  # the first bytes of common files that are not spreadsheets we read
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "ole"),  # old .xls, or an encrypted (password-protected) workbook
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"MZ\x90\x00", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document"),
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
DELIMITERS = (",", ";", "\t")


class UploadError(ValueError):
    """The upload cannot be read; `message` says, for a coordinator, what is wrong and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, eq=False)
class Upload:
    """A tracker read as text.

    `frame` has their headings (stripped) as column names, every cell a str or None, and the
    spreadsheet row number of each record as its index (the heading is row 1).
    """

    frame: pd.DataFrame
    encoding: str | None  # CSV only: "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252", "Latin-1"
    delimiter: str | None  # CSV only
    sheet: str | None  # XLSX only: the first worksheet's name
    sha256: str
    filename: str


def read_upload(filename: str, data: bytes, max_bytes: int = MAX_BYTES) -> Upload:
    """Read an uploaded tracker (.csv, .txt holding CSV, or .xlsx); raise `UploadError` if unusable."""
    _check_size(data, max_bytes)
    extension = PurePath(filename).suffix.lower()
    _check_type(filename, extension, _content_kind(data))
    digest = hashlib.sha256(data).hexdigest()
    if extension == ".xlsx":
        sheet, grid = _read_xlsx(data)
        return Upload(_grid_to_frame(grid, ragged_is_error=False), None, None, sheet, digest, filename)
    text, encoding = _decode_text(data)
    delimiter = _sniff_delimiter(text)
    frame = _grid_to_frame(_read_csv(text, delimiter), ragged_is_error=True)
    return Upload(frame, encoding, delimiter, None, digest, filename)


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise UploadError("The file is empty (0 bytes). Save your tracker again and upload the saved file.")
    if len(data) > max_bytes:
        raise UploadError(
            f"The file is {len(data) / MB:.1f} MB; the limit is {max_bytes / MB:g} MB. "
            "Delete unused sheets, images or columns, or upload the tracker as CSV."
        )


def _content_kind(data: bytes) -> str | None:
    """What the first bytes say the file is, or None when they look like nothing in particular."""
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def _check_type(filename: str, extension: str, kind: str | None) -> None:
    if extension in REFUSED_EXTENSIONS:
        raise UploadError(REFUSED_EXTENSIONS[extension])
    if extension not in ALLOWED_EXTENSIONS:
        what = kind if kind not in (None, "ole", "zip") else f"a '{extension or 'no extension'}' file"
        raise UploadError(
            f"'{filename}' is {what}, not a tracker spreadsheet. Only Excel workbooks "
            "(.xlsx) and CSV files (.csv) can be uploaded. " + SAVE_AS + "."
        )
    if extension == ".xlsx":
        _check_xlsx_kind(kind)
    elif kind == "ole":
        raise UploadError(
            f"This file is named {extension} but is an Excel file (an old .xls or a password-"
            "protected workbook). " + SAVE_AS + ", without a password."
        )
    elif kind == "zip":
        raise UploadError(
            f"This file is named {extension} but is an Excel workbook or another zip file. "
            "Rename it to .xlsx if it is a workbook, or save it as CSV."
        )
    elif kind:
        raise UploadError(
            f"This file is named {extension} but is {kind}, not a spreadsheet. Upload the "
            "tracker itself as an Excel Workbook (.xlsx) or as CSV."
        )


def _check_xlsx_kind(kind: str | None) -> None:
    if kind == "ole":
        raise UploadError(
            "This workbook is password-protected, or it is an old .xls file renamed to "
            ".xlsx. Remove the password (File > Info > Protect Workbook) or save it as an "
            "Excel Workbook (.xlsx), then upload it again."
        )
    if kind != "zip":
        what = "" if kind is None else f" (it is {kind})"
        raise UploadError(
            f"This file is named .xlsx but is not an Excel workbook{what}. "
            + SAVE_AS
            + " and upload the saved file."
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
                    f"The file says it is {label} text but byte {exc.start} cannot be read "
                    "as such. Save it again as CSV (UTF-8) and upload the new file."
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
    return (
        "This file contains binary data, so it is not a CSV text file. "
        + SAVE_AS
        + " (UTF-8) and upload the saved file."
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
                f"The file is not valid CSV near line {start}: {_csv_detail(exc)}. Open it "
                'in your spreadsheet program, check the quotes (") on that line and save '
                "it again as CSV."
            ) from exc
        number += 1
        if any(cell.strip() for cell in record):
            grid.append((number, list(record)))


def _csv_detail(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        return "a quoted value is never closed"
    if "expected after" in text:
        return "a closing quote is followed by more text in the same cell"
    if "field larger than" in text:
        return "one cell is far too long"
    return text


# --- XLSX ------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> tuple[str, list[tuple[int, list[str | None]]]]:
    """The first worksheet's name and non-empty rows (with their sheet row numbers), as text."""
    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML, zlib...) for damaged files
        raise UploadError(DAMAGED) from exc
    try:
        return _first_sheet(book)
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
            f"This file would expand to {total / MB:,.0f} MB when opened (it is compressed "
            f"{ratio:,.0f} times), far more than a tracker needs; it may be a 'zip bomb'. "
            "Upload a workbook saved normally from Excel, or a CSV file."
        )
    names = {m.filename for m in members}
    if "mimetype" in names and "content.xml" in names:
        raise UploadError(REFUSED_EXTENSIONS[".ods"])
    if "[Content_Types].xml" not in names or not any(re.fullmatch(r"xl/.*workbook\.xml", n) for n in names):
        raise UploadError(
            "This file is a zip archive but not an Excel workbook (the workbook part is "
            "missing). " + SAVE_AS + " and upload the saved file."
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadError("This workbook is password-protected. Remove the password and upload it again.")


def _first_sheet(book) -> tuple[str, list[tuple[int, list[str | None]]]]:
    if not book.worksheets:
        raise UploadError("This workbook has no worksheet. Put the tracker in the first sheet.")
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # do not trust the declared size; read the rows that are there
    grid = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=FIRST_HEADER_ROW):
        cells = [cell_text(v) for v in values]
        if any(c is not None for c in cells):
            grid.append((number, cells))
        if len(grid) > MAX_ROWS + 1:
            raise UploadError(
                f"The first sheet ('{sheet.title}') has more than {MAX_ROWS:,} rows of "
                f"data; the limit is {MAX_ROWS:,}. Split it into several files."
            )
    return sheet.title, grid


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
            "The file has no rows at all, not even a heading row. Put the column headings "
            "in the first row and one territory per row below them."
        )
    (_, header), data = grid[0], grid[1:]
    if not data:
        raise UploadError(
            "The file has a heading row but no data rows. Add one row per territory below the headings."
        )
    if len(data) > MAX_ROWS:
        raise UploadError(
            f"The file has {len(data):,} rows of data; the limit is {MAX_ROWS:,}. "
            "Split it into several files."
        )
    width = max(_filled_width(cells) for _, cells in grid)
    if width > MAX_COLUMNS:
        raise UploadError(
            f"The file has {width} columns; the limit is {MAX_COLUMNS}. Delete the columns "
            "the tracker does not need."
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
        f"Row {number} has {_filled_width(cells)} values but the heading row has only "
        f"{header_width} columns. A value probably contains the separator or a stray quote: "
        "check that row, then save the file again as CSV."
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
                f"Two columns have the same heading: column {get_column_letter(first + 1)} ({first + 1}) "
                f"'{names[first]}' and column {get_column_letter(position + 1)} ({position + 1}) "
                f"'{name}'. Rename or delete one of them and upload the file again."
            )
        seen[key] = position
    return names


# --- our fields and their column headings ----------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A tracker field we accept, with the column headings (EN, FR, ES) that usually hold it."""

    name: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field(
        "name",
        "Name",
        True,
        (
            "name",
            "city",
            "territory",
            "local government",
            "city name",
            "territory name",
            "municipality",
            "nom",
            "ville",
            "collectivité",
            "collectivité territoriale",
            "territoire",
            "commune",
            "nom de la ville",
            "nombre",
            "ciudad",
            "municipio",
            "gobierno local",
            "nombre de la ciudad",
            "localidad",
        ),
    ),
    Field(
        "local_name",
        "Local name",
        False,
        (
            "local name",
            "official name",
            "name in local language",
            "native name",
            "nom local",
            "nom officiel",
            "nombre local",
            "nombre oficial",
        ),
    ),
    Field(
        "kind",
        "Type",
        False,
        (
            "type",
            "kind",
            "territory type",
            "type of government",
            "category",
            "type de collectivité",
            "catégorie",
            "tipo",
            "tipo de gobierno local",
            "categoría",
        ),
    ),
    Field(
        "country",
        "Country",
        True,
        (
            "country",
            "country name",
            "country code",
            "iso3",
            "country iso3",
            "nation",
            "pays",
            "code pays",
            "país",
            "código de país",
            "código país",
        ),
    ),
    Field(
        "region",
        "UCLG region",
        False,
        ("region", "uclg region", "uclg section", "région", "région cglu", "región", "región cglu"),
    ),
    Field(
        "stage",
        "Campaign stage",
        True,
        (
            "stage",
            "status",
            "campaign stage",
            "campaign status",
            "étape",
            "statut",
            "étape de la campagne",
            "statut dans la campagne",
            "etapa",
            "estado",
            "situación",
            "etapa de la campaña",
        ),
    ),
    Field(
        "joined",
        "Date joined",
        False,
        (
            "joined",
            "date joined",
            "year joined",
            "membership date",
            "joining date",
            "date of joining",
            "année d'adhésion",
            "date d'adhésion",
            "adhésion",
            "fecha de adhesión",
            "año de adhesión",
            "adhesión",
            "fecha de incorporación",
        ),
    ),
    Field(
        "population",
        "Population",
        False,
        (
            "population",
            "inhabitants",
            "pop",
            "habitants",
            "nombre d'habitants",
            "población",
            "habitantes",
            "número de habitantes",
        ),
    ),
    Field("latitude", "Latitude", False, ("latitude", "lat", "latitud")),
    Field("longitude", "Longitude", False, ("longitude", "lon", "lng", "long", "longitud")),
    Field(
        "source_url",
        "Source (web address)",
        False,
        (
            "source",
            "source url",
            "link",
            "url",
            "website",
            "web",
            "reference",
            "lien",
            "site web",
            "référence",
            "enlace",
            "fuente",
            "sitio web",
            "referencia",
        ),
    ),
    Field(
        "notes",
        "Notes",
        False,
        (
            "notes",
            "note",
            "comments",
            "comment",
            "remarks",
            "remarques",
            "commentaires",
            "commentaire",
            "observations",
            "observaciones",
            "notas",
            "comentarios",
        ),
    ),
    Field(
        "id",
        "Identifier",
        False,
        ("id", "identifier", "territory id", "slug", "identifiant", "identificador"),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}


@lru_cache(maxsize=65536)
def normalise_header(text: str) -> str:
    """Lower case, accents stripped, punctuation and underscores as spaces.

    "Année d'adhésion" → "annee d adhesion"; "UCLG_Region" → "uclg region".
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, str]:
    """Every normalised heading we recognise → the field it names."""
    index: dict[str, str] = {}
    for item in FIELDS:
        for text in (*item.synonyms, item.name, item.label):
            index.setdefault(normalise_header(text), item.name)
    return index


def suggest_mapping(headers: list[str]) -> dict[str, str | None]:
    """For each heading, the field it probably holds, or None; no field is suggested twice.

    An exact match of a known heading (accents, case and punctuation aside) beats a close one
    (`difflib`, ratio at least `FUZZY_CUTOFF`); among equals the leftmost column wins.
    """
    index = _synonym_index()
    candidates = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in index:
            candidates.append((1.0, position, index[key]))
            continue
        for match in difflib.get_close_matches(key, list(index), n=3, cutoff=FUZZY_CUTOFF):
            score = difflib.SequenceMatcher(None, key, match).ratio()
            candidates.append((score, position, index[match]))
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    placed, taken = set(), set()
    for _, position, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if position not in placed and name not in taken:
            mapping[headers[position]] = name
            placed.add(position)
            taken.add(name)
    return mapping


# --- value normalisers -----------------------------------------------------------------------------


class InvalidValue(ValueError):
    """A cell's value breaks a rule; `rule` says which, in words a coordinator can act on."""

    def __init__(self, rule: str):
        super().__init__(rule)
        self.rule = rule


RETIRED_ALPHA3 = frozenset({"BUR", "DDR", "FXX", "TMP", "YMD", "ZAR"})  # Babel still lists them
NOT_COUNTRIES = re.compile(r"AA|EU|EZ|UN|Q[M-Z]|X[A-JL-Z]|ZZ")  # unions and user-assigned codes (not XK)
COUNTRY_NAME_LANGUAGES = ("en", "fr", "es")
EXTRA_COUNTRY_NAMES = {  # common names Babel does not give
    "UK": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "United States of America": "US",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "Korea, Republic of": "KR",
    "Turkey": "TR",
    "Turquie": "TR",
    "Turquía": "TR",
    "Czech Republic": "CZ",
    "République tchèque": "CZ",
    "República Checa": "CZ",
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Palestine": "PS",
    "Russian Federation": "RU",
    "Viet Nam": "VN",
    "Holland": "NL",
    "Pays-Bas": "NL",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "RDC": "CD",
}


@lru_cache(maxsize=1)
def _country_codes() -> tuple[dict[str, str], dict[str, str]]:
    """Babel's alpha-3 → alpha-2 aliases, and the current alpha-3 of every named alpha-2 code."""
    english = Locale.parse("en").territories
    to_alpha2 = {
        alpha3: targets[0]
        for alpha3, targets in get_global("territory_aliases").items()
        if re.fullmatch(r"[A-Z]{3}", alpha3)
        and len(targets) == 1
        and re.fullmatch(r"[A-Z]{2}", targets[0])
        and targets[0] in english
        and not NOT_COUNTRIES.fullmatch(targets[0])
    }
    to_alpha3 = {alpha2: alpha3 for alpha3, alpha2 in to_alpha2.items() if alpha3 not in RETIRED_ALPHA3}
    return to_alpha2, to_alpha3


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, str]]:
    """Normalised country name (EN, FR, ES and a few common extras) → (alpha-3, name as written)."""
    _, to_alpha3 = _country_codes()
    names: dict[str, tuple[str, str]] = {}
    for language in COUNTRY_NAME_LANGUAGES:
        for alpha2, name in Locale.parse(language).territories.items():
            if alpha2 in to_alpha3:
                names.setdefault(normalise_header(name), (to_alpha3[alpha2], name))
    for name, alpha2 in EXTRA_COUNTRY_NAMES.items():
        names.setdefault(normalise_header(name), (to_alpha3[alpha2], name))
    return names


def _iso3_from_code(key: str) -> str | None:
    to_alpha2, to_alpha3 = _country_codes()
    code = key.upper()
    if len(code) == 3 and code in to_alpha2:
        return to_alpha3.get(to_alpha2[code])
    return to_alpha3.get(code) if len(code) == 2 else None


ENGLISH_NAME_OVERRIDES = {  # Babel's short English names that read oddly in a list of places
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "MM": "Myanmar",
    "PS": "Palestine",
    "HK": "Hong Kong",
    "MO": "Macao",
}


def english_country_name(iso3: str) -> str:
    """The English name for an ISO alpha-3 code (Babel's, with a few plainer overrides)."""
    to_alpha2, _ = _country_codes()
    alpha2 = to_alpha2[iso3]
    return ENGLISH_NAME_OVERRIDES.get(alpha2) or Locale.parse("en").territories[alpha2]


def normalise_country(text: str, known_names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(ISO alpha-3, English name) for 'ESP', 'ES', 'Spain', 'Espagne', 'España' (any case, accents).

    `known_names` maps alpha-3 codes to the names our data already writes; they are preferred
    (and recognised) over Babel's. Raise `InvalidValue` for a country we cannot tell.
    """
    known_names = known_names or {}
    key = normalise_header(text)
    in_data = {normalise_header(name): iso3 for iso3, name in known_names.items()}
    found = _country_names().get(key)
    iso3 = _iso3_from_code(key) or (found and found[0]) or in_data.get(key)
    if iso3 is None:
        raise InvalidValue(_unknown_country_rule(key))
    return iso3, known_names.get(iso3) or english_country_name(iso3)


def _unknown_country_rule(key: str) -> str:
    close = difflib.get_close_matches(key, list(_country_names()), n=1, cutoff=0.8)
    hint = f" Did you mean '{_country_names()[close[0]][1]}'?" if close else ""
    return (
        "unknown country: write its name in English, French or Spanish, or its ISO code "
        f"(e.g. Spain, Espagne, España, ESP or ES).{hint}"
    )


REGION_WORDS = {
    "africa": ("africa", "afrique", "áfrica"),
    "asia-pacific": ("asia pacific", "asia and the pacific", "aspac", "asie pacifique", "asia pacífico"),
    "eurasia": ("eurasia", "eurasie"),
    "europe": ("europe", "europa", "cemr"),
    "mewa": (
        "mewa",
        "middle east and west asia",
        "middle east",
        "moyen orient et asie de l'ouest",
        "moyen orient",
        "oriente medio y asia occidental",
        "oriente medio",
        "medio oriente",
    ),
    "latin-america": ("latin america", "amérique latine", "américa latina", "latinoamérica"),
    "north-america": ("north america", "amérique du nord", "américa del norte", "norteamérica"),
}
STAGE_WORDS = {
    "engaged": ("engaged", "participating", "participant", "participe", "participante", "participa"),
    # "engagée" and "comprometida" mean "committed": in a tracker that is a pledge
    "pledged": (
        "pledged",
        "pledge",
        "committed",
        "engagement",
        "engagée",
        "engagé",
        "promesse",
        "compromiso",
        "promesa",
        "comprometida",
        "comprometido",
    ),
    "form_sent": ("form sent", "form", "formulaire envoyé", "formulaire", "formulario enviado", "formulario"),
    "member": (
        "member",
        "joined",
        "membership",
        "membre",
        "adhérent",
        "adhérente",
        "miembro",
        "adherida",
        "adherido",
        "adherente",
    ),
    "framework": (
        "framework",
        "local framework",
        "charter",
        "charte",
        "charte locale",
        "cadre local",
        "carta",
        "carta local",
        "marco local",
    ),
}
KIND_WORDS = {
    "city": ("city", "town", "ville", "cité", "ciudad"),
    "municipality": ("municipality", "commune", "municipalité", "municipio", "municipalidad", "ayuntamiento"),
    "county": ("county", "comté", "condado"),
    "province": ("province", "département", "provincia", "departamento", "diputación"),
    "region": ("region", "région", "región", "comunidad autónoma"),
}


def word_index(
    table: pd.DataFrame | None,
    words: Mapping[str, tuple[str, ...]],
    text_columns: tuple[str, ...] = ("label",),
) -> dict[str, str]:
    """Normalised id, label (and `text_columns`) and extra words → our id, for ids in `table`."""
    ids = list(words) if table is None else [i for i in table["id"] if isinstance(i, str)]
    index: dict[str, str] = {}
    for record in [] if table is None else table.to_dict("records"):
        for column in ("id", *text_columns):
            if isinstance(record.get(column), str):
                index.setdefault(normalise_header(record[column]), record["id"])
    for ident in ids:
        for word in words.get(ident, ()):
            index.setdefault(normalise_header(word), ident)
    return index


def _look_up(text: str, index: Mapping[str, str], what: str) -> str:
    found = index.get(normalise_header(text))
    if found is None:
        choices = ", ".join(sorted(set(index.values())))
        raise InvalidValue(f"unknown {what}: use one of {choices} (French and Spanish words work too)")
    return found


def normalise_region(text: str, regions: pd.DataFrame) -> str:
    """Our region id for an id, an English label, a UCLG section or a French/Spanish name."""
    return _look_up(text, word_index(regions, REGION_WORDS, ("label", "section")), "region")


def normalise_stage(text: str, stages: pd.DataFrame) -> str:
    """Our stage id for an id, an English label or a French/Spanish word ('membre', 'promesa')."""
    return _look_up(text, word_index(stages, STAGE_WORDS), "stage")


def normalise_kind(text: str) -> str:
    """One of our kinds (city, municipality, county, province, region) from EN, FR or ES words."""
    return _look_up(text, _kind_index(), "type")


@lru_cache(maxsize=1)
def _kind_index() -> dict[str, str]:
    return word_index(None, {kind: KIND_WORDS.get(kind, ()) + (kind,) for kind in KINDS})


def infer_region(iso3: str, territories: pd.DataFrame) -> str | None:
    """The region our data most often gives territories of this country, or None if it has none."""
    regions = territories.loc[territories["country_iso3"] == iso3, "uclg_region"].dropna()
    return None if regions.empty else Counter(regions).most_common(1)[0][0]


DATE_FORMATS = (  # (pattern, order of year/month/day groups)
    (r"(\d{4})", "y"),
    (r"(\d{4})-(\d{1,2})", "ym"),
    (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ymd"),
    (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", "dmy"),
    (r"(\d{1,2})[/.-](\d{4})", "my"),
)
DATE_HELP = "write 2024, 2024-03, 2024-03-05, 05/03/2024 (day first) or 03/2024"


def normalise_date(text: str, today: date) -> str:
    """Our partial date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') from the ways trackers write it.

    Slashes are read day first: '05/03/2024' is 5 March 2024. A date after `today` is refused.
    """
    value = text.strip()
    for pattern, order in DATE_FORMATS:
        match = re.fullmatch(pattern, value)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            result = _partial_date(parts.get("y", 0), parts.get("m"), parts.get("d"), value)
            if parse_partial_date(result).start > today:
                raise InvalidValue(f"date is in the future (today is {today.isoformat()})")
            return result
    raise InvalidValue(f"'{value}' is not a date we can read: {DATE_HELP}")


def _partial_date(year: int, month: int | None, day: int | None, value: str) -> str:
    if year < 1900:
        raise InvalidValue(f"'{value}' is not a plausible year: {DATE_HELP}")
    try:
        date(year, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidValue(f"'{value}' is not a real date: {DATE_HELP}") from exc
    return "-".join([f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None])


SPACES = " \u00a0\u202f\u2009\u2007"


def normalise_population(text: str) -> str:
    """A whole number from '1686208', '1 686 208' (any space), '1,686,208', '1.686.208' or '1686208.0'.

    Separators must split the digits into groups of three. A single '.' group ('1.686') is refused
    as ambiguous: it may be a decimal point.
    """
    value = text.strip()
    squeezed = re.sub(f"[{SPACES}]+", " ", value)
    if re.fullmatch(r"\d+(\.0+)?", squeezed):
        return str(int(float(squeezed)))
    match = re.fullmatch(r"\d{1,3}([ ,.'’])\d{3}(?:\1\d{3})*", squeezed)
    if match and not (match.group(1) == "." and squeezed.count(".") == 1):
        return str(int(re.sub(r"\D", "", squeezed)))
    if match:
        raise InvalidValue(
            f"'{value}' is ambiguous (a decimal point or a thousands separator?): write the "
            "population without separators, e.g. 1686208"
        )
    raise InvalidValue("population must be a whole number of people, e.g. 1686208 or 1 686 208")


COORDINATE_RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}


def normalise_coordinate(text: str, axis: str) -> str:
    """A decimal latitude or longitude ('41.38' or '41,38') within its range, as text like '41.38'."""
    low, high = COORDINATE_RANGES[axis]
    value = text.strip().replace("\u2212", "-").lstrip("+")
    if re.fullmatch(r"-?\d+,\d+", value):
        value = value.replace(",", ".")
    if re.fullmatch(r"-?\d+(\.\d+)?[eE][-+]?\d+", value):  # a spreadsheet's repr of a tiny number
        value = f"{float(value):.8f}".rstrip("0").rstrip(".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", value):
        raise InvalidValue(f"{axis} must be a decimal number of degrees, e.g. 41.38 or 41,38")
    if not low <= float(value) <= high:
        raise InvalidValue(f"{axis} must be between {low} and {high}")
    return value


FORMULA_START = ("=", "+", "@")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode 'Cc' but tab and line ends


def check_text(text: str, single_line: bool = False) -> str:
    """The text stripped; refused if it holds HTML, looks like a formula, is too long or has control codes."""
    value = text.strip()
    if "<" in value or ">" in value:
        raise InvalidValue("HTML is not allowed: remove the '<' and '>' characters")
    if value.startswith(FORMULA_START):
        raise InvalidValue(
            f"looks like a spreadsheet formula (it starts with '{value[0]}'): type the value itself"
        )
    if len(value) > MAX_TEXT:
        raise InvalidValue(f"text is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
    if CONTROL.search(value):
        raise InvalidValue("contains invisible control characters: retype the value")
    if single_line and re.search(r"[\r\n]", value):
        raise InvalidValue("must fit on one line (no line breaks)")
    return value


def normalise_url(text: str) -> str:
    """A web address starting http:// or https:// (the scheme put in lower case)."""
    value = check_text(text, single_line=True)
    match = re.fullmatch(r"(https?)(://\S+)", value, flags=re.IGNORECASE)
    if not match:
        raise InvalidValue("must be a web address starting with http:// or https://")
    return match.group(1).lower() + match.group(2)


def normalise_id(text: str) -> str:
    """An identifier as our data writes them: lower-case letters, digits and hyphens."""
    value = text.strip()
    if not re.fullmatch(ID_PATTERN, value):
        raise InvalidValue("an id must be lower-case letters, digits and hyphens, e.g. testville")
    return value


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Ciudad Juárez' → 'ciudad-juarez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- the import plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """An existing territory the file changes: our columns before and after (changed ones only)."""

    id: str
    name: str
    row: int
    before: dict
    after: dict


@dataclass(frozen=True)
class ImportPlan:
    """What importing a tracker would do; nothing is saved until the caller applies it."""

    filename: str
    rows_read: int
    added: list[dict]  # full territory rows, our columns, text or None
    added_rows: list[int]  # the spreadsheet row of each added territory
    changed: list[Change]
    unchanged: list[str]
    new_sources: list[dict]
    problems: list[DataProblem]

    def summary(self) -> dict[str, int]:
        """Counts for the preview: rows read, added, changed, unchanged, new sources, problems."""
        return {
            "rows_read": self.rows_read,
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "new_sources": len(self.new_sources),
            "problems": len(self.problems),
            "rows_with_problems": len({p.row for p in self.problems if p.row is not None}),
        }


def _text_or_none(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return str(value) if str(value) != "" else None


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _text_or_none(v) for k, v in record.items()} for record in frame.to_dict("records")]


def name_key(text: str) -> str:
    """How names are compared: accents, case and punctuation aside ('l'Alfàs' ~ 'L Alfas')."""
    return normalise_header(text)


@dataclass(frozen=True)
class _Context:
    """The current data as the plan needs it, built once per import."""

    file: str
    today: date
    source_id: str
    by_id: dict[str, dict]
    by_name: dict[tuple[str, str], list[str]]
    by_local_name: dict[tuple[str, str], list[str]]
    country_names: tuple[tuple[str, str], ...]  # (alpha-3, name as our data writes it)
    region_by_country: dict[str, str]
    regions: dict[str, str]
    stages: dict[str, str]
    source_by_url: dict[str, str]
    source_ids: frozenset[str]

    @classmethod
    def build(cls, file: str, current: Mapping[str, pd.DataFrame], today: date, source_id: str):
        territories = _records(current["territories"])
        by_name, by_local = defaultdict(list), defaultdict(list)
        for row in territories:
            by_name[(name_key(row["name"] or ""), row["country_iso3"])].append(row["id"])
            if row["local_name"]:
                by_local[(name_key(row["local_name"]), row["country_iso3"])].append(row["id"])
        names = {r["country_iso3"]: r["country"] for r in territories if r["country_iso3"] and r["country"]}
        sources = _records(current["sources"])
        return cls(
            file=file,
            today=today,
            source_id=source_id,
            by_id={row["id"]: row for row in territories},
            by_name=dict(by_name),
            by_local_name=dict(by_local),
            country_names=tuple(sorted(names.items())),
            region_by_country={iso3: infer_region(iso3, current["territories"]) for iso3 in names},
            regions=word_index(current["regions"], REGION_WORDS, ("label", "section")),
            stages=word_index(current["stages"], STAGE_WORDS),
            source_by_url={s["url"]: s["id"] for s in sources if s["url"]},
            source_ids=frozenset(s["id"] for s in sources),
        )

    def problem(
        self, rule: str, row: int | None = None, column: str | None = None, value: str | None = None
    ) -> DataProblem:
        return DataProblem(self.file, rule, row=row, column=column, value=value)

    def country(self, text: str) -> tuple[str, str]:
        return _cached_country(text, self.country_names)


@lru_cache(maxsize=4096)
def _cached_country(text: str, known: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    return normalise_country(text, dict(known))


NORMALISERS: dict[str, Callable[[str, _Context], object]] = {
    "id": lambda text, ctx: normalise_id(text),
    "name": lambda text, ctx: check_text(text, single_line=True),
    "local_name": lambda text, ctx: check_text(text, single_line=True),
    "kind": lambda text, ctx: normalise_kind(text),
    "country": lambda text, ctx: ctx.country(text),
    "region": lambda text, ctx: _look_up(text, ctx.regions, "region"),
    "stage": lambda text, ctx: _look_up(text, ctx.stages, "stage"),
    "joined": lambda text, ctx: normalise_date(text, ctx.today),
    "population": lambda text, ctx: normalise_population(text),
    "latitude": lambda text, ctx: normalise_coordinate(text, "latitude"),
    "longitude": lambda text, ctx: normalise_coordinate(text, "longitude"),
    "source_url": lambda text, ctx: normalise_url(text),
    "notes": lambda text, ctx: check_text(text),
}


@dataclass
class _Row:
    """One record of their file while it is being planned."""

    number: int
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (their heading, raw text)
    found: dict[str, object] = field(default_factory=dict)  # field → normalised value
    problems: list[DataProblem] = field(default_factory=list)
    target: str | None = None  # id of the existing territory this row updates
    by_id: bool = False  # matched by its id column (so its name may rename the territory)
    key: object = None  # what makes two rows the same territory

    def heading(self, name: str) -> str | None:
        return self.cells[name][0] if name in self.cells else None


def plan_import(
    upload: Upload,
    mapping: Mapping[str, str | None],
    current: Mapping[str, pd.DataFrame],
    today: date,
    import_source_id: str,
    progress: Callable[[float], None] | None = None,
) -> ImportPlan:
    """Plan importing `upload` with `mapping` (their heading → our field name, or None) into `current`.

    `current` holds the raw text tables ('territories', 'regions', 'stages', 'sources'). Rows are
    matched to existing territories by a mapped id, else by name (or local name) and country,
    accents and case aside. An empty cell never erases data. Rows with any problem are left out of
    `added` and `changed`. When `import_source_id` is not yet a source, `new_sources` holds a row
    for it (the caller may add its own row to `current['sources']` first).
    """
    if not re.fullmatch(ID_PATTERN, import_source_id):
        raise ValueError(f"import_source_id must match {ID_PATTERN}: {import_source_id!r}")
    ctx = _Context.build(upload.filename, current, today, import_source_id)
    columns, problems = _mapped_columns(upload.frame, mapping, ctx)
    if problems:
        return ImportPlan(upload.filename, len(upload.frame), [], [], [], [], [], problems)
    rows = _read_rows(upload.frame, columns, ctx, progress)
    for row in rows:
        _resolve(row, ctx)
    _flag_duplicates(rows, ctx)
    builder = _Builder(ctx)
    for row in rows:
        if not row.problems:
            builder.take(row)
    problems = sorted(
        (p for row in rows for p in row.problems), key=lambda p: (p.row or 0, p.column or "", p.rule)
    )
    if progress:
        progress(1.0)
    return builder.plan(len(rows), problems)


def _mapped_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str | None], ctx: _Context
) -> tuple[dict[str, str], list[DataProblem]]:
    """Our field → their heading, and the problems of the mapping itself (missing required fields)."""
    unknown = [h for h, f in mapping.items() if f is not None and (f not in FIELDS_BY_NAME or h not in frame)]
    if unknown:
        raise ValueError(f"mapping names columns or fields that do not exist: {unknown}")
    columns: dict[str, str] = {}
    problems = []
    for header in frame.columns:
        name = mapping.get(header)
        if name is None:
            continue
        if name in columns:
            problems.append(
                ctx.problem(
                    f"two columns are chosen for the same field "
                    f"'{FIELDS_BY_NAME[name].label}': '{columns[name]}' and "
                    f"'{header}'; choose one",
                    column=header,
                )
            )
        columns.setdefault(name, header)
    for item in FIELDS:
        if item.required and item.name not in columns:
            examples = ", ".join(s.title() for s in item.synonyms[:1] + _other_languages(item))
            problems.append(
                ctx.problem(
                    f"no column is chosen for the required field '{item.label}': add "
                    f"a column headed e.g. {examples}, or choose it in the mapping"
                )
            )
    return columns, problems


def _other_languages(item: Field) -> tuple[str, ...]:
    """A French and a Spanish heading for a field, for messages."""
    examples = {"name": ("nom", "nombre"), "country": ("pays", "país"), "stage": ("étape", "etapa")}
    return examples.get(item.name, ())


def _read_rows(
    frame: pd.DataFrame, columns: dict[str, str], ctx: _Context, progress: Callable[[float], None] | None
) -> list[_Row]:
    headers = list(columns.values())
    names = list(columns)
    rows = []
    total = max(len(frame), 1)
    for count, (number, *cells) in enumerate(frame[headers].itertuples(name=None), start=1):
        rows.append(_read_row(int(number), dict(zip(names, cells, strict=True)), columns, ctx))
        if progress and count % PROGRESS_EVERY == 0:
            progress(count / total)
    return rows


def _read_row(number: int, cells: dict[str, str | None], columns: dict[str, str], ctx: _Context) -> _Row:
    """Normalise one record's mapped cells and check the rules that concern the row alone."""
    row = _Row(number)
    for name, text in cells.items():
        header = columns[name]
        if text is None or not str(text).strip():
            if FIELDS_BY_NAME[name].required:
                row.problems.append(ctx.problem("a value is required", number, header))
            continue
        row.cells[name] = (header, str(text))
        try:
            row.found[name] = NORMALISERS[name](str(text), ctx)
        except InvalidValue as invalid:
            row.problems.append(ctx.problem(invalid.rule, number, header, str(text)))
    given = [axis for axis in ("latitude", "longitude") if axis in row.cells]
    if len(given) == 1:
        row.problems.append(
            ctx.problem(
                "latitude and longitude go together: give both or neither",
                number,
                row.heading(given[0]),
                row.cells[given[0]][1],
            )
        )
    return row


def _resolve(row: _Row, ctx: _Context) -> None:
    """Find the existing territory the row updates, and the key that says which territory it is."""
    if "name" not in row.found or "country" not in row.found:
        return
    name, (iso3, _) = row.found["name"], row.found["country"]
    given = row.found.get("id")
    if given in ctx.by_id:
        row.target, row.by_id = given, True
    else:
        place = (name_key(name), iso3)
        ids = ctx.by_name.get(place) or ctx.by_local_name.get(place) or []
        if len(ids) > 1:
            row.problems.append(
                ctx.problem(
                    f"matches several territories ({', '.join(ids)}): add an id column to say which one",
                    row.number,
                    row.heading("name"),
                    name,
                )
            )
        elif ids:
            row.target = ids[0]
    row.key = row.target or given or (name_key(name), iso3)


def _flag_duplicates(rows: list[_Row], ctx: _Context) -> None:
    groups: dict[object, list[_Row]] = defaultdict(list)
    for row in rows:
        if row.key is not None:
            groups[row.key].append(row)
    for group in groups.values():
        if len(group) < 2:
            continue
        numbers = [str(r.number) for r in group]
        where = ", ".join(numbers[:-1]) + " and " + numbers[-1]
        for row in group:
            row.problems.append(
                ctx.problem(
                    f"the same territory appears more than once in the file (rows {where}): keep one row",
                    row.number,
                    row.heading("name"),
                    row.cells["name"][1],
                )
            )


CHANGE_COLUMNS = {  # our field → (our column, its status column)
    "name": ("name", None),
    "local_name": ("local_name", None),
    "kind": ("kind", None),
    "region": ("uclg_region", "region_status"),
    "stage": ("stage", "stage_status"),
    "joined": ("joined", "joined_status"),
    "population": ("population", None),
    "latitude": ("latitude", None),
    "longitude": ("longitude", None),
    "notes": ("notes", None),
}


def _same(name: str, new: str, old: str | None) -> bool:
    """Whether the file's value says nothing new about our value."""
    if old is None:
        return False
    if name in ("name", "local_name"):
        return name_key(new) == name_key(old)
    if name == "joined":  # a less precise date that agrees ('2022' for '2022-03-05') is no news
        return old == new or old.startswith(new + "-")
    if name == "population":
        return int(new) == int(old)
    if name in ("latitude", "longitude"):
        return abs(float(new) - float(old)) < 1e-9
    return new == old


def territory_updates(existing: dict, values: Mapping[str, object]) -> dict[str, str]:
    """Our columns the file's normalised `values` change in the `existing` row, with their new values."""
    after: dict[str, str] = {}
    for name, value in values.items():
        if name == "country":
            iso3, country = value
            if iso3 != existing["country_iso3"]:
                after.update(country_iso3=iso3, country=country)
        elif name in CHANGE_COLUMNS and not _same(name, value, existing[CHANGE_COLUMNS[name][0]]):
            column, status = CHANGE_COLUMNS[name]
            after[column] = value
            if status:
                after[status] = "confirmed"
    if "latitude" in after or "longitude" in after:  # a point moves as a whole
        after.update(latitude=values["latitude"], longitude=values["longitude"])
    return {column: value for column, value in after.items() if existing[column] != value}


class _Builder:
    """Collects added rows, changes and new sources from rows that have no problem."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.added: list[dict] = []
        self.added_rows: list[int] = []
        self.changed: list[Change] = []
        self.unchanged: list[str] = []
        self.new_sources: dict[str, dict] = {}
        self.taken = set(ctx.by_id)

    def take(self, row: _Row) -> None:
        if row.target:
            self._update(row)
        else:
            self._add(row)

    def _source_for(self, url: str) -> tuple[str, dict | None]:
        """The id of the source for `url`, and its new row when there is none yet."""
        if url in self.ctx.source_by_url:
            return self.ctx.source_by_url[url], None
        ident = "web-" + hashlib.sha1(url.encode()).hexdigest()[:10]
        return ident, self.new_sources.get(ident) or _web_source(ident, url)

    def _sources(self, existing: list[str], row: _Row) -> list[str]:
        sources = list(existing)
        wanted = [self.ctx.source_id]
        if "source_url" in row.found:
            ident, new = self._source_for(row.found["source_url"])
            wanted.append(ident)
            if new:
                self.new_sources[ident] = new
        return sources + [s for s in wanted if s not in sources]

    def _update(self, row: _Row) -> None:
        existing = self.ctx.by_id[row.target]
        # matched by name or local name: the name said which territory, it renames nothing
        values = row.found if row.by_id else {k: v for k, v in row.found.items() if k != "name"}
        after = territory_updates(existing, values)
        url = row.found.get("source_url")
        has_source = url is None or self._source_for(url)[0] in split_list(existing["sources"])
        if not after and has_source:
            self.unchanged.append(existing["id"])
            return
        after["sources"] = LIST_SEPARATOR.join(self._sources(split_list(existing["sources"]), row))
        before = {column: existing[column] for column in after}
        self.changed.append(Change(existing["id"], existing["name"], row.number, before, after))

    def _add(self, row: _Row) -> None:
        iso3, country = row.found["country"]
        region = row.found.get("region")
        status = "confirmed" if region else "inferred"
        region = region or self.ctx.region_by_country.get(iso3)
        if region is None:
            row.problems.append(
                self.ctx.problem(
                    f"no region: no territory of {country} is in our data yet to take it from, so add a "
                    "'Region' column or value (e.g. Europe, Africa, Latin America)",
                    row.number,
                    row.heading("region"),
                )
            )
            return
        ident = row.found.get("id") or unique_id(slugify(row.found["name"]), iso3, self.taken)
        if ident in self.taken:
            row.problems.append(
                self.ctx.problem(
                    "this id is already used by another territory", row.number, row.heading("id"), ident
                )
            )
            return
        self.taken.add(ident)
        self.added.append(self._new_territory(ident, row, region, status))
        self.added_rows.append(row.number)

    def _new_territory(self, ident: str, row: _Row, region: str, region_status: str) -> dict:
        values = row.found
        iso3, country = values["country"]
        record = dict.fromkeys(TERRITORY_COLUMNS)
        record.update(
            id=ident,
            name=values["name"],
            local_name=values.get("local_name"),
            kind=values.get("kind") or "city",
            country_iso3=iso3,
            country=country,
            uclg_region=region,
            region_status=region_status,
            latitude=values.get("latitude"),
            longitude=values.get("longitude"),
            population=values.get("population"),
            stage=values["stage"],
            stage_status="confirmed",
            joined=values.get("joined"),
            joined_status="confirmed" if values.get("joined") else "unknown",
            pioneer="false",
            sources=LIST_SEPARATOR.join(self._sources([], row)),
            notes=values.get("notes"),
        )
        return record

    def plan(self, rows_read: int, problems: list[DataProblem]) -> ImportPlan:
        sources = list(self.new_sources.values())
        used = self.added or self.changed
        if used and self.ctx.source_id not in self.ctx.source_ids:
            sources.insert(0, _import_source(self.ctx))
        return ImportPlan(
            self.ctx.file,
            rows_read,
            self.added,
            self.added_rows,
            self.changed,
            self.unchanged,
            sources,
            problems,
        )


def unique_id(base: str, iso3: str, taken: set[str]) -> str:
    """`base`, else `base-<iso3>`, else `base-<iso3>-2`, -3...: the first not in `taken`."""
    base = base or "territory"
    suffixed = f"{base}-{iso3.lower()}"
    candidates = itertools.chain((base, suffixed), (f"{suffixed}-{n}" for n in itertools.count(2)))
    return next(c for c in candidates if c not in taken)


def _web_source(ident: str, url: str) -> dict:
    parts = urlsplit(url)
    title = (parts.netloc + parts.path).rstrip("/") or url
    title = title if len(title) <= 100 else title[:99] + "…"
    return {"id": ident, "title": title, "publisher": None, "url": url, "published": None, "language": None}


def _import_source(ctx: _Context) -> dict:
    filename = re.sub(r"[<>]", "", ctx.file)[:200]
    return {
        "id": ctx.source_id,
        "title": f"Campaign tracker upload: {filename}",
        "publisher": None,
        "url": None,
        "published": ctx.today.isoformat(),
        "language": None,
    }


def plan_tables(plan: ImportPlan, current: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The raw 'territories' and 'sources' tables as they would be after applying `plan`.

    Columns and order as in `current` (our data files); every cell a str or None.
    """
    updates = {change.id: change.after for change in plan.changed}
    territories = [{**row, **updates.get(row["id"], {})} for row in _records(current["territories"])]
    return {
        "territories": _text_frame(territories + plan.added, current["territories"].columns),
        "sources": _text_frame(_records(current["sources"]) + plan.new_sources, current["sources"].columns),
    }


def _text_frame(rows: list[dict], columns: pd.Index) -> pd.DataFrame:
    return pd.DataFrame([[row.get(c) for c in columns] for row in rows], columns=list(columns), dtype=object)
