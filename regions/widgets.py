from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions import reference

LEVEL_LABELS = [_("Provinsi"), _("Kabupaten/Kota"), _("Kecamatan"), _("Desa/Kelurahan")]


class RegionPicker(forms.Widget):
    """Cascading province -> kab/kota -> kecamatan -> desa selects.

    Options are the current edition's regions (a value an edition retired stays shown, marked, so
    an old address is not silently lost). Only the chain of the current value is rendered (at most
    a few hundred options); the next level is fetched from regions:children when a choice changes,
    so a page never carries all 83,762 desa.
    """

    template_name = "regions/region_picker.html"

    class Media:
        js = ["js/region-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        code = str(value or "")
        chain = [code[:size] for size in (2, 5, 8, 13) if len(code) >= size]
        parents = [None, *chain[:3]]
        levels = []
        for index, label in enumerate(LEVEL_LABELS):
            parent = parents[index] if index < len(parents) else None
            options = []
            if index == 0 or parent:
                options = list(reference.children_of(parent or ""))
            selected = chain[index] if index < len(chain) else ""
            if selected and not reference.is_current(selected):
                options.append((selected, _("%(name)s (kode lama)") % {"name": reference.name_of(selected)}))
            levels.append(
                {
                    "label": label,
                    "level": index + 1,
                    "selected": selected,
                    "options": options,
                }
            )
        context["widget"].update(
            {"levels": levels, "children_url": reverse("regions:children"), "code": code}
        )
        return context
