"""Reporting periods: months, quarters, half-years and years, as the offices
count them (calendar periods, in the platform's time zone), and any other run
of whole days a page asks for (`Span`).

A period travels as one value. Whatever needs its days (`start`, `end`), the
instants it covers (`bounds`), the months in it, or how it is stored (`kind`,
`key`) asks the period, so no caller carries a year, a month, a start and an
end alongside each other.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import clock


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the platform's time zone: the
    instants a period of whole days covers, for `__gte` / `__lt` filters."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


class Period:
    """A run of whole days, `start` to `end` inclusive. The calendar periods
    (Month, Quarter, HalfYear, Year) also have a `key`, how they are stored
    ('2026-10', '2026-Q3', '2026-H1', '2026'), and a `kind`, the name of
    their length ('month', 'quarter', 'half_year', 'year')."""

    kind: ClassVar[str]
    pattern: ClassVar[str] = r"(?!)"  # how a key of the kind reads; a Span has none
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The instants the period covers, for `__gte` / `__lt` filters."""
        return day_bounds(self.start, self.end)

    def months(self) -> list["Month"]:
        """The calendar months the period touches, in order."""
        months = [Month.of(self.start)]
        while months[-1].end < self.end:
            months.append(months[-1].next())
        return months

    @classmethod
    def of(cls, day: date) -> "Period":
        raise NotImplementedError

    @classmethod
    def current(cls) -> "Period":
        return cls.of(clock.today())

    @classmethod
    def parse(cls, text: str) -> "Period":
        """The calendar period a key names ('2026-10', '2026-Q3', '2026-H1',
        '2026'); on a subclass, only one of that kind (`Month.parse`).
        ValueError for anything else."""
        kinds = CALENDAR if cls is Period else (cls,)
        for kind in kinds:
            found = re.fullmatch(kind.pattern, text or "")
            if found:
                return kind(*map(int, found.groups()))
        raise ValueError(f"not a {'period' if cls is Period else cls.kind}: {text!r}")


@dataclass(frozen=True, order=True)
class Span(Period):
    """Any run of whole days, as a page's From and To ask for it."""

    start: date
    end: date
    kind = "days"

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("a span ends on or after its first day")

    def __str__(self):
        return f"{self.start:%Y-%m-%d} — {self.end:%Y-%m-%d}"


@dataclass(frozen=True, order=True)
class Quarter(Period):
    year: int
    number: int  # 1-4
    kind = "quarter"
    pattern = r"(\d{4})-?[Qq](\d)"

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError("a quarter is numbered 1 to 4")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = self.next()
        return following.start - timedelta(days=1)

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def key(self) -> str:
        """'2026-Q3': how the quarter is stored (not translated)."""
        return f"{self.year}-Q{self.number}"

    def __str__(self):
        return str(_("%(year)s Q%(number)s") % {"year": self.year, "number": self.number})


@dataclass(frozen=True, order=True)
class Month(Period):
    year: int
    number: int  # 1-12
    kind = "month"
    pattern = r"(\d{4})-(\d{1,2})"

    def __post_init__(self):
        if not 1 <= self.number <= 12:
            raise ValueError("a month is numbered 1 to 12")

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.number == 12 else Month(self.year, self.number + 1)

    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.number == 1 else Month(self.year, self.number - 1)

    @property
    def quarter(self) -> Quarter:
        return Quarter.of(self.start)

    @property
    def key(self) -> str:
        """'2026-10': how the month is stored (not translated)."""
        return f"{self.year}-{self.number:02d}"

    def __str__(self):
        return str(_("%(year)s-%(number)02d") % {"year": self.year, "number": self.number})


@dataclass(frozen=True, order=True)
class HalfYear(Period):
    year: int
    number: int  # 1 (January to June) or 2
    kind = "half_year"
    pattern = r"(\d{4})-?[Hh](\d)"

    def __post_init__(self):
        if self.number not in (1, 2):
            raise ValueError("a half-year is numbered 1 or 2")

    @classmethod
    def of(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @property
    def start(self) -> date:
        return date(self.year, 6 * self.number - 5, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.number == 1 else date(self.year, 12, 31)

    def next(self) -> "HalfYear":
        return HalfYear(self.year + 1, 1) if self.number == 2 else HalfYear(self.year, 2)

    def previous(self) -> "HalfYear":
        return HalfYear(self.year - 1, 2) if self.number == 1 else HalfYear(self.year, 1)

    @property
    def key(self) -> str:
        """'2026-H1': how the half-year is stored (not translated)."""
        return f"{self.year}-H{self.number}"

    def __str__(self):
        half = _("%(year)s first half") if self.number == 1 else _("%(year)s second half")
        return str(half % {"year": self.year})


@dataclass(frozen=True, order=True)
class Year(Period):
    year: int
    kind = "year"
    pattern = r"(\d{4})"

    @classmethod
    def of(cls, day: date) -> "Year":
        return cls(day.year)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def next(self) -> "Year":
        return Year(self.year + 1)

    def previous(self) -> "Year":
        return Year(self.year - 1)

    @property
    def key(self) -> str:
        """'2026': how the year is stored."""
        return str(self.year)

    def __str__(self):
        return self.key


# The calendar periods, in the order a key is tried against them.
CALENDAR = (Month, Quarter, HalfYear, Year)
