"""tps_khusus.xlsx on its own, no database: typed cells row after row, text that stays text,
styles shared by the whole workbook, the header's look."""

import io
import re
import zipfile
from datetime import date, datetime

from tests.xlsx_files import table, workbook
from tps_khusus import xlsx

PEOPLE = [
    {"nik": "3316091705900001", "name": "Agus", "born": date(1990, 5, 17)},
    {"nik": "=1+1", "name": "#N/A", "born": None},
    {"nik": "3316095203850002", "name": "Citra\x07", "born": "tidak tahu"},
    {"nik": None, "name": "=HYPERLINK(\"x\")", "born": date(1985, 3, 12)},
]
COLUMNS = [
    xlsx.Column("NIK", lambda p: p["nik"], 19, text=True),
    xlsx.Column("NAMA", lambda p: p["name"], 28),
    xlsx.Column("TANGGAL LAHIR", lambda p: p["born"], 13, is_date=True),
]


def write(sheets: int = 1, people=PEOPLE) -> bytes:
    stream = xlsx.write([xlsx.Sheet(name=f"Lembar {n}", title="DAFTAR", lines=["baris dua"],
                                    block=[("TPS", "001"), ("HARI", date(2024, 2, 14))], number_header="NO",
                                    columns=COLUMNS, items=people) for n in range(1, sheets + 1)])
    return stream.read()


def test_each_row_keeps_its_own_typed_values():
    book = workbook(write())
    sheet = book["Lembar 1"]
    rows = table(sheet).rows
    assert [(row["NO"], row["NIK"], row["NAMA"], row["TANGGAL LAHIR"]) for row in rows] == [
        (1, "3316091705900001", "Agus", datetime(1990, 5, 17)),
        (2, "=1+1", "#N/A", None),
        (3, "3316095203850002", "Citra", "tidak tahu"),
        (4, None, '=HYPERLINK("x")', datetime(1985, 3, 12)),
    ]
    first = table(sheet).header_row + 1
    for offset in range(3):
        nik = sheet.cell(first + offset, 2)
        assert (nik.data_type, nik.number_format) == ("s", "@")
        assert sheet.cell(first + offset, 3).data_type == "s"
    for row in (first, first + 3):
        born = sheet.cell(row, 4)
        assert born.is_date and born.number_format == "DD-MM-YYYY"
    assert sheet.cell(first + 2, 4).number_format == "General"  # not a date: written as the value it is


def test_no_formula_or_error_cell_is_ever_written():
    with zipfile.ZipFile(io.BytesIO(write())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml and b't="e"' not in xml


def test_styles_are_shared_by_the_whole_workbook():
    def cell_formats(data: bytes) -> int:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            styles = archive.read("xl/styles.xml").decode()
        return int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))

    few = cell_formats(write(sheets=1, people=PEOPLE[:1]))
    assert cell_formats(write(sheets=5, people=PEOPLE * 50)) == few == 6  # default, bold, title, header, text, date


def test_headings_and_header_look():
    sheet = workbook(write())["Lembar 1"]
    title, label, header = sheet.cell(1, 1), sheet.cell(3, 2), sheet.cell(table(sheet).header_row, 1)
    assert (title.value, title.font.bold, title.font.size) == ("DAFTAR", True, 13)
    assert (label.value, label.font.bold) == ("TPS", True)
    assert (header.value, header.font.bold, header.fill.fgColor.rgb, header.alignment.wrap_text) == (
        "NO", True, "00DDEBF7", True)


def test_every_sheet_has_its_own_title_labels_and_headers():
    """The title, the block's labels and the header row are written through cells styled once per
    workbook and reused sheet after sheet: each sheet still shows its own texts, in their own look."""
    specs = [xlsx.Sheet(name=f"Lembar {n}", title=f"JUDUL {n}", lines=[f"baris {n}"],
                        block=[(f"LABEL {n}A", f"nilai {n}"), (f"LABEL {n}B", date(2024, 2, n)), (f"LABEL {n}C", n)],
                        number_header=f"NO{n}" if n == 1 else "NO",
                        columns=[xlsx.Column(f"KOLOM {n}", lambda p: p["name"], 20),
                                 xlsx.Column("NIK", lambda p: p["nik"], 19, text=True)],
                        items=PEOPLE[:2]) for n in (1, 2, 3)]
    book = workbook(xlsx.write(specs).read())
    for n in (1, 2, 3):
        sheet = book[f"Lembar {n}"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == f"JUDUL {n}" and rows[1][0] == f"baris {n}"
        assert [value for value in rows[2] if value is not None] == [f"LABEL {n}A", f"nilai {n}", f"LABEL {n}B",
                                                                     datetime(2024, 2, n)]
        assert [value for value in rows[3] if value is not None] == [f"LABEL {n}C", n]
        assert rows[5][:3] == (f"NO{n}" if n == 1 else "NO", f"KOLOM {n}", "NIK")
        title, label, header = sheet.cell(1, 1), sheet.cell(4, 2), sheet.cell(6, 2)
        assert (title.font.bold, title.font.size, label.font.bold, label.value) == (True, 13, True, f"LABEL {n}C")
        assert (header.font.bold, header.fill.fgColor.rgb, header.alignment.wrap_text, header.data_type) == (
            True, "00DDEBF7", True, "s")
        assert [(row[1], row[2]) for row in rows[6:8]] == [("Agus", "3316091705900001"), ("#N/A", "=1+1")]
