"""Venues (阵地): the community's rooms and the grid stations and micro-sites
(网格党群服务站, 微站点) that organisations hold in custody (代管) for the
community (Huiji: 7 sites), their bookable rooms, opening hours with the
extended (延时服务) and off-peak (错峰使用) slots marked, and bookings.

A booking is for one room, within one opening slot of its weekday, and
never overlaps another booking of the room that stands: `venues.services`
is the only writer, and checks that under a lock on the room's row.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import COMMENT, NAME
from lib.masking import NAME as NAME_KIND
from lib.masking import PHONE, Masked
from orgs.scoping import ScopedQuerySet


class VenueKind(models.TextChoices):
    COMMUNITY_ROOM = "community_room", _("Room of the community's party and service centre")
    GRID_STATION = "grid_station", _("Grid party and service station (网格党群服务站)")
    MICRO_SITE = "micro_site", _("Micro-site (微站点)")


class VenueQuerySet(ScopedQuerySet):
    area_path = "community__code"
    organisation_path = "custodian"  # the organisation holding it in custody


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="venues",
        limit_choices_to={"level": "community"},
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
    )
    address = models.CharField(_("address"), max_length=200)
    custodian = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("held in custody by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues_held",
        help_text=_(
            "The organisation running it for the community (代管); empty if the community runs it."
        ),
    )
    custody_since = models.DateField(_("in custody since"), null=True, blank=True)
    note = models.CharField(_("note for residents"), max_length=300, blank=True)
    active = models.BooleanField(_("open for booking"), default=True)

    history = HistoricalRecords()
    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["community__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="venue_name_unique_in_community",
                violation_error_message=_("The community already has a venue of this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": _("The grid must be one of the venue's community.")})
        if self.custody_since and not self.custodian_id:
            raise ValidationError(
                {"custody_since": _("A custody date needs the organisation holding it.")}
            )

    @property
    def run_by(self) -> str:
        return self.custodian.name if self.custodian_id else str(_("the community"))


class RoomQuerySet(ScopedQuerySet):
    area_path = "venue__community__code"
    organisation_path = "venue__custodian"


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("room"), max_length=60)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"))
    active = models.BooleanField(_("bookable"), default=True)

    history = HistoricalRecords()
    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "name"],
                name="room_name_unique_in_venue",
                violation_error_message=_("The venue already has a room of this name."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="room_capacity_positive",
                violation_error_message=_("A room holds at least one person."),
            ),
        ]

    def __str__(self):
        return f"{self.venue.name} · {self.name}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SlotKind(models.TextChoices):
    REGULAR = "regular", _("Opening hours")
    EXTENDED = "extended", _("Extended service (延时服务)")
    OFF_PEAK = "off_peak", _("Off-peak use (错峰使用)")


class OpeningHoursQuerySet(ScopedQuerySet):
    area_path = "venue__community__code"
    organisation_path = "venue__custodian"


class OpeningHours(models.Model):
    """One slot of a weekday: the regular hours, an extended-service evening
    or an off-peak slot offered to organisations and residents."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    kind = models.CharField(
        _("kind of slot"), max_length=10, choices=SlotKind.choices, default=SlotKind.REGULAR
    )

    history = HistoricalRecords()
    objects = OpeningHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["venue_id", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")),
                name="opening_hours_open_before_close",
                violation_error_message=_("A slot must open before it closes."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="opening_hours_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled by the booker")
    REFUSED = "refused", _("Refused by the venue")


class BookingQuerySet(ScopedQuerySet):
    area_path = "room__venue__community__code"

    def organisations_q(self, organisations):
        # A leader sees the bookings of their organisation and those of the
        # venues it holds in custody.
        if isinstance(organisations, int):
            return Q(organisation=organisations) | Q(room__venue__custodian=organisations)
        return Q(organisation__in=organisations) | Q(room__venue__custodian__in=organisations)

    def standing(self):
        return self.filter(status=BookingStatus.BOOKED)


class Booking(models.Model):
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    minutes = models.PositiveIntegerField(_("minutes"), editable=False)
    slot_kind = models.CharField(
        _("kind of slot"), max_length=10, choices=SlotKind.choices, default=SlotKind.REGULAR
    )
    purpose = models.CharField(_("what for"), max_length=200)
    attendees = models.PositiveSmallIntegerField(_("people expected"))
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("booked by organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venue_bookings",
    )
    # A resident books in their own name, signed in by phone (residents.session);
    # an organisation's booking carries its leader's account and contact.
    booker_name = models.CharField(_("booker"), max_length=NAME)
    booker_phone = models.CharField(_("booker's phone"), max_length=20)
    booked_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("booked by account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    reason = models.CharField(_("reason for refusing"), max_length=COMMENT, blank=True)
    decided_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("refused by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = StampedAt(_("booked at"), auto_now_add=True)

    booker_phone_masked = Masked("booker_phone", PHONE)
    booker_name_masked = Masked("booker_name", NAME_KIND)
    history = HistoricalRecords(excluded_fields=["booker_phone"])
    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["room", "starts_at"], name="booking_room_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")),
                name="booking_starts_before_it_ends",
                violation_error_message=_("A booking must start before it ends."),
            ),
            models.CheckConstraint(
                condition=Q(status="refused", decided_by__isnull=False) | ~Q(status="refused"),
                name="booking_refused_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def by_resident(self) -> bool:
        return self.organisation_id is None

    @property
    def is_open(self) -> bool:
        return self.status == BookingStatus.BOOKED
