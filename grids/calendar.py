"""Working days: Monday to Friday, corrected by the CalendarDay table
(public holidays off, exchanged weekend days on). Deadlines count these."""

from datetime import date, timedelta

from .models import CalendarDay


class WorkingCalendar:
    """Loads the exceptions of a span of years once, then answers in memory."""

    def __init__(self, start: date, end: date):
        self.exceptions = dict(
            CalendarDay.objects.filter(
                date__range=(start - timedelta(days=370), end + timedelta(days=370))
            ).values_list("date", "is_working")
        )

    def is_working(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def add(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working(day):
                count += 1
        return count


def add_working_days(start: date, days: int) -> date:
    return WorkingCalendar(start, start + timedelta(days=days * 2 + 30)).add(start, days)


def working_days_between(start: date, end: date) -> int:
    return WorkingCalendar(start, end).between(start, end)
