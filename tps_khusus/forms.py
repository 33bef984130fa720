"""Form building blocks shared by the apps."""

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's date picker; values travel as yyyy-mm-dd."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CrispyForm(forms.Form):
    """Rendered with crispy's Bootstrap 5 layout inside a <form> the template writes itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class FilterForm(forms.Form):
    """A list's filter bar: a GET form laid out by crispy's Bootstrap 5 grid, one column per field
    (full width on a phone, `columns` classes from the small breakpoint up), the button last.

    `columns` maps a field to its column classes; fields not named get `default_column`. Hidden
    widgets (sort order, page size) ride along without a column."""

    columns: dict[str, str] = {}
    default_column = "col-sm-6 col-lg-3"
    submit_label = _("Saring")
    test_id = "filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "filter-bar no-print mb-3"
        self.helper.attrs = {"data-testid": self.test_id, "aria-label": str(_("Saring daftar"))}
        visible, hidden = [], []
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                hidden.append(Field(name))
            else:
                visible.append(Column(name, css_class="col-12 " + self.columns.get(name, self.default_column)))
        button = StrictButton(self.submit_label, type="submit", css_class="btn-primary w-100 text-nowrap")
        self.helper.layout = Layout(
            Row(*visible, Column(button, css_class="col-12 col-sm-auto filter-bar-submit mb-3"),
                css_class="g-2 align-items-end"),
            *hidden,
        )


def copy_errors(error: ValidationError, form: forms.BaseForm) -> None:
    """Show a service's validation errors on the form that fed it: field errors on their fields
    (or on top when the form has no such field), the rest on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
