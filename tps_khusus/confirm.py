"""Irreversible actions ask first: one page that says what will happen and what it leaves behind.

A view that changes something for good calls `ask(request, Confirmation(...))` once its own form is
valid. The first POST (from the action's own form) gets the confirmation page, which carries the
action's fields along as hidden inputs; the second POST, from that page, is the confirmed one and
`ask` returns None so the view goes on. When the confirmation names a `phrase` (a list version's
label), the officer types it; a wrong phrase shows the page again with a message and nothing happens.

    confirmation = Confirmation(title=..., action=..., facts=[...], unresolved=[...], phrase=label,
                                button=_("Kunci"), cancel_url=...)
    if (page := confirm.ask(request, confirmation)) is not None:
        return page
    ...do it...
"""

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

STEP = "_konfirmasi"  # present on the POST sent by the confirmation page
PHRASE = "konfirmasi_teks"
WRONG_PHRASE = _("Teks konfirmasi tidak sama dengan %(phrase)s. Tidak ada yang diubah; ketik persis %(phrase)s.")
NAMES_SHOWN = 10


@dataclass
class Confirmation:
    """What the page says. `facts`: what will be done or changed; `unresolved`: what is still open
    and will stay so (shown as warnings); `names`: the first people concerned (with `total`, the
    page says how many more)."""

    title: str
    action: str
    button: str
    cancel_url: str
    facts: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    total: int | None = None
    phrase: str = ""
    phrase_label: str = ""
    danger: bool = True

    @property
    def more(self) -> int:
        return max(0, (self.total or 0) - len(self.names[:NAMES_SHOWN]))


class ConfirmForm(forms.Form):
    def __init__(self, *args, phrase: str, phrase_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.phrase = phrase
        if phrase:
            self.fields[PHRASE] = forms.CharField(
                label=phrase_label or _("Ketik %(phrase)s untuk melanjutkan") % {"phrase": phrase},
                max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if self.phrase and (data.get(PHRASE) or "").strip() != self.phrase.strip():
            raise forms.ValidationError(WRONG_PHRASE % {"phrase": self.phrase})
        return data


def _carried(request: HttpRequest) -> list[tuple[str, str]]:
    """The action's own fields, to send again with the confirmation."""
    skip = {"csrfmiddlewaretoken", STEP, PHRASE}
    return [(name, value) for name, values in request.POST.lists() if name not in skip for value in values]


def ask(request: HttpRequest, confirmation: Confirmation) -> HttpResponse | None:
    """None when the officer has confirmed (the view goes on); otherwise the confirmation page,
    with a message when the typed phrase was wrong."""
    form = ConfirmForm(request.POST if STEP in request.POST else None, phrase=confirmation.phrase,
                       phrase_label=confirmation.phrase_label)
    if form.is_bound and form.is_valid():
        return None
    return render(request, "confirm.html", {
        "confirmation": confirmation, "form": form, "carried": _carried(request), "step": STEP,
        "phrase_field": PHRASE, "names": confirmation.names[:NAMES_SHOWN]})
