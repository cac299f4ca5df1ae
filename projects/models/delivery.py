"""Delivery of an awarded project: milestones, activity reports with photos,
expenses with receipts, and the payments made from the fund."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.uploads import (
    RandomName,
    ServedFileField,
    ServedImageField,
    check_photo,
    check_receipt,
    private_storage,
)
from orgs.scoping import ScopedQuerySet


class DeliveryQuerySet(ScopedQuerySet):
    area_path = "project__community__code"
    organisation_path = "project__bids__organisation"

    def organisations_q(self, organisations):
        from .bids import Bid, BidStatus

        # The winner's members see the delivery too (the lead alone is paid).
        bids = Bid.objects.filter(status=BidStatus.AWARDED)
        winners = bids.filter(bids.organisations_q(organisations))
        return models.Q(project_id__in=winners.values("project_id"))


class Milestone(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=120)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


class ActivityReport(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("activity name"), max_length=120)
    description = models.TextField(_("what happened"), max_length=TEXT)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = StampedAt(_("reported at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.title}"


class ReportPartQuerySet(DeliveryQuerySet):
    """What hangs off an activity report: scoped through its project."""

    area_path = "report__project__community__code"

    def organisations_q(self, organisations):
        # The awarded organisation's projects, one step further away.
        winners = DeliveryQuerySet.organisations_q(self, organisations)
        ((_lookup, projects),) = winners.children
        return models.Q(report__project_id__in=projects)


class BeneficiaryCount(models.Model):
    """How many of an activity's beneficiaries belong to a group served. A
    person may belong to two groups (an elder with a disability), so the
    counts may add up to more than the activity's beneficiaries; each one
    may not exceed them."""

    report = models.ForeignKey(
        ActivityReport,
        verbose_name=_("activity report"),
        on_delete=models.CASCADE,
        related_name="group_counts",
    )
    group = models.ForeignKey(
        "orgs.ServedGroup",
        verbose_name=_("group served"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("beneficiaries in the group"))

    objects = ReportPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiaries by group")
        verbose_name_plural = _("beneficiaries by group")
        constraints = [
            models.UniqueConstraint(fields=["report", "group"], name="beneficiary_count_once"),
        ]

    def __str__(self):
        return f"{self.group}: {self.count}"


class PhotoQuerySet(ReportPartQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class ActivityPhoto(models.Model):
    report = models.ForeignKey(
        ActivityReport,
        verbose_name=_("activity report"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    # Faces of residents (elders, children) show: private, fetched only by
    # those who may see the project, until staff publish the photo; the
    # public project page then serves it (projects.views.disclosure).
    image = ServedImageField(
        _("photo"),
        upload_to=RandomName("projects/activities"),
        storage=private_storage,
        validators=[check_photo],
        served_as="activity-photo",
        scope_through="report__project",
    )
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self):
        return self.caption or self.image.name


class Expense(models.Model):
    """Money spent on a budget line, with its receipt (报销凭证)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="expenses",
    )
    budget_line = models.ForeignKey(
        "projects.BudgetLine",
        verbose_name=_("budget line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    spent_on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    description = models.CharField(_("what for"), max_length=200)
    payee = models.CharField(_("paid to"), max_length=120)
    receipt = ServedFileField(
        _("receipt"),
        upload_to=RandomName("projects/receipts"),
        storage=private_storage,
        validators=[check_receipt],
        served_as="receipt",
        original_name_field="original_name",
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False, default="", db_default=""
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-spent_on", "-id"]

    def __str__(self):
        return f"{self.spent_on} {self.description} {self.amount}"


class PaymentKind(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    FINAL = "final", _("Final payment")


class Payment(models.Model):
    """A payment to the awarded organisation: a disbursement in the fund's
    ledger, drawn on the project's allocation (so never above the award)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    kind = models.CharField(_("kind of payment"), max_length=8, choices=PaymentKind.choices)
    entry = models.OneToOneField(
        "incubators.FundEntry",
        verbose_name=_("fund entry"),
        on_delete=models.PROTECT,
        related_name="payment",
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["entry__occurred_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.entry.amount}"
