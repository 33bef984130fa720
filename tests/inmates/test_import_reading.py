"""Reading a workbook: what is refused before any row is checked, and how headers are understood."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from inmates import importing
from tests.inmates.conftest import (
    HEADERS,
    ole_file,
    password_protected_xlsx,
    row_values,
    rows_file,
    workbook_bytes,
)


def file_errors(world, data: bytes) -> list[str]:
    plan = importing.validate(data, facility=world.blora, user=world.users["petugas.blora"], file_name="wbp.xlsx")
    assert all(issue.row is None and issue.column is None for issue in plan.errors)
    assert plan.rows == []
    return [issue.message for issue in plan.errors]


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class TestRefusedFiles:
    def test_an_empty_file(self, world):
        assert file_errors(world, b"") == ["File kosong (0 byte). Pilih file Excel .xlsx yang berisi data WBP."]

    def test_a_file_over_the_size_limit(self, world, settings):
        settings.TPS_IMPORT_MAX_BYTES = 1024 * 1024
        data = rows_file(2) + b"\x00" * (1024 * 1024 * 3 // 2)
        assert file_errors(world, data) == [
            "Ukuran file 1,5 MB melebihi batas 1,0 MB. Bagi data menjadi beberapa file."]

    def test_a_csv_renamed_to_xlsx(self, world):
        csv = ",".join(HEADERS).encode() + b"\nBI.1/2024,3316091705900007,,BUDI\n"
        assert file_errors(world, csv) == [
            "File ini berisi teks (misalnya CSV atau HTML), bukan Excel .xlsx. Buka di Excel lalu simpan sebagai "
            "\"Excel Workbook (.xlsx)\"."]

    def test_an_html_table_saved_as_xls(self, world):
        assert file_errors(world, b"<html><body><table><tr><td>NIK</td></tr></table></body></html>") == [
            "File ini berisi teks (misalnya CSV atau HTML), bukan Excel .xlsx. Buka di Excel lalu simpan sebagai "
            "\"Excel Workbook (.xlsx)\"."]

    def test_a_zip_of_something_else(self, world):
        data = zipped({"foto.jpg": b"\xff\xd8\xff", "catatan.txt": b"halo"})
        assert file_errors(world, data) == [
            "File ini arsip zip yang bukan Excel .xlsx (isinya: foto.jpg, catatan.txt). Unggah file .xlsx dari templat."]

    def test_a_word_document(self, world):
        data = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
        assert file_errors(world, data) == [
            "File ini arsip zip yang bukan Excel .xlsx (isinya: [Content_Types].xml, word/document.xml). "
            "Unggah file .xlsx dari templat."]

    def test_a_truncated_xlsx(self, world):
        assert file_errors(world, rows_file(3)[:700]) == [
            "File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi."]

    def test_an_xlsx_whose_sheet_is_garbage(self, world):
        data = zipped({
            "[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook><sheets><sheet", "xl/_rels/x": b"?"})
        assert file_errors(world, data) == [
            "File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi."]

    def test_random_bytes(self, world):
        assert file_errors(world, bytes(range(256)) * 4) == ["File ini bukan file Excel .xlsx. Unggah file .xlsx dari templat."]

    def test_a_password_protected_workbook(self, world):
        assert file_errors(world, password_protected_xlsx()) == [
            "File dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata sandinya "
            "(File > Info > Proteksi Buku Kerja), simpan, lalu unggah lagi."]

    def test_an_old_xls_workbook(self, world):
        assert file_errors(world, ole_file({"Workbook": b"\x09\x08\x10\x00"})) == [
            "Format Excel lama (.xls) tidak didukung. Buka di Excel lalu simpan sebagai \"Excel Workbook (.xlsx)\"."]

    def test_an_empty_first_sheet(self, world):
        workbook = Workbook()
        workbook.active.title = "Kosong"
        workbook.create_sheet("Lain")["A1"] = "NIK"
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert file_errors(world, buffer.getvalue()) == [
            "Lembar pertama (\"Kosong\") kosong. Isi data WBP di lembar pertama, di bawah baris judul kolom."]

    def test_headers_without_rows(self, world):
        assert file_errors(world, workbook_bytes([])) == ["Tidak ada baris data di bawah baris judul kolom."]

    def test_too_many_rows(self, world, settings):
        settings.TPS_IMPORT_MAX_ROWS = 3
        assert file_errors(world, rows_file(4)) == ["File berisi lebih dari 3 baris data. Bagi data menjadi beberapa file."]
        plan = importing.validate(rows_file(3), facility=world.blora, user=None, file_name="x.xlsx")
        assert plan.ok and plan.data_rows == 3

    def test_the_default_limit_allows_fifty_thousand_rows(self, settings):
        assert settings.TPS_IMPORT_MAX_ROWS >= 50_000

    def test_no_header_row(self, world):
        data = workbook_bytes([{"NO_REGISTER": "x"}], headers=["Nomor", "Orang"])
        assert file_errors(world, data) == [
            "Baris judul kolom tidak ditemukan di lembar \"DATA_WBP\". Baris pertama harus berisi judul kolom seperti "
            "pada templat (NO_REGISTER, NIK, NAMA, ...)."]

    def test_missing_required_columns(self, world):
        headers = [h for h in HEADERS if h not in ("TANGGAL_LAHIR", "KODE_WILAYAH", "NIK")]
        assert file_errors(world, workbook_bytes([row_values(1)], headers=headers)) == [
            "Kolom wajib tidak ada: NIK, TANGGAL_LAHIR, KODE_WILAYAH. Gunakan judul kolom seperti pada templat."]

    def test_a_column_given_twice_even_under_an_alias(self, world):
        headers = [*HEADERS, "Nama Lengkap"]
        assert file_errors(world, workbook_bytes([row_values(1)], headers=headers)) == [
            "Kolom NAMA muncul lebih dari sekali; hanya satu yang boleh ada."]


class TestHeaders:
    def test_any_order_any_case_spaces_and_aliases(self, world):
        renamed = {
            "NO_REGISTER": "Nomor Register", "NIK": " nik ", "NAMA": "Nama Lengkap", "NAMA_IBU": "Nama Ibu Kandung",
            "TANGGAL_LAHIR": "Tgl. Lahir", "JENIS_KELAMIN": "L/P", "STATUS_PERKAWINAN": "status kawin",
            "KODE_WILAYAH": "Kode Desa", "KTP_EL": "KTP-el", "STATUS_TAHANAN": "Status",
            "TANGGAL_MASUK": "tanggal masuk", "TANGGAL_EKSPIRASI": "Tgl Ekspirasi",
        }
        headers = list(reversed(HEADERS))
        source = row_values(7)
        row = {renamed.get(name, name): value for name, value in source.items()}
        data = workbook_bytes([row], headers=[renamed.get(name, name) for name in headers])
        plan = importing.validate(data, facility=world.blora, user=None, file_name="x.xlsx")
        assert plan.errors == [] and plan.warnings == []
        assert set(plan.columns) == set(HEADERS)
        [planned] = plan.rows
        assert planned.values["register_number"] == "BI.00007/2024"
        assert planned.values["full_name"] == "WBP NOMOR 7"
        assert planned.values["nik"] == source["NIK"]
        assert planned.values["home_region_id"] == "33.16.09.1013"
        assert planned.expected_release == date(2026, 12, 31)

    def test_unknown_columns_are_ignored_and_listed(self, world):
        data = workbook_bytes([{**row_values(1), "BLOK": "A", "Keterangan": "baik"}], headers=[*HEADERS, "BLOK", "Keterangan"])
        plan = importing.validate(data, facility=world.blora, user=None, file_name="x.xlsx")
        assert plan.ok
        assert plan.ignored_columns == ["BLOK", "Keterangan"]
        assert [issue.as_dict() for issue in plan.warnings] == [
            {"row": 1, "column": "BLOK", "message": "Kolom \"BLOK\" tidak dikenal dan diabaikan."},
            {"row": 1, "column": "Keterangan", "message": "Kolom \"Keterangan\" tidak dikenal dan diabaikan."},
        ]

    def test_title_rows_above_the_header_keep_excel_row_numbers(self, world):
        data = workbook_bytes([row_values(1), row_values(2, NIK="123")],
                              title_rows=[["DATA WBP RUTAN BLORA"], ["Per 1 Desember 2023"], []])
        plan = importing.validate(data, facility=world.blora, user=None, file_name="x.xlsx")
        # Title on rows 1-2, an empty row 3, header on row 4: the bad person is on Excel row 6.
        assert [issue.as_dict() for issue in plan.errors] == [
            {"row": 6, "column": "NIK", "message": "NIK harus 16 digit; yang diisi 3 digit."}]

    def test_optional_columns_may_be_left_out(self, world):
        required = [column.name for column in importing.COLUMNS if column.required]
        plan = importing.validate(workbook_bytes([row_values(1)], headers=required), facility=world.blora, user=None,
                                  file_name="x.xlsx")
        assert plan.ok
        assert plan.rows[0].expected_release is None
        assert "nkk" not in plan.rows[0].values


@pytest.mark.parametrize("data", [b"PK\x03\x04" + b"\x00" * 40, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40])
def test_a_damaged_container_never_raises(world, data):
    plan = importing.validate(data, facility=world.blora, user=None, file_name="x.xlsx")
    assert len(plan.errors) == 1 and not plan.ok
