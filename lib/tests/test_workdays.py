"""Working days as the State Council's schedule has them: holidays skipped,
make-up working days (调休) counted, an office's correction winning, and
Monday to Friday for a year no schedule knows yet."""

from datetime import date

import pytest

from lib.workdays import add_working_days, is_working_day, known, working_days_between


def test_a_notice_published_before_national_day_runs_past_the_holiday():
    # 2026: 1–7 October are holidays, Saturday 10 October is worked in lieu.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_a_saturday_worked_in_lieu_counts_and_a_plain_saturday_does_not():
    assert is_working_day(date(2026, 10, 10))
    assert not is_working_day(date(2026, 10, 17))
    assert not is_working_day(date(2026, 5, 1))


def test_the_day_of_publication_is_not_counted():
    # Published on a Monday: five working days end on the next Monday.
    assert add_working_days(date(2026, 11, 16), 5) == date(2026, 11, 23)
    assert working_days_between(date(2026, 11, 16), date(2026, 11, 23)) == 5


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_and_says_so():
    assert not known(date(2027, 1, 1))
    assert is_working_day(date(2027, 1, 1))  # a Friday: a guess until the office enters it
    assert known(date(2027, 1, 1), {date(2027, 1, 1): False})


def test_the_offices_correction_wins_over_the_package_and_the_guess():
    overrides = {date(2027, 1, 1): False, date(2026, 11, 17): False}
    assert not is_working_day(date(2027, 1, 1), overrides)
    assert add_working_days(date(2026, 11, 16), 1, overrides) == date(2026, 11, 18)
    assert add_working_days(date(2026, 12, 31), 1, overrides) == date(2027, 1, 4)


def test_a_period_of_no_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 16), 0)
