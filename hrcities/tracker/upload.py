"""`read_upload`: an upload's size, its type (by name and by content), then its sheet (the one
asked for, else the one that looks like a tracker) as a frame of text. Anything unreadable or
unsafe raises `UploadError`, whose `message` says what to do."""

import hashlib
from collections.abc import Mapping
from pathlib import PurePath

from ..i18n import msg
from .limits import ALLOWED_EXTENSIONS, MAGIC, MAX_BYTES, MB, REFUSED_EXTENSIONS, Upload, UploadError
from .sheets import _decode_text, _grid_to_frame, _read_csv, _read_xlsx, _sniff_delimiter


def read_upload(filename: str, data: bytes, max_bytes: int = MAX_BYTES, sheet: str | None = None) -> Upload:
    """Read an uploaded tracker (.csv, .txt holding CSV, or .xlsx); raise `UploadError` if unusable.

    Of a workbook, the worksheet named `sheet` is read; without one, the sheet that looks like a
    tracker (`sheets.pick_sheet`). `Upload.sheets` names them all, for a sheet picker.
    """
    _check_size(data, max_bytes)
    extension = PurePath(filename).suffix.lower()
    _check_type(filename, extension, _content_kind(data))
    digest = hashlib.sha256(data).hexdigest()
    if extension == ".xlsx":
        chosen, names, grid = _read_xlsx(data, sheet)
        frame = _grid_to_frame(grid, ragged_is_error=False)
        return Upload(frame, None, None, chosen, digest, filename, names)
    text, encoding = _decode_text(data)
    delimiter = _sniff_delimiter(text)
    frame = _grid_to_frame(_read_csv(text, delimiter), ragged_is_error=True)
    return Upload(frame, encoding, delimiter, None, digest, filename)


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise UploadError(
            msg("The file is empty (0 bytes). Save your tracker again and upload the saved file.")
        )
    if len(data) > max_bytes:
        raise UploadError(
            msg(
                "The file is {size} MB; the limit is {limit} MB. "
                "Delete unused sheets, images or columns, or upload the tracker as CSV.",
                size=format(len(data) / MB, ".1f"),
                limit=format(max_bytes / MB, "g"),
            )
        )


def _content_kind(data: bytes) -> str | None:
    """What the first bytes say the file is, or None when they look like nothing in particular."""
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def _check_type(filename: str, extension: str, kind: str | None) -> None:
    if extension in REFUSED_EXTENSIONS:
        raise UploadError(REFUSED_EXTENSIONS[extension])
    if extension not in ALLOWED_EXTENSIONS:
        what = kind
        if kind in (None, "ole", "zip"):
            what = (
                msg("a '{extension}' file", extension=extension)
                if extension
                else msg("a 'no extension' file")
            )
        raise UploadError(
            msg(
                "'{filename}' is {what}, not a tracker spreadsheet. Only Excel workbooks "
                "(.xlsx) and CSV files (.csv) can be uploaded. "
                "Open it in your spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV.",
                filename=filename,
                what=what,
            )
        )
    if extension == ".xlsx":
        _check_xlsx_kind(kind)
    elif kind == "ole":
        raise UploadError(
            msg(
                "This file is named {extension} but is an Excel file (an old .xls or a password-"
                "protected workbook). Open it in your spreadsheet program and save it as an Excel "
                "Workbook (.xlsx) or as CSV, without a password.",
                extension=extension,
            )
        )
    elif kind == "zip":
        raise UploadError(
            msg(
                "This file is named {extension} but is an Excel workbook or another zip file. "
                "Rename it to .xlsx if it is a workbook, or save it as CSV.",
                extension=extension,
            )
        )
    elif kind:
        raise UploadError(
            msg(
                "This file is named {extension} but is {kind}, not a spreadsheet. Upload the "
                "tracker itself as an Excel Workbook (.xlsx) or as CSV.",
                extension=extension,
                kind=kind,
            )
        )


def _check_xlsx_kind(kind: str | None) -> None:
    if kind == "ole":
        raise UploadError(
            msg(
                "This workbook is password-protected, or it is an old .xls file renamed to "
                ".xlsx. Remove the password (File > Info > Protect Workbook) or save it as an "
                "Excel Workbook (.xlsx), then upload it again."
            )
        )
    if kind is None:
        raise UploadError(
            msg(
                "This file is named .xlsx but is not an Excel workbook. Open it in your spreadsheet "
                "program and save it as an Excel Workbook (.xlsx) or as CSV and upload the saved file."
            )
        )
    if kind != "zip":
        raise UploadError(
            msg(
                "This file is named .xlsx but is not an Excel workbook (it is {kind}). Open it in your "
                "spreadsheet program and save it as an Excel Workbook (.xlsx) or as CSV and upload the "
                "saved file.",
                kind=kind,
            )
        )


def plan_signature(
    upload: Upload,
    mapping: Mapping[str, str | None],
    default_stage: str | None = None,
    country_fixes: Mapping[str, str] | None = None,
) -> str:
    """A digest of what a plan of `upload` depends on besides the store: the file, its sheet, the
    mapping, the stage given for a file without a stage column and the countries fixed by hand."""
    key = (
        upload.sha256,
        upload.sheet,
        sorted(mapping.items()),
        default_stage,
        sorted((country_fixes or {}).items()),
    )
    return hashlib.sha256(repr(key).encode()).hexdigest()
