"""Form building blocks shared by the apps."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError


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


def copy_errors(error: ValidationError, form: forms.BaseForm) -> None:
    """Show a service's validation errors on the form that fed it: field errors on their fields
    (or on top when the form has no such field), the rest on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
