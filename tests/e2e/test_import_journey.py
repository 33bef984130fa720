from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from inmates.models import ImportRecord, Inmate
from tests.e2e.conftest import browser_db
from tests.factories import make_nik

pytestmark = [pytest.mark.browser, browser_db]


def fill(template_path, target_path, *, numeric_nik_row: int | None = None) -> None:
    """Twenty WBP typed into the downloaded template, as an officer would."""
    workbook = load_workbook(template_path)
    sheet = workbook["DATA_WBP"]
    headers = [cell.value for cell in sheet[1]]
    for index in range(20):
        birth = date(1980, 1, 1) + timedelta(days=index * 211)
        nik = make_nik(kecamatan="33.16.09", birth=birth, serial=100 + index)
        values = {
            "NO_REGISTER": f"BI.{700 + index}/2024", "NIK": int(nik) if index == numeric_nik_row else nik,
            "NKK": "3316090101230001", "NAMA": f"WARGA BINAAN {index + 1:02d}", "NAMA_IBU": "SUKINAH",
            "TEMPAT_LAHIR": "BLORA", "TANGGAL_LAHIR": birth, "JENIS_KELAMIN": "L", "STATUS_PERKAWINAN": "S",
            "KEWARGANEGARAAN": "WNI", "ALAMAT": "Dusun Krajan", "RT": "001", "RW": "002", "KODE_WILAYAH": "3316091013",
            "DISABILITAS": "0", "KTP_EL": "S", "STATUS_TAHANAN": "NARAPIDANA", "TANGGAL_MASUK": "02-11-2023",
            "TANGGAL_EKSPIRASI": "01-03-2027", "TNI_POLRI": "N", "TANGGAL_TNI_POLRI": None, "HAK_PILIH_DICABUT": "N",
            "DICABUT_SEJAK": None, "DICABUT_SAMPAI": None,
        }
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=index + 2, column=column, value=values[header])
    workbook.save(target_path)


def test_staff_imports_twenty_people_after_fixing_a_bad_row(e2e_world, screens, tmp_path):
    page = screens.sign_in("petugas.blora")
    page.goto("/fasilitas/rutan-blora/wbp/")
    page.get_by_role("link", name="Impor Excel").click()
    expect(page.get_by_role("heading", name="Impor data WBP dari Excel")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("template-link").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "templat-impor-wbp-rutan-blora.xlsx"
    book = load_workbook(template)
    assert book["DATA_WBP"].column_dimensions["B"].number_format == "@"
    # Drop-downs on the coded columns, and the province's region codes to look up (issue 16).
    drop_downs = {str(check.sqref): check.formula1 for check in book["DATA_WBP"].data_validations.dataValidation}
    assert len(drop_downs) == 8 and drop_downs["H2:H5000"] == '"L,P"'
    codes = {row[0]: row[2] for row in book["KODE_WILAYAH"].iter_rows(min_row=5, values_only=True)}
    assert codes["33.16"] == "Kabupaten Blora" and "33.16.09" in codes

    bad, good = tmp_path / "wbp-salah.xlsx", tmp_path / "wbp-benar.xlsx"
    fill(template, bad, numeric_nik_row=6)  # the seventh person, Excel row 8
    fill(template, good)
    page.get_by_label("File Excel (.xlsx)").set_input_files(str(bad))
    screens.shot(page, "upload")
    page.get_by_role("button", name="Unggah dan periksa").click()

    expect(page.get_by_test_id("import-rejected")).to_contain_text("1 kesalahan. Tidak ada yang disimpan.")
    errors = page.get_by_test_id("error-table")
    expect(errors).to_contain_text("8")
    expect(errors).to_contain_text("NIK tersimpan sebagai angka di Excel")
    expect(page.get_by_test_id("confirm-form")).to_have_count(0)
    expect(page.get_by_test_id("count-new")).to_have_text("19")
    screens.shot(page, "preview-with-error")
    assert Inmate.objects.count() == 0

    page.get_by_test_id("reupload-form").get_by_label("File Excel (.xlsx)").set_input_files(str(good))
    page.get_by_test_id("reupload-form").get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("count-new")).to_have_text("20")
    expect(page.get_by_test_id("count-errors")).to_have_text("0")
    expect(page.get_by_test_id("new-table")).to_contain_text("WARGA BINAAN 20")
    screens.shot(page, "preview-ok")
    page.get_by_role("button", name="Simpan ke daftar WBP").click()

    expect(page.get_by_role("alert").first).to_contain_text(
        "Impor wbp-benar.xlsx selesai: 20 WBP baru, 0 diperbarui, 0 tetap.")
    expect(page.get_by_test_id("result-count")).to_have_text("20")
    expect(page.get_by_test_id("inmate-table")).to_contain_text("WARGA BINAAN 01")
    expect(page.get_by_test_id("inmate-table")).to_contain_text("WARGA BINAAN 20")
    screens.shot(page, "imported-list")
    assert Inmate.objects.filter(facility=e2e_world.blora, custody_state="ditahan").count() == 20
    assert ImportRecord.objects.get().created_count == 20

    page.get_by_role("link", name="Daftar untuk Dukcapil").click()
    expect(page.get_by_test_id("no-nik-count")).to_have_text("0")
    kpu = screens.sign_in("kpu.blora")
    kpu.goto("/fasilitas/rutan-blora/wbp/")
    kpu.get_by_role("link", name="Riwayat impor").click()
    expect(kpu.get_by_test_id("import-records")).to_contain_text("wbp-benar.xlsx")
    screens.shot(kpu, "kpu-history")
    assert kpu.goto("/fasilitas/rutan-blora/impor/").status == 403
