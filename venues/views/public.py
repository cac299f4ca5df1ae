"""The public venue pages and a resident's bookings.

/public/venues/: the venues of a community (chosen by its street), with
rooms, hours and the week's free times; anyone may read them, and they name
no booker. /me/venues/: a resident signed in by phone (residents.session)
books a room and cancels their own bookings.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lib import clock
from lib.masking import mask_phone
from lib.screens import run_service
from orgs.models import Area, AreaLevel
from residents.session import signed_in_phone

from .. import services
from ..forms import BookingForm
from ..models import Booking, Room, Venue
from ..reading import hours_by_weekday, week_of

RECENT = 20


def _public_venues():
    return Venue.objects.filter(active=True).select_related("community", "custodian", "grid")


def directory(request):
    """The communities that have venues, by street; with ?community=<code>,
    that community's venues and their rooms."""
    code = request.GET.get("community", "")
    # A community's code is twelve digits: anything else names none (and a
    # NUL byte would be refused by PostgreSQL).
    valid = code.isascii() and code.isdigit() and len(code) == 12
    community = Area.objects.filter(code=code, level=AreaLevel.COMMUNITY).first() if valid else None
    venues = []
    if community is not None:
        venues = list(
            _public_venues()
            .filter(community=community)
            .prefetch_related("rooms", "hours")
            .order_by("kind", "name")
        )
    communities = list(
        Area.objects.filter(level=AreaLevel.COMMUNITY, venues__active=True)
        .select_related("parent")
        .distinct()
        .order_by("code")
    )
    return render(
        request,
        "venues/public_directory.html",
        {"community": community, "venues": venues, "communities": communities},
    )


def venue(request, pk):
    found = get_object_or_404(_public_venues(), pk=pk)
    rooms, hours = week_of(found)
    return render(
        request,
        "venues/public_venue.html",
        {"venue": found, "rooms": rooms, "week": hours_by_weekday(hours)},
    )


def _sign_in(request):
    url = reverse("residents:sign_in")
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


@never_cache
def mine(request):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    bookings = list(
        Booking.objects.filter(organisation__isnull=True, booker_phone=phone)
        .select_related("room__venue")
        .order_by("-starts_at", "-pk")[:RECENT]
    )
    now = clock.now()
    for booking in bookings:
        booking.cancellable = booking.is_open and booking.starts_at > now
    return render(
        request,
        "venues/mine.html",
        {"bookings": bookings, "phone_masked": mask_phone(phone)},
    )


@never_cache
def book(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    room = get_object_or_404(
        Room.objects.filter(active=True, venue__active=True).select_related("venue"), pk=pk
    )
    # The name the phone booked with last time, so a resident types it once.
    last_name = (
        Booking.objects.filter(organisation__isnull=True, booker_phone=phone)
        .order_by("-pk")
        .values_list("booker_name", flat=True)
        .first()
    )
    form = BookingForm(request.POST or None, initial={"name": last_name, **request.GET.dict()})
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        done = run_service(
            request,
            services.book,
            _("Booked. The venue expects you; cancel here if your plans change."),
            form=form,
            room_id=room.pk,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=form.cleaned_data["purpose"],
            attendees=form.cleaned_data["attendees"],
            phone=phone,
            name=form.cleaned_data["name"],
        )
        if done:
            return redirect("my_venues:mine")
    return render(
        request,
        "venues/book.html",
        {"room": room, "form": form, "phone_masked": mask_phone(phone), "resident": True},
        status=400 if form.errors else 200,
    )


@require_POST
def cancel(request, pk):
    phone = signed_in_phone(request)
    if phone is None:
        return _sign_in(request)
    # Another's booking answers as one that does not exist.
    get_object_or_404(Booking, pk=pk, organisation__isnull=True, booker_phone=phone)
    run_service(request, services.cancel, _("Booking cancelled."), booking_id=pk, phone=phone)
    return redirect("my_venues:mine")
