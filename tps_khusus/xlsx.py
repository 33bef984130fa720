"""The one .xlsx writer behind every list the product hands out.

A workbook is a sequence of Sheets; a sheet declares its columns once (a Column per header), so
a layout can follow an official form by changing one line. Rows are streamed with openpyxl's
write-only mode into a spooled temporary file, so thousands of people never sit in memory as cells.
"""

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SPOOL_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    width: int = 14
    is_date: bool = False
    text: bool = False  # keep as text (NIK, NKK, RT): Excel would turn digits into a number


@dataclass
class Sheet:
    name: str
    columns: Iterable[Column]
    items: Iterable[Any]
    title: str = ""  # bold first line
    lines: list[str] = field(default_factory=list)  # further heading lines (election, facility, date)
    number_header: str | None = None  # a running number first, under this header
    freeze: bool = True
    written: int = 0  # rows written, filled in by write()


def header_cells(sheet, headers: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def spooled():
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def write(sheets: Iterable[Sheet]):
    """Stream the sheets into a workbook; returns the file, positioned at its start."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        columns = list(spec.columns)
        sheet = workbook.create_sheet(spec.name[:31])
        offset = 1 if spec.number_header else 0
        if offset:
            sheet.column_dimensions["A"].width = 6
        for index, column in enumerate(columns, start=1 + offset):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        heading = ([spec.title] if spec.title else []) + [str(line) for line in spec.lines]
        header_row = len(heading) + (2 if heading else 1)  # heading lines, a blank row, the header
        if spec.freeze:
            sheet.freeze_panes = f"{get_column_letter(offset + 2)}{header_row + 1}"
        for number, line in enumerate(heading):
            cell = WriteOnlyCell(sheet, value=str(line))
            if number == 0 and spec.title:
                cell.font = Font(bold=True, size=13)
            sheet.append([cell])
        if heading:
            sheet.append([])
        sheet.append(header_cells(sheet, ([spec.number_header] if offset else []) + [c.header for c in columns]))
        for count, item in enumerate(spec.items, start=1):
            row = [count] if offset else []
            for column in columns:
                value = column.value(item)
                if value is not None and (column.is_date or column.text):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = DATE_FORMAT if column.is_date else TEXT_FORMAT
                    value = cell
                row.append(value)
            sheet.append(row)
            spec.written = count
    stream = spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream


def response(stream, filename: str) -> FileResponse:
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)
