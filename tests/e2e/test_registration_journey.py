from datetime import date

import pytest
from playwright.sync_api import expect

from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from registration.models import ListVersion, Registration, Tps
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]


def test_kpu_plans_allocates_locks_and_sees_a_release_in_the_diff(e2e_world, screens):
    _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    people = [make_inmate(e2e_world.blora, full_name=name, register_number=f"BI.{i:04d}/2023", admitted_on=date(2023, 3, 1))
              for i, name in enumerate(["Agus Salim", "Bambang Wijaya", "Catur Prasetyo", "Dwi Lestari"], start=1)]
    make_inmate(e2e_world.pati, full_name="Orang Pati", admitted_on=date(2023, 3, 1))

    kpu = screens.sign_in("kpu.blora")
    kpu.get_by_test_id("home-elections").get_by_role("link", name="Pemilu 2024").click()
    expect(kpu.get_by_role("heading", level=1)).to_contain_text("Dasbor Pemilu 2024")
    expect(kpu.get_by_test_id("n-ms")).to_have_text("4")
    expect(kpu.get_by_test_id("facility-table")).not_to_contain_text("Rutan Kelas IIB Pati")
    screens.shot(kpu, "dashboard")

    kpu.get_by_test_id("facility-table").get_by_role("link", name="Rutan Kelas IIB Blora").click()
    expect(kpu.get_by_test_id("voter-count")).to_have_text("4")
    kpu.get_by_role("link", name="TPS dan logistik").click()
    expect(kpu.get_by_test_id("plan-needed")).to_have_text("1")
    kpu.get_by_role("button", name="Buat 1 TPS dan alokasikan pemilih").click()
    expect(kpu.locator(".alert-success")).to_contain_text("4 pemilih ditempatkan di TPS.")
    expect(kpu.get_by_test_id("tps-table")).to_contain_text("TPS 001")
    screens.shot(kpu, "tps-allocated")
    assert Tps.objects.get().allocated == 4

    kpu.get_by_role("link", name="Versi terkunci").click()
    kpu.get_by_label("Label").fill("DPT Rutan Blora")
    kpu.get_by_role("button", name="Kunci").click()
    # Irreversible: a page says what will be locked and what stays open, and asks for the label.
    expect(kpu.get_by_role("heading", level=1)).to_have_text("Kunci daftar DPT Rutan Blora?")
    expect(kpu.get_by_test_id("confirm-facts")).to_contain_text("4 pemilih (MS) ikut dikunci")
    expect(kpu.get_by_test_id("confirm-unresolved")).to_contain_text(
        "Rutan Kelas IIB Blora belum mengajukan daftar ini ke KPU.")
    screens.shot(kpu, "lock-confirmation")
    kpu.get_by_label("Ketik label versi, DPT Rutan Blora, untuk mengunci").fill("DPT")
    kpu.get_by_role("button", name="Kunci DPT Rutan Blora").click()
    expect(kpu.get_by_test_id("confirm-error")).to_contain_text(
        "Teks konfirmasi tidak sama dengan DPT Rutan Blora. Tidak ada yang diubah")
    assert not ListVersion.objects.exists()
    screens.shot(kpu, "lock-wrong-label")
    kpu.get_by_label("Ketik label versi, DPT Rutan Blora, untuk mengunci").fill("DPT Rutan Blora")
    kpu.get_by_role("button", name="Kunci DPT Rutan Blora").click()
    expect(kpu.locator(".alert-success")).to_contain_text("DPT Rutan Blora dikunci dengan 4 pemilih.")
    version = ListVersion.objects.get()
    assert version.entry_count == 4 and version.kind == "dpt"
    screens.shot(kpu, "locked")

    staff = screens.sign_in("petugas.blora")
    staff.goto(f"/wbp/{people[1].pk}/")
    screens.record_event(staff, "bebas", date="2024-02-10", note="Pembebasan bersyarat")
    expect(staff.get_by_test_id("custody-state")).to_have_text("Bebas")
    screens.shot(staff, "release-recorded")

    kpu.get_by_role("link", name="Perubahan").click()
    removed = kpu.get_by_test_id("diff-removed")
    expect(removed).to_contain_text("Bambang Wijaya")
    expect(removed).to_contain_text("Bebas 10 Februari 2024")
    expect(kpu.get_by_test_id("diff-added")).to_contain_text("0")
    screens.shot(kpu, "diff")
    assert Registration.objects.get(inmate=people[1]).tps is None
    assert Tps.objects.get().allocated == 3
