from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.limits import NAME


class BookingForm(forms.Form):
    """A booking's day and times, what for and how many: a resident's form
    asks their name too (`with_name`)."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=pgettext_lazy("time", "From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("What for"), max_length=200)
    attendees = forms.IntegerField(label=_("People expected"), min_value=1, max_value=1000)
    name = forms.CharField(label=_("Your name"), max_length=NAME)

    def __init__(self, *args, with_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_name:
            del self.fields["name"]

    def moments(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        day = self.cleaned_data["day"]
        return (
            datetime.combine(day, self.cleaned_data["starts"], tzinfo=zone),
            datetime.combine(day, self.cleaned_data["ends"], tzinfo=zone),
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for refusing"), max_length=500)
