"""Booking a room: within one opening slot, not over another booking, for
no more than the room holds; cancelled by its booker, refused by the
venue's keepers with a reason."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory
from venues import services
from venues.models import Booking, BookingStatus, SlotKind

from .conftest import RESIDENT_PHONE, next_weekday

WEDNESDAY, SATURDAY, SUNDAY = 2, 5, 6


def book(room, day, start, end, **kwargs):
    kwargs.setdefault("phone", RESIDENT_PHONE)
    kwargs.setdefault("name", "王秀兰")
    return services.book(
        room_id=room.pk,
        starts_at=services.at(day, start),
        ends_at=services.at(day, end),
        purpose=kwargs.pop("purpose", "书法练习"),
        attendees=kwargs.pop("attendees", 6),
        **kwargs,
    )


def test_a_resident_books_a_room_within_the_opening_hours(station):
    day = next_weekday(WEDNESDAY)
    booking = book(station.hall, day, time(9), time(10, 30))
    assert (booking.status, booking.minutes, booking.slot_kind) == ("booked", 90, "regular")
    assert booking.booker_phone == RESIDENT_PHONE and booking.organisation is None


def test_a_booking_outside_the_opening_hours_is_refused_saying_the_hours(station):
    day = next_weekday(WEDNESDAY)
    with pytest.raises(ValidationError) as refused:
        book(station.hall, day, time(12), time(13))
    message = refused.value.messages[0]
    assert "12:00–13:00" in message
    assert "08:30–11:30" in message and "14:30–17:30" in message and "19:00–21:00" in message
    with pytest.raises(ValidationError, match="周日不开放"):
        book(station.hall, next_weekday(SUNDAY), time(9), time(10))
    # Across two slots is outside too: a booking fits within one.
    with pytest.raises(ValidationError):
        book(station.hall, day, time(11), time(15))
    assert not Booking.objects.exists()


def test_an_overlapping_booking_of_the_same_room_is_refused(station):
    day = next_weekday(WEDNESDAY)
    book(station.hall, day, time(9), time(10, 30))
    with pytest.raises(ValidationError, match="09:00.*10:30"):
        book(station.hall, day, time(10), time(11), phone="13903712002")
    # Back to back, or another room, is fine.
    book(station.hall, day, time(10, 30), time(11, 30), phone="13903712002")
    book(station.study, day, time(9), time(10), phone="13903712003")
    assert Booking.objects.count() == 3


def test_the_off_peak_and_extended_slots_are_offered_and_booked_as_such(station):
    saturday = next_weekday(SATURDAY)
    offered = services.free_slots(
        station.hall, saturday, list(station.venue.hours.all()), bookings=[]
    )
    assert [(s.starts_at.time(), s.ends_at.time(), s.kind) for s in offered] == [
        (time(9), time(12), SlotKind.OFF_PEAK)
    ]
    assert book(station.hall, saturday, time(9), time(11)).slot_kind == SlotKind.OFF_PEAK
    evening = book(station.hall, next_weekday(WEDNESDAY), time(19), time(20, 30))
    assert evening.slot_kind == SlotKind.EXTENDED


def test_the_free_times_leave_out_the_bookings(station):
    day = next_weekday(WEDNESDAY)
    taken = book(station.hall, day, time(9), time(10))
    free = services.free_slots(station.hall, day, list(station.venue.hours.all()), [taken])
    assert [(s.starts_at.time(), s.ends_at.time()) for s in free] == [
        (time(8, 30), time(9)),
        (time(10), time(11, 30)),
        (time(14, 30), time(17, 30)),
        (time(19), time(21)),
    ]


def test_no_more_people_than_the_room_holds(station):
    with pytest.raises(ValidationError, match="8"):
        book(station.study, next_weekday(WEDNESDAY), time(9), time(10), attendees=12)


def test_a_resident_holds_three_bookings_to_come_at_most(station):
    day = next_weekday(WEDNESDAY)
    for hour in (9, 10, 15):
        book(station.study, day, time(hour), time(hour + 1))
    with pytest.raises(ValidationError, match="请先取消一个"):
        book(station.study, day, time(16), time(17))


def test_a_leader_books_for_the_organisation_of_the_street_only(station, personas, territory):
    booking = book(
        station.hall,
        next_weekday(WEDNESDAY),
        time(15),
        time(17),
        organisation=personas.organisation_a1,
        by=personas.org_leader,
        phone=None,
        name="",
    )
    assert booking.organisation == personas.organisation_a1
    assert booking.booker_phone == personas.organisation_a1.leader_phone
    other = OrganisationFactory(name="长兴社区太极队", area=territory.community_b1)
    with pytest.raises(ValidationError):  # not their organisation
        book(
            station.hall,
            next_weekday(WEDNESDAY, 2),
            time(9),
            time(10),
            organisation=other,
            by=personas.org_leader,
        )


def test_the_booker_cancels_and_no_one_else(station, personas):
    booking = book(station.hall, next_weekday(WEDNESDAY), time(9), time(10))
    with pytest.raises(ValidationError):
        services.cancel(booking_id=booking.pk, phone="13903712999")
    services.cancel(booking_id=booking.pk, phone=RESIDENT_PHONE)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    # The slot is free again.
    book(station.hall, next_weekday(WEDNESDAY), time(9), time(10), phone="13903712002")


def test_the_keepers_refuse_with_a_reason_and_outsiders_cannot(station, personas):
    booking = book(station.hall, next_weekday(WEDNESDAY), time(9), time(10))
    with pytest.raises(ValidationError):
        services.refuse(booking_id=booking.pk, by=personas.street_b_officer, reason="不行")
    with pytest.raises(ValidationError, match="请填写拒绝原因"):
        services.refuse(booking_id=booking.pk, by=personas.community_worker, reason=" ")
    services.refuse(booking_id=booking.pk, by=personas.org_leader, reason="当天场地消杀")
    booking.refresh_from_db()
    assert (booking.status, booking.reason) == (BookingStatus.REFUSED, "当天场地消杀")
    assert booking.decided_by == personas.org_leader
