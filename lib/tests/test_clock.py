"""lib.clock: the platform's day, pinned for a demo by PLATFORM_TODAY."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from lib import clock

ZONE = ZoneInfo("Asia/Shanghai")


def test_unpinned_the_platform_reads_the_calendar():
    with time_machine.travel(datetime(2026, 12, 7, 9, 30, tzinfo=ZONE), tick=False):
        assert clock.today() == date(2026, 12, 7)
        assert clock.now() == datetime(2026, 12, 7, 9, 30, tzinfo=ZONE)


def test_pinned_the_day_stays_and_the_hours_run():
    with override_settings(PLATFORM_TODAY=date(2026, 11, 24)):
        for real in (datetime(2026, 12, 7, 0, 10), datetime(2027, 3, 1, 23, 50)):
            with time_machine.travel(real.replace(tzinfo=ZONE), tick=False):
                assert clock.today() == date(2026, 11, 24)
                assert clock.now() == datetime(2026, 11, 24, real.hour, real.minute, tzinfo=ZONE)
