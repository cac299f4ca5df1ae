"""Governance funds (治理基金): money in from donors and budgets, out to the
projects and activities it supports, kept as a ledger of entries.

Nothing about a fund's money is stored but its entries: the balance, what is
committed to projects, and what is free are sums of entries, computed in the
database. `incubators.services.funds` is the only writer; it locks the fund
row before it checks and adds, so concurrent disbursements never take the
balance below zero.

    balance    = donations + refunds − disbursements      (cash held)
    committed  = allocations − what has been paid or released against them
    free       = balance − committed                      (what may be allocated)
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.uploads import RandomName, ServedFileField, check_receipt, private_storage
from orgs.models import AreaLevel
from orgs.scoping import ScopedQuerySet


class FundSource(models.Model):
    """Where money comes from (Wuhan §9: 政府购买服务, 公益创投, 社区惠民资金,
    以奖代补, 专项补贴, 社区公益慈善基金, 社会支持; and 福彩公益金): data, so an
    office adds its own."""

    name = models.CharField(_("fund source"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("fund source")
        verbose_name_plural = _("fund sources")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class FundQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "custodian"


class Fund(models.Model):
    name = models.CharField(_("fund name"), max_length=100)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="funds",
        limit_choices_to={"level__in": [AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY]},
    )
    custodian = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("custodian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funds_in_custody",
        help_text=_(
            "The agency that holds and books the money (资金代管), if not the office itself."
        ),
    )
    opened_on = models.DateField(_("opened on"))
    purpose = models.TextField(_("purpose"), blank=True, max_length=TEXT)
    is_active = models.BooleanField(_("open"), default=True)

    history = HistoricalRecords()
    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance fund")
        verbose_name_plural = _("governance funds")
        ordering = ["area__code", "name"]

    def __str__(self):
        return self.name


class EntryKind(models.TextChoices):
    DONATION = "donation", _("Donation or grant in")
    ALLOCATION = "allocation", _("Allocation to a project")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REFUND = "refund", _("Refund")
    RELEASE = "release", _("Release of an unused allocation")


class FundEntryQuerySet(ScopedQuerySet):
    area_path = "fund__area__code"
    organisation_path = "fund__custodian"


class FundEntry(models.Model):
    """An entry of a fund's ledger. Entries are never edited or deleted; a
    mistake is put right by another entry (a refund, a release)."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("in or out"), max_length=12, choices=EntryKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    occurred_on = models.DateField(_("date"))
    counterparty = models.CharField(
        _("from / to"), max_length=120, help_text=_("The donor, the project or the payee.")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    source = models.ForeignKey(
        FundSource,
        verbose_name=_("source of the money"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        help_text=_("Where the money came from, for the district's figures by source."),
    )
    voucher_number = models.CharField(_("voucher number"), max_length=40)
    attachment = ServedFileField(
        _("voucher"),
        upload_to=RandomName("incubators/vouchers"),
        storage=private_storage,
        validators=[check_receipt],
        blank=True,
        served_as="voucher",
        original_name_field="original_name",
    )
    original_name = models.CharField(
        _("file name"), max_length=255, blank=True, editable=False, default="", db_default=""
    )
    allocation = models.ForeignKey(
        "self",
        verbose_name=_("against allocation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drawings",
        limit_choices_to={"kind": EntryKind.ALLOCATION},
        help_text=_(
            "For a disbursement, the allocation it pays out of; for a release, the one it closes."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    objects = FundEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["fund", "occurred_on"], name="fund_entry_fund_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_entry_amount_positive"),
            models.CheckConstraint(
                condition=Q(allocation__isnull=True) | Q(kind__in=["disbursement", "release"]),
                name="fund_entry_only_payments_and_releases_draw_on_allocations",
            ),
            models.CheckConstraint(
                condition=~Q(kind="release") | Q(allocation__isnull=False),
                name="fund_entry_release_names_its_allocation",
            ),
            models.UniqueConstraint(
                fields=["fund", "voucher_number"],
                name="fund_entry_voucher_unique_in_fund",
                violation_error_message=_("This voucher number is already in this fund's ledger."),
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.get_kind_display()} {self.amount}"
