"""The three lists (三张清单, Wuhan §8): residents' needs, organisations'
service offers, and community resources."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib import clock
from lib.fields import StampedAt
from lib.limits import TEXT
from lib.masking import NAME, PHONE, Masked
from lib.validators import validate_phone
from orgs.scoping import ScopedQuerySet

from .bids import Bid
from .tenders import ProjectStatus


class Direction(models.Model):
    """The directions projects serve ("四领": party building, governance
    problems, volunteering, help for vulnerable groups): data, editable."""

    name = models.CharField(_("direction name"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("project direction")
        verbose_name_plural = _("project directions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class NeedStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting confirmation")
    OPEN = "open", pgettext_lazy("need", "Open")
    IN_PROJECT = "in_project", _("Answered by a project")
    # Taken up directly by a party member, a unit or a department (claims).
    CLAIMED = "claimed", _("Claimed")
    FULFILLED = "fulfilled", _("Fulfilled")
    DECLINED = "declined", _("Declined")


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Urgent")


def _reopening(now) -> Q:
    """In a project past its closing time without a live bid: the need reads
    as open again (the project reads as "no bids") before the close stores it."""
    live = Bid.objects.filter(project=OuterRef("project_id")).live()
    return Q(
        status=NeedStatus.IN_PROJECT,
        project__status=ProjectStatus.BIDDING,
        project__bids_close_at__lte=now,
    ) & ~Exists(live)


class NeedQuerySet(ScopedQuerySet):
    area_path = "community__code"

    def in_status(self, status: str, now=None):
        """Needs whose status reads as `status` now (see `Need.current_status`)."""
        reopening = _reopening(now or clock.now())
        if status == NeedStatus.OPEN:
            return self.filter(Q(status=status) | reopening)
        if status == NeedStatus.IN_PROJECT:
            return self.filter(status=status).exclude(reopening)
        return self.filter(status=status)

    def with_current_status(self, now=None):
        """Each need with `status_now`, what `current_status` reads, in the same query."""
        return self.annotate(
            status_now=Case(
                When(_reopening(now or clock.now()), then=Value(NeedStatus.OPEN)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Need(models.Model):
    """A resident's need (需求清单, 微心愿)."""

    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="needs",
        limit_choices_to={"level": "community"},
    )
    title = models.CharField(_("what is needed"), max_length=120)
    description = models.TextField(_("details"), blank=True, max_length=TEXT)
    location = models.CharField(
        _("where"), max_length=120, blank=True, help_text=_("e.g. 3号楼 2单元, 小区南门广场")
    )
    people_affected = models.PositiveIntegerField(_("people affected"), default=1)
    groups = models.ManyToManyField(
        "orgs.ServedGroup",
        verbose_name=_("groups served"),
        blank=True,
        related_name="needs",
        help_text=_("Whom the need is for: elders, children, people with disabilities…"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    requester_name = models.CharField(_("asked by"), max_length=50)
    requester_phone = models.CharField(
        _("phone of the person asking"), max_length=20, blank=True, validators=[validate_phone]
    )
    status = models.CharField(
        _("need status"),
        max_length=12,
        choices=NeedStatus.choices,
        default=NeedStatus.OPEN,
        editable=False,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        editable=False,
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Empty when a resident posted it through the public form."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=200, blank=True, editable=False
    )
    created_at = StampedAt(_("posted at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = NeedQuerySet.as_manager()

    requester_phone_masked = Masked("requester_phone", PHONE)
    requester_name_masked = Masked("requester_name", NAME)

    class Meta:
        verbose_name = _("resident need")
        verbose_name_plural = _("resident needs (需求清单)")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["community", "status"], name="need_community_status"),
            # A resident's own requests (residents/reports.py), by their phone.
            models.Index(
                fields=["requester_phone"],
                condition=~Q(requester_phone=""),
                name="need_requester_phone",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def current_status(self) -> str:
        """The status as it reads now: open again once its project reads as
        closed without bids, before the close stores that (see
        `Project.current_status`)."""
        if "status_now" in self.__dict__:
            return self.status_now
        if (
            self.status == NeedStatus.IN_PROJECT
            and self.project_id
            and self.project.current_status == ProjectStatus.NO_BIDS
        ):
            return NeedStatus.OPEN
        return self.status

    def get_current_status_display(self) -> str:
        return NeedStatus(self.current_status).label


class OfferQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class Offer(models.Model):
    """What an organisation can do for residents (服务供给清单)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    title = models.CharField(_("service offered"), max_length=120)
    description = models.TextField(_("details"), blank=True, max_length=TEXT)
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.CharField(
        _("how much"), max_length=120, blank=True, help_text=_("e.g. 每周2次, 每次30人")
    )
    is_available = models.BooleanField(_("available"), default=True)

    history = HistoricalRecords()
    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("service offer")
        verbose_name_plural = _("service offers (服务供给清单)")
        ordering = ["organisation_id", "title"]

    def __str__(self):
        return f"{self.organisation}：{self.title}"


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue")
    EQUIPMENT = "equipment", _("Equipment")
    SPONSOR = "sponsor", _("Sponsor")
    OTHER = "other", _("Other")


class ResourceQuerySet(ScopedQuerySet):
    area_path = "community__code"


class Resource(models.Model):
    """Something the community can lend a project (社区资源清单)."""

    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="resources",
        limit_choices_to={"level": "community"},
    )
    kind = models.CharField(_("kind of resource"), max_length=10, choices=ResourceKind.choices)
    name = models.CharField(_("resource name"), max_length=120)
    description = models.TextField(_("details"), blank=True, max_length=TEXT)
    provider = models.CharField(_("provided by"), max_length=120, blank=True)
    is_available = models.BooleanField(_("available"), default=True)

    history = HistoricalRecords()
    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("community resource")
        verbose_name_plural = _("community resources (社区资源清单)")
        ordering = ["community_id", "kind", "name"]

    def __str__(self):
        return self.name
