"""Reads of jobs: a user sees their own jobs and no one else's (not even an admin, nor a colleague
of the same area: the file was made for the one who asked)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jobs.models import Job


def jobs_of(*, user, kind: str | None = None) -> QuerySet:
    """The user's jobs that are still kept, newest first."""
    if not getattr(user, "pk", None):
        return Job.objects.none()
    jobs = Job.objects.filter(user=user).filter(Q(status__in=Job.ACTIVE) | Q(expires_at__gt=timezone.now()))
    return jobs.filter(kind=kind) if kind else jobs


def job_for(*, user, pk) -> Job:
    """The user's own job, or 404 (someone else's, unknown, or purged)."""
    job = jobs_of(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def waiting_before(*, job: Job) -> int:
    """Jobs queued before this one (of anyone), for "N in front of yours"."""
    return Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=job.created_at).count()


@dataclass(frozen=True)
class QueueState:
    queued: int
    running: int
    oldest_queued: datetime | None

    def oldest_queued_seconds(self, now: datetime) -> int | None:
        return None if self.oldest_queued is None else max(0, int((now - self.oldest_queued).total_seconds()))


def queue_state() -> QueueState:
    """How the queue stands, in one query (for the health check: no one's data, only counts)."""
    figures = Job.objects.filter(status__in=Job.ACTIVE).aggregate(
        queued=Count("pk", filter=Q(status=Job.Status.QUEUED)), running=Count("pk", filter=Q(status=Job.Status.RUNNING)),
        oldest=Min("created_at", filter=Q(status=Job.Status.QUEUED)))
    return QueueState(queued=figures["queued"], running=figures["running"], oldest_queued=figures["oldest"])
