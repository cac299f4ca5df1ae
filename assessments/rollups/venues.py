"""Venue use (阵地, issue 24): bookings that stood (not cancelled by their
booker nor refused by the venue) starting within the period, and the hours
they held their rooms, counted at the venue's community code (indicators.py
adds them up to the street and the district)."""

from decimal import Decimal

from django.db.models import Count, F, Sum

from lib.periods import Period
from venues.models import Booking

from ..models import Figure
from .counting import Counts

TENTH = Decimal("0.1")


def count_venues(counts: Counts, period: Period) -> None:
    begin, stop = period.bounds
    rows = list(
        Booking.objects.standing()
        .filter(starts_at__gte=begin, starts_at__lt=stop)
        .values(code=F("room__venue__community__code"))
        .annotate(n=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    )
    counts.add(Figure.VENUE_BOOKINGS, rows)
    for row in rows:
        # Rounded where counted (indicators keep one decimal), so a street's
        # hours are exactly the sum of its communities'.
        row["hours"] = (Decimal(row["minutes"] or 0) / 60).quantize(TENTH)
    counts.add(Figure.VENUE_HOURS, rows, value="hours")
