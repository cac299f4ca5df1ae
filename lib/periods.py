"""Reporting periods: months, quarters, half-years and years, as the offices
count them (calendar periods, in the platform's time zone)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the platform's time zone: the
    instants a period of whole days covers, for `__gte` / `__lt` filters."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError("a quarter is numbered 1 to 4")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> "Quarter":
        return cls.of(timezone.localdate())

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
class Month:
    year: int
    number: int  # 1-12

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
