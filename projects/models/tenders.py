"""Rounds (公益创投) and micro-projects as tenders.

A project moves through an explicit set of states; the transitions, their
guards and who may take them are in `projects.workflow`, and every move is
a ProjectEvent (who, when, from, to, note). One move is also read from the
clock: past its closing time a project reads as closed (`current_status`)
before the stored move is made, by the schedule or the next write on it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.geo import CrsField, LatitudeField, LongitudeField
from lib.limits import DOCUMENT
from lib.workflow import Event
from orgs.roles import Role
from orgs.scoping import ScopedQuerySet

from .rounds import Criterion, Round


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published, bidding not open yet")
    BIDDING = "bidding", _("Open for bids")
    UNDER_REVIEW = "under_review", pgettext_lazy("project", "Under review")
    NO_BIDS = "no_bids", _("No bids")
    # An award on public notice (公示): it takes effect when the notice period
    # ends without an upheld objection (projects.models.notices).
    NOTICE = "notice", _("Award on public notice")
    AWARDED = "awarded", _("Awarded")
    IN_DELIVERY = "in_delivery", _("In delivery")
    DELIVERED = "delivered", _("Delivered")
    ACCEPTED = "accepted", _("Accepted")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


# Until bidding closes, nobody but a bidder may read a bid's content.
SEALED_STATUSES = (ProjectStatus.DRAFT, ProjectStatus.PUBLISHED, ProjectStatus.BIDDING)


def _due(now) -> Q:
    """Stored as open for bids, but its closing time has passed."""
    return Q(status=ProjectStatus.BIDDING, bids_close_at__lte=now)


def _has_live_bids() -> Exists:
    # Bid reached through the relation, not imported: bids.py imports this module.
    bid = Project._meta.get_field("bids").related_model
    return Exists(bid.objects.filter(project=OuterRef("pk")).live())


def _notice_over(now) -> Exists:
    """The project's open notice has ended with no objection pending or
    upheld: the award reads as in effect (see `Project.current_status`)."""
    # Imported here: notices.py refers to this module by name.
    from .notices import BLOCKING, AwardNotice, NoticeStatus, Objection

    blocking = Objection.objects.filter(notice=OuterRef("pk"), status__in=BLOCKING)
    return Exists(
        AwardNotice.objects.filter(
            project=OuterRef("pk"), status=NoticeStatus.OPEN, ends_at__lte=now
        ).exclude(Exists(blocking))
    )


def _effect_due(now) -> Q:
    """Stored as on notice, but the award reads as in effect."""
    return Q(status=ProjectStatus.NOTICE) & Q(_notice_over(now))


def status_q(status: str, now=None) -> Q:
    """Projects whose status reads as `status` now (see `Project.current_status`):
    a filter for lists, admin filters, exports and scoping rules alike."""
    now = now or clock.now()
    if status == ProjectStatus.BIDDING:
        return Q(status=status) & ~Q(bids_close_at__lte=now)
    if status == ProjectStatus.UNDER_REVIEW:
        return Q(status=status) | (_due(now) & _has_live_bids())
    if status == ProjectStatus.NO_BIDS:
        return Q(status=status) | (_due(now) & ~_has_live_bids())
    if status == ProjectStatus.NOTICE:
        return Q(status=status) & ~Q(_notice_over(now))
    if status == ProjectStatus.AWARDED:
        return Q(status=status) | _effect_due(now)
    return Q(status=status)


def bid_projects(organisations):
    """The projects (a subquery of ids) that one organisation (an id) or
    several bid for, alone, as the lead or as a member of a joint bid."""
    # The bid models are reached through the relations: bids.py builds on
    # this module, not the other way round.
    bids = Project._meta.get_field("bids").related_model.objects.all()
    return bids.filter(bids.organisations_q(organisations)).values("project_id")


class ProjectQuerySet(ScopedQuerySet):
    area_path = "community__code"
    organisation_path = "bids__organisation"

    def organisations_q(self, organisations):
        # Through a subquery, so a project with several bids appears once.
        # The bid model is reached through the relation: bids.py builds on
        # this module, not the other way round.
        return Q(pk__in=bid_projects(organisations))

    def open_for_bids(self):
        return self.filter(status_q(ProjectStatus.BIDDING))

    def in_status(self, status: str, now=None):
        return self.filter(status_q(status, now))

    def due_to_close(self, now=None):
        """Past their closing time, bidding not closed yet: the schedule's work."""
        return self.filter(_due(now or clock.now()))

    def with_current_status(self, now=None):
        """Each project with `status_now`, what `current_status` reads, in the
        same query: for lists, which would otherwise ask per due project."""
        now = now or clock.now()
        return self.annotate(
            status_now=Case(
                When(_due(now) & _has_live_bids(), then=Value(ProjectStatus.UNDER_REVIEW)),
                When(_due(now), then=Value(ProjectStatus.NO_BIDS)),
                When(_effect_due(now), then=Value(ProjectStatus.AWARDED)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Project(models.Model):
    title = models.CharField(_("title"), max_length=120)
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"level": "community"},
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    fund = models.ForeignKey(
        "incubators.Fund",
        verbose_name=_("fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("For a project outside a round: the fund that pays it."),
    )
    direction = models.ForeignKey(
        "projects.Direction",
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("what the project will do"), max_length=DOCUMENT)
    deliverables = models.TextField(
        _("deliverables"),
        help_text=_("What must be done for it to be accepted."),
        max_length=DOCUMENT,
    )
    beneficiaries = models.PositiveIntegerField(_("beneficiaries (target)"), default=0)
    groups = models.ManyToManyField(
        "orgs.ServedGroup",
        verbose_name=_("groups served"),
        blank=True,
        related_name="projects",
    )
    # Where the service is delivered (a square, a community centre): public
    # once the project is, never a home.
    latitude = LatitudeField()
    longitude = LongitudeField()
    crs = CrsField()
    budget_ceiling = models.DecimalField(
        _("budget ceiling (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    starts_on = models.DateField(_("service starts on"))
    ends_on = models.DateField(_("service ends on"))
    bids_close_at = models.DateTimeField(_("bidding closes at"), null=True, blank=True)
    status = models.CharField(
        _("project status"),
        max_length=14,
        choices=ProjectStatus.choices,
        default=ProjectStatus.DRAFT,
        editable=False,
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("review panel"),
        blank=True,
        related_name="review_projects",
        limit_choices_to={"role": Role.REVIEWER},
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    awarded_amount = models.DecimalField(
        _("awarded amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    allocation = models.OneToOneField(
        "incubators.FundEntry",
        verbose_name=_("fund allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
        editable=False,
    )
    beneficiaries_reached = models.PositiveIntegerField(
        _("beneficiaries reached"), null=True, blank=True, editable=False
    )
    evaluation_score = models.DecimalField(
        _("evaluation score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    evaluation = models.TextField(_("evaluation"), blank=True, editable=False, max_length=DOCUMENT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[reviewers])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("micro-project")
        verbose_name_plural = _("micro-projects")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "bids_close_at"], name="project_status_close")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True)
                | Q(awarded_amount__lte=models.F("budget_ceiling")),
                name="project_award_within_ceiling",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def bidding_due(self) -> bool:
        """Stored as open for bids, but its closing time has passed."""
        return (
            self.status == ProjectStatus.BIDDING
            and self.bids_close_at is not None
            and self.bids_close_at <= clock.now()
        )

    @property
    def current_status(self) -> str:
        """The status as it reads now, which every page, list, filter, export
        and check uses. It is the stored status, except that a project past
        its closing time reads as closed (under review with live bids, no
        bids without) before the schedule, or the next write on the project,
        stores that move with its event and notifications: reading never
        writes, and without beat (the embedded default) nothing reads wrong.
        Likewise an award on notice whose period has ended with no objection
        pending or upheld reads as awarded (projects.services.notices).
        From `with_current_status()` it is the annotation; otherwise it costs
        a query only while bidding is due or the award is on notice."""
        if "status_now" in self.__dict__:
            return self.status_now
        if self.status == ProjectStatus.NOTICE:
            over = Project.objects.filter(pk=self.pk).filter(_notice_over(clock.now()))
            return ProjectStatus.AWARDED if over.exists() else self.status
        if not self.bidding_due:
            return self.status
        return ProjectStatus.UNDER_REVIEW if self.bids.live().exists() else ProjectStatus.NO_BIDS

    def get_current_status_display(self) -> str:
        return ProjectStatus(self.current_status).label

    @property
    def is_sealed(self) -> bool:
        """Whether bids are still sealed: bidding has not closed yet."""
        return self.status in SEALED_STATUSES and (
            self.bids_close_at is None or self.bids_close_at > clock.now()
        )

    @property
    def paying_fund(self):
        return self.round.fund if self.round_id else self.fund

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The service ends before it starts.")})
        if not self.round_id and not self.fund_id:
            raise ValidationError(
                {"fund": _("A project outside a round needs the fund that pays it.")}
            )


class ProjectEvent(Event):
    """One move of a project through its states, or a note on its way."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events"
    )
    from_status, to_status = Event.statuses(ProjectStatus, max_length=14)

    class Meta(Event.Meta):
        verbose_name = _("project event")
        verbose_name_plural = _("project events")


class ProjectCriterion(Criterion):
    """The criteria this project's bids are scored on (from its round, or the defaults)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="criteria"
    )
