"""`read_upload`: an upload's size, its type (by name and by content), then its sheet (the one
asked for, else the one that looks like a tracker) as a frame of text. Anything unreadable or
unsafe raises `UploadError`, whose `message` says what to do."""

import hashlib
from collections.abc import Mapping
from pathlib import PurePath

from .limits import ALLOWED_EXTENSIONS, MAGIC, MAX_BYTES, MB, REFUSED_EXTENSIONS, SAVE_AS, Upload, UploadError
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


def plan_signature(
    upload: Upload, mapping: Mapping[str, str | None], default_stage: str | None = None
) -> str:
    """A digest of what a plan of `upload` depends on besides the store: the file, its sheet, the
    mapping and the stage given for a file without a stage column."""
    key = (upload.sha256, upload.sheet, sorted(mapping.items()), default_stage)
    return hashlib.sha256(repr(key).encode()).hexdigest()
