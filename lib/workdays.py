"""Working days (工作日) in mainland China: Monday to Friday, less the public
holidays, plus the weekend days worked in lieu (调休), as the State Council
publishes them each year.

Notice periods are counted in working days (an award's 公示期, see
projects.services.notices). The published schedule comes from the
`chinesecalendar` package for the years it knows; `overrides` (from
orgs.CalendarDay, which an office fills in for a year the package does not
know yet, or to correct one) wins over it. For a year known to neither,
Monday to Friday are working days, and `known()` says so, so that a page can
warn that the count may still move.
"""

from collections.abc import Mapping
from datetime import date, timedelta

import chinese_calendar


def _published(day: date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no schedule for
        return None


def known(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    """Whether `day`'s status comes from a published schedule, not a guess."""
    return day in (overrides or {}) or _published(day) is not None


def is_working_day(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    if overrides and day in overrides:
        return overrides[day]
    published = _published(day)
    return day.weekday() < 5 if published is None else published


def add_working_days(start: date, count: int, overrides: Mapping[date, bool] | None = None) -> date:
    """The `count`-th working day after `start` (`start` itself not counted,
    as a notice published on a day runs from the next working day)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start
    while count:
        day += timedelta(days=1)
        if is_working_day(day, overrides):
            count -= 1
    return day


def working_days_between(
    start: date, end: date, overrides: Mapping[date, bool] | None = None
) -> int:
    """How many working days lie after `start`, up to and including `end`."""
    days = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, overrides)
    return days
