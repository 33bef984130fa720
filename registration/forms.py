from django import forms
from django.utils.translation import gettext_lazy as _

from registration import rules
from registration.models import ListVersion, Registration, Tps
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
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("ms", _("MS")), ("potensial", _("Potensial")), ("tms", _("TMS")), ("", _("Semua"))])
    list_type = forms.ChoiceField(label=_("Jenis daftar"), required=False,
                                  choices=[("", _("Semua"))] + list(Registration.ListType.choices))
    tps = forms.CharField(label=_("TPS"), required=False)
    reason = forms.ChoiceField(label=_("Alasan"), required=False,
                               choices=[("", _("Semua"))] + [(r.code, r.label) for r in rules.REASONS.values()])
    q = forms.CharField(label=_("Cari"), required=False)
