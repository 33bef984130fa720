from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility, Inmate
from pdpb.quarters import Quarter


class Reason(models.TextChoices):
    """Why a voter was added to, removed from or corrected in a facility's PDPB list in a period."""

    ADMITTED = "masuk", _("Masuk Lapas/Rutan")
    TRANSFERRED_IN = "pindah_masuk", _("Pindahan dari Lapas/Rutan lain")
    TURNED_17 = "genap_17", _("Genap 17 tahun")
    MARRIED = "kawin", _("Sudah/pernah kawin")
    NIK = "nik", _("NIK baru direkam/diverifikasi")
    TMS_LIFTED = "tms_hilang", _("Alasan TMS tidak berlaku lagi")
    LATE_RECORD = "susulan", _("Tercatat setelah periode sebelumnya dikunci")
    RELEASED = "bebas", _("Bebas: pulang, tetap pemilih di alamat KTP-el")
    TRANSFERRED_OUT = "pindah_keluar", _("Pindah ke Lapas/Rutan lain")
    DIED = "meninggal", _("Meninggal")
    TNI_POLRI = "tni_polri", _("Menjadi TMS: anggota TNI/Polri aktif")
    REVOKED = "hak_pilih_dicabut", _("Menjadi TMS: hak memilih dicabut")
    DUPLICATE = "ganda", _("Menjadi TMS: ganda")
    NOT_CITIZEN = "wna", _("Menjadi TMS: bukan WNI")
    NIK_LOST = "nik_tidak_valid", _("NIK tidak lagi terverifikasi")
    REMOVED = "dihapus", _("Dihapus dari register")
    CORRECTED = "perbaikan", _("Identitas/alamat diperbaiki")
    OTHER = "lainnya", _("Lainnya")


ADDED_REASONS = [Reason.ADMITTED, Reason.TRANSFERRED_IN, Reason.TURNED_17, Reason.MARRIED, Reason.NIK,
                 Reason.TMS_LIFTED, Reason.LATE_RECORD, Reason.OTHER]
REMOVED_REASONS = [Reason.RELEASED, Reason.TRANSFERRED_OUT, Reason.DIED, Reason.TNI_POLRI, Reason.REVOKED,
                   Reason.DUPLICATE, Reason.NOT_CITIZEN, Reason.NIK_LOST, Reason.REMOVED, Reason.OTHER]


class PdpbPeriod(models.Model):
    """One facility's PDPB quarter: submitted to KPU, returned, or locked (then its entries are a copy)."""

    class Status(models.TextChoices):
        DRAFT = "draf", _("Belum diajukan")
        SUBMITTED = "diajukan", _("Diajukan ke KPU")
        RETURNED = "dikembalikan", _("Dikembalikan untuk diperbaiki")
        LOCKED = "dikunci", _("Dikunci KPU")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="pdpb_periods",
                                 verbose_name=_("Lapas/Rutan"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("catatan"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("diajukan oleh"))
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ditinjau oleh"))
    reviewed_at = models.DateTimeField(_("ditinjau"), null=True, blank=True)
    as_of = models.DateField(_("data per tanggal"), null=True, blank=True)
    start_count = models.PositiveIntegerField(_("pemilih awal"), null=True, blank=True)
    added_count = models.PositiveIntegerField(_("bertambah"), null=True, blank=True)
    removed_count = models.PositiveIntegerField(_("berkurang"), null=True, blank=True)
    end_count = models.PositiveIntegerField(_("pemilih akhir"), null=True, blank=True)

    scope_path = "facility"

    class Meta:
        ordering = ["facility", "year", "quarter"]
        verbose_name = _("periode PDPB")
        verbose_name_plural = _("periode PDPB")
        constraints = [
            models.UniqueConstraint(fields=["facility", "year", "quarter"], name="pdpb_period_once"),
            models.CheckConstraint(name="pdpb_quarter_1_to_4", condition=Q(quarter__gte=1, quarter__lte=4)),
            models.CheckConstraint(
                name="pdpb_locked_counts_add_up",
                condition=~Q(status="dikunci") | Q(
                    end_count=models.F("start_count") + models.F("added_count") - models.F("removed_count"))),
        ]

    def __str__(self) -> str:
        return f"{self.period.label} — {self.facility}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class PdpbEntry(models.Model):
    """One person on a locked period, copied: a voter at its end (akhir), or a mutation with its reason."""

    class Side(models.TextChoices):
        END = "akhir", _("Pemilih akhir")
        ADDED = "bertambah", _("Bertambah")
        REMOVED = "berkurang", _("Berkurang")
        CORRECTED = "perbaikan", _("Perbaikan")

    period = models.ForeignKey(PdpbPeriod, on_delete=models.PROTECT, related_name="entries",
                               verbose_name=_("periode"))
    side = models.CharField(_("mutasi"), max_length=10, choices=Side.choices)
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices, blank=True)
    detail = models.CharField(_("keterangan"), max_length=200, blank=True)
    inmate = models.ForeignKey(Inmate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("WBP"))
    stay_id = models.PositiveIntegerField(_("nomor masa tahanan"))
    register_number = models.CharField(_("nomor register"), max_length=40, blank=True)
    nik = models.CharField("NIK", max_length=16, blank=True)
    nkk = models.CharField("NKK", max_length=16, blank=True)
    full_name = models.CharField(_("nama"), max_length=120)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    rt = models.CharField("RT", max_length=3, blank=True)
    rw = models.CharField("RW", max_length=3, blank=True)
    home_region_code = models.CharField(_("kode desa KTP-el"), max_length=13)

    scope_path = "period__facility"

    class Meta:
        ordering = ["period", "side", "full_name", "pk"]
        verbose_name = _("entri PDPB terkunci")
        verbose_name_plural = _("entri PDPB terkunci")
        constraints = [models.UniqueConstraint(fields=["period", "side", "stay_id"], name="pdpb_entry_once")]

    def __str__(self) -> str:
        return self.full_name


class PdpbReview(models.Model):
    """The history of a period's workflow: who submitted, returned or locked it, when, with what note."""

    period = models.ForeignKey(PdpbPeriod, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("periode"))
    status = models.CharField(_("status"), max_length=15, choices=PdpbPeriod.Status.choices)
    note = models.TextField(_("catatan"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("oleh"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    scope_path = "period__facility"

    class Meta:
        ordering = ["period", "-at", "-pk"]
        verbose_name = _("riwayat periode PDPB")
        verbose_name_plural = _("riwayat periode PDPB")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%d-%m-%Y}"


class DpbExtract(models.Model):
    """An extract of a KPU kab/kota's DPB (or DPT) uploaded for the cross-check: personal data of people
    outside the prison, so it is kept only until `expires_at` (purge_dpb_extracts), seen only by KPU of
    its kab/kota and admins, and deletable on request; its upload and deletion are logged (DpbExtractLog)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("kabupaten/kota"))
    file_name = models.CharField(_("nama file"), max_length=255)
    file_sha256 = models.CharField(_("sidik file (SHA-256)"), max_length=64)
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("diunggah oleh"))
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    expires_at = models.DateTimeField(_("dihapus otomatis"))

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("ekstrak DPB")
        verbose_name_plural = _("ekstrak DPB")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.region_id})"


class DpbRow(models.Model):
    extract = models.ForeignKey(DpbExtract, on_delete=models.CASCADE, related_name="rows",
                                verbose_name=_("ekstrak"))
    row_number = models.PositiveIntegerField(_("baris"))
    nik = models.CharField("NIK", max_length=16, blank=True)
    nkk = models.CharField("NKK", max_length=16, blank=True)
    full_name = models.CharField(_("nama"), max_length=120)
    name_key = models.CharField(_("kunci nama"), max_length=120)
    birth_place = models.CharField(_("tempat lahir"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    desa = models.CharField(_("desa/kelurahan"), max_length=80, blank=True)
    tps = models.CharField("TPS", max_length=10, blank=True)

    class Meta:
        ordering = ["extract", "row_number"]
        verbose_name = _("baris ekstrak DPB")
        verbose_name_plural = _("baris ekstrak DPB")
        indexes = [models.Index(fields=["extract", "nik"]), models.Index(fields=["extract", "name_key", "birth_date"])]

    def __str__(self) -> str:
        return self.full_name


class DpbExtractLog(models.Model):
    """Upload and deletion of extracts, kept after the extract itself is gone."""

    class Action(models.TextChoices):
        UPLOADED = "unggah", _("Diunggah")
        DELETED = "hapus", _("Dihapus atas permintaan")
        EXPIRED = "kedaluwarsa", _("Dihapus karena masa simpan habis")

    action = models.CharField(_("tindakan"), max_length=12, choices=Action.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("kabupaten/kota"))
    file_name = models.CharField(_("nama file"), max_length=255)
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("oleh"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("catatan ekstrak DPB")
        verbose_name_plural = _("catatan ekstrak DPB")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.file_name}"


class HomeRegistration(models.Model):
    """A person's decision on whether a WBP is in the DPB of their home kab/kota: never made by a match
    alone. Each decision is a new row (who, when); the latest one for a stay is its status."""

    class Status(models.TextChoices):
        REGISTERED = "terdaftar", _("Terdaftar di alamat KTP-el")
        NOT_REGISTERED = "belum_terdaftar", _("Belum terdaftar: tambahkan, atau masalah NIK ke Dispendukcapil")
        UNCLEAR = "tidak_jelas", _("Tidak jelas")

    inmate = models.ForeignKey(Inmate, on_delete=models.CASCADE, related_name="+", verbose_name=_("WBP"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    desa = models.CharField(_("desa/kelurahan"), max_length=80, blank=True)
    tps = models.CharField(_("TPS"), max_length=10, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    extract = models.ForeignKey(DpbExtract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    extract_name = models.CharField(_("dari ekstrak"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                           verbose_name=_("diputuskan oleh"))
    at = models.DateTimeField(_("diputuskan"), auto_now_add=True)

    scope_path = "inmate__facility"

    class Meta:
        ordering = ["inmate", "-at", "-pk"]
        verbose_name = _("status di DPB asal")
        verbose_name_plural = _("status di DPB asal")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.at:%d-%m-%Y}"
