"""Reference data: Kemendagri region editions and KPU dapil editions (docs/regions.md).

The CSV files in regions/data are the shipped *input* of the load commands; once loaded, these
tables are the one source the application reads (through regions.reference, in memory).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions import reference


class Level(models.IntegerChoices):
    PROVINCE = reference.PROVINCE, _("Provinsi")
    KABKOTA = reference.KABKOTA, _("Kabupaten/Kota")
    KECAMATAN = reference.KECAMATAN, _("Kecamatan")
    DESA = reference.DESA, _("Desa/Kelurahan")


class RegionEdition(models.Model):
    """One Kemendagri decree's list of region codes (e.g. 2022: kecamatan and up; 2025: every level).

    Exactly one edition is current: pickers offer its regions and names() answers from it. The
    codes of every edition stay, so a code an edition retires keeps resolving (NIK, old addresses).
    """

    code = models.CharField(_("kode edisi"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    decree = models.CharField(_("dasar (Kepmendagri)"), max_length=200, blank=True)
    lowest_level = models.PositiveSmallIntegerField(_("tingkat terendah"), choices=Level.choices)
    is_current = models.BooleanField(_("edisi berlaku"), default=False)
    shipped = models.BooleanField(_("bawaan aplikasi"), default=False)
    checksum = models.CharField(_("sidik berkas (SHA-256)"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("dimuat pada"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("edisi kode wilayah")
        verbose_name_plural = _("edisi kode wilayah")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="region_edition_one_current"),
        ]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A Kemendagri region code of any edition: provinsi, kab/kota, kecamatan or desa.

    Other apps' foreign keys point here. A code keeps its row when a later edition retires it; its
    name is the one of the newest (current) edition that has it.
    """

    Level = Level

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("induk"),
    )
    editions = models.ManyToManyField(RegionEdition, related_name="regions", verbose_name=_("edisi"))

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


class RegionRenumbering(models.Model):
    """A kab/kota code that was renumbered: a NIK issued before keeps the old code for life."""

    old_code = models.CharField(_("kode lama"), max_length=13, unique=True)
    old_name = models.CharField(_("nama lama"), max_length=100)
    new_code = models.CharField(_("kode baru"), max_length=13)
    since = models.CharField(_("sejak"), max_length=20, help_text=_("Tahun atau edisi kode baru."))
    basis = models.CharField(_("dasar"), max_length=300)
    source_file = models.CharField(_("berkas sumber"), max_length=100)

    class Meta:
        ordering = ["old_code"]
        verbose_name = _("perubahan kode wilayah")
        verbose_name_plural = _("perubahan kode wilayah")

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code} ({self.since})"


class DapilEdition(models.Model):
    """One map of electoral districts (e.g. "2024", PKPU 6/2023). An election names the edition it
    uses; code that names none gets the default edition (one at most)."""

    code = models.CharField(_("kode edisi"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    source = models.CharField(_("sumber / dasar hukum"), max_length=300, blank=True)
    is_default = models.BooleanField(_("edisi bawaan"), default=False)
    shipped = models.BooleanField(_("bawaan aplikasi"), default=False)
    checksum = models.CharField(_("sidik berkas (SHA-256)"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("dimuat pada"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("edisi dapil")
        verbose_name_plural = _("edisi dapil")
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="dapil_edition_one_default"),
        ]

    def __str__(self) -> str:
        return self.name


class Dapil(models.Model):
    """An electoral district (daerah pemilihan) of one edition."""

    class Kind(models.TextChoices):
        DPR = reference.DAPIL_DPR, _("DPR RI")
        DPRD_PROVINCE = reference.DAPIL_DPRD_PROVINCE, _("DPRD Provinsi")
        DPRD_KABKOTA = reference.DAPIL_DPRD_KABKOTA, _("DPRD Kabupaten/Kota")

    edition = models.ForeignKey(DapilEdition, on_delete=models.CASCADE, related_name="dapils",
                                verbose_name=_("edisi"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["edition", "kind", "code"]
        verbose_name = _("dapil")
        verbose_name_plural = _("dapil")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind", "code"], name="dapil_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class DapilArea(models.Model):
    """A region listed in a dapil, as in the source file. A region in several dapil of one kind is
    split ("pecahan"); its parts are listed below it one by one."""

    dapil = models.ForeignKey(Dapil, on_delete=models.CASCADE, related_name="areas")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    region_name = models.CharField(_("nama wilayah (sumber)"), max_length=100)
    level_label = models.CharField(_("tingkat (sumber)"), max_length=30)
    is_split = models.BooleanField(_("wilayah pecahan"), default=False)

    class Meta:
        ordering = ["region"]
        verbose_name = _("wilayah dapil")
        verbose_name_plural = _("wilayah dapil")
        constraints = [models.UniqueConstraint(fields=["dapil", "region"], name="dapil_area_once")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.region_name}"
