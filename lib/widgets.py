"""Form widgets shared by the portal's forms."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-11-24) whatever
    the language: the zh-hans input format (2026/11/24) would leave it blank."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
