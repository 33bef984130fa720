from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility
from tps_khusus.dates import long_date
from tps_khusus.forms import DateInput, FilterForm

DATES_REVERSED = _("Tanggal awal (%(start)s) harus sebelum atau sama dengan tanggal akhir (%(end)s).")
MASKED, FULL = "ya", "tidak"


class ExportLogFilterForm(FilterForm):
    """The export log's filters: who, which facility, masked copies or full, from and to which day.

    The shared filter bar (tps_khusus.forms.FilterForm). From the large breakpoint the three drop-downs
    share the first row a third each, wide enough for "Hanya lengkap (NIK utuh)" and a facility's name
    at 1280 px; the two dates and the button follow on the second."""

    columns = {"pengguna": "col-sm-6 col-lg-4", "fasilitas": "col-sm-6 col-lg-4", "samaran": "col-sm-6 col-lg-4",
               "dari": "col-sm-6 col-lg-3", "sampai": "col-sm-6 col-lg-3"}
    test_id = "export-log-filters"

    pengguna = forms.ModelChoiceField(label=_("Pengguna"), required=False, empty_label=_("Semua pengguna"),
                                      queryset=get_user_model().objects.order_by("username"))
    fasilitas = forms.ModelChoiceField(label=_("Lapas/Rutan"), required=False, empty_label=_("Semua Lapas/Rutan"),
                                       queryset=Facility.objects.order_by("name"), to_field_name="code")
    samaran = forms.ChoiceField(label=_("Jenis salinan"), required=False, choices=[
        ("", _("Lengkap dan disamarkan")), (FULL, _("Hanya lengkap (NIK utuh)")), (MASKED, _("Hanya disamarkan"))])
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pengguna"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.username})" if user.get_full_name() else user.username)

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            raise forms.ValidationError(DATES_REVERSED % {"start": long_date(start),
                                                          "end": long_date(end)})
        return data
