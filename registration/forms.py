import hashlib
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from inmates.models import Disability, Sex
from regions import reference
from regions.models import DapilEdition, Region
from registration import presets, rules
from registration.models import ListVersion, Registration, Tps
from registration.selectors.lists import LEAVING, VoterFilters
from tps_khusus.forms import CrispyForm, DateInput, FilterForm


class NewTpsForm(CrispyForm):
    number = forms.IntegerField(label=_("Nomor TPS"), min_value=1, max_value=999, required=False,
                                help_text=_("Kosongkan untuk nomor berikutnya."))
    capacity = forms.IntegerField(label=_("Kapasitas pemilih"), min_value=1, required=False,
                                  help_text=_("Kosongkan untuk memakai batas pemilu."))
    capacity_reason = forms.CharField(label=_("Alasan kapasitas berbeda"), max_length=200, required=False)


class TpsCapacityForm(CrispyForm):
    capacity = forms.IntegerField(label=_("Kapasitas pemilih"), min_value=1)
    capacity_reason = forms.CharField(label=_("Alasan kapasitas berbeda"), max_length=200, required=False)


class LockForm(CrispyForm):
    kind = forms.ChoiceField(label=_("Jenis daftar"), choices=ListVersion.Kind.choices, initial=ListVersion.Kind.DPT)
    label = forms.CharField(label=_("Label"), max_length=60, required=False,
                            help_text=_("Misalnya DPTb-1. Kosong: jenis dan tanggal hari ini."))
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class ReviewNoteForm(CrispyForm):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VoterForm(CrispyForm):
    tps = forms.ModelChoiceField(queryset=Tps.objects.none(), label=_("TPS"), required=False)
    marked_dpk = forms.BooleanField(label=_("Tetapkan sebagai DPK"), required=False)
    pindah_form_number = forms.CharField(label=_("Nomor Model A-Surat Pindah Memilih"), max_length=60, required=False)
    pindah_form_date = forms.DateField(label=_("Tanggal Model A"), widget=DateInput(), required=False)

    def __init__(self, *args, registration: Registration, can_manage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tps"].queryset = Tps.objects.filter(election=registration.election, facility=registration.facility)
        if registration.status != rules.MS or not can_manage:
            del self.fields["tps"]
            del self.fields["marked_dpk"]


class VoterFilterForm(FilterForm):
    """The voter list's filters; the dashboards' numbers link here with theirs (selectors.VOTER_FILTERS)."""

    test_id = "voter-filters"
    columns = {"reason": "col-sm-12 col-lg-6", "q": "col-sm-6 col-lg-3", "disabilitas": "col-sm-6 col-lg-3"}

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("ms", _("MS")), ("potensial", _("Potensial")), ("tms", _("TMS")),
                                        ("", _("Semua yang dipertimbangkan"))])
    list_type = forms.ChoiceField(label=_("Jenis daftar"), required=False,
                                  choices=[("", _("Semua"))] + list(Registration.ListType.choices))
    tps = forms.CharField(label=_("TPS"), required=False, max_length=5,
                          widget=forms.TextInput(attrs={"placeholder": _("nomor, atau: tanpa")}),
                          help_text=_("\u201ctanpa\u201d: pemilih yang belum punya TPS"))
    reason = forms.ChoiceField(label=_("Alasan"), required=False)
    q = forms.CharField(label=_("Cari"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Nama, NIK, atau nomor register")}))
    jk = forms.ChoiceField(label=_("Jenis kelamin"), required=False, choices=[("", _("Semua"))] + list(Sex.choices))
    disabilitas = forms.ChoiceField(label=_("Disabilitas"), required=False)
    surat_suara = forms.CharField(label=_("Berhak surat suara"), required=False, max_length=20,
                                  widget=forms.TextInput(attrs={"placeholder": _("misalnya PPWP")}))
    model_a = forms.ChoiceField(label=_("Model A"), required=False,
                                choices=[("", _("Semua")), ("belum", _("DPTb belum punya Model A"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = (
            [("", _("Semua")), (LEAVING, _("Bebas, pindah atau meninggal sebelum hari H"))]
            + [(r.code, r.label) for r in rules.TMS_REASONS]
            + [(r.code, _("Potensial: %(reason)s") % {"reason": r.label}) for r in rules.POTENTIAL_REASONS])
        self.fields["disabilitas"].choices = (
            [("", _("Semua")), ("ada", _("Semua penyandang disabilitas"))]
            + [(str(code), label) for code, label in Disability.choices if code])

    def filters(self) -> VoterFilters:
        """The page's filters; with no query string at all, the MS voters."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {"status": rules.MS}
        return VoterFilters(
            status=data.get("status", rules.MS), list_type=data.get("list_type", ""), tps=data.get("tps", ""),
            reason=data.get("reason", ""), query=data.get("q", ""), sex=data.get("jk", ""),
            disability=data.get("disabilitas", ""), contest=data.get("surat_suara", ""),
            without_form=data.get("model_a") == "belum")


class DiffForm(FilterForm):
    """The two lists the change page compares: locked versions, or the list as it is now."""

    test_id = "diff-filters"
    columns = {"dari": "col-sm-6 col-lg-4", "ke": "col-sm-6 col-lg-4"}
    submit_label = _("Bandingkan")

    dari = forms.ChoiceField(label=_("Dari"), required=False)
    ke = forms.ChoiceField(label=_("Ke"), required=False)

    def __init__(self, *args, versions, now: str, **kwargs):
        super().__init__(*args, **kwargs)
        locked = [(str(v.number), f"{v.label} (v{v.number})") for v in versions]
        self.fields["dari"].choices = locked
        self.fields["ke"].choices = [(now, _("Sekarang")), *locked]


ELECTION_SERVICE_FIELDS = [
    "template", "name", "slug", "voting_day", "voting_day_simulated", "region", "dapil_edition", "dpt_determined_on",
    "data_start", "data_cutoff", "transfer_freeze", "pindah_general_days", "pindah_detainee_days",
    "max_voters_per_tps", "reserve_percent",
]


def region_choices() -> list:
    """Nationwide, then each province of the current edition with its kab/kota (one query)."""
    rows = (Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.KABKOTA], editions__is_current=True)
            .order_by("code").values_list("code", "name", "level"))
    groups: dict[str, tuple[str, list]] = {}
    for code, name, level in rows:
        if level == Region.Level.PROVINCE:
            groups[code] = (name, [(code, _("%(code)s %(name)s (seluruh provinsi)") % {"code": code, "name": name})])
        elif code[:2] in groups:
            groups[code[:2]][1].append((code, f"{code} {name}"))
    return [("", _("Seluruh Indonesia")), *groups.values()]


class ElectionForm(CrispyForm):
    """The election page: a template and the election's own data (services.election_plan checks them)."""

    # Offered as choices, checked by the service (services.election_plan), so a value the page does
    # not offer gets the same message as from the command.
    template = forms.CharField(label=_("Templat"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Nama pemilu"), max_length=120)
    slug = forms.CharField(label=_("Kode"), max_length=40,
                           help_text=_("Dipakai di alamat halaman dan nama berkas: huruf kecil, angka, tanda hubung."))
    voting_day = forms.DateField(label=_("Hari pemungutan suara"), widget=DateInput())
    voting_day_simulated = forms.BooleanField(
        label=_("Tanggal simulasi (belum ditetapkan KPU)"), required=False,
        help_text=_("Tanggal ditandai \"tanggal simulasi\" di setiap halaman sampai diubah."))
    region = forms.CharField(label=_("Wilayah"), required=False, widget=forms.Select,
                               help_text=_("Pemilu Nasional dan Pemilu serentak: seluruh Indonesia. Pemilu Daerah: "
                                           "seluruh Indonesia atau satu provinsi. Pilkada: provinsi atau "
                                           "kabupaten/kota."))
    dapil_edition = forms.CharField(label=_("Edisi dapil"), required=False, widget=forms.Select,
                                      help_text=_("Peta dapil untuk surat suara DPR, DPRD Provinsi dan DPRD "
                                                  "Kabupaten/Kota."))
    dpt_determined_on = forms.DateField(label=_("Tanggal penetapan DPT"), widget=DateInput(), required=False,
                                        help_text=_("Boleh diisi nanti."))
    data_start = forms.DateField(label=_("Mulai pendataan"), widget=DateInput(), required=False,
                                 help_text=_("Kosong: H-%(days)s.") % {"days": rules.DEFAULT_DATA_START_DAYS})
    data_cutoff = forms.DateField(label=_("Batas data WBP"), widget=DateInput(), required=False,
                                  help_text=_("Kosong: H-%(days)s.") % {"days": rules.DEFAULT_DATA_CUTOFF_DAYS})
    transfer_freeze = forms.DateField(label=_("Mulai larangan pemindahan"), widget=DateInput(), required=False,
                                      help_text=_("Kosong: H-%(days)s.") % {"days": rules.DEFAULT_TRANSFER_FREEZE_DAYS})
    pindah_general_days = forms.IntegerField(label=_("Batas pindah memilih umum (hari sebelum H)"), min_value=0,
                                             max_value=365, initial=rules.DEFAULT_PINDAH_GENERAL_DAYS, required=False)
    pindah_detainee_days = forms.IntegerField(label=_("Batas pindah memilih tahanan (hari sebelum H)"), min_value=0,
                                              max_value=365, initial=rules.DEFAULT_PINDAH_DETAINEE_DAYS, required=False)
    max_voters_per_tps = forms.IntegerField(label=_("Pemilih maksimal per TPS"), min_value=1,
                                            initial=rules.DEFAULT_MAX_VOTERS_PER_TPS, required=False)
    reserve_percent = forms.DecimalField(label=_("Surat suara cadangan (%)"), min_value=0,
                                         max_value=Decimal("99.99"), decimal_places=2,
                                         initial=rules.DEFAULT_RESERVE_PERCENT, required=False)
    checked = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].widget.choices = [
            (t.key, f"{t.label} — {t.description}") for t in presets.TEMPLATES.values()]
        self.fields["region"].widget.choices = region_choices()
        default = reference.default_dapil_edition()
        self.fields["dapil_edition"].widget.choices = [
            (edition.code, f"{edition.code} — {edition.name}" + (f" ({_('bawaan')})" if edition.code == default else ""))
            for edition in DapilEdition.objects.order_by("code")]
        self.fields["dapil_edition"].initial = default

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ELECTION_SERVICE_FIELDS}

    def fingerprint(self) -> str:
        """What was checked, so a change made after the check is checked again before saving."""
        return hashlib.sha256(repr(sorted(self.service_fields().items())).encode()).hexdigest()[:20]
