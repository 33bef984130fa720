"""Bytes of an uploaded .xlsx -> the first sheet's rows, below a recognised header.

Every check on the file as a whole lives here (empty, too big, password-protected, old .xls,
text, another kind of zip, corrupt, no header, no data, too many rows); each raises Rejected
with the message to show, and nothing in such a file is checked further.
"""

import io
import zipfile
from dataclasses import dataclass, field

import python_calamine
from django.conf import settings
from django.utils.formats import number_format

from inmates.importing.columns import BY_KEY, COLUMNS, Column, cell_text, header_key
from inmates.importing.messages import (
    DUPLICATE_COLUMN,
    FILE_CORRUPT,
    FILE_EMPTY,
    FILE_NO_SHEET,
    FILE_NOT_EXCEL,
    FILE_OTHER_ZIP,
    FILE_PASSWORD,
    FILE_TEXT,
    FILE_TOO_BIG,
    FILE_XLS,
    HEADER_NOT_FOUND,
    MISSING_COLUMNS,
    NO_DATA_ROWS,
    SHEET_EMPTY,
    TOO_MANY_ROWS,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
# An .xlsx is zipped XML; more than this once unpacked is refused before parsing (a "zip bomb").
# 60,000 rows of 21 columns unpack to well under 100 MB.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
EMPTY = ("", None)


class Rejected(Exception):
    """The file as a whole cannot be read; nothing in it is checked further."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = sample.decode("latin-1")
    printable = sum(1 for char in text if char.isprintable() or char in "\r\n\t")
    return printable >= 0.95 * max(len(text), 1)


def sniff(data: bytes) -> None:
    """Refuse what is not a readable, unprotected .xlsx of an acceptable size, before parsing it."""
    if not data:
        raise Rejected(FILE_EMPTY)
    limit = settings.TPS_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise Rejected(FILE_TOO_BIG % {"size": megabytes(len(data)), "limit": megabytes(limit)})
    if data.startswith(OLE_MAGIC):
        # Excel wraps an encrypted .xlsx in an OLE container with an EncryptedPackage stream;
        # any other OLE file here is an old .xls.
        raise Rejected(FILE_PASSWORD if ENCRYPTED_STREAM in data else FILE_XLS)
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise Rejected(FILE_CORRUPT) from None
        names = [entry.filename for entry in entries]
        if "xl/workbook.xml" not in names:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise Rejected(FILE_OTHER_ZIP % {"names": shown or "-"})
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise Rejected(FILE_CORRUPT)
        return
    if _looks_like_text(data[:4096]):
        raise Rejected(FILE_TEXT)
    raise Rejected(FILE_NOT_EXCEL)


def megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1)


def read_rows(data: bytes) -> tuple[str, list[tuple[int, list]]]:
    """The first visible worksheet as (sheet name, [(Excel row number, cells)]), empty rows skipped."""
    sniff(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [meta for meta in workbook.sheets_metadata
                  if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
                  and meta.visible == python_calamine.SheetVisibleEnum.Visible]
        if not sheets:
            raise Rejected(FILE_NO_SHEET)
        sheet = workbook.get_sheet_by_name(sheets[0].name)
        name = sheet.name
        limit = settings.TPS_IMPORT_MAX_ROWS
        rows = []
        for index, cells in enumerate(sheet.iter_rows()):
            if any(cell not in EMPTY for cell in cells):
                rows.append((index + 1, cells))
                # One header row (or a few title rows above it) plus the allowed data rows.
                if len(rows) > limit + HEADER_SEARCH_ROWS:
                    raise Rejected(TOO_MANY_ROWS % {"limit": number_format(limit, force_grouping=True)})
    except Rejected:
        raise
    except python_calamine.PasswordError:
        raise Rejected(FILE_PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: B036 - calamine's Rust code may panic on a malformed file (PanicException)
        raise Rejected(FILE_CORRUPT) from None
    if not rows:
        raise Rejected(SHEET_EMPTY % {"sheet": name})
    return name, rows


def find_header(rows: list[tuple[int, list]], sheet: str) -> int:
    """Index (in rows) of the header: the first of the top rows naming at least two known columns."""
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in cells if isinstance(cell, str) and header_key(cell) in BY_KEY)
        if known >= 2:
            return position
    raise Rejected(HEADER_NOT_FOUND % {"sheet": sheet})


@dataclass
class Header:
    """What a header row says: which cell holds which column, and the titles nobody knows."""

    row: int  # Excel row number
    columns: list[tuple[int, Column]] = field(default_factory=list)  # (cell index, column), in COLUMNS order
    unknown: list[str] = field(default_factory=list)  # titles of ignored cells, in file order
    problem: str | None = None  # a repeated or missing column: the file cannot be read with this header


def map_header(cells: list, row: int) -> Header:
    """Match header cells to columns. A repeated column stops the search there, as the rest is moot."""
    header = Header(row=row)
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        title = cell_text(cell)
        if not title:
            continue
        column = BY_KEY.get(header_key(title))
        if column is None:
            header.unknown.append(title)
        elif column.name in found:
            header.problem = str(DUPLICATE_COLUMN % {"column": column.name})
            return header
        else:
            found[column.name] = index
    missing = [column.name for column in COLUMNS if column.required and column.name not in found]
    if missing:
        header.problem = str(MISSING_COLUMNS % {"columns": ", ".join(missing)})
        return header
    header.columns = [(found[column.name], column) for column in COLUMNS if column.name in found]
    return header


def data_rows(rows: list[tuple[int, list]], header: int) -> list[tuple[int, list]]:
    """The rows below the header, refused when there are none or more than the import takes."""
    below = rows[header + 1:]
    if not below:
        raise Rejected(NO_DATA_ROWS)
    limit = settings.TPS_IMPORT_MAX_ROWS
    if len(below) > limit:
        raise Rejected(TOO_MANY_ROWS % {"limit": number_format(limit, force_grouping=True)})
    return below
