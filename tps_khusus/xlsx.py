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
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


def header_cells(sheet, headers: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def text_cell(sheet, value: str, *, number_format: str | None = None, bold: bool = False) -> WriteOnlyCell:
    """A cell that holds `value` as a string whatever it looks like ("=1+1", "+62 812", "0012")."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def date_cell(sheet, value: date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def safe(sheet, value):
    """A plain value as openpyxl should store it: strings that start with "=" become text cells."""
    if isinstance(value, str) and value[:1] == "=":
        return text_cell(sheet, value)
    return value


def spooled():
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


PLAIN, DATE, TEXT = 0, 1, 2


def _kind(column: Column) -> int:
    return DATE if column.is_date else TEXT if column.text else PLAIN


def _print_setup(sheet, header_row: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _block_rows(sheet, block: list[tuple[str, object]], width: int) -> list[list]:
    """Label/value pairs, two per row: the left pair from column B, the right one half-way across."""
    right = max(5, width // 2 + 1)
    rows = []
    for start in range(0, len(block), 2):
        row: list = [None]
        for number, (label, value) in enumerate(block[start:start + 2]):
            if number:
                row += [None] * (right - len(row) - 1)
            row += [text_cell(sheet, str(label), bold=True), safe(sheet, value)]
        rows.append(row)
    return rows


def write(sheets: Iterable[Sheet], progress: Callable[[int], None] | None = None):
    """Stream the sheets into a workbook; returns the file, positioned at its start.

    `progress`, when given, is called with the number of table rows written so far (all sheets).
    """
    workbook = Workbook(write_only=True)
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
        block = _block_rows(sheet, spec.block, offset + len(columns))
        above = len(heading) + len(block)
        header_row = above + (2 if above else 1)  # heading and block, a blank row, the header
        if spec.freeze:
            sheet.freeze_panes = f"A{header_row + 1}"  # the header row and everything above it
        _print_setup(sheet, header_row)
        for number, line in enumerate(heading):
            cell = text_cell(sheet, line)
            if number == 0 and spec.title:
                cell.font = Font(bold=True, size=13)
            sheet.append([cell])
        for row in block:
            sheet.append(row)
        if above:
            sheet.append([])
        sheet.append(header_cells(sheet, ([spec.number_header] if offset else []) + [c.header for c in columns]))
        count = 0
        for count, item in enumerate(spec.items, start=1):
            row = [count] if offset else []
            for column, kind in zip(columns, kinds, strict=True):
                value = column.value(item)
                if value is None:
                    pass
                elif kind == TEXT:
                    value = text_cell(sheet, str(value), number_format=TEXT_FORMAT)
                elif kind == DATE and isinstance(value, date):
                    value = date_cell(sheet, value)
                elif isinstance(value, str) and value[:1] == "=":
                    value = text_cell(sheet, value)
                row.append(value)
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
