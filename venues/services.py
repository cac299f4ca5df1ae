"""Bookings of a venue's rooms, and the only writer of them.

A booking is checked and made under a lock on the room's row: two people
asking for the same slot at once are served one after the other, and the
second is told the room is taken (venues/tests/test_races.py, on
PostgreSQL). Cancelling and refusing lock the booking's row.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from notifications.services import notify
from orgs.models import User
from orgs.roles import Role

from .models import Booking, BookingStatus, OpeningHours, Room, SlotKind, Weekday

BOOK_AHEAD_DAYS = 30  # how far ahead a room may be booked
RESIDENT_OPEN_BOOKINGS = 3  # a resident's bookings still to come, at most
SHORTEST_FREE = timedelta(minutes=30)  # a gap shorter than this is not offered


def hours_text(slots) -> str:
    """'08:30–11:30, 14:30–17:30 (off-peak 19:00–21:00)', for messages and pages."""
    parts = []
    for slot in slots:
        text = f"{slot.opens:%H:%M}–{slot.closes:%H:%M}"
        if slot.kind != SlotKind.REGULAR:
            text += f"（{SlotKind(slot.kind).label}）"
        parts.append(text)
    return "、".join(parts)


def _slots_of(venue_id, weekday: int) -> list[OpeningHours]:
    return list(OpeningHours.objects.filter(venue_id=venue_id, weekday=weekday).order_by("opens"))


def _check_times(room: Room, starts_at: datetime, ends_at: datetime) -> OpeningHours:
    """The opening slot the booking falls in, or a refusal saying the hours."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if end <= start:
        raise ValidationError(_("The booking must end after it starts."))
    if end.date() != start.date():
        raise ValidationError(_("A booking starts and ends on the same day."))
    now = clock.now()
    if starts_at < now:
        raise ValidationError(_("That time has passed: choose a time to come."))
    if start.date() > timezone.localtime(now).date() + timedelta(days=BOOK_AHEAD_DAYS):
        raise ValidationError(
            _("Rooms can be booked up to %(days)d days ahead.") % {"days": BOOK_AHEAD_DAYS}
        )
    weekday = Weekday(start.weekday()).label
    slots = _slots_of(room.venue_id, start.weekday())
    if not slots:
        raise ValidationError(
            _("%(venue)s is closed on %(weekday)s.")
            % {"venue": room.venue.name, "weekday": weekday}
        )
    for slot in slots:
        if slot.opens <= start.time() and end.time() <= slot.closes:
            return slot
    raise ValidationError(
        _(
            "%(start)s–%(end)s is outside the opening hours. On %(weekday)s %(venue)s "
            "is open %(hours)s; a booking must fit within one of them."
        )
        % {
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
            "weekday": weekday,
            "venue": room.venue.name,
            "hours": hours_text(slots),
        }
    )


def _check_free(room: Room, starts_at: datetime, ends_at: datetime) -> None:
    taken = (
        Booking.objects.standing()
        .filter(room=room, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            _(
                "%(room)s is already booked from %(start)s to %(end)s that day: "
                "choose another time or room."
            )
            % {
                "room": room.name,
                "start": f"{timezone.localtime(taken.starts_at):%H:%M}",
                "end": f"{timezone.localtime(taken.ends_at):%H:%M}",
            }
        )


def _booker(organisation, by, phone, name) -> dict:
    if organisation is not None:
        if by is None or by.role != Role.ORG_LEADER or by.organisation_id != organisation.pk:
            raise ValidationError(_("Only the organisation's leader books for it."))
        return {
            "organisation": organisation,
            "booked_by": by,
            "booker_name": organisation.leader_name or by.name,
            "booker_phone": organisation.leader_phone or by.phone or "",
        }
    if not phone:
        raise ValidationError(_("Sign in with your phone to book a room."))
    if not (name or "").strip():
        raise ValidationError(_("Give your name, so the venue knows who is coming."))
    upcoming = Booking.objects.standing().filter(
        organisation__isnull=True, booker_phone=phone, ends_at__gt=clock.now()
    )
    if upcoming.count() >= RESIDENT_OPEN_BOOKINGS:
        raise ValidationError(
            _("You already have %(n)d bookings to come: cancel one before booking another.")
            % {"n": RESIDENT_OPEN_BOOKINGS}
        )
    return {"booker_name": name.strip(), "booker_phone": phone}


def book(
    *,
    room_id: int,
    starts_at: datetime,
    ends_at: datetime,
    purpose: str,
    attendees: int,
    organisation=None,
    by=None,
    phone: str | None = None,
    name: str = "",
) -> Booking:
    """Book a room for an organisation (its leader, `by`) or for a resident
    signed in by `phone`: within one opening slot, for no more people than
    the room holds, and not overlapping a booking that stands."""
    with transaction.atomic():
        room = Room.objects.select_for_update(of=("self",)).select_related("venue").get(pk=room_id)
        if not (room.active and room.venue.active):
            raise ValidationError(_("This room is not open for booking."))
        if organisation is not None and not _may_book_there(organisation, room):
            raise ValidationError(_("Your organisation books the venues of its own street."))
        if not attendees or attendees < 1:
            raise ValidationError(_("Say how many people are coming."))
        if attendees > room.capacity:
            raise ValidationError(
                _("%(room)s holds %(capacity)d people, not %(n)d.")
                % {"room": room.name, "capacity": room.capacity, "n": attendees}
            )
        slot = _check_times(room, starts_at, ends_at)
        booker = _booker(organisation, by, phone, name)
        _check_free(room, starts_at, ends_at)
        booking = Booking(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            minutes=int((ends_at - starts_at).total_seconds() // 60),
            slot_kind=slot.kind,
            purpose=(purpose or "").strip(),
            attendees=attendees,
            **booker,
        )
        booking.full_clean()
        booking._history_user = by
        booking.save()
    return booking


def _may_book_there(organisation, room) -> bool:
    street = organisation.area.code[:9]
    return room.venue.community.code.startswith(street)


def _locked(booking_id) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("room__venue")
        .get(pk=booking_id)
    )


def cancel(*, booking_id: int, phone: str | None = None, by=None) -> Booking:
    """The booker cancels: the resident signed in with the booking's phone,
    or the leader of the booking organisation."""
    with transaction.atomic():
        booking = _locked(booking_id)
        if booking.organisation_id:
            mine = by is not None and by.organisation_id == booking.organisation_id
        else:
            mine = bool(phone) and phone == booking.booker_phone
        if not mine:
            raise ValidationError(_("Only who made the booking can cancel it."))
        if not booking.is_open:
            raise ValidationError(_("This booking is no longer standing."))
        if booking.starts_at <= clock.now():
            raise ValidationError(_("The booking has begun: it can no longer be cancelled."))
        booking.status = BookingStatus.CANCELLED
        booking._history_user = by
        booking.save(update_fields=["status"])
    return booking


def may_refuse(user, booking, *, in_scope: bool = False) -> bool:
    """The community's staff (the change grant, in their jurisdiction) and
    the leader of the organisation holding the venue in custody.
    `in_scope`: the caller read the booking through `for_user` already."""
    if not (user and user.is_authenticated):
        return False
    if user.role == Role.ORG_LEADER:
        return (
            bool(user.organisation_id) and user.organisation_id == booking.room.venue.custodian_id
        )
    if not user.has_perm("venues.change_booking"):
        return False
    return in_scope or Booking.objects.for_user(user).filter(pk=booking.pk).exists()


def refuse(*, booking_id: int, by, reason: str) -> Booking:
    """The venue's keeper refuses a booking still to come, saying why."""
    reason = (reason or "").strip()
    with transaction.atomic():
        booking = _locked(booking_id)
        if not may_refuse(by, booking):
            raise ValidationError(_("You may not refuse bookings of this venue."))
        if not reason:
            raise ValidationError(_("Say why the booking is refused: the booker reads it."))
        if not booking.is_open:
            raise ValidationError(_("This booking is no longer standing."))
        if booking.ends_at <= clock.now():
            raise ValidationError(_("The booking is over: it can no longer be refused."))
        booking.status = BookingStatus.REFUSED
        booking.reason = reason
        booking.decided_by = by
        booking.full_clean()
        booking._history_user = by
        booking.save(update_fields=["status", "reason", "decided_by"])
        _tell_refused(booking)
    return booking


def _tell_refused(booking) -> None:
    """An organisation's leaders hear of the refusal on the platform; a
    resident reads it on their bookings page (/me/venues/)."""
    if not booking.organisation_id:
        return
    start = timezone.localtime(booking.starts_at)
    notify(
        User.objects.filter(role=Role.ORG_LEADER, organisation=booking.organisation_id),
        _("Booking of %(room)s refused") % {"room": booking.room},
        _("Your booking for %(when)s was refused: %(reason)s")
        % {"when": f"{start:%Y-%m-%d %H:%M}", "reason": booking.reason},
        link=reverse("venues:venue", args=[booking.room.venue_id]),
    )


@dataclass(frozen=True)
class FreeSlot:
    starts_at: datetime
    ends_at: datetime
    kind: str

    @property
    def kind_label(self) -> str:
        return SlotKind(self.kind).label

    @property
    def off_hours(self) -> bool:
        return self.kind != SlotKind.REGULAR


def free_slots(room: Room, day: date, hours, bookings) -> list[FreeSlot]:
    """The room's free times on `day`: each opening slot of the weekday less
    the bookings that stand (`hours` and `bookings` read by the caller, so a
    week of days costs no query), from now on, gaps of half an hour or more."""
    zone = timezone.get_current_timezone()
    now = clock.now()
    found = []
    for slot in hours:
        if slot.weekday != day.weekday():
            continue
        start = datetime.combine(day, slot.opens, tzinfo=zone)
        end = datetime.combine(day, slot.closes, tzinfo=zone)
        start = max(start, _next_half_hour(now)) if start < now else start
        for booking in sorted(bookings, key=lambda b: b.starts_at):
            if booking.room_id != room.pk or booking.ends_at <= start or booking.starts_at >= end:
                continue
            if booking.starts_at - start >= SHORTEST_FREE:
                found.append(FreeSlot(start, booking.starts_at, slot.kind))
            start = max(start, booking.ends_at)
        if end - start >= SHORTEST_FREE:
            found.append(FreeSlot(start, end, slot.kind))
    return found


def _next_half_hour(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
    return midnight + timedelta(minutes=(minutes + 29) // 30 * 30)


def at(day: date, clock_time: time) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=timezone.get_current_timezone())
