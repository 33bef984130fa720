from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from tps_khusus.dates import long_date
from tps_khusus.forms import CrispyForm, DateInput

DATES_REVERSED = _("Tanggal awal (%(start)s) harus sebelum atau sama dengan tanggal akhir (%(end)s).")
MASKED, FULL = "ya", "tidak"


class ExportLogFilterForm(CrispyForm):
    """The export log's filters: who, which facility, from and to which day, masked copies or full."""

    pengguna = forms.ModelChoiceField(label=_("Pengguna"), required=False, empty_label=_("Semua pengguna"),
                                      queryset=get_user_model().objects.order_by("username"))
    fasilitas = forms.ModelChoiceField(label=_("Lapas/Rutan"), required=False, empty_label=_("Semua Lapas/Rutan"),
                                       queryset=Facility.objects.order_by("name"), to_field_name="code")
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())
    samaran = forms.ChoiceField(label=_("Jenis salinan"), required=False, choices=[
        ("", _("Lengkap dan disamarkan")), (FULL, _("Hanya lengkap (NIK utuh)")), (MASKED, _("Hanya disamarkan"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pengguna"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.username})" if user.get_full_name() else user.username)
        self.helper.form_tag = True
        self.helper.form_method = "get"
        self.helper.layout = Layout(Row(
            Column("pengguna", css_class="col-md-3"), Column("fasilitas", css_class="col-md-3"),
            Column("dari", css_class="col-sm-6 col-md-2"), Column("sampai", css_class="col-sm-6 col-md-2"),
            Column("samaran", css_class="col-md-2"),
        ), Submit("", _("Saring"), css_class="btn-primary"))

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            raise forms.ValidationError(DATES_REVERSED % {"start": long_date(start),
                                                          "end": long_date(end)})
        return data
