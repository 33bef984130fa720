"""Bytes of an uploaded .xlsx -> the first sheet's rows, below a recognised header.

Every check on the file as a whole lives here (empty, too big, password-protected, old .xls,
text, another kind of zip, corrupt, beyond the sheet's allowed area, no header, no data, too many
rows); each raises Rejected with the message to show, and nothing in such a file is checked further.

Every path that reads an upload (the preview, the confirm, the list of problems, `import_inmates`)
comes through `read_sheet()`, which defends the process that calls it (issue 12):
1. `tps_khusus.sheetguard.check_workbook` looks inside the zip first, as a stream with hard caps,
   and refuses a sheet beyond the template's columns (with room for a few more) or the row limit,
   a zip or XML built to exhaust memory, before any library builds a grid from it;
2. calamine then reads the sheet in a child process with a memory and time limit
   (`tps_khusus.sandbox.run_limited`), so that a parser that still aborts takes only the child
   down. Both end in Rejected with the guard's or the sandbox's message.
The limits are read here, in the caller, and handed to the child as arguments: the child reads
settings from the environment, where a test's (or an operator's) override in this process is
not seen.
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
from tps_khusus import sandbox, sheetguard

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
HEADER_SEARCH_ROWS = 10
# The columns the import knows (the template's 21 and two optional ones), and room for as many
# columns again that an SDP export may carry besides them (ignored, with a warning): 40, A to AN.
# The sheet guard refuses a sheet with anything farther right.
EXTRA_COLUMNS = 17
MAX_COLUMNS = len(COLUMNS) + EXTRA_COLUMNS
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
    """Refuse what is not an unprotected .xlsx of an acceptable size, before looking inside it.

    Cheap enough for the upload form; what the zip holds is checked by read_sheet (sheetguard).
    """
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
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise Rejected(FILE_CORRUPT) from None
        if "xl/workbook.xml" not in names:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise Rejected(FILE_OTHER_ZIP % {"names": shown or "-"})
        return
    if _looks_like_text(data[:4096]):
        raise Rejected(FILE_TEXT)
    raise Rejected(FILE_NOT_EXCEL)


def megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1)


@dataclass
class Sheet:
    """The sheet an upload is read from: its name, its non-empty rows, and what the guard saw in it."""

    name: str
    rows: list[tuple[int, list]]  # (Excel row number, cells from column A), empty rows left out
    extent: sheetguard.SheetExtent | None = None

    def formula_without_value(self, row: int, index: int) -> bool:
        """The cell holds a formula without a stored value (the reader saw it as empty)."""
        return self.extent is not None and self.extent.formula_without_value(row, index)


def read_sheet(data: bytes) -> Sheet:
    """The first visible worksheet of an upload, checked by the sheet guard, then read in the sandbox."""
    sniff(data)
    limit = settings.TPS_IMPORT_MAX_ROWS
    try:
        # One header row, a few title rows above it, and the allowed data rows.
        extent = sheetguard.check_workbook(data, max_columns=MAX_COLUMNS, max_rows=limit + HEADER_SEARCH_ROWS + 1)
    except sheetguard.WorkbookRefused as refused:
        raise Rejected(refused.message) from None
    try:
        name, rows = sandbox.run_limited(read_rows, data, extent.sheet, limit,
                                         memory_mb=settings.TPS_IMPORT_PARSE_MEMORY_MB,
                                         seconds=settings.TPS_IMPORT_PARSE_SECONDS)
    except sandbox.ParseAborted as aborted:
        raise Rejected(aborted.message) from None
    rows = _with_formula_rows(rows, extent)
    if not rows:
        raise Rejected(SHEET_EMPTY % {"sheet": name})
    return Sheet(name=name, rows=rows, extent=extent)


def _with_formula_rows(rows: list[tuple[int, list]], extent: sheetguard.SheetExtent) -> list[tuple[int, list]]:
    """Rows whose only content is formulas without a stored value look empty to the reader: put them
    back (their cells empty), so that each such cell is reported."""
    formulas = extent.formulas_without_value
    present = {number for number, _cells in rows}
    missing = [(number, [""] * mask.bit_length()) for number, mask in formulas.items() if number not in present]
    return sorted([*rows, *missing], key=lambda row: row[0]) if missing else rows


def read_rows(data: bytes, sheet: str | None = None, limit: int | None = None) -> tuple[str, list[tuple[int, list]]]:
    """The sheet named `sheet` (by default the first visible worksheet) as (its name, [(Excel row number,
    cells from column A)]), empty rows left out, read by calamine.

    Runs in the sandbox's child (read_sheet): nothing here may be trusted to survive a hostile file,
    and it reads no setting the caller may have changed (`limit`, the allowed data rows, is given;
    only a direct caller without it gets the setting).
    """
    if limit is None:
        limit = settings.TPS_IMPORT_MAX_ROWS
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if sheet is None:
            sheets = [meta for meta in workbook.sheets_metadata
                      if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
                      and meta.visible == python_calamine.SheetVisibleEnum.Visible]
            if not sheets:
                raise Rejected(FILE_NO_SHEET)
            sheet = sheets[0].name
        worksheet = workbook.get_sheet_by_name(sheet)
        name = worksheet.name
        # calamine's rows start at row 1 but at the first column that holds something: pad them to column A.
        start = worksheet.start
        padding = [""] * start[1] if start and start[1] else None
        rows = []
        for index, cells in enumerate(worksheet.iter_rows()):
            if any(cell not in EMPTY for cell in cells):
                rows.append((index + 1, padding + cells if padding else cells))
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
