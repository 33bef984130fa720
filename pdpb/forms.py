from django import forms
from django.utils.translation import gettext_lazy as _

from tps_khusus.forms import CrispyForm


class NoteForm(CrispyForm):
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class LockForm(CrispyForm):
    confirm = forms.CharField(label=_("Ketik label periode untuk mengonfirmasi"), max_length=40)
    note = forms.CharField(label=_("Catatan pleno"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)
