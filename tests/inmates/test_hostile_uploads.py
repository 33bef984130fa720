"""A 2 KB workbook with one cell at XFD1048576 kills whatever process reads it with today's reader
(inmates.reading.read_rows: calamine aborts on a failed allocation). In the sandbox the caller
lives on and gets a clear message; the sheet guard refuses the file before any reader sees it.

These tests show the failure mode and both defences; once the import reads through them, they
grow into the end-to-end tests (preview, confirm, error list, import_inmates --json)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl.utils import get_column_letter

from inmates import importing
from inmates.importing import messages, reading
from tests import hostile_xlsx as hostile
from tests.inmates.conftest import rows_file
from tps_khusus import sheetguard
from tps_khusus.sandbox import ParseAborted, run_limited

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {"memory_mb": settings.TPS_IMPORT_PARSE_MEMORY_MB, "seconds": settings.TPS_IMPORT_PARSE_SECONDS}


def test_todays_reader_aborts_the_process_that_reads_a_far_cell(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(hostile.far_cell("XFD1048576"))
    script = ("import os, sys\n"
              "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tps_khusus.settings')\n"
              "import django\n"
              "django.setup()\n"
              "from inmates.importing.reading import read_rows\n"
              "try:\n"
              "    read_rows(open(sys.argv[1], 'rb').read())\n"
              "except BaseException as error:\n"  # nothing is caught: the process is gone
              "    print('caught', type(error).__name__)\n"
              "print('survived')\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "RUST_BACKTRACE": "0"})
    assert result.returncode == -signal.SIGABRT, (result.returncode, result.stderr[-2000:])
    assert result.stdout == ""
    assert "memory allocation of" in result.stderr


def test_in_the_sandbox_the_caller_survives_and_gets_a_message():
    with pytest.raises(ParseAborted) as aborted:
        run_limited(reading.read_rows, hostile.far_cell("XFD1048576"), **LIMITS)
    assert str(aborted.value) == (
        "Pembacaan file dihentikan karena memerlukan memori lebih dari 1024 MB. Pastikan file hanya berisi tabel data "
        "WBP (tanpa lembar, kolom, atau baris lain yang terisi atau diformat), atau bagi data menjadi beberapa file, "
        "lalu unggah lagi.")
    assert (aborted.value.reason, aborted.value.exitcode) == ("memory", -signal.SIGABRT)
    assert "memory allocation of" in aborted.value.detail
    # The same caller goes on reading ordinary files through the sandbox.
    sheet, rows = run_limited(reading.read_rows, rows_file(2), **LIMITS)
    assert sheet == "DATA_WBP" and [number for number, _cells in rows] == [1, 2, 3]


def test_a_rejection_from_the_reader_comes_back_unchanged():
    with pytest.raises(importing.Rejected) as rejected:
        run_limited(reading.read_rows, b"NO_REGISTER,NIK\n1,2\n", **LIMITS)
    assert rejected.value.message == messages.FILE_TEXT


@pytest.mark.parametrize("reference", ["XFD1048576", "ZZ40000"])
def test_the_guard_refuses_the_far_cell_before_any_reader(reference):
    with pytest.raises(sheetguard.WorkbookRefused) as refused:
        sheetguard.check_workbook(hostile.far_cell(reference), max_columns=len(importing.TEMPLATE_COLUMNS) + 5,
                                  max_rows=settings.TPS_IMPORT_MAX_ROWS + reading.HEADER_SEARCH_ROWS + 1)
    last = get_column_letter(len(importing.TEMPLATE_COLUMNS) + 5)
    assert str(refused.value) == (
        f"Lembar \"WBP\" berisi sel sampai {reference}; file impor hanya boleh memakai kolom A sampai {last} dan baris 1 "
        f"sampai 60.011. Hapus isi dan format di luar tabel data WBP (kolom di kanannya dan baris di bawahnya), "
        f"simpan, lalu unggah lagi.")
