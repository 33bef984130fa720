"""KPU Blora downloads one TPS's DPT from the TPS page; Rutan Pati's staff cannot reach it."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import ExportLog
from registration import services
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from registration.models import Registration
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate
from tests.xlsx_files import table, workbook

pytestmark = [pytest.mark.browser, browser_db]
TPS_PAGE = "/pemilu/pemilu-2024/rutan-blora/tps/"


def test_kpu_downloads_the_dpt_of_one_tps_and_pati_staff_cannot(e2e_world, screens, tmp_path):
    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    for index, name in enumerate(["Agus Salim", "Bambang Wijaya", "Catur Prasetyo", "Dwi Lestari", "Eka Putri"]):
        make_inmate(e2e_world.blora, full_name=name, sex="P" if name in ("Dwi Lestari", "Eka Putri") else "L",
                    register_number=f"BI.{index:04d}/2023", admitted_on=date(2023, 3, 1))
    for number in (1, 2):
        services.tps_create(election=pemilu, facility=e2e_world.blora, number=number, capacity=3,
                            capacity_reason="Blok hunian kecil", user=None)
    services.allocate(election=pemilu, facility=e2e_world.blora, user=None)
    in_tps_2 = sorted(Registration.objects.filter(tps__number=2).values_list("inmate__full_name", flat=True))

    kpu = screens.sign_in("kpu.blora")
    kpu.goto(TPS_PAGE)
    expect(kpu.get_by_test_id("tps-table")).to_contain_text("TPS 002")
    screens.shot(kpu, "tps-page")
    with kpu.expect_download() as info:
        kpu.get_by_test_id("tps-download-2").click()
    download = info.value
    assert download.suggested_filename == f"dpt-pemilu-2024-rutan-blora-tps002-DRAF-{timezone.localdate():%Y%m%d}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = workbook(path)
    assert book.sheetnames == ["TPS 002"]
    sheet = table(book["TPS 002"])
    assert sorted(sheet.column("NAMA")) == in_tps_2 and len(in_tps_2) == 2
    assert sheet.block["TPS"] == "002" and sheet.block["LAPAS/RUTAN"] == "Rutan Kelas IIB Blora"
    assert sheet.totals["TOTAL"] == 2
    log = ExportLog.objects.get()
    assert (log.user.username, log.scope, log.rows) == ("kpu.blora", "daftar saat ini · TPS 002", 2)

    staff = screens.sign_in("petugas.pati")
    response = staff.goto("/pemilu/pemilu-2024/rutan-blora/tps/2/unduh/")
    assert response.status == 404
    response = staff.goto(TPS_PAGE)
    assert response.status == 404
    screens.shot(staff, "pati-refused")
    assert ExportLog.objects.count() == 1
