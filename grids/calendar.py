"""Working days for ticket deadlines: the platform's one rule
(lib.workdays: the State Council's schedule, corrected by the office's
orgs.CalendarDay table), with the table's corrections for a span of years
loaded once and answered in memory."""

from datetime import date, timedelta

from lib import workdays
from orgs.models import CalendarDay


class WorkingCalendar:
    """Loads the corrections of a span of years once, then answers in memory."""

    def __init__(self, start: date, end: date):
        self.exceptions = CalendarDay.overrides(
            start - timedelta(days=370), end + timedelta(days=370)
        )

    def is_working(self, day: date) -> bool:
        return workdays.is_working_day(day, self.exceptions)

    def add(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        return workdays.add_working_days(start, days, self.exceptions) if days > 0 else start

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        return workdays.working_days_between(start, end, self.exceptions)


def add_working_days(start: date, days: int) -> date:
    return WorkingCalendar(start, start + timedelta(days=days * 2 + 30)).add(start, days)


def working_days_between(start: date, end: date) -> int:
    return WorkingCalendar(start, end).between(start, end)
