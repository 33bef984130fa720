"""Hostile workbooks end in a clear message, wherever an upload is read, and nothing is written.

A 2 KB workbook with one cell at XFD1048576 makes calamine abort the process that reads it (a Rust
allocation failure no `except` catches). The import reads every upload through
inmates.importing.reading.read_sheet: the sheet guard refuses such a file before any grid is built,
and calamine runs in a sandboxed child, so that a parser that still aborts takes only the child
down. These tests hold every path to that: `import_inmates --json`, the browser's preview, confirm
and list of problems.
"""

import functools
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from inmates import importing
from inmates.importing import reading
from inmates.models import CustodyEvent, ImportRecord, Inmate
from tests import hostile_xlsx as hostile
from tests.inmates.conftest import rows_file
from tests.inmates.test_import_command import command
from tps_khusus import sheetguard

ROOT = Path(__file__).resolve().parents[2]
START = "/fasilitas/rutan-blora/impor/"
MB = 1024 * 1024
AREA = f"file impor hanya boleh memakai kolom A sampai {get_column_letter(reading.MAX_COLUMNS)} dan baris 1 sampai 60.011"
CLEAN_UP = ("Hapus isi dan format di luar tabel data WBP (kolom di kanannya dan baris di bawahnya), simpan, lalu "
            "unggah lagi.")
FRESH = "Salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi."
RESAVE = "File ini tidak diproses; simpan ulang dari Excel lalu unggah lagi."
SHEET = "xl/worksheets/sheet1.xml"

# Each hostile workbook of tests/hostile_xlsx.py and what the import says about it.
HOSTILE = {
    "far-cell-XFD1048576": (lambda: hostile.far_cell("XFD1048576"),
                            f"Lembar \"WBP\" berisi sel sampai XFD1048576; {AREA}. {CLEAN_UP}"),
    "far-cell-ZZ40000": (lambda: hostile.far_cell("ZZ40000"),
                         f"Lembar \"WBP\" berisi sel sampai ZZ40000; {AREA}. {CLEAN_UP}"),
    # 60,011 rows of every allowed column and 10,000 more strings at most.
    "huge-shared-strings": (lambda: hostile.huge_shared_strings(3_000_000),
                            "File .xlsx ini menyimpan lebih dari "
                            + f"{60_011 * reading.MAX_COLUMNS + 10_000:,}".replace(",", ".")
                            + f" teks berbeda (tabel sharedStrings), lebih banyak daripada sel yang boleh diisi. {FRESH}"),
    "deep-xml": (lambda: hostile.deep_nesting(100_000),
                 f"Bagian \"{SHEET}\" di dalam file .xlsx ini bersarang lebih dari 64 tingkat, tidak seperti file Excel "
                 f"biasa. {RESAVE}"),
    "sheet-of-400-mb": (lambda: hostile.expanding_sheet(400 * MB),
                        f"Bagian \"{SHEET}\" di dalam file .xlsx ini berukuran 400,0 MB setelah dibuka, lebih dari batas "
                        "200,0 MB. Pastikan file hanya berisi tabel data WBP, atau bagi data menjadi beberapa file."),
    "many-parts": (lambda: hostile.many_parts(50_000),
                   f"File .xlsx ini terdiri atas lebih dari 1.000 bagian (file Excel biasa hanya belasan). {FRESH}"),
    "entity-bomb": (lambda: hostile.entity_bomb("sheet"),
                    f"Bagian \"{SHEET}\" di dalam file .xlsx ini memuat deklarasi DOCTYPE atau entitas, yang tidak "
                    f"pernah ditulis Excel. {RESAVE}"),
    "lying-dimension": (lambda: hostile.lying_dimension("A1:XFD1048576"),
                        f"Lembar \"WBP\" menyatakan ukurannya A1:XFD1048576; {AREA}. {CLEAN_UP}"),
}
# More of them, for the command only (each is checked in detail in tests/foundation/test_sheetguard.py).
MISMATCH = (f"Bagian \"{SHEET}\" di dalam file .xlsx ini tidak sesuai dengan ukuran atau sidik yang tercatat di file. "
            "File rusak atau sengaja diubah; simpan ulang dari Excel lalu unggah lagi.")
MORE = {
    "zip-header-lies-about-size": (lambda: hostile.lying_size(declared=1000, actual=5 * MB), MISMATCH),
    "external-entity": (hostile.external_entity, HOSTILE["entity-bomb"][1]),
    "understated-dimension": (hostile.understated_dimension,
                              f"Lembar \"WBP\" berisi sel sampai ZZ40000; {AREA}. {CLEAN_UP}"),
    "tag-of-2-mb": (lambda: hostile.long_tag(2 * MB),
                    f"Bagian \"{SHEET}\" di dalam file .xlsx ini berisi satu tag atau teks sepanjang lebih dari 1 MB. "
                    f"{RESAVE}"),
}


@functools.cache
def hostile_file(name: str) -> bytes:
    build = {**HOSTILE, **MORE}[name][0]
    data = build()
    assert len(data) < 20 * MB  # every one passes the upload limit
    return data


def message_for(name: str) -> str:
    return {**HOSTILE, **MORE}[name][1]


def nothing_written():
    assert Inmate.objects.count() == 0 and Inmate.history.count() == 0
    assert CustodyEvent.objects.count() == 0 and CustodyEvent.history.count() == 0


# The command -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [*HOSTILE, *MORE])
def test_import_inmates_json_gives_the_message_and_exit_code_1(world, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(hostile_file(name))
    status, out, err = command(str(path), "--facility", "rutan-blora", "--json", "--dry-run")
    expected = {"created": 0, "updated": 0, "unchanged": 0, "warnings": [],
                "errors": [{"row": None, "column": None, "message": message_for(name)}]}
    assert (status, json.loads(out)) == (1, expected)
    assert err == "Impor ditolak: 1 kesalahan; tidak ada yang disimpan."
    nothing_written()
    assert not ImportRecord.objects.exists()  # a dry run is not recorded

    status, out, _err = command(str(path), "--facility", "rutan-blora", "--json", "--user", "petugas.blora")
    assert (status, json.loads(out)) == (1, expected)
    nothing_written()
    record = ImportRecord.objects.get()  # a rejected commit is recorded, as any other
    assert (record.status, record.source, record.first_error, record.rows) == (
        ImportRecord.Status.REJECTED, "perintah", message_for(name)[:300], 0)


# The browser: preview, confirm, list of problems ---------------------------------------------------

@pytest.mark.parametrize("name", HOSTILE)
def test_preview_confirm_and_problem_list_give_the_message(world, name):
    client = world.client("petugas.blora")
    message = message_for(name)
    response = client.post(START, {"file": SimpleUploadedFile(f"{name}.xlsx", hostile_file(name))})
    assert response.status_code == 302  # the upload form only sniffs the type; the file is read below
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]

    preview = client.get(f"{START}{token}/")
    assert preview.status_code == 200
    assert [issue.as_dict() for issue in preview.context["errors"]] == [{"row": None, "column": None, "message": message}]
    page = preview.content.decode()
    assert escape(message) in page and 'data-testid="confirm-form"' not in page

    confirm = client.post(f"{START}{token}/")
    assert confirm.status_code == 200
    assert [issue.message for issue in confirm.context["errors"]] == [message]
    assert escape(message) in confirm.content.decode()
    record = ImportRecord.objects.get()
    assert (record.status, record.source, record.first_error) == (ImportRecord.Status.REJECTED, "web", message[:300])

    issues = client.get(f"{START}{token}/masalah/")
    assert issues.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(issues.streaming_content))).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Jenis", "Baris", "Kolom", "Masalah"], ["Kesalahan", None, None, message]]
    nothing_written()
    assert ImportRecord.objects.count() == 1


# The reader's two defences ------------------------------------------------------------------------

READ_IN_A_FRESH_PROCESS = (
    "import os, sys\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tps_khusus.settings')\n"
    "import django\n"
    "django.setup()\n"
    "from inmates.importing import reading\n"
    "data = open(sys.argv[2], 'rb').read()\n"
    "try:\n"
    "    getattr(reading, sys.argv[1])(data)\n"
    "except reading.Rejected as error:\n"
    "    print('rejected:', error.message)\n"
    "print('survived')\n"
)


def read_in_a_fresh_process(tmp_path, reader: str, data: bytes) -> subprocess.CompletedProcess:
    path = tmp_path / "file.xlsx"
    path.write_bytes(data)
    return subprocess.run([sys.executable, "-c", READ_IN_A_FRESH_PROCESS, reader, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "RUST_BACKTRACE": "0"})


def test_calamine_alone_still_aborts_the_process_that_reads_a_far_cell(tmp_path):
    # Why the import never calls it but in the sandbox: nothing is caught, the process is gone.
    result = read_in_a_fresh_process(tmp_path, "read_rows", hostile.far_cell("XFD1048576"))
    assert result.returncode == -signal.SIGABRT, (result.returncode, result.stderr[-2000:])
    assert result.stdout == ""
    assert "memory allocation of" in result.stderr


def test_the_wired_reader_does_not_abort_and_says_why(tmp_path):
    result = read_in_a_fresh_process(tmp_path, "read_sheet", hostile.far_cell("XFD1048576"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == f"rejected: Lembar \"WBP\" berisi sel sampai XFD1048576; {AREA}. {CLEAN_UP}\nsurvived\n"


def _guard_that_sees_nothing(monkeypatch):
    """The second line of defence alone: a guard that lets everything through."""
    def lets_through(data, *, max_columns, max_rows):
        return sheetguard.SheetExtent(sheet="WBP", part=SHEET, rows=1, columns=1, dimension=None, shared_strings=0,
                                      unpacked_bytes=len(data))
    monkeypatch.setattr(reading.sheetguard, "check_workbook", lets_through)


def test_past_the_guard_the_sandbox_catches_the_abort_with_the_limit_of_the_settings(world, monkeypatch, settings):
    _guard_that_sees_nothing(monkeypatch)
    settings.TPS_IMPORT_PARSE_MEMORY_MB = 300  # read here and handed to the child, which sees no override
    plan = importing.validate(hostile.far_cell("XFD1048576"), facility=world.blora, user=None, file_name="x.xlsx")
    assert [issue.message for issue in plan.errors] == [
        "Pembacaan file dihentikan karena memerlukan memori lebih dari 300 MB. Pastikan file hanya berisi tabel data "
        "WBP (tanpa lembar, kolom, atau baris lain yang terisi atau diformat), atau bagi data menjadi beberapa file, "
        "lalu unggah lagi."]
    # The same process goes on reading ordinary files.
    monkeypatch.undo()
    plan = importing.validate(rows_file(2), facility=world.blora, user=None, file_name="x.xlsx")
    assert plan.ok and plan.data_rows == 2


def test_the_time_limit_of_the_settings_reaches_the_sandbox(world, settings):
    settings.TPS_IMPORT_PARSE_SECONDS = 0.001
    plan = importing.validate(rows_file(2), facility=world.blora, user=None, file_name="x.xlsx")
    assert [issue.message for issue in plan.errors] == [
        "Pembacaan file dihentikan karena berlangsung lebih dari 0.001 detik. Pastikan file hanya berisi tabel data "
        "WBP, atau bagi data menjadi beberapa file, lalu unggah lagi."]


def test_a_rejection_from_inside_the_sandbox_comes_back_unchanged(world, monkeypatch):
    _guard_that_sees_nothing(monkeypatch)
    data = hostile.xlsx(hostile.sheet_xml([hostile.header_row()]), workbook=hostile.workbook_xml("LAIN"))
    plan = importing.validate(data, facility=world.blora, user=None, file_name="x.xlsx")
    # calamine is asked for the sheet the guard named ("WBP"), which this workbook lacks.
    assert [issue.message for issue in plan.errors] == [
        "File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi."]


def test_a_sheet_that_is_only_too_long_says_so(world, settings):
    settings.TPS_IMPORT_MAX_ROWS = 5  # the guard allows 5 data rows, the header and 10 title rows: 16
    plan = importing.validate(rows_file(16), facility=world.blora, user=None, file_name="x.xlsx")
    assert [issue.message for issue in plan.errors] == [
        "Lembar \"DATA_WBP\" berisi baris sampai nomor 17; file impor hanya boleh memakai baris 1 sampai 16. Bila "
        "datanya memang sebanyak itu, bagi menjadi beberapa file; bila tidak, hapus isi dan format di bawah tabel "
        "data WBP. Simpan, lalu unggah lagi."]
    plan = importing.validate(rows_file(6), facility=world.blora, user=None, file_name="x.xlsx")
    assert [issue.message for issue in plan.errors] == [
        "File berisi lebih dari 5 baris data. Bagi data menjadi beberapa file."]
