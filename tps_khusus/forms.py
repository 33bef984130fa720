"""Form building blocks shared by the apps."""

from crispy_forms.helper import FormHelper
from django import forms


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
