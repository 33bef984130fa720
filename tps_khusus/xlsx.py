"""The one .xlsx writer behind every list the product hands out.

A workbook is a sequence of Sheets; a sheet declares its columns once (a Column per header), so
a layout can follow an official form by changing one line. Rows are streamed with openpyxl's
write-only mode into a spooled temporary file, so thousands of people never sit in memory as cells;
each sheet is closed as soon as its rows are written, so a workbook of many sheets keeps one open.

Every sheet is printable as delivered: landscape, fitted to the page width, the table header
repeated on every printed page and frozen on screen. Text is always written as text: a name that
begins with "=" stays that literal name and never becomes a formula.

Only openpyxl's public API is used (WriteOnlyCell, value, data_type, font, fill, alignment,
number_format). Styles are made once as module constants and registered once per workbook by
openpyxl; the formatted columns of a sheet (NIK as text, dates) each write through one styled
cell (ColumnCell), which keeps a 100,000-voter DPT close to openpyxl's own time for plain rows
(docs/export.md, "Performance").
"""

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"
# Style objects made once; openpyxl registers each distinct one once per workbook.
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
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


def text_cell(sheet, value, *, font: Font | None = None, fill: PatternFill | None = None,
              alignment: Alignment | None = None) -> Cell:
    """A cell holding `value` as text whatever it looks like: openpyxl would make "=1+1" a formula
    and "#N/A" an error; its data type is set back to text once the value is in."""
    cell = WriteOnlyCell(sheet, clean(str(value)))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    return cell


def date_cell(sheet, value: date) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.number_format = DATE_FORMAT  # before the value, so openpyxl keeps it as the date's format
    cell.value = value
    return cell


def safe(sheet, value):
    """A plain value as openpyxl should store it, except strings it would not keep as text:
    those that start with "=" (a formula), that spell an error ("#N/A") or carry control
    characters. They become text cells."""
    if isinstance(value, str) and (value[:1] == "=" or value in ERROR_CODES or ILLEGAL_CHARACTERS_RE.search(value)):
        return text_cell(sheet, value)
    return value


def spooled():
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


class ColumnCell:
    """The cell a formatted column (text or date) writes every row through.

    Styling a new cell per value costs more than writing it: openpyxl resolves the style of every
    cell it is handed. A write-only sheet writes each appended row out before append() returns
    and keeps no reference to its cells, so one cell per column, styled once, can carry each
    row's value in turn (tests/foundation/test_xlsx.py holds openpyxl to that).
    """

    def __init__(self, sheet, column: Column):
        self.is_date = column.is_date
        self.epoch = sheet.parent.epoch
        self.cell = WriteOnlyCell(sheet)
        self.cell.number_format = DATE_FORMAT if column.is_date else TEXT_FORMAT

    def __call__(self, value):
        """The cell holding `value`, or the value itself when the column's format does not apply
        (not a date in a date column)."""
        cell = self.cell
        if self.is_date:
            if not isinstance(value, date):
                return value
            # The day's serial number under the date format: what openpyxl itself writes for a
            # date, without checking the cell's format again for every row.
            cell.value = to_excel(value, self.epoch)
        else:
            if value.__class__ is not str:
                value = str(value)
            # clean() only removes characters isprintable() refuses: most values (a NIK) skip its scan.
            cell.value = value if value.isprintable() else clean(value)
            cell.data_type = "s"  # text stays text, even "=1+1" or "#N/A"
        return cell


class StyledCells:
    """Text cells of one look (the header row, the block's labels), styled once per workbook and
    reused by every sheet: setting a font, fill or alignment makes openpyxl hash the style object,
    which costs more than the cell, and an area's DPT has a sheet per TPS. As with ColumnCell, a
    written cell is not looked at again, so the next sheet can carry its own text in it."""

    def __init__(self, *, font: Font | None = None, fill: PatternFill | None = None,
                 alignment: Alignment | None = None):
        self.style = {"font": font, "fill": fill, "alignment": alignment}
        self.cells: list[Cell] = []

    def row(self, sheet, values: Sequence) -> list[Cell]:
        """One cell per value, in order, each holding its value as text."""
        while len(self.cells) < len(values):
            self.cells.append(text_cell(sheet, "", **self.style))
        cells = self.cells[:len(values)]
        for cell, value in zip(cells, values, strict=True):
            cell.value = clean(str(value))
            cell.data_type = "s"
        return cells


# Text openpyxl would not keep as text: a formula ("=..."), an error spelling ("#N/A"), or a
# character Excel cannot store. A row is checked at once with C-speed string scans on its strings
# joined by a space; only a row that might hold such text is looked at value by value (a false
# alarm, e.g. "No. #12" or a non-breaking space, costs that row a little time, nothing else).
def row_needs_care(strings: list[str]) -> bool:
    text = " ".join(strings)
    return "=" in text or "#" in text or not text.isprintable()


def _print_setup(sheet, header_row: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _block_rows(sheet, block: list[tuple[str, object]], width: int, labels: StyledCells) -> list[list]:
    """Label/value pairs, two per row: the left pair from column B, the right one half-way across.
    Made before the heading is written, as they always were: the workbook registers the labels' bold
    font before the title's, so its styles come out in the same order."""
    right = max(5, width // 2 + 1)
    names = labels.row(sheet, [label for label, _value in block])
    rows = []
    for start in range(0, len(block), 2):
        row: list = [None]
        for number, (_label, value) in enumerate(block[start:start + 2]):
            if number:
                row += [None] * (right - len(row) - 1)
            shown = date_cell(sheet, value) if isinstance(value, date) else safe(sheet, value)
            row += [names[start + number], shown]
        rows.append(row)
    return rows


def write(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None):
    """Stream the sheets into a workbook; returns the file, positioned at its start.

    `progress`, when given, is called with the number of table rows written so far (all sheets).
    """
    workbook = Workbook(write_only=True)
    total = 0
    titles, labels = StyledCells(font=TITLE_FONT), StyledCells(font=BOLD)
    header_cells = StyledCells(font=BOLD, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
    for spec in sheets:
        columns = list(spec.columns)
        sheet = workbook.create_sheet(spec.name[:31])
        offset = 1 if spec.number_header else 0
        if offset:
            sheet.column_dimensions["A"].width = 6
        for index, column in enumerate(columns, start=1 + offset):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        heading = ([spec.title] if spec.title else []) + [str(line) for line in spec.lines]
        block = _block_rows(sheet, spec.block, offset + len(columns), labels)
        above = len(heading) + len(block)
        header_row = above + (2 if above else 1)  # heading and block, a blank row, the header
        if spec.freeze:
            sheet.freeze_panes = f"A{header_row + 1}"  # the header row and everything above it
        _print_setup(sheet, header_row)
        for number, line in enumerate(heading):
            sheet.append(titles.row(sheet, [line]) if number == 0 and spec.title else [text_cell(sheet, line)])
        for row in block:
            sheet.append(row)
        if above:
            sheet.append([])
        headers = ([spec.number_header] if offset else []) + [column.header for column in columns]
        sheet.append(header_cells.row(sheet, headers))
        getters = [column.value for column in columns]
        formatted = [(index + offset, ColumnCell(sheet, column))
                     for index, column in enumerate(columns) if column.is_date or column.text]
        count = 0
        for count, item in enumerate(spec.items, start=1):
            row = [getter(item) for getter in getters]
            if offset:
                row.insert(0, count)
            for index, cell in formatted:
                if row[index] is not None:
                    row[index] = cell(row[index])
            if row_needs_care([value for value in row if value.__class__ is str]):
                row = [safe(sheet, value) for value in row]
            sheet.append(row)
            if progress is not None and (total + count) % PROGRESS_EVERY == 0:
                progress(total + count)
        spec.written = count
        total += count
        if spec.footer is not None:
            for row in spec.footer(spec):
                sheet.append([safe(sheet, value) for value in row])
        sheet.close()  # one open temporary file at a time, however many sheets
    if progress is not None:
        progress(total)
    stream = spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream


def response(stream, filename: str) -> FileResponse:
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
