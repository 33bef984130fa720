from django import forms
from django.utils.translation import gettext_lazy as _

from regions import checks, messages, reference
from tps_khusus.forms import CrispyForm

MAX_BYTES = 10 * 1024 * 1024  # the shipped DPRD kab/kota file is 0.5 MB
FILE_TOO_BIG = _("Berkas %(file)s lebih dari 10 MB; pastikan ini berkas dapil CSV.")
FILE_EMPTY = _("Berkas kosong (0 byte). Pilih berkas dapil CSV.")
FILE_FIELDS = {
    reference.DAPIL_DPR: "file_dpr",
    reference.DAPIL_DPRD_PROVINCE: "file_dprd_prov",
    reference.DAPIL_DPRD_KABKOTA: "file_dprd_kab",
}


def _file_field(label):
    return forms.FileField(label=label, required=False, error_messages={"empty": FILE_EMPTY},
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class DapilEditionForm(CrispyForm):
    code = forms.CharField(label=_("Kode edisi"), max_length=20, help_text=_("Misalnya 2029."))
    name = forms.CharField(label=_("Nama edisi"), max_length=100, required=False,
                           help_text=_("Misalnya 'Dapil Pemilu 2029'."))
    source = forms.CharField(label=_("Sumber / dasar hukum"), max_length=300, required=False,
                             help_text=_("Misalnya 'PKPU ... Tahun 2028, lampiran ...'."))
    file_dpr = _file_field(_("Berkas dapil DPR RI (.csv)"))
    file_dprd_prov = _file_field(_("Berkas dapil DPRD Provinsi (.csv)"))
    file_dprd_kab = _file_field(_("Berkas dapil DPRD Kabupaten/Kota (.csv)"))
    compare = forms.ChoiceField(label=_("Bandingkan dengan edisi"), required=False)
    area = forms.CharField(label=_("Wilayah laporan cakupan"), max_length=5, required=False,
                           help_text=_("Kode provinsi (33) atau kabupaten/kota (33.16); kosong: seluruh Indonesia."))
    make_default = forms.BooleanField(label=_("Jadikan edisi bawaan (dipakai bila pemilu tidak menyebut edisi)"),
                                      required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editions = reference.dapil_editions()
        self.fields["compare"].choices = [("", _("(tanpa perbandingan)")), *[(code, code) for code in editions]]
        if reference.default_dapil_edition():
            self.fields["compare"].initial = reference.default_dapil_edition()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        problem = checks.edition_code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean_area(self):
        area = self.cleaned_data["area"].strip()
        return reference.dotted(area) if area else ""

    def clean(self):
        cleaned = super().clean()
        uploads = []
        for kind, field in FILE_FIELDS.items():
            upload = cleaned.get(field)
            if not upload:
                continue
            if upload.size > MAX_BYTES:
                self.add_error(field, FILE_TOO_BIG % {"file": upload.name})
                continue
            uploads.append((upload.name, kind, upload.read()))
        if not uploads and not self.errors:
            raise forms.ValidationError(messages.DAPIL_NO_FILES)
        cleaned["uploads"] = uploads
        return cleaned

    def options(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("code", "name", "source", "compare", "area", "make_default")}
