from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from activities.models import Activity, ActivityStatus
from tests.factories import PersonFactory
from volunteers.models import Volunteer, VolunteerStatus

# The activities' day: 2026-12-07, 09:00–11:00 Beijing time.
DAY = datetime(2026, 12, 7, tzinfo=timezone.get_fixed_timezone(480)).date()


def at(hour: int, minute: int = 0, day=DAY) -> datetime:
    zone = timezone.get_current_timezone()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def make_activity(area, by, **kwargs) -> Activity:
    values = {
        "title": "敬老院志愿服务",
        "area": area,
        "starts_at": at(9),
        "ends_at": at(11),
        "status": ActivityStatus.PUBLISHED,
        "places": 2,
        "volunteer_places": 2,
        "created_by": by,
        "venue": "英才社区党群服务中心",
    }
    values.update(kwargs)
    return Activity.objects.create(**values)


@pytest.fixture
def clock_at(monkeypatch):
    """`clock_at(moment)` pins the platform's now (lib.clock.now) to `moment`."""

    def pin(moment):
        monkeypatch.setattr("lib.clock.now", lambda: moment)
        monkeypatch.setattr("lib.clock.today", lambda: timezone.localdate(moment))

    return pin


@pytest.fixture
def activity(territory, personas, clock_at):
    clock_at(at(8) - timedelta(days=1))
    return make_activity(territory.community_a1, personas.community_worker)


def make_volunteer(community, phone="13900000001", status=VolunteerStatus.CONFIRMED):
    person = PersonFactory(name="李秀英", community=community, phone=phone)
    return Volunteer.objects.create(person=person, phone=phone, status=status)


@pytest.fixture
def volunteer(territory):
    return make_volunteer(territory.community_a1)
