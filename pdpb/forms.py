from django import forms
from django.utils.translation import gettext_lazy as _

from tps_khusus.forms import CrispyForm


class NoteForm(CrispyForm):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class LockForm(CrispyForm):
    """The plenary note sent with "Terima dan kunci"; the label is typed on the confirmation page (tps_khusus.confirm)."""

    note = forms.CharField(label=_("Catatan pleno"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)


class ExtractForm(CrispyForm):
    region = forms.CharField(label=_("Kode kabupaten/kota"), max_length=5, required=False,
                             help_text=_("Misalnya 33.16 untuk Kabupaten Blora."))
    file = forms.FileField(label=_("Ekstrak DPB/DPT (.xlsx atau .csv)"),
                           help_text=_("Kolom: NIK, NKK, NAMA, TEMPAT LAHIR, TANGGAL LAHIR, JENIS KELAMIN, ALAMAT, "
                                       "DESA, TPS. Semua baris dibaca atau tidak sama sekali."))

    def __init__(self, *args, fixed_region: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_region:
            del self.fields["region"]


class DecisionForm(forms.Form):
    inmate = forms.IntegerField()
    status = forms.CharField(max_length=16)
    row = forms.IntegerField(required=False)
    desa = forms.CharField(max_length=80, required=False)
    tps = forms.CharField(max_length=10, required=False)
    note = forms.CharField(max_length=300, required=False)
