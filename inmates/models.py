from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions import reference
from regions.models import Region
from tps_khusus.dates import long_date, long_datetime


class Facility(models.Model):
    """A Lapas, Rutan or other custodial facility; its location decides its KPU area."""

    class Kind(models.TextChoices):
        LAPAS = "lapas", _("Lapas")
        RUTAN = "rutan", _("Rutan")
        LPKA = "lpka", _("LPKA")
        OTHER = "lainnya", _("Lainnya")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    class_label = models.CharField(_("kelas"), max_length=10, blank=True, help_text=_("Misalnya I, IIA, IIB."))
    name = models.CharField(_("nama"), max_length=120, unique=True)
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    location = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("lokasi (desa/kelurahan)"),
        limit_choices_to={"level": Region.Level.DESA},
    )
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas hunian"), null=True, blank=True)

    scope_path = ""

    class Meta:
        ordering = ["name"]
        verbose_name = _("Lapas/Rutan")
        verbose_name_plural = _("Lapas/Rutan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inmates:list", args=[self.code])

    @property
    def kecamatan_code(self) -> str:
        return self.location_id[:8]

    @property
    def kabkota_code(self) -> str:
        return self.location_id[:5]

    @property
    def province_code(self) -> str:
        return self.location_id[:2]


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class MaritalStatus(models.TextChoices):
    NEVER = "B", _("Belum kawin")
    MARRIED = "S", _("Sudah kawin")
    WAS_MARRIED = "P", _("Pernah kawin")


class Citizenship(models.TextChoices):
    WNI = "WNI", _("WNI")
    WNA = "WNA", _("WNA")


class Disability(models.IntegerChoices):
    NONE = 0, _("Tidak ada")
    PHYSICAL = 1, _("Fisik")
    INTELLECTUAL = 2, _("Intelektual")
    MENTAL = 3, _("Mental")
    SPEECH = 4, _("Sensorik wicara")
    HEARING = 5, _("Sensorik rungu")
    SIGHT = 6, _("Sensorik netra")


class DetentionStatus(models.TextChoices):
    DETAINEE = "tahanan", _("Tahanan")
    CONVICT = "narapidana", _("Narapidana")


class TniPolriStatus(models.TextChoices):
    """Membership of the TNI or Polri, with the date it took effect (Inmate.tni_polri_since).

    Only a member active on voting day may not vote (UU 7/2017 Pasal 200); a retired (purnawirawan)
    or dismissed member votes (registration.rules.tni_polri_active_on decides for a day)."""

    NONE = "bukan", _("Bukan anggota TNI/Polri")
    ACTIVE = "aktif", _("Anggota TNI/Polri aktif")
    RETIRED = "purnawirawan", _("Purnawirawan/pensiunan TNI/Polri")
    DISMISSED = "diberhentikan", _("Diberhentikan dari TNI/Polri")


class RevokedRight(models.TextChoices):
    """Which right a final court decision revoked (KUHP Pasal 35(1) angka 3): only a revocation of the
    right to vote, in force on voting day, makes a person TMS (UU 7/2017 Pasal 198(3))."""

    NONE = "", _("Tidak ada")
    VOTE_AND_STAND = "memilih_dipilih", _("Hak memilih dan dipilih")
    VOTE = "memilih", _("Hak memilih")
    STAND_ONLY = "dipilih", _("Hanya hak dipilih")


REVOKES_VOTE = [RevokedRight.VOTE_AND_STAND, RevokedRight.VOTE]


class NikStatus(models.TextChoices):
    VERIFIED = "terverifikasi", _("NIK terverifikasi")
    UNVERIFIED = "belum_verifikasi", _("NIK belum diverifikasi")
    NONE = "tanpa_nik", _("Belum memiliki NIK")
    SUBMITTED = "diajukan", _("Diajukan perekaman")
    NOT_FOUND = "tidak_ditemukan", _("Tidak ditemukan Dukcapil")


NIK_PRESENT = [NikStatus.VERIFIED, NikStatus.UNVERIFIED]
NIK_ABSENT = [NikStatus.NONE, NikStatus.SUBMITTED, NikStatus.NOT_FOUND]


class CustodyState(models.TextChoices):
    INCOMING = "datang", _("Menunggu konfirmasi kedatangan")
    HELD = "ditahan", _("Ditahan/dibina")
    RELEASED = "bebas", _("Bebas")
    TRANSFERRED = "dipindah", _("Dipindahkan")
    DEAD = "meninggal", _("Meninggal")


ACTIVE_STATES = [CustodyState.INCOMING, CustodyState.HELD]


class Inmate(models.Model):
    """One stay of one person (WBP) at one facility, as in that facility's register.

    A transfer ends the stay here and opens a new one at the destination (``previous_stay``),
    so each facility keeps its own register while the person's history travels along.
    The custody columns (state, admitted_on, left_on, expected_release) summarise the
    CustodyEvent rows and are written only by inmates.services.
    """

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="inmates", verbose_name=_("Lapas/Rutan"))
    register_number = models.CharField(_("nomor register"), max_length=40, null=True, blank=True)
    detention_status = models.CharField(_("status"), max_length=12, choices=DetentionStatus.choices)

    nik = models.CharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_status = models.CharField(_("status NIK"), max_length=20, choices=NikStatus.choices, default=NikStatus.NONE)
    nik_mismatch_confirmed = models.BooleanField(
        _("selisih NIK dikonfirmasi"), default=False,
        help_text=_("Petugas memastikan NIK benar walau tanggal lahir/jenis kelamin di NIK berbeda."),
    )
    perekaman_submitted_on = models.DateField(_("tanggal diajukan perekaman"), null=True, blank=True)
    perekaman_batch = models.CharField(_("batch perekaman"), max_length=40, blank=True)
    nkk = models.CharField(_("NKK"), max_length=16, blank=True)

    full_name = models.CharField(_("nama lengkap"), max_length=120)
    mother_name = models.CharField(_("nama ibu kandung"), max_length=120, blank=True)
    birth_place = models.CharField(_("tempat lahir"), max_length=80)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    marital_status = models.CharField(_("status perkawinan"), max_length=1, choices=MaritalStatus.choices)
    citizenship = models.CharField(_("kewarganegaraan"), max_length=3, choices=Citizenship.choices, default=Citizenship.WNI)
    address = models.CharField(_("alamat (jalan/dusun)"), max_length=200, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    home_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan sesuai KTP-el"),
        help_text=_("Alamat sesuai KTP-el, bukan lokasi Lapas/Rutan."),
    )
    disability = models.PositiveSmallIntegerField(_("disabilitas"), choices=Disability.choices, default=Disability.NONE)
    ktp_el_recorded = models.BooleanField(_("KTP-el sudah direkam"), default=False)
    tni_polri_status = models.CharField(
        _("status TNI/Polri"), max_length=13, choices=TniPolriStatus.choices, default=TniPolriStatus.NONE,
        help_text=_("Hanya anggota aktif pada hari pemungutan suara yang tidak memilih."))
    tni_polri_since = models.DateField(
        _("berlaku sejak"), null=True, blank=True,
        help_text=_("Tanggal status TNI/Polri ini berlaku (misalnya TMT pensiun atau pemberhentian)."))
    revoked_right = models.CharField(
        _("hak yang dicabut putusan pengadilan"), max_length=15, choices=RevokedRight.choices, blank=True,
        default=RevokedRight.NONE)
    revocation_decision_number = models.CharField(_("nomor putusan pencabutan hak"), max_length=100, blank=True)
    revocation_decision_date = models.DateField(_("tanggal putusan"), null=True, blank=True)
    revoked_from = models.DateField(
        _("pencabutan berlaku sejak"), null=True, blank=True,
        help_text=_("Kosong: sejak tanggal putusan."))
    revoked_until = models.DateField(
        _("pencabutan berlaku sampai"), null=True, blank=True,
        help_text=_("Hari terakhir pencabutan berlaku. Kosong: tanpa batas."))

    custody_state = models.CharField(_("keadaan"), max_length=10, choices=CustodyState.choices, default=CustodyState.HELD)
    admitted_on = models.DateField(_("tanggal masuk"), null=True, blank=True)
    expected_release = models.DateField(_("tanggal ekspirasi"), null=True, blank=True)
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    previous_stay = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_stay",
        verbose_name=_("dipindahkan dari"),
    )

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # Optimistic concurrency: every write of the row adds one (inmates.services, the import). An edit
    # form carries the version it was loaded at; a different one under the row lock means someone
    # changed the stay meanwhile, and the edit is refused instead of overwriting that change.
    version = models.PositiveIntegerField(_("versi"), default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "version"])
    scope_path = "facility"

    class Meta:
        ordering = ["facility", "register_number"]
        verbose_name = _("WBP")
        verbose_name_plural = _("WBP")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "register_number"], name="inmate_unique_register_number",
                condition=Q(register_number__isnull=False),
                violation_error_message=_("Nomor register ini sudah dipakai di Lapas/Rutan ini."),
            ),
            models.UniqueConstraint(
                fields=["nik"], name="inmate_one_active_nik",
                condition=Q(nik__isnull=False, custody_state__in=ACTIVE_STATES),
                violation_error_message=_("NIK ini sudah aktif di Lapas/Rutan lain."),
            ),
            models.CheckConstraint(
                name="inmate_nik_matches_status",
                condition=(Q(nik__isnull=False, nik_status__in=NIK_PRESENT) | Q(nik__isnull=True, nik_status__in=NIK_ABSENT)),
            ),
            models.CheckConstraint(name="inmate_disability_code", condition=Q(disability__lte=6)),
            models.CheckConstraint(
                name="inmate_revocation_period_in_order",
                condition=Q(revoked_from__isnull=True) | Q(revoked_until__isnull=True)
                | Q(revoked_until__gte=models.F("revoked_from")),
            ),
            models.CheckConstraint(
                name="inmate_register_number_when_held",
                condition=Q(register_number__isnull=False) | Q(custody_state=CustodyState.INCOMING),
            ),
        ]
        # The WBP list's filters and sorts within a facility, and "Perlu tindakan"'s same name and birth date
        # elsewhere (docs/performance.md "Scale"). Searching by part of a name or NIK uses trigram indexes on
        # PostgreSQL (migration 0008).
        indexes = [
            models.Index(fields=["facility", "custody_state"]),
            models.Index(fields=["nik"]),
            models.Index(fields=["birth_date"]),
            models.Index(models.F("birth_date"), Upper("full_name"), name="inmate_birth_date_name"),
            models.Index(fields=["facility", "full_name"], name="inmate_facility_name"),
            models.Index(fields=["facility", "nik_status"], name="inmate_facility_nik_status"),
            models.Index(fields=["facility", "admitted_on"], name="inmate_facility_admitted"),
            models.Index(fields=["facility", "expected_release"], name="inmate_facility_release"),
            models.Index(fields=["facility", "left_on"], name="inmate_facility_left"),
            # Part of a NIK in the list's search box: the facility's NIK walked in one index (0009).
            models.Index(fields=["facility", "nik"], name="inmate_facility_nik"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.register_number or _('belum teregister')})"

    def get_absolute_url(self) -> str:
        return reverse("inmates:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.custody_state in ACTIVE_STATES

    @property
    def home_label(self) -> str:
        """"Kalangan, Kabupaten Blora": the home desa (or kecamatan) and its kab/kota, named from the
        process's copy of the region codes (regions.reference), so a list of WBP joins no region rows."""
        code = self.home_region_id or ""
        names = [reference.name_of(code), reference.name_of(code[:5]) if len(code) > 5 else ""]
        return ", ".join(name for name in names if name)


class EventKind(models.TextChoices):
    """What a custody event records (CustodyEvent.Kind)."""

    ADMISSION = "masuk", _("Masuk")
    EXPECTED_RELEASE = "ekspirasi", _("Tanggal ekspirasi")
    RELEASE = "bebas", _("Bebas")
    TRANSFER_OUT = "pindah_keluar", _("Dipindahkan keluar")
    TRANSFER_IN = "pindah_masuk", _("Diterima pindahan")
    TRANSFER_CANCELLED = "batal_pindah", _("Pemindahan dibatalkan")
    DEATH = "meninggal", _("Meninggal")


class CustodyEvent(models.Model):
    """What happened to a stay, in order. Never edited: a correction is a new event."""

    Kind = EventKind

    inmate = models.ForeignKey(Inmate, on_delete=models.CASCADE, related_name="events", verbose_name=_("WBP"))
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    date = models.DateField(
        _("tanggal"), help_text=_("Untuk ekspirasi: tanggal ekspirasi yang baru."),
    )
    destination = models.ForeignKey(
        Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tujuan"),
    )
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    history = HistoricalRecords()
    scope_path = "inmate__facility"

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("peristiwa penahanan")
        verbose_name_plural = _("peristiwa penahanan")
        indexes = [models.Index(fields=["kind", "date"], name="event_kind_date")]  # transfers near voting day
        constraints = [
            models.CheckConstraint(
                name="event_destination_only_for_transfer",
                condition=Q(kind=EventKind.TRANSFER_OUT, destination__isnull=False)
                | (~Q(kind=EventKind.TRANSFER_OUT) & Q(destination__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {long_date(self.date)}"


class ImportRecord(models.Model):
    """One attempt to write an Excel file into a facility's register: who, when, which file, what it did.

    Previews are not recorded; a commit is, whether it was written or rejected when checked again.
    """

    class Status(models.TextChoices):
        DONE = "selesai", _("Berhasil")
        REJECTED = "ditolak", _("Ditolak")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="imports", verbose_name=_("Lapas/Rutan"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diimpor oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    file_name = models.CharField(_("nama file"), max_length=255)
    file_sha256 = models.CharField(_("sidik file (SHA-256)"), max_length=64, blank=True)
    source = models.CharField(_("melalui"), max_length=10, default="web", help_text=_("web atau perintah."))
    status = models.CharField(_("hasil"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("baris data"), default=0)
    created_count = models.PositiveIntegerField(_("baru"), default=0)
    updated_count = models.PositiveIntegerField(_("berubah"), default=0)
    unchanged_count = models.PositiveIntegerField(_("tetap"), default=0)
    error_count = models.PositiveIntegerField(_("kesalahan"), default=0)
    warning_count = models.PositiveIntegerField(_("peringatan"), default=0)
    first_error = models.CharField(_("kesalahan pertama"), max_length=300, blank=True)

    scope_path = "facility"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("riwayat impor")
        verbose_name_plural = _("riwayat impor")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class PendingUpload(models.Model):
    """A workbook uploaded for import, kept between its preview and its confirmation (inmates/uploads.py).

    In the database rather than in a folder, so every application server sees it and no folder needs
    permissions. Only its owner reads it back, for the facility it was uploaded to, for a couple of hours;
    expired ones are deleted whenever a new one is kept, a confirmed one at once.
    """

    token = models.CharField(_("token"), max_length=43, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("pengunggah"))
    facility = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+", verbose_name=_("Lapas/Rutan"))
    file_name = models.CharField(_("nama file"), max_length=255)
    data = models.BinaryField(_("isi file"))
    sha256 = models.CharField(_("sidik file (SHA-256)"), max_length=64)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True, db_index=True)

    scope_path = "facility"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("unggahan menunggu konfirmasi")
        verbose_name_plural = _("unggahan menunggu konfirmasi")

    def __str__(self) -> str:
        return self.file_name

    def read(self) -> bytes:
        return bytes(self.data)  # PostgreSQL hands a memoryview back


class CrossFacilityCheck(models.Model):
    """One NIK, or one name with a birth date, that a user had compared with the active stays of other
    facilities on one day: what the daily allowance counts (inmates.crosscheck, issue 12). Only a keyed
    digest is kept, never the NIK or the name; rows of earlier days are deleted as the user goes on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("pengguna"))
    day = models.DateField(_("tanggal"))
    key = models.CharField(_("sidik"), max_length=64)

    class Meta:
        verbose_name = _("pemeriksaan lintas Lapas/Rutan")
        verbose_name_plural = _("pemeriksaan lintas Lapas/Rutan")
        constraints = [models.UniqueConstraint(fields=["user", "day", "key"], name="cross_check_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class CrossFacilityMatch(models.Model):
    """A match with another facility's active stay shown to someone: who saw that a NIK, or a name with
    a birth date, is held elsewhere; which stay it matched, where it was shown and when (issue 12: no
    oracle on other facilities' inmates). Written by inmates.crosscheck; admins read it, nobody edits it."""

    class Kind(models.TextChoices):
        NIK = "nik", _("NIK")
        PERSON = "nama_lahir", _("nama dan tanggal lahir")

    class Where(models.TextChoices):
        FORM = "formulir", _("formulir WBP")
        ADMIN = "admin", _("admin Django")
        IMPORT_PREVIEW = "impor_pratinjau", _("pratinjau impor")
        IMPORT_COMMIT = "impor_simpan", _("simpan impor")
        IMPORT_ISSUES = "impor_masalah", _("unduhan daftar masalah impor")
        COMMAND = "perintah", _("perintah import_inmates")
        NEEDS_ACTION = "perlu_tindakan", _("halaman Perlu tindakan")
        INMATE_LIST = "daftar_wbp", _("daftar WBP yang perlu tindakan")
        INMATE_PAGE = "halaman_wbp", _("halaman WBP")

    shown_at = models.DateTimeField(_("waktu"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("pengguna"),
                             help_text=_("Kosong: server sendiri (perintah tanpa --user)."))
    where = models.CharField(_("ditampilkan di"), max_length=20, choices=Where.choices)
    kind = models.CharField(_("yang cocok"), max_length=12, choices=Kind.choices)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    full_name = models.CharField(_("nama"), max_length=120, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("Lapas/Rutan"),
                                 help_text=_("Tempat pengguna melihat kecocokan ini (impor, formulir atau halaman)."))
    matched_stay = models.ForeignKey(Inmate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("WBP yang cocok"))
    matched_facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("Lapas/Rutan yang cocok"))
    matched_register_number = models.CharField(_("nomor register yang cocok"), max_length=40, blank=True)
    disclosed = models.BooleanField(_("Lapas/Rutan disebutkan"), default=False,
                                    help_text=_("Pengguna diberi tahu Lapas/Rutan mana yang cocok."))

    scope_path = "facility"

    class Meta:
        ordering = ["-shown_at", "-pk"]
        verbose_name = _("kecocokan lintas Lapas/Rutan")
        verbose_name_plural = _("catatan kecocokan lintas Lapas/Rutan")
        indexes = [models.Index(fields=["user", "-shown_at"]), models.Index(fields=["nik"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.nik or self.full_name} — {long_datetime(self.shown_at)}"
