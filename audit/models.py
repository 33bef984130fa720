from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tps_khusus import audit
from tps_khusus.dates import long_datetime


class ExportLog(models.Model):
    """Who exported which personal data, when, of what scope and how many rows (UU 27/2022 on
    personal data protection). One row per facility an export covered, so the log is scoped to
    areas like the data itself."""

    class Via(models.TextChoices):
        WEB = audit.WEB, _("situs")
        COMMAND = audit.COMMAND, _("perintah server")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("pengguna"))
    operator = models.CharField(_("dijalankan oleh"), max_length=150, blank=True,
                                help_text=_("Nama pengguna, atau akun server untuk ekspor lewat perintah."))
    via = models.CharField(_("lewat"), max_length=3, choices=Via.choices, default=Via.WEB)
    election = models.ForeignKey("registration.Election", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("pemilu"))
    facility = models.ForeignKey("inmates.Facility", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("Lapas/Rutan"))
    scope = models.CharField(_("cakupan"), max_length=200, blank=True)
    masked = models.BooleanField(_("disamarkan"), default=False)
    what = models.CharField(_("berkas"), max_length=200)
    rows = models.PositiveIntegerField(_("jumlah baris"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    scope_path = "facility"

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("catatan ekspor")
        verbose_name_plural = _("catatan ekspor")
        indexes = [models.Index(fields=["facility", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.what} — {self.operator or self.user} {long_datetime(self.at)}"
