"""What the venue pages read: a venue's rooms with their free times over
the coming week, and its hours by weekday. A fixed number of queries
whatever the rooms and bookings (pinned in tests/test_query_counts.py)."""

from datetime import datetime, timedelta

from django.utils import timezone

from lib import clock

from .models import Booking, Weekday
from .services import free_slots

DAYS_SHOWN = 7


def hours_by_weekday(hours) -> list[tuple[str, list]]:
    """[(weekday's name, [slots]) …], Monday first, closed days included."""
    return [
        (Weekday(day).label, [slot for slot in hours if slot.weekday == day]) for day in range(7)
    ]


def week_of(venue, days: int = DAYS_SHOWN):
    """The venue's bookable rooms, each with `.days`: [(day, [FreeSlot…])],
    and its hours. Three queries: rooms, hours, the week's bookings."""
    rooms = list(venue.rooms.filter(active=True).order_by("name"))
    hours = list(venue.hours.order_by("weekday", "opens"))
    today = clock.today()
    zone = timezone.get_current_timezone()
    first = datetime.combine(today, datetime.min.time(), tzinfo=zone)
    bookings = list(
        Booking.objects.standing().filter(
            room__venue=venue, starts_at__gte=first, starts_at__lt=first + timedelta(days=days)
        )
    )
    dates = [today + timedelta(days=n) for n in range(days)]
    for room in rooms:
        room.days = [(day, free_slots(room, day, hours, bookings)) for day in dates]
        room.off_peak_offered = any(s.off_hours for _day, slots in room.days for s in slots)
    return rooms, hours
