from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from inmates.models import Disability, Facility, Inmate, Sex
from regions.models import DapilEdition, Region
from registration import rules
from tps_khusus.dates import long_date

# Election.clean(): the dates of an election in the order the stages run (also shown by the
# election page and the election_create command).
DATE_NOT_BEFORE_VOTING_DAY = _("%(label)s (%(day)s) harus sebelum hari pemungutan suara (%(voting_day)s).")
DATA_START_NOT_FIRST = _("Mulai pendataan (%(start)s) harus sebelum %(label)s (%(day)s).")
PINDAH_DAYS_ORDER = _("Batas pindah memilih tahanan (H-%(detainee)s) tidak boleh lebih awal dari batas pindah "
                      "memilih umum (H-%(general)s).")
SIMULATED_DAY = _("tanggal simulasi")


def _day(value: date) -> str:
    return long_date(value)


class Election(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "nasional", _("Pemilu Nasional")
        REGIONAL = "daerah", _("Pemilu Daerah")
        PEMILU = "pemilu", _("Pemilu serentak")
        PILKADA = "pilkada", _("Pilkada")
        OTHER = "lainnya", _("Lainnya")

    class Status(models.TextChoices):
        PREPARATION = "persiapan", _("Persiapan")
        ACTIVE = "aktif", _("Aktif")
        CLOSED = "selesai", _("Selesai (arsip)")

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("kode"), max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE,
        help_text=_("Daftar pemilih dihitung ulang otomatis selama pemilu belum selesai."),
    )
    voting_day = models.DateField(_("hari pemungutan suara"))
    voting_day_simulated = models.BooleanField(
        _("tanggal simulasi"), default=False,
        help_text=_("Hari pemungutan suara belum ditetapkan KPU; tanggal ini dipakai untuk simulasi dan ditandai "
                    "di setiap halaman."))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wilayah"),
        help_text=_("Untuk Pilkada: provinsi atau kabupaten/kota penyelenggara. Kosong: seluruh Indonesia."),
        limit_choices_to={"level__in": [Region.Level.PROVINCE, Region.Level.KABKOTA]},
    )
    # By code, so the refresh knows the edition without another query; a code never changes.
    dapil_edition = models.ForeignKey(
        DapilEdition, to_field="code", on_delete=models.PROTECT, null=True, blank=True, related_name="elections",
        verbose_name=_("edisi dapil"),
        help_text=_("Peta dapil yang dipakai surat suara berlingkup dapil (DPR, DPRD Provinsi, DPRD Kabupaten/Kota). "
                    "Kosong: edisi bawaan saat pemilu disimpan."))
    dpt_determined_on = models.DateField(
        _("tanggal penetapan DPT"), null=True, blank=True,
        help_text=_("Hari KPU kabupaten/kota menetapkan DPT. WBP yang ditahan pada tanggal itu masuk DPT; yang "
                    "masuk sesudahnya DPTb."))
    max_voters_per_tps = models.PositiveIntegerField(_("pemilih maksimal per TPS"), default=rules.DEFAULT_MAX_VOTERS_PER_TPS)
    reserve_percent = models.DecimalField(
        _("surat suara cadangan (%)"), max_digits=4, decimal_places=2, default=rules.DEFAULT_RESERVE_PERCENT)
    pindah_general_days = models.PositiveSmallIntegerField(
        _("batas pindah memilih umum (hari sebelum H)"), default=rules.DEFAULT_PINDAH_GENERAL_DAYS)
    pindah_detainee_days = models.PositiveSmallIntegerField(
        _("batas pindah memilih tahanan (hari sebelum H)"), default=rules.DEFAULT_PINDAH_DETAINEE_DAYS)
    data_start = models.DateField(
        _("mulai pendataan"), null=True, blank=True,
        help_text=_("WBP yang keluar sebelum tanggal ini tidak dihitung. Kosong: H-270."))
    data_cutoff = models.DateField(_("batas data WBP"), null=True, blank=True, help_text=_("Kosong: H-56."))
    transfer_freeze = models.DateField(_("mulai larangan pemindahan"), null=True, blank=True, help_text=_("Kosong: H-54."))

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("pemilu")
        verbose_name_plural = _("pemilu")
        constraints = [
            models.CheckConstraint(name="election_max_voters_positive", condition=Q(max_voters_per_tps__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registration:dashboard", args=[self.slug])

    def clean(self) -> None:
        """The stages in order: data collection starts before the DPT is determined and before the
        WBP data cut-off, every date lies before voting day, and detainees may move later than others."""
        if self.voting_day is None:
            return
        errors: dict[str, list] = {}
        named = [("data_start", _("Mulai pendataan"), self.effective_data_start),
                 ("dpt_determined_on", _("Tanggal penetapan DPT"), self.dpt_determined_on),
                 ("data_cutoff", _("Batas data WBP"), self.effective_data_cutoff),
                 ("transfer_freeze", _("Mulai larangan pemindahan"), self.effective_transfer_freeze)]
        for field, label, day in named:
            if day is not None and day >= self.voting_day:
                errors.setdefault(field, []).append(DATE_NOT_BEFORE_VOTING_DAY % {
                    "label": label, "day": _day(day), "voting_day": _day(self.voting_day)})
        start = self.effective_data_start
        later = [("dpt_determined_on", _("tanggal penetapan DPT"), self.dpt_determined_on),
                 ("data_cutoff", _("batas data WBP"), self.effective_data_cutoff)]
        for field, label, day in later:
            if day is not None and field not in errors and "data_start" not in errors and day <= start:
                errors.setdefault("data_start" if self.data_start else field, []).append(DATA_START_NOT_FIRST % {
                    "start": _day(start), "label": label, "day": _day(day)})
        general, detainee = self.pindah_general_days, self.pindah_detainee_days
        if general is not None and detainee is not None and detainee > general:
            errors.setdefault("pindah_detainee_days", []).append(PINDAH_DAYS_ORDER % {
                "detainee": detainee, "general": general})
        if errors:
            raise ValidationError(errors)

    @property
    def is_archived(self) -> bool:
        """Closed: its lists are no longer recomputed or changed; pages and downloads stay."""
        return self.status == self.Status.CLOSED

    @property
    def voting_day_label(self) -> str:
        """Voting day as every page shows it: "14 Februari 2029", or "14 Februari 2029 (tanggal simulasi)"."""
        label = _day(self.voting_day)
        return f"{label} ({SIMULATED_DAY})" if self.voting_day_simulated else label

    @property
    def effective_data_start(self):
        return self.data_start or self.voting_day - timedelta(days=rules.DEFAULT_DATA_START_DAYS)

    @property
    def effective_data_cutoff(self):
        return self.data_cutoff or self.voting_day - timedelta(days=rules.DEFAULT_DATA_CUTOFF_DAYS)

    @property
    def effective_transfer_freeze(self):
        return self.transfer_freeze or self.voting_day - timedelta(days=rules.DEFAULT_TRANSFER_FREEZE_DAYS)

    @property
    def detainee_pindah_deadline(self):
        return self.voting_day - timedelta(days=self.pindah_detainee_days)

    def overlaps(self, region_code: str) -> bool:
        """Whether the election concerns any part of a region (a KPU officer's area)."""
        return self.region_id is None or self.region_id.startswith(region_code) or region_code.startswith(self.region_id)

    def covers(self, facility: Facility) -> bool:
        return self.region_id is None or facility.location_id.startswith(f"{self.region_id}.")

    def deadlines(self) -> list[rules.Deadline]:
        """The election's calendar in date order: the start of data collection, the DPT's
        determination (when set) and the deadlines counted back from voting day."""
        items = [rules.Deadline("data_start", _("Mulai pendataan pemilih"), self.effective_data_start)]
        if self.dpt_determined_on:
            items.append(rules.Deadline("dpt_determined", _("Penetapan DPT oleh KPU kabupaten/kota"),
                                        self.dpt_determined_on))
        for deadline in rules.deadlines(
            voting_day=self.voting_day, data_cutoff=self.data_cutoff, transfer_freeze=self.transfer_freeze,
            pindah_general_days=self.pindah_general_days, pindah_detainee_days=self.pindah_detainee_days,
        ):
            if deadline.key == "voting_day" and self.voting_day_simulated:
                deadline = replace(deadline, label=f"{deadline.label} ({SIMULATED_DAY})")
            items.append(deadline)
        return sorted(items, key=lambda d: d.day)


class Contest(models.Model):
    """A ballot type of an election and the scope that decides who gets it."""

    class Scope(models.TextChoices):
        COUNTRY = rules.SCOPE_COUNTRY, _("Seluruh Indonesia")
        PROVINCE = rules.SCOPE_PROVINCE, _("Provinsi")
        KABKOTA = rules.SCOPE_KABKOTA, _("Kabupaten/Kota")
        # The dapil of the election's dapil edition (Election.dapil_edition).
        DAPIL_DPR = rules.SCOPE_DAPIL_DPR, _("Dapil DPR")
        DAPIL_DPRD_PROVINCE = rules.SCOPE_DAPIL_DPRD_PROVINCE, _("Dapil DPRD Provinsi")
        DAPIL_DPRD_KABKOTA = rules.SCOPE_DAPIL_DPRD_KABKOTA, _("Dapil DPRD Kabupaten/Kota")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    code = models.SlugField(_("kode"), max_length=20, help_text=_("Singkat, misalnya PPWP, DPR, DPD."))
    short_name = models.CharField(
        _("singkatan di daftar pemilih"), max_length=20, blank=True,
        help_text=_("Seperti tertulis di kolom SURAT SUARA, misalnya DPRD KAB/KOTA. Kosong: sama dengan kode."))
    name = models.CharField(_("nama surat suara"), max_length=80)
    scope = models.CharField(_("cakupan"), max_length=20, choices=Scope.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["election", "order", "pk"]
        verbose_name = _("jenis surat suara")
        verbose_name_plural = _("jenis surat suara")
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="contest_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def uses_dapil(self) -> bool:
        """Its units are the dapil of the election's dapil edition."""
        return self.scope in rules.DAPIL_SCOPES

    @property
    def label(self) -> str:
        """The contest as voter lists name it (SURAT SUARA column)."""
        return self.short_name or self.code.replace("_", " ")


class Tps(models.Model):
    """A TPS Lokasi Khusus inside a facility. `allocated` counts its voters; the database keeps it
    within `capacity`, so two officers filling the last seat at once cannot both succeed."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="tps")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="tps")
    number = models.PositiveSmallIntegerField(_("nomor TPS"))
    location = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("lokasi (desa)"))
    capacity = models.PositiveIntegerField(_("kapasitas pemilih"))
    capacity_reason = models.CharField(
        _("alasan kapasitas berbeda"), max_length=200, blank=True,
        help_text=_("Wajib bila kapasitas berbeda dari batas pemilu."))
    allocated = models.PositiveIntegerField(_("pemilih dialokasikan"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_path = "facility"

    class Meta:
        ordering = ["election", "facility", "number"]
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        constraints = [
            models.UniqueConstraint(fields=["election", "facility", "number"], name="tps_unique_number"),
            models.CheckConstraint(name="tps_within_capacity", condition=Q(allocated__lte=F("capacity"))),
            models.CheckConstraint(name="tps_capacity_positive", condition=Q(capacity__gt=0)),
        ]

    def __str__(self) -> str:
        return f"TPS {self.number:03d}"


class Registration(models.Model):
    """One WBP stay's standing in one election: MS/TMS/potential, list type, TPS and ballots."""

    class Status(models.TextChoices):
        MS = rules.MS, _("Memenuhi syarat (MS)")
        TMS = rules.TMS, _("Tidak memenuhi syarat (TMS)")
        POTENTIAL = rules.POTENTIAL, _("Pemilih potensial")

    class ListType(models.TextChoices):
        DPT = "dpt", _("DPT")
        DPTB = "dptb", _("DPTb (pindah memilih)")
        DPK = "dpk", _("DPK")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="registrations")
    inmate = models.ForeignKey(Inmate, on_delete=models.PROTECT, related_name="registrations")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Reason codes as ",bebas,dibawah_umur," so the dashboard can count each in the database.
    reasons = models.CharField(_("alasan"), max_length=200, blank=True)
    list_type = models.CharField(_("jenis daftar"), max_length=5, choices=ListType.choices, blank=True)
    marked_dpk = models.BooleanField(_("ditetapkan DPK oleh KPU"), default=False)
    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, null=True, blank=True, related_name="registrations")
    # Contest codes as ",PPWP,DPR,DPD," (entitled) and those the reference data cannot decide.
    ballots = models.CharField(_("surat suara"), max_length=200, blank=True)
    ballots_unknown = models.CharField(_("surat suara perlu dicek"), max_length=200, blank=True)
    pindah_form_number = models.CharField(_("nomor Model A-Surat Pindah Memilih"), max_length=60, blank=True)
    pindah_form_date = models.DateField(_("tanggal Model A"), null=True, blank=True)
    # The inmate's sex and disability as of the last refresh (registration_refresh writes them with the
    # standing, after every registry change), so the dashboard counts and the voter-list filters read
    # one table instead of joining every registration with its inmate (docs/performance.md, "Scale").
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    disability = models.PositiveSmallIntegerField(_("disabilitas"), choices=Disability.choices, default=Disability.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_path = "facility"

    class Meta:
        ordering = ["facility", "inmate__register_number"]
        verbose_name = _("pendaftaran pemilih")
        verbose_name_plural = _("pendaftaran pemilih")
        constraints = [
            models.UniqueConstraint(fields=["election", "inmate"], name="registration_once_per_election"),
            models.CheckConstraint(
                name="registration_list_only_when_ms",
                condition=Q(status=rules.MS, list_type__in=["dpt", "dptb", "dpk"]) | (~Q(status=rules.MS) & Q(list_type="")),
            ),
            models.CheckConstraint(
                name="registration_tps_only_when_ms", condition=Q(status=rules.MS) | Q(tps__isnull=True)),
        ]
        indexes = [models.Index(fields=["election", "facility", "status"])]

    def __str__(self) -> str:
        return f"{self.inmate} — {self.election}"

    def pindah_form_late(self, today) -> bool:
        return rules.pindah_form_late(
            list_type=self.list_type, has_form=bool(self.pindah_form_number), today=today,
            voting_day=self.election.voting_day, detainee_days=self.election.pindah_detainee_days)

    def reason_list(self) -> list[rules.Reason]:
        return [rules.REASONS[code] for code in self.reasons.strip(",").split(",") if code in rules.REASONS]

    def ballot_codes(self) -> list[str]:
        return [code for code in self.ballots.strip(",").split(",") if code]

    def unknown_ballot_codes(self) -> list[str]:
        return [code for code in self.ballots_unknown.strip(",").split(",") if code]


def pack(codes) -> str:
    """Codes stored for counting in SQL: ("a", "b") -> ",a,b,"; () -> ""."""
    codes = list(codes)
    return f",{','.join(codes)}," if codes else ""


class ListVersion(models.Model):
    """A locked snapshot of a facility's voter list. The database refuses to change it."""

    class Kind(models.TextChoices):
        DPS = "dps", _("DPS")
        DPSHP = "dpshp", _("DPSHP")
        DPT = "dpt", _("DPT")
        DPTB = "dptb", _("DPTb")
        FINAL = "final", _("Final (hari H)")
        OTHER = "lainnya", _("Lainnya (pendataan ulang)")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="versions")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="list_versions")
    number = models.PositiveIntegerField(_("nomor versi"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=60)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    entry_count = models.PositiveIntegerField(_("jumlah pemilih"))
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("dikunci oleh"))
    locked_at = models.DateTimeField(_("dikunci"), auto_now_add=True)

    scope_path = "facility"

    class Meta:
        ordering = ["election", "facility", "number"]
        verbose_name = _("versi daftar terkunci")
        verbose_name_plural = _("versi daftar terkunci")
        constraints = [models.UniqueConstraint(fields=["election", "facility", "number"], name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.label} (v{self.number})"


class ListEntry(models.Model):
    """One voter as they stood on a locked version: a copy, so later changes cannot reach it."""

    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="entries")
    inmate = models.ForeignKey(Inmate, on_delete=models.PROTECT, related_name="+")
    list_type = models.CharField(max_length=5, choices=Registration.ListType.choices)
    tps_number = models.PositiveSmallIntegerField(null=True, blank=True)
    ballots = models.CharField(max_length=200, blank=True)
    ballots_unknown = models.CharField(max_length=200, blank=True, default="")
    register_number = models.CharField(max_length=40, blank=True)
    nik = models.CharField(max_length=16, blank=True)
    nkk = models.CharField(max_length=16, blank=True)
    full_name = models.CharField(max_length=120)
    birth_place = models.CharField(max_length=80, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1)
    marital_status = models.CharField(max_length=1)
    disability = models.PositiveSmallIntegerField(default=0)
    ktp_el_recorded = models.BooleanField(default=False)
    address = models.CharField(max_length=200, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    rw = models.CharField(max_length=3, blank=True)
    home_region_code = models.CharField(max_length=13)

    scope_path = "version__facility"

    class Meta:
        ordering = ["version", "tps_number", "full_name", "pk"]
        verbose_name = _("pemilih pada versi terkunci")
        verbose_name_plural = _("pemilih pada versi terkunci")
        constraints = [models.UniqueConstraint(fields=["version", "inmate"], name="entry_once_per_version")]

    def __str__(self) -> str:
        return self.full_name

    def ballot_codes(self) -> list[str]:
        return [code for code in self.ballots.strip(",").split(",") if code]


class ListReview(models.Model):
    """The facility's list submitted to KPU ("ajukan ke KPU"), returned with a comment, or locked."""

    class Status(models.TextChoices):
        SUBMITTED = "diajukan", _("Diajukan ke KPU")
        RETURNED = "dikembalikan", _("Dikembalikan untuk diperbaiki")
        LOCKED = "dikunci", _("Dikunci KPU")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="reviews")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="list_reviews")
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    note = models.TextField(_("catatan"), blank=True)
    version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    scope_path = "facility"

    class Meta:
        ordering = ["election", "facility", "-at", "-pk"]
        verbose_name = _("pengajuan daftar")
        verbose_name_plural = _("pengajuan daftar")

    def __str__(self) -> str:
        return f"{self.get_status_display()} {long_date(self.at)}"
