"""The award notice (中标公示) and objections to it (质疑).

An award is first published for a notice period of working days, set per
round (`Round.notice_days`). During it, an organisation that bid for the
project may lodge a reasoned objection; the street or the district answers
it with reasons. The award takes effect (the bid is awarded, the money
committed from the fund) only once the period has ended with every
objection answered and none upheld; an upheld objection withdraws the
notice and the project is reviewed again. Notices, objections and answers
are public (projects.disclosure); the people who lodged and answered them
are not.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("On public notice")
    EFFECTIVE = "effective", _("In effect")
    WITHDRAWN = "withdrawn", pgettext_lazy("award notice", "Withdrawn")


def _bid_projects(model, field, organisations):
    """The ids of the projects `organisations` bid for (ProjectQuerySet's rule),
    reached from `model` through its `field` (project, or notice then project)."""
    related = model._meta.get_field(field).related_model
    if field != "project":
        related = related._meta.get_field("project").related_model
    projects = related.objects.all()
    return projects.filter(projects.organisations_q(organisations)).values("pk")


class NoticeQuerySet(ScopedQuerySet):
    area_path = "project__community__code"
    organisation_path = "project__bids__organisation"

    def organisations_q(self, organisations):
        # The projects it bid for, a joint bid's members included (the
        # project model through the relation: tenders.py imports this module).
        return Q(project_id__in=_bid_projects(self.model, "project", organisations))


class ObjectionQuerySet(ScopedQuerySet):
    area_path = "notice__project__community__code"
    organisation_path = "notice__project__bids__organisation"

    def organisations_q(self, organisations):
        return Q(notice__project_id__in=_bid_projects(self.model, "notice", organisations))


class AwardNotice(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    bid = models.ForeignKey(
        "projects.Bid",
        verbose_name=_("bid proposed for the award"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    note = models.TextField(_("reasons for the award"), blank=True, max_length=TEXT)
    working_days = models.PositiveSmallIntegerField(_("notice period (working days)"))
    published_at = StampedAt(_("published at"), auto_now_add=True)
    ends_at = models.DateTimeField(
        _("notice period ends at"),
        help_text=_("The start of the day after the period's last working day."),
    )
    status = models.CharField(
        _("notice status"),
        max_length=10,
        choices=NoticeStatus.choices,
        default=NoticeStatus.OPEN,
        editable=False,
    )
    decided_at = models.DateTimeField(_("took effect or withdrawn at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("award notice")
        verbose_name_plural = _("award notices")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="open"),
                name="one_open_award_notice_per_project",
                violation_error_message=_("This project's award is already on public notice."),
            ),
        ]

    def __str__(self):
        return f"{self.project}：{self.bid.organisation}"

    @property
    def last_day(self):
        """The period's last working day (it ends at the start of the next day)."""
        return timezone.localtime(self.ends_at - timedelta(seconds=1)).date()


class ObjectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Not upheld")
    # Closed unanswered: the notice was withdrawn (the project cancelled, or
    # another objection upheld) before this one was answered.
    WITHDRAWN = "withdrawn", _("The award notice was withdrawn")


# Objections that keep an award from taking effect: the one place this rule
# is written (services, `Project.current_status`, workflow, disclosure).
BLOCKING = (ObjectionStatus.PENDING, ObjectionStatus.UPHELD)


class Objection(models.Model):
    notice = models.ForeignKey(
        AwardNotice,
        verbose_name=_("award notice"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("objecting organisation"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    grounds = models.TextField(_("grounds of the objection"), max_length=TEXT)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lodged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lodged_at = StampedAt(_("lodged at"), auto_now_add=True)
    status = models.CharField(
        _("objection status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.PENDING,
        editable=False,
    )
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["lodged_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "organisation"],
                name="one_objection_per_bidder_and_notice",
                violation_error_message=_(
                    "Your organisation has already objected to this award notice."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}：{self.notice.project}"
