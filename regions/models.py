from django.db import models
from django.utils.translation import gettext_lazy as _

from regions import reference


class Region(models.Model):
    """A Kemendagri region of the 2025 edition: provinsi, kab/kota, kecamatan or desa."""

    class Level(models.IntegerChoices):
        PROVINCE = reference.PROVINCE, _("Provinsi")
        KABKOTA = reference.KABKOTA, _("Kabupaten/Kota")
        KECAMATAN = reference.KECAMATAN, _("Kecamatan")
        DESA = reference.DESA, _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("induk"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kabkota_code(self) -> str:
        return self.code[:5]

    @property
    def province_code(self) -> str:
        return self.code[:2]


class LegacyRegion(models.Model):
    """Kecamatan-and-up codes of the 2022 edition, still printed in older NIK."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Region.Level.choices)
    current_code = models.CharField(
        _("kode 2025"), max_length=8, blank=True,
        help_text=_("Diisi bila kode berubah pada edisi 2025 (Papua Barat Daya)."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah Kepmendagri 2022")
        verbose_name_plural = _("wilayah Kepmendagri 2022")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Dapil(models.Model):
    """A 2024 electoral district (daerah pemilihan)."""

    class Kind(models.TextChoices):
        DPR = reference.DAPIL_DPR, _("DPR RI")
        DPRD_PROVINCE = reference.DAPIL_DPRD_PROVINCE, _("DPRD Provinsi")
        DPRD_KABKOTA = reference.DAPIL_DPRD_KABKOTA, _("DPRD Kabupaten/Kota")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("dapil")
        verbose_name_plural = _("dapil")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="dapil_unique_code")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class DapilArea(models.Model):
    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="areas")
    region_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    region_name = models.CharField(_("nama wilayah"), max_length=100)
    level_label = models.CharField(_("tingkat"), max_length=30)
    is_split = models.BooleanField(_("wilayah pecahan"), default=False)

    class Meta:
        ordering = ["region_code"]
        verbose_name = _("wilayah dapil")
        verbose_name_plural = _("wilayah dapil")

    def __str__(self) -> str:
        return f"{self.region_code} {self.region_name}"
