"""A venue of community A1 held in custody by the leader's organisation (as
Huiji's organisations hold grid stations), with two rooms, Wednesday's
hours (morning and afternoon, an extended evening) and a Saturday off-peak
slot; and `next_weekday`, a date to come."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest

from lib import clock
from venues.models import OpeningHours, Room, SlotKind, Venue, VenueKind

RESIDENT_PHONE = "13903712001"


def next_weekday(weekday: int, weeks: int = 1) -> date:
    """The given weekday at least a day from today, `weeks - 1` weeks on."""
    day = clock.today() + timedelta(days=1)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day + timedelta(weeks=weeks - 1)


@dataclass
class Estate:
    venue: Venue
    hall: Room
    study: Room


@pytest.fixture
def station(territory, personas) -> Estate:
    venue = Venue.objects.create(
        name="英才社区第一网格党群服务站",
        kind=VenueKind.GRID_STATION,
        community=territory.community_a1,
        address="英才街12号院3号楼一层",
        custodian=personas.organisation_a1,
    )
    hall = Room.objects.create(venue=venue, name="多功能厅", capacity=30)
    study = Room.objects.create(venue=venue, name="书画室", capacity=8)
    for opens, closes, kind in (
        (time(8, 30), time(11, 30), SlotKind.REGULAR),
        (time(14, 30), time(17, 30), SlotKind.REGULAR),
        (time(19, 0), time(21, 0), SlotKind.EXTENDED),
    ):
        OpeningHours.objects.create(venue=venue, weekday=2, opens=opens, closes=closes, kind=kind)
    OpeningHours.objects.create(
        venue=venue, weekday=5, opens=time(9), closes=time(12), kind=SlotKind.OFF_PEAK
    )
    return Estate(venue, hall, study)
