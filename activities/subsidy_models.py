"""Activity subsidies (补贴活动经费, Wuhan §9): a grant of its own kind, for
one activity an organisation runs. The organisation applies with an amount
and its budget lines; the street (or district) approves it from a fund and
one of its sources, which allocates the money, or refuses it with reasons;
after the activity the organisation settles with its receipts and what it
actually spent, and the fund pays the approved amount or less and releases
the rest (activities.subsidies). One subsidy per activity.

Imported by activities.models.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.uploads import RandomName, ServedFileField, check_receipt, private_storage
from orgs.scoping import ScopedQuerySet


class SubsidyStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    SETTLED = "settled", _("Settled")


class SubsidyQuerySet(ScopedQuerySet):
    area_path = "activity__area__code"
    organisation_path = "organisation"


def money(label, **extra):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        **extra,
    )


class Subsidy(models.Model):
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="subsidy",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="activity_subsidies",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubsidyStatus.choices, default=SubsidyStatus.APPLIED
    )
    amount = money(_("amount applied for (yuan)"))
    # [[item, "amount"], ...]: the application's budget, adding up to `amount`.
    budget = models.JSONField(_("budget lines"), default=list)
    purpose = models.TextField(_("what the money is for"), max_length=TEXT)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = StampedAt(_("applied at"), auto_now_add=True)
    # The decision.
    approved_amount = money(_("amount approved (yuan)"), null=True, blank=True)
    reasons = models.TextField(_("reasons"), blank=True, max_length=TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    allocation = models.OneToOneField(
        "incubators.FundEntry",
        verbose_name=_("allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_subsidy",
    )
    # The settlement.
    spent = money(_("actually spent (yuan)"), null=True, blank=True)
    settlement_note = models.TextField(_("settlement note"), blank=True, max_length=TEXT)
    paid = money(_("paid (yuan)"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity subsidy")
        verbose_name_plural = _("activity subsidies")
        ordering = ["-applied_at", "-id"]

    def __str__(self):
        return str(self.activity)

    @property
    def budget_total(self) -> Decimal:
        return sum((Decimal(amount) for _item, amount in self.budget), Decimal("0.00"))


class SubsidyReceipt(models.Model):
    """A receipt or invoice the organisation settles with."""

    subsidy = models.ForeignKey(
        Subsidy, verbose_name=_("subsidy"), on_delete=models.CASCADE, related_name="receipts"
    )
    file = ServedFileField(
        _("receipt"),
        upload_to=RandomName("activities/receipts"),
        storage=private_storage,
        validators=[check_receipt],
        served_as="subsidy-receipt",
        scope_through="subsidy",
        original_name_field="original_name",
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    uploaded_at = StampedAt(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["id"]

    def __str__(self):
        return self.original_name or str(self.pk)
