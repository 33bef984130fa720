"""KPU Jawa Tengah asks for the province's DPT: the job's page follows the job on its own (the
polling script under the strict CSP) and offers the download once the worker has made it."""

import pytest
from playwright.sync_api import expect

from audit.models import ExportLog
from jobs import services
from jobs.models import Job
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from tests.e2e.conftest import browser_db
from tests.e2e.test_login import collect_csp_violations
from tests.factories import make_inmate
from tests.jobs.conftest import DUMMY
from tests.xlsx_files import table, workbook

pytestmark = [pytest.mark.browser, browser_db]


def test_the_job_page_follows_the_job_and_then_offers_the_file(e2e_world, screens, settings, tmp_path):
    settings.TASKS = DUMMY  # queued until this test plays the worker
    _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    make_inmate(e2e_world.blora, full_name="Agus Salim")
    make_inmate(e2e_world.pati, full_name="Gita Lestari")

    page = screens.sign_in("kpu.jateng")
    violations = collect_csp_violations(page)
    page.goto("/pemilu/pemilu-2024/")
    page.get_by_role("link", name="Unduh DPT wilayah (.xlsx)").click()
    expect(page.get_by_test_id("job-details")).to_contain_text("Wilayah: Jawa Tengah (3 Lapas/Rutan)")
    screens.shot(page, "offer")
    page.get_by_test_id("job-start").click()
    expect(page.get_by_test_id("job-state")).to_contain_text("Menunggu giliran")
    job = Job.objects.get()

    Job.objects.filter(pk=job.pk).update(total_rows=10, done_rows=4)  # as a worker reports progress
    expect(page.locator("[data-job-rows]")).to_have_text("4 dari 10 baris ditulis")
    expect(page.locator("[data-job-progress]")).to_have_attribute("value", "4")
    screens.shot(page, "progress")

    assert services.job_run(job_id=str(job.pk)) == "done"
    expect(page.get_by_test_id("job-download")).to_be_visible()  # the script reloaded the page
    screens.shot(page, "ready")
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    names = sorted(name for sheet in workbook(path).worksheets for name in table(sheet).column("NAMA"))
    assert names == ["Agus Salim", "Gita Lestari"]
    assert ExportLog.objects.filter(user__username="kpu.jateng").count() == 3
    assert violations == []
