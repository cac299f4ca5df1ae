"""A period is one value: its days, its instants, its months and its key
come from it, for a month, a quarter, a half-year, a year or any span."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lib.periods import CALENDAR, HalfYear, Month, Period, Quarter, Span, Year

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("period", "start", "end", "key"),
    [
        (Month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        (Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        (HalfYear(2026, 1), date(2026, 1, 1), date(2026, 6, 30), "2026-H1"),
        (HalfYear(2026, 2), date(2026, 7, 1), date(2026, 12, 31), "2026-H2"),
        (Year(2025), date(2025, 1, 1), date(2025, 12, 31), "2025"),
    ],
)
def test_a_calendar_period_knows_its_days_and_its_key(period, start, end, key):
    assert (period.start, period.end, period.key) == (start, end, key)
    assert Period.parse(key) == period
    assert period.previous().next() == period
    assert period.next().start.toordinal() == period.end.toordinal() + 1


def test_the_instants_of_a_period_are_whole_days_in_the_platforms_time_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert Month(2026, 12).bounds == (
        datetime(2026, 12, 1, tzinfo=BEIJING),
        datetime(2027, 1, 1, tzinfo=BEIJING),
    )
    assert Span(date(2026, 3, 5), date(2026, 3, 5)).bounds == (
        datetime(2026, 3, 5, tzinfo=BEIJING),
        datetime(2026, 3, 6, tzinfo=BEIJING),
    )


def test_a_period_lists_the_months_it_touches():
    assert Quarter(2026, 3).months() == [Month(2026, 7), Month(2026, 8), Month(2026, 9)]
    assert [m.key for m in Year(2026).months()][::11] == ["2026-01", "2026-12"]
    assert Span(date(2026, 1, 31), date(2026, 3, 1)).months() == [
        Month(2026, 1),
        Month(2026, 2),
        Month(2026, 3),
    ]


def test_each_kind_reads_only_its_own_keys():
    assert Month.parse("2026-3") == Month(2026, 3)
    assert Quarter.parse("2026q3") == Quarter(2026, 3)
    assert HalfYear.parse("2026H2") == HalfYear(2026, 2)
    for kind, text in [(Month, "2026-Q3"), (Quarter, "2026-10"), (Year, "2026-H1")]:
        with pytest.raises(ValueError):
            kind.parse(text)
    for text in ["", "2026-13", "2026-Q5", "2026-H3", "26", "next month"]:
        with pytest.raises(ValueError):
            Period.parse(text)


def test_kinds_are_distinct_and_a_span_has_no_key():
    assert len({kind.kind for kind in CALENDAR}) == len(CALENDAR)
    with pytest.raises(ValueError):
        Period.parse("2026-01-01")
    with pytest.raises(ValueError):
        Span(date(2026, 2, 1), date(2026, 1, 31))
    assert str(Span(date(2026, 1, 1), date(2026, 3, 31))) == "2026-01-01 — 2026-03-31"
