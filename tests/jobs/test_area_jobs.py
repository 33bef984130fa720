"""An area's DPT and recap made in the background: offered, queued, run, downloaded by the one who
asked and nobody else, logged like the direct download, kept for a while and then deleted."""

import io
import json
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import ExportLog
from jobs import services
from jobs.models import Job
from registration import exports, tasks
from tests.conftest import PERSONAS
from tests.factories import make_inmate
from tests.jobs.conftest import DPT, RECAP
from tests.jobs.helpers import fetch_export
from tests.xlsx_files import table, workbook
from tps_khusus.xlsx import CONTENT_TYPE

JATENG = ["lapas-semarang", "rutan-blora", "rutan-pati"]


def start(client, path: str, data: str = "") -> Job:
    response = client.post(path + data)
    assert response.status_code == 302
    job = Job.objects.get(pk=response["Location"].split("/")[2])
    assert response["Location"] == f"/berkas/{job.pk}/"
    return job


def test_a_province_dpt_is_offered_then_made_in_the_background_and_logged_per_facility(area, world):
    client = world.client("kpu.jateng")
    offer = client.get(DPT)
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    page = offer.content.decode()
    assert "DPT wilayah Jawa Tengah — Pemilu 2024" in page
    assert "Wilayah: Jawa Tengah (3 Lapas/Rutan)" in page
    assert "dihapus otomatis 24 jam setelah selesai dibuat" in page
    assert "Belum ada berkas." in page
    assert not Job.objects.exists() and not ExportLog.objects.exists()  # a GET makes nothing

    job = start(client, DPT)
    assert (job.user.username, job.kind, job.status) == ("kpu.jateng", tasks.AREA_DPT, Job.Status.DONE)
    assert job.params == {"election": area.pk, "area": "", "label": "Jawa Tengah", "masked": False}
    assert job.label == "DPT wilayah Jawa Tengah — Pemilu 2024"
    assert (job.done_rows, job.total_rows) == (5, 5)
    assert job.filename == f"dpt-pemilu-2024-wilayah-DRAF-{timezone.localdate():%Y%m%d}.xlsx"
    assert job.expires_at == job.finished_at + timedelta(hours=24)
    assert job.task_id

    page = client.get(f"/berkas/{job.pk}/").content.decode()
    assert "Berkas sedang disiapkan di latar belakang." in page  # the message after the POST
    assert "Berkas siap: 5 baris." in page
    assert f'href="/berkas/{job.pk}/unduh/"' in page
    download = client.get(f"/berkas/{job.pk}/unduh/")
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    assert download["Content-Type"] == CONTENT_TYPE
    book = workbook(download)
    assert {name.split(" ")[0] for name in book.sheetnames} == set(JATENG)
    names = sorted(name for sheet in book.worksheets for name in table(sheet).column("NAMA"))
    assert names == ["Agus", "Citra", "Dewi", "Gita", "Hadi"]

    logs = ExportLog.objects.filter(user__username="kpu.jateng")
    assert {log.facility.code: log.rows for log in logs} == {"lapas-semarang": 0, "rutan-blora": 3, "rutan-pati": 2}
    assert {(log.via, log.what, log.scope, log.masked) for log in logs} == {
        ("web", job.filename, "wilayah Jawa Tengah · daftar saat ini · semua TPS", False)}
    assert ExportLog.objects.count() == 3  # downloading the stored file again logs nothing new: it was logged once made
    listing = client.get("/berkas/").content.decode()
    assert job.label in listing and f'href="/berkas/{job.pk}/unduh/"' in listing


def test_the_masked_copy_of_an_area(area, world):
    client = world.client("admin")
    assert "Salinan untuk diumumkan" in client.get(DPT, {"samaran": "1"}).content.decode()
    job = start(client, DPT, "?samaran=1")
    assert job.params["masked"] is True and job.label.endswith("(disamarkan untuk diumumkan)")
    book = workbook(client.get(f"/berkas/{job.pk}/unduh/"))
    niks = [nik for sheet in book.worksheets for nik in table(sheet).column("NIK")]
    assert len(niks) == 5 and all(nik.endswith("*" * 10) for nik in niks)
    assert set(ExportLog.objects.values_list("masked", flat=True)) == {True}
    assert ExportLog.objects.count() == 4  # the admin's area: every facility of the election


@pytest.mark.parametrize("username", [name for name in PERSONAS if name != "kpu.jateng"] + ["kpu.jateng.2"])
def test_only_the_one_who_asked_sees_the_job_and_its_file(area, world, colleague, username):
    job = start(world.client("kpu.jateng"), DPT)
    other = world.client(username)
    for suffix in ("", "status/", "unduh/"):
        assert other.get(f"/berkas/{job.pk}/{suffix}").status_code == 404, (username, suffix)
    assert job.label not in other.get("/berkas/").content.decode()
    assert ExportLog.objects.count() == 3  # nothing more was logged


def test_a_visitor_is_sent_to_sign_in(area, world, client):
    job = start(world.client("kpu.jateng"), DPT)
    for suffix in ("", "status/", "unduh/"):
        response = client.get(f"/berkas/{job.pk}/{suffix}")
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("username, path", [("kpu.blora", DPT), ("petugas.blora", DPT), ("kpu.jateng", DPT + "?wilayah=33.16"),
                                            ("kpu.blora", RECAP), ("kpu.jateng", RECAP + "?wilayah=33.18")])
def test_an_area_of_one_facility_is_downloaded_at_once(area, world, username, path):
    response = world.client(username).get(path)
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert not Job.objects.exists()


def test_an_area_recap_is_a_job_and_not_logged(area, world):
    client = world.client("admin")
    assert "Rekap wilayah Seluruh wilayah — Pemilu 2024" in client.get(RECAP).content.decode()
    job = start(client, RECAP)
    assert (job.status, job.done_rows) == (Job.Status.DONE, 4)
    assert job.filename == f"rekap-pemilu-2024-wilayah-{timezone.localdate():%Y%m%d}.xlsx"
    rows = table(workbook(client.get(f"/berkas/{job.pk}/unduh/"))["Per Lapas-Rutan"]).rows
    assert {row["LAPAS/RUTAN"]: row["PEMILIH TOTAL"] for row in rows} == {
        "Rutan Kelas IIB Blora": 3, "Rutan Kelas IIB Pati": 2, "Lapas Kelas I Semarang": 0, "Rutan Kelas I Surabaya": 0}
    assert not ExportLog.objects.exists()  # counts only, as the direct recap


def test_the_area_is_worked_out_again_when_the_job_runs(area, world):
    """The job runs as the user who asked, with their area as it is then: here a region outside it."""
    kpu = world.users["kpu.jateng"]
    job, new = services.job_start(user=kpu, kind=tasks.AREA_DPT, label="DPT wilayah Sidoarjo",
                                  params=tasks.area_params(election=area, code="35.15", label="Kabupaten Sidoarjo"))
    job.refresh_from_db()
    assert new and (job.status, job.error, job.file) == (Job.Status.FAILED, str(tasks.NO_FACILITIES), "")
    page = world.client("kpu.jateng").get(f"/berkas/{job.pk}/").content.decode()
    assert "Tidak ada Lapas/Rutan di wilayah ini untuk pemilihan ini." in page
    assert world.client("kpu.jateng").get(f"/berkas/{job.pk}/unduh/").status_code == 404
    assert not ExportLog.objects.exists()


def test_progress_is_written_while_the_rows_are(area, world, monkeypatch):
    monkeypatch.setattr("tps_khusus.xlsx.PROGRESS_EVERY", 2)
    seen = []
    original = Job.update_progress

    def watch(self, **fields):
        original(self, **fields)
        row = Job.objects.get(pk=self.pk)
        seen.append((row.status, row.done_rows, row.total_rows))

    monkeypatch.setattr(Job, "update_progress", watch)
    start(world.client("kpu.jateng"), DPT)
    assert seen == [("running", 0, 5), ("running", 2, 5), ("running", 4, 5), ("running", 5, 5)]


def test_a_job_costs_the_same_queries_however_many_voters(area, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            job = start(world.client("kpu.jateng"), DPT)
        assert Job.objects.get(pk=job.pk).status == Job.Status.DONE
        Job.objects.filter(pk=job.pk).delete()  # so the next request is a new job, not this one again
        return len(context.captured_queries)

    few = queries()
    for index in range(30):
        make_inmate(world.pati if index % 2 else world.blora, full_name=f"Tambahan {index}")
    assert queries() == few


def test_an_error_keeps_no_file_and_no_log(area, world, settings):
    folder = storages["exports"].location
    with mock.patch.object(exports, "record", side_effect=RuntimeError("log writer down")):
        job = start(world.client("kpu.jateng"), DPT)
    job.refresh_from_db()
    assert (job.status, job.error, job.file) == (Job.Status.FAILED, str(services.FAILED_UNEXPECTEDLY), "")
    assert not ExportLog.objects.exists()
    assert not list((Path(folder) / "jobs" / str(job.pk)).glob("*"))
    page = world.client("kpu.jateng").get(f"/berkas/{job.pk}/").content.decode()
    assert "Berkas gagal dibuat karena kesalahan di server." in page


class TestQueue:
    """Before a worker picks a job up (the engine's dummy backend keeps it queued)."""

    def test_a_queued_job_shows_its_place_and_refreshes(self, area, world, queue_only):
        client = world.client("kpu.jateng")
        first = start(world.client("admin"), RECAP)
        job = start(client, DPT)
        assert job.status == Job.Status.QUEUED and job.task_id
        page = client.get(f"/berkas/{job.pk}/").content.decode()
        assert "Menunggu giliran" in page and "1 pekerjaan lain di depan" in page
        assert f'data-job-status-url="/berkas/{job.pk}/status/"' in page and 'data-job-finished="0"' in page
        assert f'<a href="/berkas/{job.pk}/" data-testid="job-refresh">muat ulang</a>' in page
        assert '<script src="/static/js/job-progress.js"></script>' in page
        assert json.loads(client.get(f"/berkas/{job.pk}/status/").content) == {
            "status": "queued", "status_label": "Menunggu giliran", "done": 0, "total": None, "progress": "",
            "finished": False}
        assert client.get(f"/berkas/{job.pk}/unduh/").status_code == 404
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total_rows=5000, done_rows=1000)
        page = client.get(f"/berkas/{job.pk}/").content.decode()
        assert "Sedang dibuat" in page and '<progress class="w-100 mb-2" data-job-progress max="5000" value="1000">' in page
        assert "1.000 dari 5.000 baris ditulis" in page
        assert json.loads(client.get(f"/berkas/{job.pk}/status/").content)["progress"] == "1.000 dari 5.000 baris ditulis"
        services.job_run(job_id=str(first.pk))  # someone else's job: no effect on this one
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

    def test_asking_again_gives_the_same_job_and_three_at_a_time(self, area, world, queue_only):
        client = world.client("kpu.jateng")
        job = start(client, DPT)
        again = client.post(DPT, follow=True)
        assert again.redirect_chain == [(f"/berkas/{job.pk}/", 302)]
        assert "Berkas yang sama sedang disiapkan; ini pekerjaannya." in again.content.decode()
        start(client, DPT, "?samaran=1")
        start(client, RECAP)
        refused = client.post(RECAP + "?wilayah=33", follow=True)
        assert refused.redirect_chain == [(RECAP + "?wilayah=33", 302)]
        assert ("Anda sudah punya 3 berkas yang sedang disiapkan. Tunggu sampai salah satunya selesai, lalu coba lagi."
                in refused.content.decode())
        assert Job.objects.count() == 3
        assert start(world.client("admin"), RECAP).user.username == "admin"  # a limit per user

    def test_a_job_run_once_is_not_run_again(self, area, world, queue_only):
        job = start(world.client("kpu.jateng"), DPT)
        assert services.job_run(job_id=str(job.pk)) == "done"
        assert services.job_run(job_id=str(job.pk)) == "skipped"
        assert ExportLog.objects.count() == 3


class TestKeeping:
    def test_a_file_is_kept_for_the_hours_set_then_deleted(self, area, world, settings, time_machine):
        settings.TPS_EXPORT_KEEP_HOURS = 2
        client = world.client("kpu.jateng")
        job = start(client, DPT)
        storage = storages["exports"]
        assert job.file.startswith(f"jobs/{job.pk}/") and storage.exists(job.file)
        assert job.expires_at == job.finished_at + timedelta(hours=2)
        time_machine.move_to(timezone.now() + timedelta(hours=1, minutes=59))
        client = world.client("kpu.jateng")  # signed in again: the session itself ends after 30 idle minutes
        assert client.get(f"/berkas/{job.pk}/unduh/").status_code == 200
        time_machine.move_to(timezone.now() + timedelta(minutes=2))
        assert client.get(f"/berkas/{job.pk}/").status_code == 404  # past its time, even before the purge
        assert client.get(f"/berkas/{job.pk}/unduh/").status_code == 404
        out = io.StringIO()
        call_command("purge_jobs", stdout=out)
        assert out.getvalue() == "1 berkas kedaluwarsa dihapus; 0 pekerjaan macet ditandai gagal.\n"
        assert not Job.objects.exists() and not storage.exists(job.file)
        assert ExportLog.objects.count() == 3  # the log stays

    def test_the_worker_purges_after_each_job(self, area, world, settings, time_machine):
        settings.TPS_EXPORT_KEEP_HOURS = 1
        old = start(world.client("kpu.jateng"), DPT)
        time_machine.move_to(timezone.now() + timedelta(hours=2))
        new = start(world.client("admin"), RECAP)
        assert list(Job.objects.values_list("pk", flat=True)) == [new.pk]
        assert not storages["exports"].exists(old.file)

    def test_a_job_stuck_for_that_long_is_marked_failed(self, area, world, queue_only, time_machine):
        job = start(world.client("kpu.jateng"), DPT)
        time_machine.move_to(timezone.now() + timedelta(hours=25))
        assert services.jobs_purge() == (0, 1)
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert job.error == ("Berkas tidak selesai dibuat dalam 24 jam (pekerja latar belakang mungkin berhenti). "
                             "Minta berkas ini lagi.")
        assert services.job_run(job_id=str(job.pk)) == "skipped"  # a worker coming back later leaves it alone
        assert not ExportLog.objects.exists()

    def test_files_go_to_the_storage_the_setting_names(self, area, world, settings, tmp_path):
        settings.STORAGES = {**settings.STORAGES, "elsewhere": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}}}
        settings.TPS_EXPORT_STORAGE = "elsewhere"
        client = world.client("kpu.jateng")
        job = start(client, DPT)
        assert (tmp_path / job.file).is_file()
        assert workbook(client.get(f"/berkas/{job.pk}/unduh/")).sheetnames
        (tmp_path / job.file).unlink()  # lost from storage: a 404, not an error
        assert client.get(f"/berkas/{job.pk}/unduh/").status_code == 404


def test_existing_area_links_lead_to_the_same_file(area, world):
    """tests/registration follow area exports through tests.jobs.helpers.fetch_export: check it once."""
    response = fetch_export(world.client("kpu.jateng"), DPT)
    assert response["Content-Type"] == CONTENT_TYPE and Job.objects.get().status == Job.Status.DONE
