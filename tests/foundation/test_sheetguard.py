"""tps_khusus.sheetguard refuses hostile workbooks with an exact message, before any grid is built,
and within a small memory budget whatever the file unpacks to."""

import io
import json
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import hostile_xlsx as hostile
from tps_khusus import sheetguard
from tps_khusus.sheetguard import SheetExtent, WorkbookRefused, check_workbook

ROOT = Path(__file__).resolve().parents[2]
# The template's 24 columns (A to X) and some slack; 60,000 data rows, the header and a few title rows.
LIMITS = {"max_columns": 26, "max_rows": 60_011}
BUDGET = 16 * 1024 * 1024  # traced bytes allowed while checking any file; the guard keeps about 2 MB
AREA = "file impor hanya boleh memakai kolom A sampai Z dan baris 1 sampai 60.011"
CLEAN_UP = ("Hapus isi dan format di luar tabel data WBP (kolom di kanannya dan baris di bawahnya), simpan, "
            "lalu unggah lagi.")
FRESH = "Salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi."
RESAVE = "File ini tidak diproses; simpan ulang dari Excel lalu unggah lagi."


def checked(data: bytes, **limits) -> tuple[object, int]:
    """(the extent, or the refusal's message) and the peak of traced memory while checking."""
    tracemalloc.start()
    try:
        try:
            outcome = check_workbook(data, **(limits or LIMITS))
        except WorkbookRefused as refusal:
            outcome = str(refusal)
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refusal(data: bytes, **limits) -> str:
    outcome, peak = checked(data, **limits)
    assert peak < BUDGET, f"{peak:,} bytes traced"
    assert isinstance(outcome, str), outcome
    return outcome


def sheet_too_large(cell: str) -> str:
    return f"Lembar \"WBP\" berisi sel sampai {cell}; {AREA}. {CLEAN_UP}"


def too_many_rows(row: str, last_row: str = "60.011") -> str:
    return (f"Lembar \"WBP\" berisi baris sampai nomor {row}; file impor hanya boleh memakai baris 1 sampai {last_row}. "
            "Bila datanya memang sebanyak itu, bagi menjadi beberapa file; bila tidak, hapus isi dan format di bawah "
            "tabel data WBP. Simpan, lalu unggah lagi.")


def in_a_fresh_process(tmp_path: Path, data: bytes) -> dict:
    """Check the file in a new interpreter; returns its outcome and how far its resident memory rose (KB)
    above what it held before the check (Linux: the high-water mark is reset first)."""
    path = tmp_path / "file.xlsx"
    path.write_bytes(data)
    script = (
        "import json, os, re, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tps_khusus.settings')\n"
        "import django\n"
        "django.setup()\n"
        "from tps_khusus import sheetguard\n"
        "def status(key):\n"
        "    return int(re.search(key + r':\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "before = status('VmRSS')\n"
        "try:\n"
        f"    outcome = sheetguard.check_workbook(data, **{LIMITS!r}).rows\n"
        "except sheetguard.WorkbookRefused as refusal:\n"
        "    outcome = str(refusal)\n"
        "print(json.dumps({'outcome': outcome, 'rose_kb': status('VmHWM') - before}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Far cells and lying extents ----------------------------------------------------------------------

def test_a_cell_at_xfd1048576_is_refused_naming_it():
    data = hostile.far_cell("XFD1048576")
    assert len(data) < 3000
    assert refusal(data) == (
        "Lembar \"WBP\" berisi sel sampai XFD1048576; file impor hanya boleh memakai kolom A sampai Z dan baris 1 "
        "sampai 60.011. Hapus isi dan format di luar tabel data WBP (kolom di kanannya dan baris di bawahnya), "
        "simpan, lalu unggah lagi.")


def test_a_cell_at_zz40000_is_refused():
    assert refusal(hostile.far_cell("ZZ40000")) == sheet_too_large("ZZ40000")


def test_a_dimension_claiming_the_whole_sheet_is_refused():
    assert refusal(hostile.lying_dimension("A1:XFD1048576")) == (
        f"Lembar \"WBP\" menyatakan ukurannya A1:XFD1048576; {AREA}. {CLEAN_UP}")


def test_a_modest_dimension_does_not_hide_a_far_cell():
    assert refusal(hostile.understated_dimension()) == sheet_too_large("ZZ40000")


def test_rows_without_numbers_are_counted_one_after_another():
    limits = {"max_columns": 26, "max_rows": 1000}
    assert refusal(hostile.rows_without_numbers(1001), **limits) == too_many_rows("1.001", "1.000")
    assert check_workbook(hostile.rows_without_numbers(1000), **limits).rows == 1000


def test_cells_without_numbers_are_counted_one_after_another():
    assert refusal(hostile.cells_without_numbers(27)) == sheet_too_large("AA1")
    assert check_workbook(hostile.cells_without_numbers(26), **LIMITS).columns == 26


def test_the_edges_of_the_allowed_area():
    corner = hostile.xlsx(hostile.sheet_xml([hostile.header_row(), b'<row r="60011">' + hostile.text_cell("Z60011", "x")
                                             + b"</row>"]))
    extent = check_workbook(corner, **LIMITS)
    assert (extent.rows, extent.columns, extent.last_cell) == (60_011, 26, "Z60011")
    below = hostile.xlsx(hostile.sheet_xml([b'<row r="60012"></row>']))
    assert refusal(below) == too_many_rows("60.012")  # an empty row counts: the message names its row
    far_right_and_below = hostile.xlsx(hostile.sheet_xml([b'<row r="60012">' + hostile.text_cell("AA60012", "x")
                                                          + b"</row>"]))
    assert refusal(far_right_and_below) == sheet_too_large("AA60012")


def test_a_namespace_prefix_does_not_hide_a_far_cell():
    data = hostile.xlsx(hostile.prefixed([b'<row r="9"><c r="AB9"><v>1</v></c></row>']))
    assert refusal(data) == sheet_too_large("AB9")


def test_lower_case_references_count_as_calamine_reads_them():
    data = hostile.xlsx(hostile.sheet_xml([b'<row r="2"><c r="zz2"><v>1</v></c></row>']))
    assert refusal(data) == sheet_too_large("ZZ2")


@pytest.mark.parametrize("reference", ["A0", "1A", "A1B2", "Ä1", "A٣"])
def test_a_malformed_reference_is_refused(reference):
    data = hostile.xlsx(hostile.sheet_xml([f'<row r="1"><c r="{reference}"><v>1</v></c></row>'.encode()]))
    assert refusal(data) == (f"Lembar \"WBP\" berisi alamat sel yang tidak sah (\"{reference}\"). File rusak; simpan "
                             "ulang dari Excel lalu unggah lagi.")


def test_the_first_visible_worksheet_is_the_one_checked():
    far = hostile.sheet_xml([b'<row r="5"><c r="ZZ5"><v>1</v></c></row>'])
    near = hostile.sheet_xml([hostile.header_row()])
    extent = check_workbook(hostile.two_sheets(far, near, first_state="hidden"), **LIMITS)
    assert (extent.sheet, extent.part, extent.last_cell) == ("WBP", "xl/worksheets/sheet2.xml", "U1")
    far = hostile.sheet_xml([b'<row r="5"><c r="ZZ5"><v>1</v></c></row>'])
    assert refusal(hostile.two_sheets(far, hostile.sheet_xml([]), first_state="visible")) == (
        f"Lembar \"LAMA\" berisi sel sampai ZZ5; {AREA}. {CLEAN_UP}")


# The zip -----------------------------------------------------------------------------------------

def test_a_sheet_that_unpacks_to_400_mb_is_refused_from_the_directory():
    data = hostile.expanding_sheet(400 * 1024 * 1024)
    assert len(data) < 20 * 1024 * 1024  # it passes the upload limit
    assert refusal(data) == (
        "Bagian \"xl/worksheets/sheet1.xml\" di dalam file .xlsx ini berukuran 400,0 MB setelah dibuka, lebih dari "
        "batas 200,0 MB. Pastikan file hanya berisi tabel data WBP, atau bagi data menjadi beberapa file.")


def test_a_zip_header_that_lies_about_the_size_is_caught_while_inflating():
    data = hostile.lying_size(declared=1000, actual=5 * 1024 * 1024)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    message = ("Bagian \"xl/worksheets/sheet1.xml\" di dalam file .xlsx ini tidak sesuai dengan ukuran atau sidik yang "
               "tercatat di file. File rusak atau sengaja diubah; simpan ulang dari Excel lalu unggah lagi.")
    assert refusal(data) == message
    assert refusal(hostile.wrong_checksum()) == message


def test_a_part_packed_far_tighter_than_any_sheet_is_refused():
    data = hostile.compression_bomb(60 * 1024 * 1024)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    ratio = f"{info.file_size // info.compress_size:,}".replace(",", ".")
    assert info.file_size < sheetguard.MAX_PART_BYTES and info.file_size // info.compress_size > 1000
    assert refusal(data) == (
        f"Bagian \"xl/worksheets/sheet1.xml\" di dalam file .xlsx ini dipadatkan {ratio} kali, jauh di atas file Excel "
        f"biasa (paling banyak 400 kali). File seperti ini tidak diproses; {FRESH[0].lower()}{FRESH[1:]}")


def test_a_zip_of_tens_of_thousands_of_parts_is_refused_before_its_directory_is_read():
    assert refusal(hostile.many_parts(50_000)) == (
        f"File .xlsx ini terdiri atas lebih dari 1.000 bagian (file Excel biasa hanya belasan). {FRESH}")


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + b"\x00" * 100,
    hostile.xlsx(hostile.sheet_xml([]))[:-30],
], ids=["no-directory", "truncated"])
def test_a_broken_zip_is_unreadable(data):
    assert refusal(data) == (
        "File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.")


def test_no_visible_worksheet():
    assert refusal(hostile.xlsx(hostile.sheet_xml([]), workbook=b"<workbook/>")) == (
        "File tidak berisi lembar kerja yang dapat dibaca.")


def test_a_zip_without_a_workbook_or_with_a_name_twice_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<w/>")
    assert refusal(buffer.getvalue()) == str(sheetguard.FILE_UNREADABLE)
    twice = hostile.xlsx(hostile.sheet_xml([]), extra=[("XL/Worksheets/Sheet1.xml", [b"<x/>"])])
    assert refusal(twice) == str(sheetguard.FILE_UNREADABLE)


# XML ---------------------------------------------------------------------------------------------

def test_a_huge_shared_strings_table_is_refused(tmp_path):
    data = hostile.huge_shared_strings(2_000_000)
    assert len(data) < 20 * 1024 * 1024
    result = in_a_fresh_process(tmp_path, data)
    assert result["outcome"] == (
        f"File .xlsx ini menyimpan lebih dari 1.570.286 teks berbeda (tabel sharedStrings), lebih banyak daripada sel "
        f"yang boleh diisi. {FRESH}")
    assert result["rose_kb"] < BUDGET // 1024


def test_deep_nesting_is_refused():
    assert refusal(hostile.deep_nesting(100_000)) == (
        f"Bagian \"xl/worksheets/sheet1.xml\" di dalam file .xlsx ini bersarang lebih dari 64 tingkat, tidak seperti "
        f"file Excel biasa. {RESAVE}")


def test_a_tag_of_megabytes_is_refused():
    assert refusal(hostile.long_tag(2 * 1024 * 1024)) == (
        f"Bagian \"xl/worksheets/sheet1.xml\" di dalam file .xlsx ini berisi satu tag atau teks sepanjang lebih dari "
        f"1 MB. {RESAVE}")


@pytest.mark.parametrize("data,part", [
    (hostile.entity_bomb("sheet"), "xl/worksheets/sheet1.xml"),
    (hostile.entity_bomb("workbook"), "xl/workbook.xml"),
    (hostile.external_entity(), "xl/worksheets/sheet1.xml"),
], ids=["billion-laughs-in-the-sheet", "billion-laughs-in-the-workbook", "external-entity"])
def test_a_doctype_is_refused_before_any_entity_is_expanded(data, part):
    assert refusal(data) == (
        f"Bagian \"{part}\" di dalam file .xlsx ini memuat deklarasi DOCTYPE atau entitas, yang tidak pernah ditulis "
        f"Excel. {RESAVE}")


def test_malformed_xml_is_unreadable():
    data = hostile.xlsx([b"<worksheet><sheetData><row></sheetData></worksheet>"])
    assert refusal(data) == str(sheetguard.FILE_UNREADABLE)


# Normal workbooks pass -----------------------------------------------------------------------------

def test_a_normal_workbook_passes_with_its_extent():
    outcome, peak = checked(hostile.template(3))
    assert outcome == SheetExtent(sheet="WBP", part="xl/worksheets/sheet1.xml", rows=4, columns=21, dimension="A1:U4",
                                  shared_strings=0, unpacked_bytes=outcome.unpacked_bytes)
    assert peak < BUDGET


def test_a_stored_zip_and_shared_strings_pass():
    strings = [hostile.DECLARATION + f'<sst xmlns="{hostile.MAIN.decode()}"><si><t>NIK</t></si></sst>'.encode()]
    data = hostile.xlsx(hostile.sheet_xml([b'<row r="1"><c r="B1" t="s"><v>0</v></c></row>']), strings=strings,
                        compression=zipfile.ZIP_STORED)
    extent = check_workbook(data, **LIMITS)
    assert (extent.shared_strings, extent.last_cell) == (1, "B1")


def test_the_products_own_template_and_an_openpyxl_workbook_pass(world):
    from tests.inmates.conftest import rows_file

    response = world.client("petugas.blora").get("/fasilitas/rutan-blora/impor/templat/")
    for data, rows in ((b"".join(response.streaming_content), 1), (rows_file(3), 4)):
        outcome, peak = checked(data)
        assert (outcome.sheet, outcome.rows, outcome.columns) == ("DATA_WBP", rows, 24)
        assert peak < BUDGET


def test_60000_template_rows_pass_in_little_memory(tmp_path):
    data = hostile.template(60_000)
    result = in_a_fresh_process(tmp_path, data)
    assert result["outcome"] == 60_001
    assert result["rose_kb"] < BUDGET // 1024


# Whatever the bytes ----------------------------------------------------------------------------------

SEEDS = [hostile.template(3), hostile.xlsx(hostile.sheet_xml([hostile.header_row()]), compression=zipfile.ZIP_STORED,
                                           strings=[b'<sst xmlns="x"><si><t>NIK</t></si></sst>'])]


@settings(max_examples=300, deadline=None)
@given(seed=st.sampled_from(SEEDS), changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)),
                                                     min_size=1, max_size=4),
       cut=st.none() | st.floats(0, 1))
def test_damaged_bytes_are_checked_or_refused_never_an_error(seed, changes, cut):
    data = bytearray(seed)
    for where, value in changes:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[:int(cut * len(data))]
    try:
        assert isinstance(check_workbook(bytes(data), **LIMITS), SheetExtent)
    except WorkbookRefused as refusal:
        assert str(refusal)


def test_the_xml_is_read_as_utf_8_whatever_it_declares():
    sheet = b"".join(hostile.sheet_xml([b'<row r="3"><c r="ZZ3"><v>1</v></c></row>'])).replace(b"UTF-8", b"UTF-7")
    assert refusal(hostile.xlsx([sheet])) == sheet_too_large("ZZ3")
    utf16 = "".join(part.decode() for part in hostile.sheet_xml([])).replace("UTF-8", "UTF-16").encode("utf-16")
    assert refusal(hostile.xlsx([utf16])) == str(sheetguard.FILE_UNREADABLE)


# Formulas ---------------------------------------------------------------------------------------------

def formula_cell(reference: str, formula: str, cached: str | None = None, kind: str = "") -> bytes:
    """A formula cell as Excel (with a stored value) or a generator like openpyxl (`cached` None) writes it."""
    attributes = f' t="{kind}"' if kind else ""
    value = "<v/>" if cached is None else f"<v>{cached}</v>"
    return f'<c r="{reference}"{attributes}><f>{formula}</f>{value}</c>'.encode()


def test_openpyxl_formulas_have_no_stored_value_and_are_named():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("WBP")
    sheet.append(["NO_REGISTER", "NAMA", "NIK"])
    sheet.append(["BI.1", "=UPPER(\"budi\")", "3316"])
    sheet.append(["=\"BI.\"&2", "SITI", "=A2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    extent = check_workbook(buffer.getvalue(), **LIMITS)
    assert extent.formulas_without_value == {2: 0b010, 3: 0b101}
    assert [(row, index) for row in (1, 2, 3) for index in range(3) if extent.formula_without_value(row, index)] == [
        (2, 1), (3, 0), (3, 2)]


def test_formulas_with_a_stored_value_are_values():
    cells = [
        formula_cell("A2", 'CONCAT("BI.","1")', "BI.1", kind="str"),
        formula_cell("B2", "1+1", "2"),
        formula_cell("C2", '""', "", kind="str"),  # a stored empty text is a stored value
        b'<c r="D2"><f t="shared" ref="D2:D3" si="0">B2*2</f><v>4</v></c>',
        formula_cell("E2", "1+1"),  # no stored value
        b'<c r="F2"><f>1+1</f></c>',  # no <v> at all
        b'<c r="G2"><f>1+1</f><v></v></c>',  # an empty <v>
    ]
    data = hostile.xlsx(hostile.sheet_xml([hostile.header_row(), b'<row r="2">' + b"".join(cells) + b"</row>",
                                           b'<row r="3"><c r="D3"><f t="shared" si="0"/><v>6</v></c>'
                                           b'<c r="E3"><f t="shared" si="0"/></c></row>']))
    extent = check_workbook(data, **LIMITS)
    assert extent.formulas_without_value == {2: 0b1110000, 3: 0b10000}


def test_a_formula_is_seen_whole_wherever_the_chunks_of_the_sheet_end():
    # Thousands of formula cells with stored values: some straddle every 64 KB boundary of the inflated
    # sheet, and none may lose its value there; one without a value in each row is found in every row.
    rows = [f'<row r="{number}">'.encode()
            + formula_cell(f"A{number}", f'CONCAT("BI.",{number})', f"BI.{number}", kind="str")
            + formula_cell(f"B{number}", f"ROW()*{number}", str(number * number))
            + formula_cell(f"C{number}", "TODAY()")
            + b"</row>" for number in range(2, 6002)]
    extent = check_workbook(hostile.xlsx(hostile.sheet_xml(rows), compression=zipfile.ZIP_STORED), **LIMITS)
    assert extent.formulas_without_value == dict.fromkeys(range(2, 6002), 0b100)


def test_formulas_under_a_namespace_prefix_are_read_too():
    data = hostile.xlsx(hostile.prefixed([b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2"><f>1+1</f></c>'
                                          b'<c r="C2"><f>1+1</f><v/></c></row>']))
    assert check_workbook(data, **LIMITS).formulas_without_value == {2: 0b110}


def _without_collapse(monkeypatch, data: bytes, **limits):
    """What the guard says with every row read cell by cell (ORDINARY_ROW never matching)."""
    with monkeypatch.context() as patched:
        patched.setattr(sheetguard, "ORDINARY_ROW", sheetguard.re.compile(rb"(?!)"))
        try:
            return check_workbook(data, **(limits or LIMITS))
        except WorkbookRefused as refusal:
            return str(refusal)


def _with_collapse(data: bytes, **limits):
    try:
        return check_workbook(data, **(limits or LIMITS))
    except WorkbookRefused as refusal:
        return str(refusal)


ODD_ROWS = {
    "ordinary": [b'<row r="2"><c r="A2" t="inlineStr" /><c r="C2" s="1" t="n"></c><c r="B2"/></row>'],
    "cell beyond the columns": [b'<row r="2"><c r="A2" t="n"></c><c r="ZZ2" t="n"></c><c r="B2"/></row>'],
    "column beyond in order": [b'<row r="2"><c r="B2"/><c r="AA2"/><c r="AB2"/></row>'],
    "cell on another row": [b'<row r="2"><c r="A2"/><c r="B70000"/></row>'],
    "cell naming a far row with the same tail": [b'<row r="2"><c r="A2"/><c r="A12"/></row>'],
    "row beyond the rows": [b'<row r="60012"><c r="A60012"/></row>'],
    "rows then one without a number": [b'<row r="2"><c r="A2"/></row><row><c r="C3"/></row>',
                                       b'<row r="4"><c r="A4"/><c r="D4"/></row>'],
    "duplicate attribute on a cell": [b'<row r="2"><c r="A2" s="1" s="2"/></row>'],
    "duplicate attribute on a row": [b'<row r="2" r="9"><c r="A2"/></row>'],
    "formula without a value": [b'<row r="2"><c r="A2"/><c r="B2"><f>1+1</f></c><c r="C2"/></row>'],
    "formula with a value": [b'<row r="2"><c r="A2"/><c r="B2"><f>1+1</f><v>2</v></c></row>'],
    "lower-case reference": [b'<row r="2"><c r="a2"/><c r="zz2"/></row>'],
    "row in a comment": [b'<!-- <row r="99999"><c r="A99999"/></row> --><row r="3"><c r="B3"/></row>'],
    "leading zero": [b'<row r="02"><c r="A02"/></row>'],
    "unknown attribute": [b'<row r="2"><c r="A2" cm="1"/><c r="B2" t="s"><v>0</v></c></row>'],
}


@pytest.mark.parametrize("case", sorted(ODD_ROWS))
def test_ordinary_rows_read_whole_say_what_rows_read_cell_by_cell_say(case, monkeypatch):
    # The guard reads an ordinary row (all its cells on it, within the columns, empty once their values are
    # cut) from its rightmost cell only (ORDINARY_ROW); the extent and every refusal stay what they were.
    data = hostile.xlsx(hostile.sheet_xml([hostile.header_row(), *ODD_ROWS[case]]))
    assert _with_collapse(data) == _without_collapse(monkeypatch, data)


def test_ordinary_rows_in_bulk_give_the_extent_cell_by_cell_reading_gives(monkeypatch):
    rows = [f'<row r="{n}" spans="1:24"><c r="A{n}" s="1" t="s"><v>{n}</v></c><c r="X{n}" t="inlineStr">'
            f'<is><t>x</t></is></c><c r="{"C" if n % 7 else "Z"}{n}" s="3"/></row>'.encode() for n in range(2, 9000)]
    data = hostile.xlsx(hostile.sheet_xml([hostile.header_row(), *rows]), compression=zipfile.ZIP_STORED)
    extent = _with_collapse(data)
    assert extent == _without_collapse(monkeypatch, data)
    assert (extent.rows, extent.columns) == (8999, 26)
    assert _with_collapse(data, max_columns=25, max_rows=60_011) == sheet_too_large_at("Z7", 25)


def sheet_too_large_at(cell: str, columns: int) -> str:
    last = sheetguard.column_letter(columns)
    return (f"Lembar \"WBP\" berisi sel sampai {cell}; file impor hanya boleh memakai kolom A sampai {last} dan baris "
            f"1 sampai 60.011. {CLEAN_UP}")


@pytest.mark.parametrize("row", [
    b'<row r="7"><c r="A7" t="inlineStr"></c><c r="B7" t="inlineStr" /><c r="G7" s="1" t="n"></c></row>',  # openpyxl
    b'<row r="7" spans="1:24" x14ac:dyDescent="0.25"><c r="A7" s="2" t="s"></c><c r="X7" s="5"/></row>',  # Excel
])
def test_rows_as_excel_and_openpyxl_write_them_are_ordinary(row):
    assert sheetguard.ORDINARY_ROW.fullmatch(row)
