"""manage.py import_inmates: the same checks and commit as the browser, for scripts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from inmates.models import ImportRecord, Inmate
from tests.inmates.conftest import registry_snapshot, row_values, rows_file, workbook_bytes


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def command(*args, stderr=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    try:
        call_command("import_inmates", *args, stdout=out, stderr=err)
        status = 0
    except CommandError as error:
        status = error.returncode
        err.write(str(error))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def sheet(tmp_path):
    def write(data: bytes, name: str = "wbp.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)
    return write


def test_json_output_and_exit_status_when_written(world, sheet, changes):
    status, out, err = command(sheet(rows_file(3)), "--facility", "rutan-blora", "--json", "--user", "petugas.blora")
    assert status == 0 and err == ""
    assert json.loads(out) == {"created": 3, "updated": 0, "unchanged": 0, "errors": [], "warnings": []}
    assert out.count("\n") == 1  # one JSON object, nothing else
    assert Inmate.objects.filter(facility=world.blora).count() == 3
    record = ImportRecord.objects.get()
    assert (record.source, record.user, record.status) == ("perintah", world.users["petugas.blora"], "selesai")
    assert Inmate.history.first().history_user == world.users["petugas.blora"]
    assert changes == [{world.blora.pk}]
    status, out, _err = command(sheet(rows_file(3)), "--facility", "rutan-blora", "--json")
    assert json.loads(out) == {"created": 0, "updated": 0, "unchanged": 3, "errors": [], "warnings": []}


def test_json_output_and_exit_status_when_rejected(world, sheet):
    data = workbook_bytes([row_values(1), row_values(2, NIK="123", KODE_WILAYAH="33.16.09"),
                           row_values(3)], numeric=())
    status, out, err = command(sheet(data), "--facility", "rutan-blora", "--json")
    assert status == 1
    assert json.loads(out) == {
        "created": 0, "updated": 0, "unchanged": 0,
        "errors": [{"row": 3, "column": "NIK", "message": "NIK harus 16 digit; yang diisi 3 digit."}],
        "warnings": [{"row": 3, "column": "KODE_WILAYAH", "message": "Kode wilayah 33.16.09 hanya sampai kecamatan "
                      "(Blora); alamat disimpan di tingkat kecamatan. Lengkapi desa/kelurahan di halaman WBP."}],
    }
    assert "Impor ditolak: 1 kesalahan; tidak ada yang disimpan." in err
    assert Inmate.objects.count() == 0
    assert ImportRecord.objects.get().status == "ditolak"


def test_a_numeric_nik_through_the_command(world, sheet):
    status, out, _err = command(sheet(workbook_bytes([row_values(1)], numeric=("NIK",))), "--facility", "rutan-blora",
                                "--json")
    assert status == 1
    assert json.loads(out)["errors"] == [{"row": 2, "column": "NIK", "message": (
        "NIK tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa sudah hilang (Excel hanya menyimpan "
        "15 digit). Format kolom NIK sebagai Teks, ketik ulang nomornya, lalu unggah lagi.")}]


def test_a_dry_run_says_what_would_be_written_and_writes_nothing(world, sheet, changes):
    status, out, _err = command(sheet(rows_file(4)), "--facility", "rutan-blora", "--dry-run", "--json")
    assert status == 0
    assert json.loads(out) == {"created": 4, "updated": 0, "unchanged": 0, "errors": [], "warnings": []}
    assert registry_snapshot() == {"inmates": 0, "inmate_history": 0, "events": 0, "event_history": 0, "records": 0}
    assert changes == []
    status, _out, _err = command(sheet(workbook_bytes([row_values(1, NIK="1")])), "--facility", "rutan-blora",
                                 "--dry-run", "--json")
    assert status == 1


@pytest.mark.parametrize("args,message", [
    (["--facility", "rutan-entah"], "Lapas/Rutan dengan kode rutan-entah tidak ada."),
    (["--facility", "rutan-blora", "--user", "siapa"], "Pengguna siapa tidak ada."),
])
def test_unknown_facility_or_user(world, sheet, args, message):
    status, out, _err = command(sheet(rows_file(1)), *args, "--json")
    assert status == 1
    assert json.loads(out)["errors"] == [{"row": None, "column": None, "message": message}]
    assert Inmate.objects.count() == 0


def test_a_missing_file(world, tmp_path):
    status, out, _err = command(str(tmp_path / "tidak-ada.xlsx"), "--facility", "rutan-blora", "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["message"] == f"File {tmp_path / 'tidak-ada.xlsx'} tidak ditemukan."


def test_a_csv_renamed_xlsx_through_the_command(world, sheet):
    status, out, _err = command(sheet(b"NO_REGISTER;NIK\n1;2\n"), "--facility", "rutan-blora", "--json")
    assert status == 1
    assert json.loads(out)["errors"][0]["message"].startswith("File ini berisi teks (misalnya CSV atau HTML)")


def test_human_readable_output(world, sheet):
    status, out, _err = command(sheet(workbook_bytes([row_values(1), row_values(2, KODE_WILAYAH="33.16.09")])),
                                "--facility", "rutan-blora")
    assert status == 0
    assert out.splitlines() == [
        "PERINGATAN baris 3, KODE_WILAYAH: Kode wilayah 33.16.09 hanya sampai kecamatan (Blora); alamat disimpan di "
        "tingkat kecamatan. Lengkapi desa/kelurahan di halaman WBP.",
        "Impor selesai: 2 baru, 0 berubah, 0 tetap.",
    ]


def test_a_progress_bar_only_on_a_terminal(world, sheet):
    terminal = Terminal()
    status, out, _err = command(sheet(rows_file(3)), "--facility", "rutan-blora", "--json", stderr=terminal)
    assert status == 0 and json.loads(out)["created"] == 3
    bar = terminal.getvalue()
    assert "\rMemeriksa baris  [##############################] 100% 3/3" in bar
    assert "\rMenyimpan        [##############################] 100% 3/3" in bar
    assert bar.endswith("\n") and bar.count("\n") == 1  # redrawn in place: one line in the end
    status, _out, err = command(sheet(rows_file(3, start=10)), "--facility", "rutan-blora", "--json")
    assert status == 0 and err == ""
