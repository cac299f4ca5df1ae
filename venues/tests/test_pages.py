"""The venue pages: the public ones (a community's venues, a venue's rooms,
hours and free times), a resident's bookings (/me/venues/), and the
portal's, with their jurisdiction and the booker's phone masked for roles
that do not need it."""

from datetime import time

import pytest
from django.urls import reverse

from residents.session import SESSION_KEY
from venues import services
from venues.models import Booking, BookingStatus

from .conftest import RESIDENT_PHONE, next_weekday

WEDNESDAY = 2


@pytest.fixture
def as_phone(client):
    def sign_in(phone):
        session = client.session
        session[SESSION_KEY] = phone
        session.save()
        return client

    return sign_in


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def booked(station):
    day = next_weekday(WEDNESDAY)
    return services.book(
        room_id=station.hall.pk,
        starts_at=services.at(day, time(9)),
        ends_at=services.at(day, time(10)),
        purpose="书法练习",
        attendees=6,
        phone=RESIDENT_PHONE,
        name="王秀兰",
    )


def test_the_public_reads_a_communitys_venues_and_free_times(client, station, booked):
    page = text(client.get("/public/venues/", {"community": station.venue.community.code}))
    assert "英才社区第一网格党群服务站" in page and "多功能厅" in page
    assert "英才社区夕阳红合唱团" in page  # who holds it in custody
    venue = client.get(reverse("public_venues:venue", args=[station.venue.pk]))
    html = text(venue)
    assert 'data-free-slot="off_peak"' in html and 'data-free-slot="extended"' in html
    # The booking is not offered again, and names no one.
    assert "王秀兰" not in html and RESIDENT_PHONE not in html and "1390" not in html
    hall = next(room for room in venue.context["rooms"] if room.pk == station.hall.pk)
    wednesday = next(slots for day, slots in hall.days if day == booked.starts_at.date())
    assert time(9) not in [slot.starts_at.time() for slot in wednesday]


def test_a_resident_books_through_the_form_and_cancels(as_phone, station):
    client = as_phone(RESIDENT_PHONE)
    url = reverse("my_venues:book", args=[station.study.pk])
    day = next_weekday(WEDNESDAY).isoformat()
    form = {"day": day, "starts": "15:00", "ends": "16:00", "purpose": "读书会", "attendees": 5}
    response = client.post(url, {**form, "name": "王秀兰"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.booker_phone, booking.booker_name) == (RESIDENT_PHONE, "王秀兰")
    mine = text(client.get("/me/venues/"))
    assert "读书会" in mine and "139****2001" in mine
    client.post(reverse("my_venues:cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_refused_time_keeps_the_form_and_says_why(as_phone, station):
    client = as_phone(RESIDENT_PHONE)
    url = reverse("my_venues:book", args=[station.study.pk])
    day = next_weekday(WEDNESDAY).isoformat()
    response = client.post(
        url,
        {
            "day": day,
            "starts": "12:00",
            "ends": "13:00",
            "purpose": "读书会",
            "attendees": 5,
            "name": "王秀兰",
        },
    )
    assert response.status_code == 400
    assert "08:30–11:30" in text(response) and "读书会" in text(response)
    assert not Booking.objects.exists()


def test_booking_asks_a_resident_to_sign_in_first(client, station):
    response = client.get(reverse("my_venues:book", args=[station.study.pk]))
    assert response.status_code == 302 and "/me/" in response["Location"]


def test_another_residents_booking_cannot_be_cancelled(as_phone, booked):
    client = as_phone("13903712999")
    assert client.post(reverse("my_venues:cancel", args=[booked.pk])).status_code == 404
    booked.refresh_from_db()
    assert booked.is_open


def test_the_community_sees_the_booker_and_refuses(login, personas, station, booked):
    client = login(personas.community_worker)
    page = text(client.get(reverse("venues:venue", args=[station.venue.pk])))
    assert "王秀兰" in page and RESIDENT_PHONE in page
    client.post(reverse("venues:refuse", args=[booked.pk]), {"reason": "当天场地消杀"})
    booked.refresh_from_db()
    assert (booked.status, booked.reason) == (BookingStatus.REFUSED, "当天场地消杀")


def test_the_custodian_and_the_district_see_the_booker_masked(login, personas, station, booked):
    for user in (personas.org_leader, personas.district_officer):
        page = text(login(user).get(reverse("venues:venue", args=[station.venue.pk])))
        assert "139****2001" in page and RESIDENT_PHONE not in page, user
        assert "王**" in page and "王秀兰" not in page, user


def test_a_refusal_without_a_reason_changes_nothing(login, personas, station, booked):
    client = login(personas.community_worker)
    response = client.post(reverse("venues:refuse", args=[booked.pk]), {"reason": ""}, follow=True)
    assert response.status_code == 200
    booked.refresh_from_db()
    assert booked.is_open


def test_outsiders_get_404(login, personas, station, booked):
    client = login(personas.street_b_officer)
    assert client.get(reverse("venues:venue", args=[station.venue.pk])).status_code == 404
    assert (
        client.post(reverse("venues:refuse", args=[booked.pk]), {"reason": "x"}).status_code == 404
    )
    booked.refresh_from_db()
    assert booked.is_open


def test_a_leader_books_for_the_organisation_on_the_portal(login, personas, station):
    client = login(personas.org_leader)
    url = reverse("venues:book", args=[station.hall.pk])
    day = next_weekday(WEDNESDAY).isoformat()
    response = client.post(
        url,
        {"day": day, "starts": "19:00", "ends": "20:30", "purpose": "合唱排练", "attendees": 20},
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.organisation == personas.organisation_a1 and booking.slot_kind == "extended"
    listing = text(client.get(reverse("venues:venues")))
    assert "合唱排练" in listing


def test_a_leader_hears_of_a_refusal_and_reads_its_reason(login, personas, station):
    from notifications.models import Notification

    booking = services.book(
        room_id=station.study.pk,
        starts_at=services.at(next_weekday(WEDNESDAY), time(15)),
        ends_at=services.at(next_weekday(WEDNESDAY), time(16)),
        purpose="合唱排练",
        attendees=8,
        organisation=personas.organisation_a1,
        by=personas.org_leader,
    )
    services.refuse(booking_id=booking.pk, by=personas.community_worker, reason="当天场地消杀")
    assert Notification.objects.filter(user=personas.org_leader).count() == 1
    page = text(login(personas.org_leader).get(reverse("venues:venues")))
    assert "当天场地消杀" in page
