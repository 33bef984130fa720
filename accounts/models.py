from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region


class Role(models.TextChoices):
    FACILITY_STAFF = "staff", _("Petugas Lapas/Rutan")
    KPU_KABKOTA = "kpu_kab", _("KPU Kabupaten/Kota")
    KPU_PROVINCE = "kpu_prov", _("KPU Provinsi")
    ADMIN = "admin", _("Admin")


class Membership(models.Model):
    """A user's role and the area it covers: one facility, one kab/kota, one province, or all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    facility = models.ForeignKey(
        "inmates.Facility", on_delete=models.PROTECT, null=True, blank=True,
        related_name="staff", verbose_name=_("Lapas/Rutan"),
        help_text=_("Wajib untuk petugas Lapas/Rutan."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("wilayah"),
        help_text=_("Kabupaten/kota untuk KPU Kabupaten/Kota; provinsi untuk KPU Provinsi."),
    )

    class Meta:
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [
            models.CheckConstraint(
                name="membership_area_matches_role",
                condition=(
                    Q(role=Role.FACILITY_STAFF, facility__isnull=False, region__isnull=True)
                    | Q(role__in=[Role.KPU_KABKOTA, Role.KPU_PROVINCE], facility__isnull=True, region__isnull=False)
                    | Q(role=Role.ADMIN, facility__isnull=True, region__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        area = self.facility or self.region or _("semua wilayah")
        return f"{self.user} — {self.get_role_display()} ({area})"

    def clean(self) -> None:
        errors = {}
        if self.role == Role.FACILITY_STAFF:
            if not self.facility_id:
                errors["facility"] = _("Petugas harus terhubung ke satu Lapas/Rutan.")
            if self.region_id:
                errors["region"] = _("Petugas Lapas/Rutan tidak memakai wilayah.")
        elif self.role in (Role.KPU_KABKOTA, Role.KPU_PROVINCE):
            expected = Region.Level.KABKOTA if self.role == Role.KPU_KABKOTA else Region.Level.PROVINCE
            if not self.region_id:
                errors["region"] = _("Petugas KPU harus terhubung ke satu wilayah.")
            elif self.region.level != expected:
                errors["region"] = _("Wilayah harus berupa %(level)s.") % {"level": expected.label.lower()}
            if self.facility_id:
                errors["facility"] = _("Petugas KPU tidak terhubung ke Lapas/Rutan.")
        elif self.role == Role.ADMIN and (self.facility_id or self.region_id):
            errors["role"] = _("Admin mencakup semua wilayah; kosongkan Lapas/Rutan dan wilayah.")
        if errors:
            raise ValidationError(errors)
