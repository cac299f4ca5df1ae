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


def test_what_a_user_does_on_a_pinned_day_is_stamped_with_that_day(personas, db):
    """A filing sent and a notice received in a demo read the demo's day, as
    the deadlines beside them do (lib.fields.StampedAt)."""
    from notifications.models import Notification
    from notifications.services import notify
    from orgs.services import filing

    real = datetime(2026, 12, 7, 10, 29, tzinfo=ZONE)
    with (
        override_settings(PLATFORM_TODAY=date(2026, 11, 24)),
        time_machine.travel(real, tick=False),
    ):
        application = filing.submit_filing(
            organisation=personas.organisation_a1, by=personas.org_leader
        )
        notify([personas.street_a_officer], "备案申请", "有新的备案申请待审核。")
    pinned = datetime(2026, 11, 24, 10, 29, tzinfo=ZONE)
    assert application.submitted_at == pinned
    assert Notification.objects.get(user=personas.street_a_officer).created_at == pinned
