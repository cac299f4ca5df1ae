"""Activities and meetings (活动与会议): one model for an organisation's
activity or volunteer service, a 书记沙龙, a 区—街—社 联席会议, a 项目对接会 or
洽谈会, a party organisation's 三会一课 and a 五社联动 议事.

Each has an organising area (the jurisdiction it is seen in), optionally the
organisation or the project that runs it, places for people to register and
places for volunteers, and after it is held the sign-in records
(`Attendance`, by QR: activities.checkin), minutes and outcomes.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class ActivityKind(models.TextChoices):
    # "Activity" alone is already a service record's content (服务内容).
    ACTIVITY = "activity", pgettext_lazy("kind of activity", "Activity")
    SALON = "salon", _("Secretaries' salon (书记沙龙)")
    JOINT = "joint", _("Joint meeting (联席会议)")
    MATCHING = "matching", _("Matching or negotiation meeting (对接会、洽谈会)")
    PARTY = "party", _("Three meetings and one lesson (三会一课)")
    FIVE_SOCIAL = "five_social", _("Five-social deliberation (五社联动议事)")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "organisation"

    def published(self):
        return self.filter(status=ActivityStatus.PUBLISHED)


class Activity(models.Model):
    kind = models.CharField(
        _("kind"), max_length=12, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what it is"), blank=True, max_length=TEXT)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("The district, street or community that holds it."),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        # Project.activities are its delivery reports, Project.events its
        # workflow (projects.ActivityReport, ProjectEvent).
        related_name="meetings",
    )
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    places = models.PositiveIntegerField(
        _("places"), default=0, help_text=_("How many may register; 0 for no registration.")
    )
    volunteer_places = models.PositiveIntegerField(
        _("volunteer places"),
        default=0,
        help_text=_("Confirmed volunteers who may sign up to serve; their hours earn points."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=TEXT)
    outcomes = models.TextField(_("outcomes"), blank=True, max_length=TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = StampedAt(_("created at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity or meeting")
        verbose_name_plural = _("activities and meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["area", "starts_at"], name="activity_area_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("An activity ends after it starts."),
            )
        ]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A place taken: to attend, or (as_volunteer) to serve."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    as_volunteer = models.BooleanField(_("to serve as a volunteer"), default=False)
    registered_at = StampedAt(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="registration_once",
                violation_error_message=_("Already signed up for this activity."),
            )
        ]

    def __str__(self):
        return f"{self.person} → {self.activity}"


class Attendance(models.Model):
    """A sign-in record (签到): checked in by the activity's rotating QR code,
    and for a volunteer checked out, the hours between recorded as service."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="activity_attendances",
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    service_record = models.OneToOneField(
        "orgs.ServiceRecord",
        verbose_name=_("service hours"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    # Added by the organiser on the minutes page (present, not signed in by
    # the code): only these may be taken back, never a QR sign-in.
    by_hand = models.BooleanField(_("recorded by hand"), default=False, db_default=False)
    # Every change and deletion (a record taken back) with who did it.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-in record")
        verbose_name_plural = _("sign-in records")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person"],
                name="attendance_once",
                violation_error_message=_("Already signed in to this activity."),
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.activity}"


class CalendarFeed(models.Model):
    """A staff account's private calendar feed (iCal): its secret link, made
    on request and revoked by making a new one or deleting it. The link is
    the only key (a calendar app sends no cookie), so it is a random token,
    never derived from the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


# Minutes' records and photos (activities.meetings), in a module of their own.
from .meeting_models import MeetingPhoto, MeetingRecord  # noqa: E402, F401

# Activity subsidies (activities.subsidies), in a module of their own.
from .subsidy_models import Subsidy, SubsidyReceipt, SubsidyStatus  # noqa: E402, F401
