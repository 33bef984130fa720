"""The real worker command (django-tasks-db's db_worker) on a job queued through the page, with the
database backend the product runs: the queue is a table; the worker claims the task, runs the job,
stores the file and the log."""

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from audit.models import ExportLog
from jobs.models import Job
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from tests.conftest import APPS_WITHOUT_REFERENCE, build_world
from tests.factories import make_inmate
from tests.jobs.conftest import DPT
from tests.xlsx_files import table, workbook

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker commits as it goes (claiming a task, progress): a transactional test, as in production.
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_db_worker_runs_a_queued_export(settings):
    settings.TASKS = DATABASE
    world = build_world()
    _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    make_inmate(world.blora, full_name="Agus")
    make_inmate(world.pati, full_name="Gita")
    client = world.client("kpu.jateng")

    response = client.post(DPT)
    job = Job.objects.get()
    assert response["Location"] == f"/berkas/{job.pk}/"
    assert job.status == Job.Status.QUEUED
    task = DBTaskResult.objects.get()
    assert (str(task.id), task.status, task.task_path, task.args_kwargs) == (
        job.task_id, "READY", "jobs.tasks.run_job", {"args": [str(job.pk)], "kwargs": {}})
    assert "Menunggu giliran" in client.get(f"/berkas/{job.pk}/").content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=io.StringIO())

    job.refresh_from_db()
    task.refresh_from_db()
    assert (job.status, task.status, task.return_value) == (Job.Status.DONE, "SUCCESSFUL", "done")
    book = workbook(client.get(f"/berkas/{job.pk}/unduh/"))
    assert sorted(name for sheet in book.worksheets for name in table(sheet).column("NAMA")) == ["Agus", "Gita"]
    assert {log.facility.code: log.rows for log in ExportLog.objects.filter(user__username="kpu.jateng")} == {
        "lapas-semarang": 0, "rutan-blora": 1, "rutan-pati": 1}
