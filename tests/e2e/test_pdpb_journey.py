"""PDPB in the browser: the staff of Rutan Blora submit the current quarter, KPU Blora reviews the
cross-check queue of its DPB extract, accepts and locks the quarter (typing its label) and downloads the recap."""

from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from pdpb.models import HomeRegistration, PdpbPeriod
from pdpb.quarters import Quarter
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]


def test_staff_submit_kpu_reviews_the_crosscheck_locks_and_downloads_the_recap(e2e_world, screens, tmp_path):
    quarter = Quarter.of(timezone.localdate())
    people = [make_inmate(e2e_world.blora, full_name=name, admitted_on=date(2023, 3, 1), home_region_id="33.16.09.1013")
              for name in ["Agus Salim", "Bambang Wijaya"]]

    staff = screens.sign_in("petugas.blora")
    staff.get_by_role("link", name="PDPB").first.click()
    expect(staff.get_by_test_id("pdpb-recap")).to_contain_text("Rutan Kelas IIB Blora")
    staff.get_by_test_id("pdpb-recap").get_by_role("link", name="Rutan Kelas IIB Blora").click()
    expect(staff.get_by_test_id("end-count")).to_have_text("2")
    staff.get_by_label("Catatan").fill("Mutasi sudah dicek.")
    staff.get_by_test_id("submit-period").click()
    expect(staff.locator(".alert-success")).to_contain_text(f"{quarter.label} diajukan ke KPU untuk ditinjau.")
    expect(staff.get_by_test_id("period-status")).to_have_text("Diajukan ke KPU")
    screens.shot(staff, "submitted")

    kpu = screens.sign_in("kpu.blora")
    kpu.get_by_role("link", name="PDPB").first.click()
    kpu.get_by_test_id("crosscheck-link").click()
    extract = tmp_path / "dpb-blora.csv"
    extract.write_text("NIK;NAMA;TANGGAL LAHIR;DESA;TPS\n"
                       f"{people[0].nik};AGUS SALIM;{people[0].birth_date:%d-%m-%Y};Kamolan;003\n"
                       f"3316090000000001;Warga Lain;01-01-1970;Kamolan;003\n")
    kpu.get_by_label("Ekstrak DPB/DPT (.xlsx atau .csv)").set_input_files(str(extract))
    kpu.get_by_test_id("upload-extract").click()
    expect(kpu.locator(".alert-success")).to_contain_text("2 baris ekstrak dibaca.")
    queue = kpu.get_by_test_id(f"queue-{people[0].pk}")
    expect(queue).to_contain_text("NIK sama")
    expect(kpu.get_by_test_id(f"queue-{people[1].pk}")).to_contain_text("Tidak ditemukan di ekstrak")
    assert HomeRegistration.objects.count() == 0
    kpu.get_by_test_id(f"registered-{people[0].pk}").click()
    expect(kpu.get_by_test_id(f"decision-{people[0].pk}")).to_contain_text("Terdaftar di alamat KTP-el: Kamolan TPS 003")
    kpu.get_by_test_id(f"not-registered-{people[1].pk}").click()
    expect(kpu.get_by_test_id(f"decision-{people[1].pk}")).to_contain_text("Belum terdaftar")
    screens.shot(kpu, "crosscheck")

    kpu.goto(f"/pdpb/rutan-blora/{quarter.slug}/")
    kpu.get_by_test_id("lock-form").get_by_label("Catatan pleno").fill("Pleno terbuka triwulan ini.")
    kpu.get_by_test_id("lock-period").click()
    expect(kpu.get_by_test_id("confirm-facts")).to_contain_text("pemilih akhir 2.")
    expect(kpu.get_by_test_id("confirmation")).not_to_contain_text("belum mengajukan")
    label = f"Ketik label periode, {quarter.label}, untuk mengunci"
    kpu.get_by_label(label).fill("salah")
    kpu.get_by_test_id("confirm-submit").click()
    expect(kpu.get_by_test_id("confirm-error")).to_have_text(
        f"Teks konfirmasi tidak sama dengan {quarter.label}. Tidak ada yang diubah; ketik persis {quarter.label}.")
    assert PdpbPeriod.objects.get().status == PdpbPeriod.Status.SUBMITTED
    kpu.get_by_label(label).fill(quarter.label)
    kpu.get_by_test_id("confirm-submit").click()
    expect(kpu.locator(".alert-success")).to_contain_text(f"{quarter.label} Rutan Kelas IIB Blora dikunci: 2 pemilih akhir.")
    expect(kpu.get_by_test_id("period-status")).to_have_text("Dikunci KPU")
    assert PdpbPeriod.objects.get().status == PdpbPeriod.Status.LOCKED
    assert PdpbPeriod.objects.get().note == "Pleno terbuka triwulan ini."
    screens.shot(kpu, "locked")

    with kpu.expect_download() as info:
        kpu.get_by_test_id("facility-recap").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    rows = list(load_workbook(path, read_only=True)["REKAP"].iter_rows(values_only=True))
    header = next(r for r in rows if len(r) > 2 and r[2] == "LAPAS/RUTAN")
    blora = next(r for r in rows if len(r) > 2 and r[2] == "Rutan Kelas IIB Blora")
    assert blora[header.index("PEMILIH AKHIR")] == 2
