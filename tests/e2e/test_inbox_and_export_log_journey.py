"""Issue 16 in the browser: the KPU home page is an inbox (a list submitted, opened, returned with a
note that the staff home then shows), and the admins' export log page with its filters."""

from datetime import date

import pytest
from playwright.sync_api import expect

from audit.models import ExportLog
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from registration.models import ListReview
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate
from tps_khusus import audit

pytestmark = [pytest.mark.browser, browser_db]
DESKTOP = {"width": 1280, "height": 900}

# Each drop-down of a form against its longest option, in the drop-down's own font, plus its padding
# (which holds the arrow): the names of those that would cut their text off.
CUT_OFF_SELECTS = """form => [...form.querySelectorAll("select")].filter(select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const widest = Math.max(...[...select.options].map(option => context.measureText(option.text).width));
  return widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) > select.clientWidth;
}).map(select => select.name)"""


def cut_off_selects(page, test_id: str) -> list[str]:
    return page.get_by_test_id(test_id).evaluate(CUT_OFF_SELECTS)


def test_kpu_inbox_shows_a_submitted_list_and_the_staff_home_the_returned_one(e2e_world, screens):
    _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    for name in ("Agus Salim", "Bambang Wijaya"):
        make_inmate(e2e_world.blora, full_name=name, admitted_on=date(2023, 3, 1))

    kpu = screens.sign_in("kpu.blora")
    expect(kpu.get_by_role("heading", level=1)).to_have_text("KPU Kabupaten Blora")
    expect(kpu.get_by_test_id("inbox")).to_contain_text("Tidak ada daftar yang menunggu ditinjau.")

    staff = screens.sign_in("petugas.blora")
    staff.goto("/pemilu/pemilu-2024/rutan-blora/")
    staff.get_by_label("Catatan").fill("Data per 1 Desember")
    staff.get_by_role("button", name="Ajukan ke KPU").click()
    expect(staff.locator(".alert-success")).to_contain_text("Daftar diajukan ke KPU untuk ditinjau.")

    kpu.reload()
    item = kpu.get_by_test_id("inbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Rutan Kelas IIB Blora: mengajukan daftar pemilih Pemilu 2024 untuk ditinjau")
    expect(item).to_contain_text("2 MS · 0 potensial · 0 TMS")
    expect(item).to_contain_text("Catatan Petugas Rutan Blora: Data per 1 Desember")
    expect(kpu.get_by_test_id("inbox-total")).to_have_text("1")
    screens.shot(kpu, "kpu-inbox")

    item.get_by_role("link", name="mengajukan daftar pemilih Pemilu 2024 untuk ditinjau").click()
    expect(kpu.get_by_test_id("review-status")).to_have_text("Diajukan ke KPU")
    kpu.get_by_label("Catatan").fill("NIK Agus belum cocok dengan KTP-el")
    kpu.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(kpu.locator(".alert-success")).to_contain_text("Daftar dikembalikan ke Rutan Kelas IIB Blora dengan catatan.")
    assert ListReview.objects.order_by("-at", "-pk").first().status == ListReview.Status.RETURNED

    kpu.goto("/")
    expect(kpu.get_by_test_id("inbox")).to_contain_text("Tidak ada daftar yang menunggu ditinjau.")
    staff.goto("/")
    returned = staff.get_by_test_id("inbox-item")
    expect(returned).to_contain_text("Pemilu 2024: daftar pemilih dikembalikan KPU untuk diperbaiki, lalu ajukan lagi")
    expect(returned).to_contain_text("Catatan KPU Kabupaten Blora: NIK Agus belum cocok dengan KTP-el")
    screens.shot(staff, "staff-home-returned")


def test_the_admin_reads_and_filters_the_export_log(e2e_world, screens):
    for facility, masked, what in [(e2e_world.blora, False, "dpt-blora.xlsx"), (e2e_world.blora, True, "dpt-blora-s.xlsx"),
                                   (e2e_world.pati, False, "dpt-pati.xlsx")]:
        ExportLog.objects.create(user=e2e_world.users["kpu.jateng"], via=audit.WEB, facility=facility, scope="semua TPS",
                                 masked=masked, what=what, rows=1385)

    admin = screens.sign_in("admin", viewport=DESKTOP)
    admin.get_by_role("link", name="Catatan ekspor").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Catatan ekspor data pribadi")
    expect(admin.get_by_test_id("export-log-count")).to_have_text("3")
    expect(admin.get_by_test_id("export-log-table")).to_contain_text("1.385")
    screens.shot(admin, "export-log")

    admin.get_by_label("Lapas/Rutan").select_option(label="Rutan Kelas IIB Blora")
    admin.get_by_label("Jenis salinan").select_option(label="Hanya lengkap (NIK utuh)")
    admin.get_by_role("button", name="Saring").click()
    expect(admin.get_by_test_id("export-log-count")).to_have_text("1")
    expect(admin.get_by_test_id("export-log-table")).to_contain_text("dpt-blora.xlsx")
    expect(admin.get_by_test_id("export-log-table")).not_to_contain_text("dpt-pati.xlsx")
    assert cut_off_selects(admin, "export-log-filters") == []
    screens.shot(admin, "export-log-filtered")

    kpu = screens.sign_in("kpu.blora")
    expect(kpu.get_by_role("link", name="Catatan ekspor")).to_have_count(0)
    response = kpu.goto("/catatan-ekspor/")
    assert response.status == 404
