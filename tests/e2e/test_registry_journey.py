from datetime import date

import pytest
from playwright.sync_api import expect

from inmates.models import CustodyState, Inmate
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]


def test_staff_adds_fixes_releases_transfers_and_checks_needs_action(e2e_world, screens):
    leaving = make_inmate(e2e_world.blora, full_name="Hadi Susanto", admitted_on=date(2022, 5, 1))
    page = screens.sign_in("petugas.blora")
    page.get_by_role("link", name="Tambah WBP baru").click()

    page.get_by_label("Nomor register").fill("BI.0777/2024")
    page.locator("#id_detention_status").select_option("narapidana")
    page.get_by_label("Tanggal masuk").fill("2023-11-02")
    page.get_by_label("Tanggal ekspirasi (perkiraan bebas)").fill("2027-03-01")
    page.locator("#id_nik").fill("3316091503880000")  # serial 0000: refused
    page.get_by_label("Nama lengkap").fill("Bagus Prakoso")
    page.get_by_label("Nama ibu kandung").fill("Sukinah")
    page.get_by_label("Tempat lahir").fill("Blora")
    page.get_by_label("Tanggal lahir").first.fill("1988-03-15")
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Status perkawinan").select_option("S")
    # The cascading picker: province -> kab/kota -> kecamatan -> desa, loaded level by level.
    page.locator("#id_home_region_1").select_option(label="Jawa Tengah")
    expect(page.locator("#id_home_region_2")).to_be_enabled()
    page.locator("#id_home_region_2").select_option(label="Kabupaten Blora")
    expect(page.locator("#id_home_region_3")).to_be_enabled()
    page.locator("#id_home_region_3").select_option(label="Jepon")
    expect(page.locator("#id_home_region_4")).to_be_enabled()
    page.locator("#id_home_region_4").select_option(label="Soko")
    screens.shot(page, "form-filled")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("form-errors")).to_contain_text("Data belum disimpan")
    expect(page.locator("#div_id_nik")).to_contain_text("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
    screens.shot(page, "nik-error")
    page.locator("#id_nik").fill("3316091503880012")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("inmate-name")).to_have_text("Bagus Prakoso")
    expect(page.get_by_test_id("nik-status")).to_have_text("NIK belum diverifikasi")
    new = Inmate.objects.get(full_name="Bagus Prakoso")
    assert new.home_region.parent_id == "33.16.08" and new.home_region.name == "Soko"
    screens.shot(page, "saved")

    # Transfer the new WBP to Rutan Pati.
    screens.record_event(page, "pindah_keluar", date="2024-01-10", destination="Rutan Kelas IIB Pati")
    expect(page.get_by_test_id("custody-state")).to_have_text("Dipindahkan")
    expect(page.get_by_test_id("transfer-info")).to_contain_text("Dipindahkan ke Rutan Kelas IIB Pati")
    screens.shot(page, "transferred")

    # Release another WBP.
    page.goto(f"/wbp/{leaving.pk}/")
    screens.record_event(page, "bebas", date="2024-01-20")
    expect(page.get_by_test_id("custody-state")).to_have_text("Bebas")
    expect(page.get_by_test_id("timeline")).to_contain_text("20 Januari 2024 — Bebas")
    leaving.refresh_from_db()
    assert leaving.custody_state == CustodyState.RELEASED

    page.get_by_role("link", name="Rutan Kelas IIB Blora").first.click()
    page.get_by_role("link", name="Perlu tindakan").click()
    expect(page.get_by_test_id("group-no_nik")).to_be_visible()
    screens.shot(page, "needs-action")

    other = screens.sign_in("petugas.pati")
    response = other.goto(f"/wbp/{new.pk}/")
    assert response.status == 404
    incoming = Inmate.objects.get(previous_stay=new)
    other.goto("/fasilitas/rutan-pati/kedatangan/")
    expect(other.get_by_test_id("incoming-table")).to_contain_text("Bagus Prakoso")
    other.get_by_role("link", name="Bagus Prakoso").click()
    other.get_by_label("Nomor register di sini").fill("AI.0101/2024")
    other.get_by_label("Tanggal tiba").fill("2024-01-11")
    other.get_by_role("button", name="Terima WBP ini").click()
    expect(other.get_by_test_id("custody-state")).to_have_text("Ditahan/dibina")
    incoming.refresh_from_db()
    assert incoming.register_number == "AI.0101/2024"
    screens.shot(other, "arrival-confirmed")
