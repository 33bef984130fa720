"""Starting, running and clearing away background jobs.

- job_start (web): records the job and enqueues its task in one transaction; with the database
  backend both rows land together or not at all.
- job_run (worker): claims a queued job, runs its kind, stores the file and writes the export log
  in one transaction, then clears away expired jobs.
- jobs_purge (worker and `manage.py purge_jobs`): files past TPS_EXPORT_KEEP_HOURS are deleted
  with their job; a job still not finished that long after it was asked for is marked failed.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs import kinds
from jobs.models import Job, keep_for
from jobs.storage import export_storage, job_file_path

logger = logging.getLogger(__name__)

MAX_ACTIVE_PER_USER = 3
TOO_MANY = _("Anda sudah punya %(count)s berkas yang sedang disiapkan. Tunggu sampai salah satunya selesai, "
             "lalu coba lagi.")
FAILED_UNEXPECTEDLY = _("Berkas gagal dibuat karena kesalahan di server. Coba lagi; jika terulang, hubungi admin.")
STALLED = _("Berkas tidak selesai dibuat dalam %(hours)s jam (pekerja latar belakang mungkin berhenti). "
            "Minta berkas ini lagi.")


def job_start(*, user, kind: str, params: dict, label: str) -> tuple[Job, bool]:
    """Queue a job for `user`; returns it and whether it is new. The same request while an equal
    job (kind and parameters) of this user is still waiting or running gives that job back."""
    from jobs.tasks import run_job

    kinds.get(kind)  # a kind nobody registered is a programming error, found before anything is written
    with transaction.atomic():
        active = list(Job.objects.filter(user=user, status__in=Job.ACTIVE).order_by("created_at"))
        for job in active:
            if job.kind == kind and job.params == params:
                return job, False
        if len(active) >= MAX_ACTIVE_PER_USER:
            raise ValidationError(TOO_MANY % {"count": len(active)}, code="too_many")
        job = Job.objects.create(user=user, kind=kind, params=params, label=str(label)[:200],
                                 expires_at=timezone.now() + keep_for())
        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job, True


def job_run(*, job_id: str) -> str:
    """Run one queued job (called by the task); returns what became of it."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now())
    if not claimed:  # run already, purged, or never committed
        return "skipped"
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        output = kinds.get(job.kind).run(kinds.Run(job))
        try:
            _store(job, output)
        finally:
            output.stream.close()
    except kinds.JobFailed as failure:
        _fail(job, failure.message)
        outcome = "failed"
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _fail(job, str(FAILED_UNEXPECTEDLY))
        raise  # the task engine records the failure and its traceback too
    else:
        outcome = "done"
    finally:
        jobs_purge()
    return outcome


def _store(job: Job, output: kinds.Output) -> None:
    """The file into storage, the export log and the job's new state: together or not at all."""
    now = timezone.now()
    job.file = export_storage().save(job_file_path(job, output.filename), File(output.stream, name=output.filename))
    try:
        with transaction.atomic():
            if output.log is not None:
                output.log()
            stored = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.DONE, file=job.file, filename=output.filename[:200], done_rows=output.rows,
                total_rows=output.rows, finished_at=now, expires_at=now + keep_for())
            if not stored:  # marked stalled (or removed) meanwhile: nobody will fetch this file
                raise kinds.JobFailed(STALLED % {"hours": settings.TPS_EXPORT_KEEP_HOURS})
    except BaseException:
        job.delete_file()
        raise


def _fail(job: Job, message: str) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=message, finished_at=now, expires_at=now + keep_for())


def jobs_purge(*, now=None) -> tuple[int, int]:
    """Delete jobs (and their files) whose time is up; mark as failed those stalled for as long.
    Returns (deleted, stalled)."""
    now = now or timezone.now()
    stalled = Job.objects.filter(status__in=Job.ACTIVE, created_at__lt=now - keep_for()).update(
        status=Job.Status.FAILED, error=str(STALLED % {"hours": settings.TPS_EXPORT_KEEP_HOURS}), finished_at=now,
        expires_at=now + keep_for())
    deleted = 0
    for job in Job.objects.filter(status__in=Job.FINISHED, expires_at__lt=now).only("pk", "file"):
        job.delete()  # jobs.signals deletes the file from storage
        deleted += 1
    return deleted, stalled
