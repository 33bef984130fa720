from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inmates import crosscheck, importing, validation
from inmates import nik as nik_checks
from inmates.messages import REVOKED_UNTIL_BEFORE_FROM
from inmates.models import CustodyEvent, Facility, Inmate, NikStatus, Sex, TniPolriStatus
from inmates.services import IDENTITY_FIELDS, check_version, nik_conflict
from regions.models import Region
from regions.widgets import RegionPicker
from tps_khusus.dates import long_date
from tps_khusus.forms import CrispyForm, DateInput, FilterForm

MISMATCH_CONFIRM_REQUIRED = _(
    "Periksa kembali NIK, tanggal lahir dan jenis kelamin. Bila sudah sesuai KTP-el/KK, "
    "centang konfirmasi di bawah lalu simpan lagi."
)
REVOCATION_NUMBER_REQUIRED = _("Isi nomor putusan pengadilan yang mencabut hak ini.")
DESA_REQUIRED = _("Pilih desa/kelurahan alamat KTP-el sampai tingkat desa.")
RELOAD = _("Halaman ini sudah usang; muat ulang halaman lalu ulangi perubahan Anda.")


def version_field() -> forms.IntegerField:
    """The stay's version (Inmate.version) as the form was loaded, sent back with the edit."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0,
                              error_messages={"required": RELOAD, "invalid": RELOAD, "min_value": RELOAD})


def nik_errors(nik: str, *, birth_date, sex, confirmed: bool) -> tuple[list[str], nik_checks.Result]:
    """Messages that block saving this NIK; a confirmed birth-date/sex disagreement does not."""
    result = nik_checks.check_nik(nik, birth_date=birth_date, sex=sex)
    if result.ok or (result.only_mismatch and confirmed):
        return [], result
    return [p.message for p in result.errors], result


def status_dates(data: dict, form: forms.Form) -> None:
    """TNI/Polri status and court decision, as the form and the admin check them: no status, no date;
    a revocation needs its decision number and may not end before it starts."""
    if data.get("tni_polri_status", TniPolriStatus.NONE) == TniPolriStatus.NONE:
        data["tni_polri_since"] = None
    if not data.get("revoked_right"):
        data["revoked_from"] = data["revoked_until"] = None
        return
    if "revocation_decision_number" in data and not data.get("revocation_decision_number"):
        form.add_error("revocation_decision_number", REVOCATION_NUMBER_REQUIRED)
    start, until = data.get("revoked_from"), data.get("revoked_until")
    if start and until and until < start:
        form.add_error("revoked_until", REVOKED_UNTIL_BEFORE_FROM % {"date": long_date(start)})


def check_dates(form: forms.BaseForm, data: dict, instance: Inmate) -> list[str]:
    """inmates.validation on what the form holds (the stay's stored dates for fields it lacks): errors go
    on their field (on the birth date when the form has no such field); the warnings are returned."""
    def value(name):
        return data.get(name) if name in form.fields else getattr(instance, name, None)

    facility = instance.facility if instance.facility_id else None
    findings = validation.check_dates(
        birth_date=data.get("birth_date"), admitted_on=value("admitted_on"), expected_release=value("expected_release"),
        left_on=instance.left_on, facility_kind=facility.kind if facility else None, today=timezone.localdate())
    for finding in validation.errors(findings):
        form.add_error(finding.field if finding.field in form.fields else "birth_date", finding.message)
    return [finding.message for finding in validation.warnings(findings)]


class InmateAdminForm(forms.ModelForm):
    """The admin's change form runs the same NIK and NKK checks as the registry screens."""

    user = None  # who is editing, set by InmateAdmin.get_form: it decides what a NIK conflict may say
    edit_version = version_field()

    class Meta:
        model = Inmate
        # No facility (moving someone is a transfer) and no NIK status (a workflow with its own steps).
        fields = ["register_number", *(name.removesuffix("_id") for name in IDENTITY_FIELDS if name != "nik_status")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version
        self.warnings: list[str] = []  # shown once saved (InmateAdmin.save_model)

    def clean(self):
        data = super().clean()
        if self.instance.pk and "edit_version" in data:
            # The admin's change view runs in one transaction: the row locked here stays locked until
            # save_model has written it, so nobody else's change can slip in between.
            locked = Inmate.objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                locked = locked.select_for_update(no_key=True)
            stored = locked.first()
            if stored is not None:
                try:
                    check_version(stored, data["edit_version"])
                except forms.ValidationError as conflict:
                    self.add_error(None, conflict)
                    return data
        nik = nik_checks.normalize(data.get("nik")) or None
        data["nik"] = nik
        if nik:
            errors, result = nik_errors(nik, birth_date=data.get("birth_date"), sex=data.get("sex"),
                                        confirmed=data.get("nik_mismatch_confirmed", False))
            self.warnings += [p.message for p in result.warnings]
            if errors:
                self.add_error("nik", errors)
                nik = None
        # Checked here too (inmates.crosscheck, then the NIK held elsewhere): a ValidationError from the
        # service in save_model would not reach the page. What is counted here costs nothing there.
        active = self.instance.is_active  # a stay that has left is compared with nothing
        new_nik = nik if active and nik and nik != self.instance.nik else None
        name, birth = data.get("full_name"), data.get("birth_date")
        renamed = active and bool(name and birth) and (name.upper() != (self.instance.full_name or "").upper()
                                                       or birth != self.instance.birth_date)
        try:
            crosscheck.spend(user=self.user, people=[(new_nik, name, birth)] if new_nik or renamed else [])
        except crosscheck.ChecksExceeded as exceeded:
            self.add_error(None, exceeded.message)
            return data
        if new_nik:
            conflict = nik_conflict(inmate=self.instance, nik=new_nik, user=self.user, shown_in=crosscheck.Where.ADMIN)
            if conflict:
                self.add_error("nik", conflict)
        if data.get("nkk"):
            result = nik_checks.check_nkk(data["nkk"])
            self.warnings += [p.message for p in result.warnings]
            if result.ok:
                data["nkk"] = result.value
            else:
                self.add_error("nkk", [p.message for p in result.errors])
        status_dates(data, self)
        if data.get("birth_date"):
            self.warnings += check_dates(self, data, self.instance)
        return data


class InmateForm(forms.ModelForm):
    home_region = forms.ModelChoiceField(
        queryset=Region.objects.filter(level=Region.Level.DESA),
        widget=RegionPicker,
        label=_("Desa/kelurahan sesuai KTP-el"),
        error_messages={"required": DESA_REQUIRED, "invalid_choice": DESA_REQUIRED},
    )
    has_nik = forms.TypedChoiceField(
        label=_("NIK"),
        choices=[("1", _("Memiliki NIK")), ("0", _("Belum memiliki NIK"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    confirm_mismatch = forms.BooleanField(
        required=False,
        label=_("Saya sudah memeriksa KTP-el/KK: NIK, tanggal lahir dan jenis kelamin yang diisi benar."),
    )
    version = version_field()

    class Meta:
        model = Inmate
        fields = [
            "register_number", "detention_status", "has_nik", "nik", "nkk", "full_name", "mother_name",
            "birth_place", "birth_date", "sex", "marital_status", "citizenship", "address", "rt", "rw",
            "home_region", "disability", "ktp_el_recorded", "tni_polri_status", "tni_polri_since", "revoked_right",
            "revocation_decision_number", "revocation_decision_date", "revoked_from", "revoked_until",
        ]
        widgets = {
            "birth_date": DateInput(),
            "tni_polri_since": DateInput(),
            "revocation_decision_date": DateInput(),
            "revoked_from": DateInput(),
            "revoked_until": DateInput(),
            "sex": forms.RadioSelect,
        }
        help_texts = {"nik": _("16 digit, sesuai KTP-el atau KK.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["register_number"].required = True
        self.fields["sex"].choices = Sex.choices  # radios without a blank "---------"
        self.fields["tni_polri_status"].required = False  # not given: not a member
        self.fields["tni_polri_status"].choices = TniPolriStatus.choices
        if self.instance.pk:
            self.fields["has_nik"].initial = "1" if self.instance.nik else "0"
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]  # a new WBP has nobody else's change to overwrite
        self.nik_result: nik_checks.Result | None = None
        self.needs_confirmation = False
        self.other_warnings: list[str] = []  # the NKK's and the dates' (inmates.validation)

    def clean_nik(self):
        return nik_checks.normalize(self.cleaned_data.get("nik")) or None

    def clean_tni_polri_status(self):
        return self.cleaned_data.get("tni_polri_status") or TniPolriStatus.NONE

    def clean_nkk(self):
        value = nik_checks.normalize(self.cleaned_data.get("nkk"))
        if value:
            result = nik_checks.check_nkk(value)
            if not result.ok:
                raise forms.ValidationError([p.message for p in result.errors])
            self.other_warnings += [p.message for p in result.warnings]
        return value

    def clean(self):
        data = super().clean()
        if not data.get("has_nik", True):
            data["nik"] = None
        elif not data.get("nik") and "nik" not in self.errors:
            self.add_error("nik", _("Isi NIK, atau pilih \"Belum memiliki NIK\"."))
        if data.get("nik"):
            self._check_nik(data)
        status_dates(data, self)
        if data.get("birth_date"):
            self.other_warnings += check_dates(self, data, self.instance)
        return data

    @property
    def warnings(self) -> list[str]:
        """What the officer is told after saving: the NIK's and NKK's region notes, the dates' warnings."""
        nik = [p.message for p in self.nik_result.warnings] if self.nik_result is not None else []
        return nik + self.other_warnings

    def _check_nik(self, data) -> None:
        confirmed = bool(data.get("confirm_mismatch"))
        errors, result = nik_errors(data["nik"], birth_date=data.get("birth_date"), sex=data.get("sex"), confirmed=confirmed)
        self.nik_result = result
        data["nik_mismatch_confirmed"] = confirmed and result.only_mismatch
        if not errors:
            return
        if result.only_mismatch:
            self.needs_confirmation = True
            errors.append(str(MISMATCH_CONFIRM_REQUIRED))
        else:
            # Fix the NIK itself first; the birth-date/sex comparison follows once it is valid.
            errors = [p.message for p in result.errors if p.code not in nik_checks.MISMATCHES]
        self.add_error("nik", errors)

    def registry_data(self) -> dict:
        """Cleaned values for the services, without the form-only fields."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "has_nik"}
        data["nik_mismatch_confirmed"] = self.cleaned_data.get("nik_mismatch_confirmed", False)
        if not data["nik"] and self.instance.pk and self.instance.nik_status in (NikStatus.SUBMITTED, NikStatus.NOT_FOUND):
            data.pop("nik")
        return data


class NewInmateForm(InmateForm):
    admitted_on = forms.DateField(label=_("Tanggal masuk"), widget=DateInput())
    expected_release = forms.DateField(
        label=_("Tanggal ekspirasi (perkiraan bebas)"), widget=DateInput(), required=False,
        help_text=_("Kosongkan bila belum diketahui; WBP ini akan tampil di \"Perlu tindakan\"."),
    )


class EventForm(CrispyForm):
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    destination = forms.ModelChoiceField(queryset=Facility.objects.none(), label=_("Lapas/Rutan tujuan"), required=False)
    note = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    LABELS = {
        CustodyEvent.Kind.EXPECTED_RELEASE: _("Tanggal ekspirasi baru"),
        CustodyEvent.Kind.RELEASE: _("Tanggal bebas"),
        CustodyEvent.Kind.TRANSFER_OUT: _("Tanggal pemindahan"),
        CustodyEvent.Kind.DEATH: _("Tanggal meninggal"),
    }

    def __init__(self, *args, kind: str, facility: Facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["date"].label = self.LABELS[kind]
        if kind == CustodyEvent.Kind.TRANSFER_OUT:
            # Any facility may receive a transfer, even outside the sender's own area.
            self.fields["destination"].queryset = Facility.objects.exclude(pk=facility.pk).order_by("name")
            self.fields["destination"].required = True
        else:
            del self.fields["destination"]


class ArrivalForm(CrispyForm):
    register_number = forms.CharField(label=_("Nomor register di sini"), max_length=40)
    arrived_on = forms.DateField(label=_("Tanggal tiba"), widget=DateInput(), initial=timezone.localdate)


class NikObtainedForm(CrispyForm):
    nik = forms.CharField(label=_("NIK hasil perekaman"), max_length=30)
    verified = forms.BooleanField(label=_("Sudah dicocokkan dengan data Dukcapil"), required=False, initial=True)

    def __init__(self, *args, inmate: Inmate, **kwargs):
        super().__init__(*args, **kwargs)
        self.inmate = inmate

    def clean_nik(self):
        result = nik_checks.check_nik(self.cleaned_data["nik"], birth_date=self.inmate.birth_date, sex=self.inmate.sex)
        if not result.ok:
            raise forms.ValidationError([p.message for p in result.errors])
        return result.value


class RecordingBatchForm(CrispyForm):
    batch = forms.CharField(label=_("Nama/nomor batch"), max_length=40)
    submitted_on = forms.DateField(label=_("Tanggal diajukan"), widget=DateInput(), initial=timezone.localdate)


class InmateFilterForm(FilterForm):
    columns = {"q": "col-sm-12 col-lg-4", "problems": "col-sm-6 col-lg-3 align-self-center"}
    submit_label = _("Terapkan")

    q = forms.CharField(label=_("Cari"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Nama, NIK, atau nomor register")}))
    status = forms.ChoiceField(label=_("Status"), required=False)
    nik_status = forms.ChoiceField(label=_("Status NIK"), required=False)
    custody = forms.ChoiceField(
        label=_("Keadaan"), required=False,
        choices=[("", _("Ditahan")), ("incoming", _("Menunggu kedatangan")), ("left", _("Sudah keluar")), ("all", _("Semua"))],
    )
    problems = forms.BooleanField(label=_("Hanya yang perlu tindakan"), required=False)
    held_on = forms.DateField(label=_("Masih ditahan pada tanggal"), required=False, widget=DateInput(),
                              help_text=_("Misalnya hari pemungutan suara (menurut tanggal ekspirasi)."))
    left_since = forms.DateField(label=_("Keluar sejak tanggal"), required=False, widget=DateInput(),
                                 help_text=_("Mencakup bebas, pindah dan meninggal. Tanggal mengabaikan pilihan Keadaan."))
    # The table's order and page size survive a new filter.
    sort = forms.CharField(required=False, widget=forms.HiddenInput(), initial="register")
    per = forms.CharField(required=False, widget=forms.HiddenInput(), initial="25")

    def __init__(self, *args, **kwargs):
        from inmates.models import DetentionStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua"))] + list(DetentionStatus.choices)
        self.fields["nik_status"].choices = [("", _("Semua"))] + list(NikStatus.choices)


class ImportUploadForm(CrispyForm):
    """The workbook to import; file-level problems (type, size, password) are reported right here."""

    file = forms.FileField(
        label=_("File Excel (.xlsx)"),
        help_text=_("Gunakan templat: satu baris per WBP, NIK dan NKK berformat Teks."),
        error_messages={"empty": importing.FILE_EMPTY},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.TPS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(importing.FILE_TOO_BIG % {
                "size": importing.megabytes(upload.size), "limit": importing.megabytes(settings.TPS_IMPORT_MAX_BYTES)})
        data = upload.read()
        try:
            importing.sniff(data)
        except importing.Rejected as problem:
            raise forms.ValidationError(problem.message) from None
        self.cleaned_data["data"] = data
        return upload


class NoNikFilterForm(FilterForm):
    PENDING, SUBMITTED, ALL = "belum", "diajukan", "semua"
    columns = {"status": "col-sm-8 col-lg-5"}
    submit_label = _("Tampilkan")

    status = forms.ChoiceField(
        label=_("Tampilkan"), required=False,
        choices=[(PENDING, _("Belum diajukan perekaman")), (SUBMITTED, _("Sudah diajukan")), (ALL, _("Semua tanpa NIK"))],
    )


PICK_ELECTION_OR_DAY = _("Pilih pemilu, atau isi tanggal pemungutan suara.")


class LeavingFilterForm(FilterForm):
    """The voting day: picked as an election (inmates.voting_days), or typed when none is listed."""

    columns = {"election": "col-sm-12 col-lg-5", "day": "col-sm-6 col-lg-3"}
    submit_label = _("Tampilkan")
    test_id = "leaving-filters"

    election = forms.ChoiceField(label=_("Pemilu"), required=False)
    day = forms.DateField(label=_("atau tanggal pemungutan suara lain"), widget=DateInput(), required=False)

    def __init__(self, *args, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [("", _("— pilih pemilu —"))] + [
            (day.isoformat(), label) for label, day in elections]

    def clean(self):
        data = super().clean()
        if not self.errors:
            picked = data.get("election")
            data["day"] = data.get("day") or (date.fromisoformat(picked) if picked else None)
            if data["day"] is None:
                raise forms.ValidationError(PICK_ELECTION_OR_DAY)
        return data
