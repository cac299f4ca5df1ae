"""Reading what a page's address holds. Anything can be typed there, so a
value that cannot be what its parameter means reads as absent, or as a form
error in the user's language, never as a server error."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.periods import Span
from lib.widgets import DateInput

# The largest key PostgreSQL's bigint and SQLite's integer hold: a larger
# number in a filter is an overflow inside the database driver.
MAX_ID = 2**63 - 1

# The days a reporting period may start and end on: wide enough for any
# record the platform keeps, narrow enough that the day after the end and
# midnight in Beijing stay dates in UTC.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def id_from(value) -> int | None:
    """A row id written in ASCII digits and within the database's range, or
    None. (`str.isdigit()` also says yes to '²' and to other scripts' digits.)
    An int passes too: a list filter counting its facets sets its own ids."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def search_text(value, limit: int = 50) -> str:
    """A search box's words, trimmed to `limit` characters, without the NUL
    characters PostgreSQL cannot compare text with."""
    return (value or "").replace("\x00", "").strip()[:limit]


class PeriodDateField(forms.DateField):
    """The first or last day of a reporting period, as the browser's date
    picker sends it, between FIRST_DAY and LAST_DAY."""

    widget = DateInput
    default_error_messages = {
        "out_of_range": _("Choose a date between %(first)s and %(last)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            )


class SpanForm(forms.Form):
    """A form with a From (`start`) and a To (`end`) field, cleaned into one
    value, `cleaned_data["period"]` (a lib.periods.Span). Subclasses declare
    the two fields, as their page wants them."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise ValidationError(_("The period ends before it starts."))
            data["period"] = Span(start, end)
        return data
