"""Reading the workbooks the product writes, the way a KPU officer reads them: open the file with
openpyxl, find the header block, the table under its header row, and the totals under the table."""

import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

BLOCK_LABELS = {"PEMILIHAN", "PROVINSI", "KABUPATEN/KOTA", "KECAMATAN", "DESA/KELURAHAN", "LAPAS/RUTAN", "TPS",
                "HARI PEMUNGUTAN SUARA", "WILAYAH", "DICETAK"}


def workbook(source, **options):
    """A workbook from a download (streaming response), bytes or a path."""
    if isinstance(source, (str, Path)):
        return load_workbook(source, **options)
    data = source if isinstance(source, bytes) else b"".join(source.streaming_content)
    return load_workbook(io.BytesIO(data), **options)


@dataclass
class Table:
    lines: list[str]  # heading lines above the block
    block: dict[str, object]  # label -> value of the header block
    header: tuple
    header_row: int  # 1-based row number of the header
    rows: list[dict]  # one dict per table row, by header
    after: list[tuple]  # rows under the table (totals, signature)

    def column(self, name: str) -> list:
        return [row[name] for row in self.rows]

    @property
    def totals(self) -> dict[str, int]:
        """The footer's L / P / TOTAL figures."""
        return {row[3]: row[4] for row in self.after if len(row) > 4 and row[3] in ("L", "P", "TOTAL")}

    def text_after(self) -> list[str]:
        return [value for row in self.after for value in row if isinstance(value, str)]


def table(sheet) -> Table:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row and row[0] == "NO")
    header = tuple(value for value in rows[start] if value is not None)
    block, lines = {}, []
    for row in rows[:start]:
        cells = list(row)
        if cells and isinstance(cells[0], str):
            lines.append(cells[0])
        for index, value in enumerate(cells[:-1]):
            if value in BLOCK_LABELS:
                block[value] = cells[index + 1]
    body, after = [], []
    for row in rows[start + 1:]:
        if after or all(value is None for value in row) or not isinstance(row[0], int):
            after.append(row)
            continue
        body.append(dict(zip(header, row, strict=False)))
    return Table(lines=lines, block=block, header=header, header_row=start + 1, rows=body, after=after)
