"""The admin makes a Pemilu Daerah for Jawa Tengah from its template on the election page; KPU Provinsi
Jawa Tengah finds it on their home page and sees its dashboard with the province's facilities."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from registration.models import Election, Registration
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]


def test_admin_creates_a_pemilu_daerah_for_one_province_and_its_kpu_sees_the_dashboard(e2e_world, screens):
    for facility in e2e_world.facilities.values():
        make_inmate(facility, full_name=f"Warga {facility.name}", home_region_id=facility.location_id,
                    admitted_on=date(2023, 1, 1), expected_release=None)

    admin = screens.sign_in("admin")
    admin.get_by_test_id("home-election-create").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Buat pemilu dari templat")
    admin.get_by_role("radio", name=re.compile(r"^Pemilu Daerah")).check()
    admin.get_by_label("Nama pemilu").fill("Pemilu Daerah Jawa Tengah (simulasi)")
    admin.get_by_label("Kode").fill("pemilu-daerah-jateng")
    admin.get_by_label("Hari pemungutan suara").fill("2031-11-26")
    admin.get_by_label("Tanggal simulasi (belum ditetapkan KPU)").check()
    admin.get_by_label("Wilayah").select_option("33")
    admin.get_by_label("Tanggal penetapan DPT").fill("2031-09-20")
    admin.get_by_role("button", name="Periksa").click()

    plan = admin.get_by_test_id("election-plan")
    expect(plan.get_by_test_id("plan-template")).to_have_text("Pemilu Daerah")
    expect(plan.get_by_test_id("plan-region")).to_have_text("Jawa Tengah")
    expect(plan.get_by_test_id("plan-contests")).to_contain_text("DPRD_PROV")
    expect(plan.get_by_test_id("plan-contests")).to_contain_text("Dapil DPRD Kabupaten/Kota (edisi 2024)")
    expect(plan.get_by_test_id("plan-calendar")).to_contain_text("20 September 2031")
    expect(plan.get_by_test_id("plan-calendar")).to_contain_text("Hari pemungutan suara (tanggal simulasi)")
    expect(plan.get_by_test_id("plan-facilities")).to_contain_text("3 Lapas/Rutan")
    screens.shot(admin, "checked")
    assert not Election.objects.exists()
    plan.get_by_role("button", name="Simpan pemilu").click()
    expect(admin.locator(".alert-success")).to_contain_text(
        "Pemilu Daerah Jawa Tengah (simulasi) dibuat; daftar pemilih dihitung untuk 3 Lapas/Rutan.")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Dasbor Pemilu Daerah Jawa Tengah (simulasi)")
    screens.shot(admin, "created")

    election = Election.objects.get(slug="pemilu-daerah-jateng")
    assert (election.kind, election.region_id, election.dapil_edition_id, election.voting_day_simulated) == (
        "daerah", "33", "2024", True)
    assert list(election.contests.values_list("code", flat=True)) == ["DPRD_PROV", "DPRD_KAB", "GUB", "BUP"]
    assert set(Registration.objects.filter(election=election).values_list("facility__code", flat=True)) == {
        "rutan-blora", "rutan-pati", "lapas-semarang"}

    kpu = screens.sign_in("kpu.jateng")
    expect(kpu.get_by_test_id("agenda")).to_contain_text("Pemilu Daerah Jawa Tengah (simulasi)")
    kpu.get_by_test_id("home-elections").get_by_role("link", name="Pemilu Daerah Jawa Tengah (simulasi)").click()
    expect(kpu.get_by_role("heading", level=1)).to_contain_text("Dasbor Pemilu Daerah Jawa Tengah (simulasi)")
    expect(kpu.get_by_test_id("voting-day")).to_contain_text("26 November 2031 (tanggal simulasi)")
    table = kpu.get_by_test_id("facility-table")
    for name in ["Rutan Kelas IIB Blora", "Rutan Kelas IIB Pati", "Lapas Kelas I Semarang"]:
        expect(table).to_contain_text(name)
    expect(table).not_to_contain_text("Rutan Kelas I Surabaya")
    expect(kpu.get_by_test_id("n-ms")).to_have_text("3")
    screens.shot(kpu, "kpu-dashboard")
