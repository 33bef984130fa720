"""The one .xlsx writer behind every list the product hands out.

A workbook is a sequence of Sheets; a sheet declares its columns once (a Column per header), so
a layout can follow an official form by changing one line. Rows are streamed with openpyxl's
write-only mode into a spooled temporary file, so thousands of people never sit in memory as cells;
each sheet is closed as soon as its rows are written, so a workbook of many sheets keeps one open.

Every sheet is printable as delivered: landscape, fitted to the page width, the table header
repeated on every printed page and frozen on screen. Text is always written as text: a name that
begins with "=" stays that literal name and never becomes a formula.
"""

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SPOOL_BYTES = 8 * 1024 * 1024
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    width: int = 14
    is_date: bool = False  # a real Excel date shown as dd-mm-yyyy
    text: bool = False  # keep as text (NIK, NKK, RT): Excel would turn digits into a number


@dataclass
class Sheet:
    name: str
    columns: Sequence[Column]
    items: Iterable[Any]
    title: str = ""  # bold first line
    lines: list[str] = field(default_factory=list)  # further heading lines (election, facility, date)
    block: list[tuple[str, object]] = field(default_factory=list)  # label/value pairs, two per row
    number_header: str | None = None  # a running number first, under this header
    freeze: bool = True
    footer: Callable[["Sheet"], list[list]] | None = None  # rows after the table, once every item is written
    written: int = 0  # rows written, filled in by write()


def clean(value: str) -> str:
    """Text as Excel accepts it: control characters (a pasted tab aside) cannot be stored."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


class FormattedCell(Cell):
    """A cell whose style was registered once for the workbook (see Styles).

    openpyxl looks a cell's style up in the workbook for every cell it writes, and building a Font
    or a number format per cell costs more than writing it; these cells carry the style's number,
    so a formatted column of a 100,000-row list costs about what plain values cost. They always hold
    their value as given: text stays text even when it looks like a formula ("=1+1") or a number.
    """

    __slots__ = ("style_id",)
    has_style = True  # asked several times per cell; every registered style has something set

    def __init__(self, sheet, value, data_type: str, style, style_id: int):  # all Cell's slots, set directly
        self.parent = sheet
        self._style = style
        self.style_id = style_id
        self.row = self.column = 1
        self._value = value
        self.data_type = data_type
        self._hyperlink = None
        self._comment = None

    def __repr__(self) -> str:  # openpyxl formats a message with it for every cell handed over ready-made
        return "FormattedCell"


class Style:
    """One cell style of a workbook, registered once; calling it makes a cell of that style."""

    def __init__(self, workbook, data_type: str = "s", **attributes):
        template = WriteOnlyCell(SimpleNamespace(parent=workbook))
        for name, value in attributes.items():
            setattr(template, name, value)
        self.style, self.style_id, self.data_type = template._style, template.style_id, data_type

    def __call__(self, sheet, value) -> FormattedCell:
        if self.data_type == "s":
            value = clean(str(value))
        return FormattedCell(sheet, value, self.data_type, self.style, self.style_id)


class Styles:
    def __init__(self, workbook):
        self.plain = Style(workbook)
        self.bold = Style(workbook, font=Font(bold=True))
        self.title = Style(workbook, font=Font(bold=True, size=13))
        self.header = Style(workbook, font=Font(bold=True), fill=HEADER_FILL,
                            alignment=Alignment(wrap_text=True, vertical="top"))
        self.text = Style(workbook, number_format=TEXT_FORMAT)
        self.date = Style(workbook, "d", number_format=DATE_FORMAT)

    def safe(self, sheet, value):
        """A plain value as openpyxl should store it, except strings it would not keep as text:
        those that start with "=" (a formula), that spell an error ("#N/A") or carry control
        characters. They become text cells."""
        if isinstance(value, str) and (value[:1] == "=" or value in ERROR_CODES or ILLEGAL_CHARACTERS_RE.search(value)):
            return self.plain(sheet, value)
        return value


def spooled():
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


PLAIN, DATE, TEXT = 0, 1, 2


# Text openpyxl would not keep as text: a formula ("=..."), an error spelling ("#N/A"), or a
# character Excel cannot store. A row is checked at once with C-speed string scans on its strings
# joined by a space; only a row that might hold such text is looked at value by value (a false
# alarm, e.g. "No. #12" or a non-breaking space, costs that row a little time, nothing else).
def row_needs_care(strings: list[str]) -> bool:
    text = " ".join(strings)
    return "=" in text or "#" in text or not text.isprintable()


def _kind(column: Column) -> int:
    return DATE if column.is_date else TEXT if column.text else PLAIN


def _print_setup(sheet, header_row: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _block_rows(sheet, styles: Styles, block: list[tuple[str, object]], width: int) -> list[list]:
    """Label/value pairs, two per row: the left pair from column B, the right one half-way across."""
    right = max(5, width // 2 + 1)
    rows = []
    for start in range(0, len(block), 2):
        row: list = [None]
        for number, (label, value) in enumerate(block[start:start + 2]):
            if number:
                row += [None] * (right - len(row) - 1)
            shown = styles.date(sheet, value) if isinstance(value, date) else styles.safe(sheet, value)
            row += [styles.bold(sheet, label), shown]
        rows.append(row)
    return rows


def write(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None):
    """Stream the sheets into a workbook; returns the file, positioned at its start.

    `progress`, when given, is called with the number of table rows written so far (all sheets).
    """
    workbook = Workbook(write_only=True)
    styles = Styles(workbook)
    total = 0
    for spec in sheets:
        columns = list(spec.columns)
        kinds = [_kind(column) for column in columns]
        sheet = workbook.create_sheet(spec.name[:31])
        offset = 1 if spec.number_header else 0
        if offset:
            sheet.column_dimensions["A"].width = 6
        for index, column in enumerate(columns, start=1 + offset):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        heading = ([spec.title] if spec.title else []) + [str(line) for line in spec.lines]
        block = _block_rows(sheet, styles, spec.block, offset + len(columns))
        above = len(heading) + len(block)
        header_row = above + (2 if above else 1)  # heading and block, a blank row, the header
        if spec.freeze:
            sheet.freeze_panes = f"A{header_row + 1}"  # the header row and everything above it
        _print_setup(sheet, header_row)
        for number, line in enumerate(heading):
            sheet.append([(styles.title if number == 0 and spec.title else styles.plain)(sheet, line)])
        for row in block:
            sheet.append(row)
        if above:
            sheet.append([])
        headers = ([spec.number_header] if offset else []) + [column.header for column in columns]
        sheet.append([styles.header(sheet, header) for header in headers])
        getters = [column.value for column in columns]
        formatted = [(index + offset, styles.date if kind == DATE else styles.text)
                     for index, kind in enumerate(kinds) if kind != PLAIN]
        count = 0
        for count, item in enumerate(spec.items, start=1):
            row = [getter(item) for getter in getters]
            if offset:
                row.insert(0, count)
            for index, make in formatted:
                value = row[index]
                if value is not None and (make is not styles.date or isinstance(value, date)):
                    row[index] = make(sheet, value)
            if row_needs_care([value for value in row if value.__class__ is str]):
                row = [styles.safe(sheet, value) for value in row]
            sheet.append(row)
            if progress is not None and (total + count) % PROGRESS_EVERY == 0:
                progress(total + count)
        spec.written = count
        total += count
        if spec.footer is not None:
            for row in spec.footer(spec):
                sheet.append([styles.safe(sheet, value) for value in row])
        sheet.close()  # one open temporary file at a time, however many sheets
    if progress is not None:
        progress(total)
    stream = spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream


def response(stream, filename: str) -> FileResponse:
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
