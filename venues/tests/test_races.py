"""On PostgreSQL: one slot of a room booked by several at once is given
once (venues.services locks the room's row, then checks)."""

from datetime import time

import pytest

from tests.fixtures import on_postgres
from tests.races import outcomes_at_once as at_once
from venues import services
from venues.models import Booking

from .conftest import next_weekday

pytestmark = [on_postgres, pytest.mark.django_db(transaction=True)]


def test_a_room_booked_twice_at_once_is_given_once(station):
    day = next_weekday(2)

    def booking(phone, start, end):
        return lambda: services.book(
            room_id=station.hall.pk,
            starts_at=services.at(day, start),
            ends_at=services.at(day, end),
            purpose="议事协商",
            attendees=10,
            phone=phone,
            name="居民",
        )

    # The same slot, and one overlapping it, asked by three residents at once.
    outcomes = at_once(
        [
            booking("13903712101", time(9), time(10)),
            booking("13903712102", time(9), time(10)),
            booking("13903712103", time(9, 30), time(10, 30)),
        ]
    )
    assert outcomes == ["ok", "refused", "refused"]
    assert Booking.objects.filter(room=station.hall).count() == 1
