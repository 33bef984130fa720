import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.storage import export_storage


def keep_for() -> timedelta:
    return timedelta(hours=settings.TPS_EXPORT_KEEP_HOURS)


class Job(models.Model):
    """One piece of background work one user asked for, and its file: what (kind and parameters),
    how far it got, and until when the file is kept. Only the user who asked sees it (jobs.selectors)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu giliran")
        RUNNING = "running", _("sedang dibuat")
        DONE = "done", _("siap diunduh")
        FAILED = "failed", _("gagal")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.DONE, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("diminta oleh"))
    kind = models.CharField(_("jenis"), max_length=100)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    label = models.CharField(_("berkas"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done_rows = models.PositiveIntegerField(_("baris ditulis"), default=0)
    total_rows = models.PositiveIntegerField(_("baris seluruhnya"), null=True, blank=True)
    # The stored file's name in the export storage (jobs.storage), read at run time from the setting.
    file = models.CharField(_("berkas hasil"), max_length=300, blank=True)
    filename = models.CharField(_("nama berkas"), max_length=200, blank=True)
    error = models.TextField(_("pesan kesalahan"), blank=True)
    task_id = models.CharField(_("nomor tugas"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("diminta"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disimpan sampai"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar belakang")
        verbose_name_plural = _("pekerjaan latar belakang")
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["status", "created_at"]),
                   models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and self.expires_at > timezone.now()

    @property
    def percent(self) -> int | None:
        if not self.total_rows:
            return None
        return min(100, self.done_rows * 100 // self.total_rows)

    def open_file(self):
        return export_storage().open(self.file, "rb")

    def delete_file(self) -> None:
        if self.file:
            export_storage().delete(self.file)

    def update_progress(self, *, done: int | None = None, total: int | None = None) -> None:
        """Written at once (outside the job's final transaction), so a page polling the job sees it."""
        fields = {}
        if done is not None:
            fields["done_rows"] = self.done_rows = done
        if total is not None:
            fields["total_rows"] = self.total_rows = total
        if fields:
            Job.objects.filter(pk=self.pk).update(**fields)
