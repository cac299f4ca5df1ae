"""Issue tickets (线索问题): found on patrol or reported by residents, then
accepted, assigned, handled, resolved and closed, on a deadline in working
days that escalates from community to street to district when missed.

The states and steps are in `grids.workflow`; every step is a TicketEvent.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.geo import CrsField, LatitudeField, LongitudeField
from lib.limits import TEXT
from lib.masking import NAME, PHONE, Masked
from lib.validators import validate_phone
from lib.workflow import Event
from orgs.privacy import resident_shown, sees_resident
from orgs.roles import Role
from orgs.scoping import ScopedQuerySet

from .grids import Grid


class TicketCategory(models.Model):
    name = models.CharField(_("category name"), max_length=40, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"),
        validators=[MinValueValidator(1)],
        help_text=_("Working days from acceptance to resolution."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class TicketStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ACCEPTED = "accepted", pgettext_lazy("ticket", "Accepted")
    REJECTED = "rejected", _("Not an issue")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("ticket", "In progress")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved, awaiting the resident")
    CLOSED = "closed", pgettext_lazy("ticket", "Closed")


# The deadline clock runs in these states (paused on hold, stopped once resolved).
CLOCK_RUNNING = (TicketStatus.ACCEPTED, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS)
OPEN_STATUSES = (TicketStatus.REPORTED, *CLOCK_RUNNING, TicketStatus.ON_HOLD)
BEING_HANDLED = (TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS)  # the assignee's to-do


class EscalationLevel(models.IntegerChoices):
    COMMUNITY = 0, pgettext_lazy("level", "Community")
    STREET = 1, pgettext_lazy("level", "Street")
    DISTRICT = 2, pgettext_lazy("level", "District")


class Source(models.TextChoices):
    GRID = "grid", _("Grid patrol")
    ORGANISATION = "organisation", _("Organisation on patrol")
    RESIDENT = "resident", pgettext_lazy("source", "Resident")


class TicketQuerySet(ScopedQuerySet):
    area_path = "community__code"
    organisation_path = "assigned_organisation"

    def scope_q(self, user):
        """Area roles see their area's tickets; an organisation's leader those
        assigned to it and those its members reported on patrol."""
        q = super().scope_q(user)
        if user.role == Role.ORG_LEADER and user.organisation_id:
            reported = Q(reporter_organisation=user.organisation_id)
            return reported if q is None else q | reported
        return q

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Past the deadline with the clock running (on hold it is paused)."""
        today = today or clock.today()
        return self.filter(status__in=CLOCK_RUNNING, due_on__lt=today)


class Ticket(models.Model):
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="tickets",
        limit_choices_to={"level": "community"},
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    category = models.ForeignKey(
        TicketCategory, models.PROTECT, verbose_name=_("ticket category"), related_name="tickets"
    )
    description = models.TextField(_("what was found"), max_length=TEXT)
    location = models.CharField(_("where"), max_length=200)
    latitude = LatitudeField()
    longitude = LongitudeField()
    crs = CrsField()
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("ticket", "reported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_reported",
    )
    reporter_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("on patrol for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_reported",
    )
    resident_name = models.CharField(_("resident"), max_length=50, blank=True)
    resident_phone = models.CharField(
        _("resident's phone"), max_length=20, blank=True, validators=[validate_phone]
    )

    status = models.CharField(
        _("ticket status"), max_length=12, choices=TicketStatus, default=TicketStatus.REPORTED
    )
    reported_at = models.DateTimeField(pgettext_lazy("ticket", "reported at"), default=clock.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    hold_started_on = models.DateField(_("on hold since"), null=True, blank=True)
    held_from = models.CharField(
        _("held from"), max_length=12, choices=TicketStatus.choices, blank=True, editable=False
    )
    rejection_reason = models.CharField(_("reason for rejecting"), max_length=200, blank=True)
    assigned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to (worker)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_assigned",
    )
    assigned_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("assigned to (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_assigned",
    )
    # A department or mass organisation that works on the platform (issue
    # 24), beside the free-text name of one that does not (assigned_department).
    department = models.ForeignKey(
        "orgs.Department",
        verbose_name=_("assigned to (department on the platform)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets_assigned",
        help_text=_("A department or mass organisation that handles it (团委, 妇联…)."),
    )
    assigned_department = models.CharField(
        _("assigned to (department)"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 城管、物业、供水公司"),
    )
    resolution = models.TextField(_("how it was resolved"), blank=True, max_length=TEXT)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalated to"), choices=EscalationLevel.choices, default=EscalationLevel.COMMUNITY
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("resident's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("resident's comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    no_answer = models.BooleanField(
        _("resident did not answer"),
        default=False,
        help_text=_("Closed unrated after the waiting days: not counted as satisfied."),
    )
    rating_nonce = models.CharField(max_length=32, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["rating_nonce"])
    objects = TicketQuerySet.as_manager()

    resident_phone_masked = Masked("resident_phone", PHONE)
    resident_name_masked = Masked("resident_name", NAME)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets (线索问题)")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="ticket_queue"),
            models.Index(fields=["community", "reported_at"], name="ticket_community_time"),
            models.Index(fields=["grid", "status"], name="ticket_grid_status"),
            # The orders of the city-wide lists, ending in the id so that a
            # deep page's ids are read from the index alone: the queue (the
            # admin's and the portal's order), by status (the status filter),
            # and the newest first (the API).
            models.Index(fields=["due_on", "-reported_at", "-id"], name="ticket_due_order"),
            models.Index(
                fields=["status", "due_on", "-reported_at", "-id"], name="ticket_status_due_order"
            ),
            models.Index(fields=["-reported_at", "-id"], name="ticket_newest_first"),
            # A resident's own reports (residents/reports.py), by their phone.
            models.Index(fields=["resident_phone"], name="ticket_resident_phone"),
            # The staff map (grids/maps.py): points in a box, counted per cell
            # from the index alone on PostgreSQL (status and community ride along).
            models.Index(
                fields=["latitude", "longitude"],
                include=["status", "community"],
                name="ticket_map_point",
            ),
            # The escalation filter's count: the few escalated tickets only.
            models.Index(
                fields=["escalation"], condition=Q(escalation__gt=0), name="ticket_escalated"
            ),
            # The admin's search by the start of the place (LIKE '12号楼%'),
            # in the pattern operator class PostgreSQL's LIKE needs.
            models.Index(
                fields=["location"], opclasses=["varchar_pattern_ops"], name="ticket_place_prefix"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="ticket_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="ticket_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="on_hold") | Q(hold_started_on__isnull=False),
                name="ticket_hold_has_a_start",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.category} · {self.location}"

    @property
    def assignee(self) -> str:
        if self.assigned_user_id:
            return str(self.assigned_user)
        if self.assigned_organisation_id:
            return str(self.assigned_organisation)
        if self.department_id:
            return str(self.department)
        return self.assigned_department

    def handled_by(self, user) -> bool:
        """A grid member handles the tickets given to them and those of the
        grids they lead or serve in."""
        if user.role != Role.GRID_MEMBER:
            return False
        return self.assigned_user_id == user.pk or self.grid_id in handling_grids(user)

    def resident_visible_to(self, user) -> bool:
        """Whether `user` sees the resident's name and phone in full
        (orgs.privacy.sees_resident)."""
        return sees_resident(
            user, community_code=self.community.code, handles=self.handled_by(user)
        )

    def resident_for(self, user) -> tuple[str, str]:
        """The resident's name and phone as `user` may see them."""
        visible = self.resident_visible_to(user)
        return (
            resident_shown(visible, NAME, self.resident_name),
            resident_shown(visible, PHONE, self.resident_phone),
        )

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in CLOCK_RUNNING and self.due_on is not None and self.due_on < clock.today()
        )


def open_tickets_of_grid():
    """The number of open tickets of the grid in the outer query, as an
    annotation: counted for each grid listed (one index range each), not
    grouped over the whole table for every grid the user may see."""
    open_tickets = (
        Ticket.objects.filter(grid=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("grid")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_tickets), 0)


def handling_grids(user) -> frozenset[int]:
    """The grids a grid member leads or serves in, fetched once per user object
    (one request), so that a list of tickets costs one query, not one a row."""
    cached = getattr(user, "_handling_grids", None)
    if cached is None:
        cached = frozenset(
            Grid.objects.filter(Q(members=user) | Q(leader=user)).values_list("pk", flat=True)
        )
        user._handling_grids = cached
    return cached


class TicketEvent(Event):
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events"
    )
    from_status, to_status = Event.statuses(TicketStatus, max_length=12)

    class Meta(Event.Meta):
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_to_status_display()}"
