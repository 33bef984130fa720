from django import forms
from django.utils.translation import gettext_lazy as _

from inmates.models import Disability, Sex
from registration import rules
from registration.models import ListVersion, Registration, Tps
from registration.selectors.lists import LEAVING, VoterFilters
from tps_khusus.forms import CrispyForm, DateInput


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


class VoterFilterForm(forms.Form):
    """The voter list's filters; the dashboards' numbers link here with theirs (selectors.VOTER_FILTERS)."""

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("ms", _("MS")), ("potensial", _("Potensial")), ("tms", _("TMS")),
                                        ("", _("Semua yang dipertimbangkan"))])
    list_type = forms.ChoiceField(label=_("Jenis daftar"), required=False,
                                  choices=[("", _("Semua"))] + list(Registration.ListType.choices))
    tps = forms.CharField(label=_("TPS"), required=False)
    reason = forms.ChoiceField(label=_("Alasan"), required=False)
    q = forms.CharField(label=_("Cari"), required=False)
    jk = forms.ChoiceField(label=_("Jenis kelamin"), required=False, choices=[("", _("Semua"))] + list(Sex.choices))
    disabilitas = forms.ChoiceField(label=_("Disabilitas"), required=False)
    surat_suara = forms.CharField(label=_("Berhak surat suara"), required=False, max_length=20)
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
