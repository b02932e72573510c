"""The importer's limits, the files it accepts, `UploadError` and the `Upload` it reads."""

import codecs
from dataclasses import dataclass

import pandas as pd

from ..i18n import msg
from ..schema import TABLES_BY_NAME

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

# Messages are `msg(...)`s (hrcities.i18n), said in the coordinator's language by the page. The advice
# below is written out in each message that gives it, so that each language words a whole sentence.
SAVE_AS = msg("Open it in your spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV")
DAMAGED = msg(
    "This Excel file is damaged or incomplete, so it cannot be read. "
    "Open it in your spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV"
    " again, then upload the new file."
)
ALLOWED_EXTENSIONS = (".csv", ".txt", ".xlsx")
REFUSED_EXTENSIONS = {
    ".xls": msg(
        "This is an old Excel file (.xls). Open it in Excel, choose File > Save As > "
        "Excel Workbook (.xlsx) and upload the .xlsx file."
    ),
    ".xlsm": msg(
        "This is an Excel workbook with macros (.xlsm). Save it as an Excel Workbook (.xlsx), "
        "without macros, and upload that file."
    ),
    ".xlsb": msg(
        "This is a binary Excel workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and upload that file."
    ),
    ".ods": msg(
        "This is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice). Save it as "
        "an Excel Workbook (.xlsx) or as CSV and upload that file."
    ),
    ".numbers": msg("This is an Apple Numbers file. Export it to Excel (.xlsx) or CSV and upload that file."),
}
MAGIC = (  # the first bytes of common files that are not spreadsheets we read
    (b"%PDF", msg("a PDF document")),
    (b"\xd0\xcf\x11\xe0", "ole"),  # old .xls, or an encrypted (password-protected) workbook
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x89PNG", msg("a PNG image")),
    (b"\xff\xd8\xff", msg("a JPEG image")),
    (b"GIF8", msg("a GIF image")),
    (b"MZ\x90\x00", msg("a Windows program")),
    (b"\x7fELF", msg("a program")),
    (b"{\\rtf", msg("an RTF document")),
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
DELIMITERS = (",", ";", "\t")


class UploadError(ValueError):
    """The upload cannot be read; `message` says, for a coordinator, what is wrong and what to do."""

    def __init__(self, message: str):  # a `msg(...)`, for the page to say in its reader's language
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
    sheet: str | None  # XLSX only: the name of the worksheet read
    sha256: str
    filename: str
    sheets: tuple[str, ...] = ()  # XLSX only: every worksheet's name, in the workbook's order
