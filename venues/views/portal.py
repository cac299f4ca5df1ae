"""The portal's venue pages, for the community's staff and organisations'
leaders.

/venues/: the venues of the user's jurisdiction (for a leader: those its
organisation holds in custody and those of its street it may book) and the
bookings to come. /venues/<id>/: a venue's rooms, hours, free times and
bookings; a leader books a room for the organisation there; the keepers
(staff, the custodian's leader) refuse a booking with a reason. A booker's
name and phone are in full only for the street officer and community
worker of the venue's community (orgs.privacy.sees_resident).
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib import clock
from lib.masking import NAME, PHONE
from lib.screens import run_service
from orgs.models import AccessSurface
from orgs.privacy import record_access, resident_shown, sees_resident
from orgs.roles import Role

from .. import services
from ..forms import BookingForm, RefuseForm
from ..models import Booking, Room, Venue
from ..reading import hours_by_weekday, week_of

UPCOMING_DAYS = 14
LISTED = 100
RECENT = 20


def _leader_q(user) -> Q:
    """A leader's venues: held in custody by the organisation, or bookable in its street."""
    organisation = user.organisation
    return Q(custodian=organisation) | Q(
        active=True, community__code__startswith=organisation.area.code[:9]
    )


def _venues(user):
    if not user.has_perm("venues.view_venue"):
        raise PermissionDenied
    if user.role == Role.ORG_LEADER:
        if not user.organisation_id:
            raise PermissionDenied
        return Venue.objects.filter(_leader_q(user))
    return Venue.objects.for_user(user)


def _shown(request, bookings):
    """Each booking's booker as the user may see them; a delivery of any
    phone in full is written to the access log (one row for the page)."""
    user = request.user
    in_full = 0
    for booking in bookings:
        visible = sees_resident(user, community_code=booking.room.venue.community.code)
        in_full += visible
        booking.name_shown = resident_shown(visible, NAME, booking.booker_name)
        booking.phone_shown = resident_shown(visible, PHONE, booking.booker_phone)
        booking.refusable = booking.is_open and services.may_refuse(user, booking, in_scope=True)
        booking.cancellable = booking.is_open and (
            user.organisation_id is not None and booking.organisation_id == user.organisation_id
        )
    record_access(
        user=user,
        kinds={PHONE},
        delivered={PHONE} if in_full else set(),
        surface=AccessSurface.PAGE,
        what="venues.booking",
        rows=in_full,
        path=request.path,
    )
    return bookings


def _upcoming(user, **filters):
    now = clock.now()
    return list(
        Booking.objects.for_user(user)
        .standing()
        .filter(ends_at__gt=now, starts_at__lt=now + timedelta(days=UPCOMING_DAYS), **filters)
        .select_related("room__venue__community", "organisation")
        .order_by("starts_at", "pk")[:LISTED]
    )


@login_required
def venues(request):
    user = request.user
    found = list(
        _venues(user)
        .select_related("community", "custodian")
        .annotate(room_count=Count("rooms", distinct=True))
        .order_by("community__code", "name")[:LISTED]
    )
    own = []
    if user.organisation_id and user.role == Role.ORG_LEADER:
        # The organisation's own bookings, refused and cancelled ones too.
        own = list(
            Booking.objects.filter(organisation_id=user.organisation_id)
            .select_related("room__venue")
            .order_by("-starts_at", "-pk")[:RECENT]
        )
    return render(
        request,
        "venues/venues.html",
        {
            "venues": found,
            "bookings": _shown(request, _upcoming(user)),
            "days": UPCOMING_DAYS,
            "own": own,
        },
    )


def _venue(user, pk) -> Venue:
    try:
        return _venues(user).select_related("community", "custodian", "grid").get(pk=pk)
    except (Venue.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def venue(request, pk):
    user = request.user
    found = _venue(user, pk)
    rooms, hours = week_of(found)
    leader = user.role == Role.ORG_LEADER
    return render(
        request,
        "venues/venue.html",
        {
            "venue": found,
            "rooms": rooms,
            "week": hours_by_weekday(hours),
            "bookings": _shown(request, _upcoming(user, room__venue=found)),
            "can_book": leader and found.active,
            "refuse_form": RefuseForm(),
        },
    )


@login_required
def book(request, pk):
    """A leader books a room for the organisation."""
    user = request.user
    if user.role != Role.ORG_LEADER or not user.has_perm("venues.add_booking"):
        raise PermissionDenied
    room = (
        Room.objects.filter(venue__in=_venues(user)).select_related("venue").filter(pk=pk).first()
    )
    if room is None:
        raise Http404
    form = BookingForm(request.POST or None, initial=request.GET.dict(), with_name=False)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        done = run_service(
            request,
            services.book,
            _("Booked for your organisation."),
            form=form,
            room_id=room.pk,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=form.cleaned_data["purpose"],
            attendees=form.cleaned_data["attendees"],
            organisation=user.organisation,
            by=user,
        )
        if done:
            return redirect("venues:venue", room.venue_id)
    return render(
        request,
        "venues/book.html",
        {"room": room, "form": form, "resident": False},
        status=400 if form.errors else 200,
    )


def _booking(user, pk) -> Booking:
    if not user.has_perm("venues.view_booking"):
        raise PermissionDenied
    try:
        return Booking.objects.for_user(user).select_related("room__venue").get(pk=pk)
    except (Booking.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
@require_POST
def refuse(request, pk):
    booking = _booking(request.user, pk)
    if not services.may_refuse(request.user, booking):
        raise PermissionDenied
    form = RefuseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        run_service(
            request,
            services.refuse,
            _("Booking refused; the booker sees the reason."),
            booking_id=booking.pk,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    return redirect("venues:venue", booking.room.venue_id)


@login_required
@require_POST
def cancel(request, pk):
    booking = _booking(request.user, pk)
    run_service(
        request, services.cancel, _("Booking cancelled."), booking_id=booking.pk, by=request.user
    )
    return redirect("venues:venue", booking.room.venue_id)
