"""Venue bookings and hours (Figure.VENUE_BOOKINGS, VENUE_HOURS) add up from
the communities to the district, for a month, a quarter and a year; a
cancelled or refused booking is not counted."""

from datetime import datetime, time, timedelta

import pytest
from django.test import override_settings

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from lib.periods import Month, Quarter, Year
from venues import services
from venues.models import OpeningHours, Room, SlotKind, Venue, VenueKind

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
FIGURES = (Figure.VENUE_BOOKINGS, Figure.VENUE_HOURS)


def _room(community, n):
    venue = Venue.objects.create(
        name=f"{community.name}网格党群服务站",
        kind=VenueKind.GRID_STATION,
        community=community,
        address="一号楼",
    )
    for weekday in range(7):
        OpeningHours.objects.create(
            venue=venue, weekday=weekday, opens=time(8), closes=time(21), kind=SlotKind.REGULAR
        )
    return Room.objects.create(venue=venue, name=f"活动室{n}", capacity=20)


def _book(room, day, start, end, phone):
    return services.book(
        room_id=room.pk,
        starts_at=services.at(day, start),
        ends_at=services.at(day, end),
        purpose="议事",
        attendees=5,
        phone=phone,
        name="居民",
    )


@pytest.fixture
def estate(territory, personas):
    """In each of four communities: n+1 bookings of 90 minutes in October
    and one in December; a cancelled and a refused one in community A1."""
    t = territory
    communities = [t.community_a1, t.community_a2, t.community_b1, t.community_b2]
    with override_settings(PLATFORM_TODAY=datetime(2026, 10, 1).date()):
        for n, community in enumerate(communities):
            room = _room(community, n)
            for k in range(n + 1):
                _book(
                    room,
                    datetime(2026, 10, 7 + k).date(),
                    time(9),
                    time(10, 30),
                    f"1390371{n}{k}00",
                )
            _book(
                room,
                datetime(2026, 10, 28).date() + timedelta(days=0),
                time(19),
                time(20),
                f"1390371{n}900",
            )
        a1 = Room.objects.get(venue__community=t.community_a1)
        cancelled = _book(a1, datetime(2026, 10, 20).date(), time(9), time(12), "13903719991")
        services.cancel(booking_id=cancelled.pk, phone="13903719991")
        refused = _book(a1, datetime(2026, 10, 21).date(), time(9), time(12), "13903719992")
        services.refuse(booking_id=refused.pk, by=personas.community_worker, reason="消杀")
    # December's bookings are made when December's days are still to come.
    with override_settings(PLATFORM_TODAY=datetime(2026, 11, 30).date()):
        for n, community in enumerate(communities):
            room = Room.objects.get(venue__community=community)
            _book(room, datetime(2026, 12, 2).date(), time(14), time(16), f"1390372{n}000")
    for period in PERIODS:
        compute_indicators(period)
    return t


def _values(area, period):
    return {
        figure: Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, figure=figure, key=""
        )
        .values_list("value", flat=True)
        .first()
        or 0
        for figure in FIGURES
    }


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_venue_figures_add_up_from_communities_to_the_district(estate, period):
    t = estate
    for street, communities in (
        (t.street_a, [t.community_a1, t.community_a2]),
        (t.street_b, [t.community_b1, t.community_b2]),
    ):
        values = [_values(c, period) for c in communities]
        assert _values(street, period) == {f: sum(v[f] for v in values) for f in FIGURES}
    streets = [_values(s, period) for s in (t.street_a, t.street_b)]
    assert _values(t.district_a, period) == {f: sum(v[f] for v in streets) for f in FIGURES}


def test_the_district_reads_its_bookings_and_hours(estate):
    october = _values(estate.district_a, Month(2026, 10))
    # 1+2+3+4 bookings of 1.5 h and four evenings of 1 h; not the cancelled or refused.
    assert october == {Figure.VENUE_BOOKINGS: 14, Figure.VENUE_HOURS: 19}
    assert _values(estate.community_a1, Month(2026, 10))[Figure.VENUE_BOOKINGS] == 2
    year = _values(estate.district_a, Year(2026))
    assert year == {Figure.VENUE_BOOKINGS: 18, Figure.VENUE_HOURS: 27}


def test_the_dashboard_shows_them(estate, personas, login):
    from django.urls import reverse

    client = login(personas.district_officer)
    response = client.get(reverse("assessments:dashboard"), {"kind": "month", "period": "2026-10"})
    tiles = response.context["f"]
    assert (tiles["venue_bookings"], tiles["venue_hours"]) == (14, 19)
    html = response.content.decode()
    assert 'data-figure="venue_bookings"' in html and 'data-figure="venue_hours"' in html
