"""The points mall (贡享超市): providers' offers, the community's exchange
rules, and the exchanges volunteers make with their points.

An exchange spends the volunteer's points (an EXCHANGED entry of the points
ledger, orgs.models.volunteering) and one item of the offer's stock, and
gives a pickup code; the provider's clerk confirms the pickup with it. One
not picked up by `expires_at`, or cancelled by the volunteer, gives both
back (a RETURNED entry). `mall.services` is the only writer.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from orgs.scoping import ScopedQuerySet

# Without a rule of its own, a community's volunteers get these.
DEFAULT_MONTHLY_CAP = 4
DEFAULT_PICKUP_DAYS = 7


class OfferQuerySet(ScopedQuerySet):
    area_path = "provider__area__code"


class Offer(models.Model):
    provider = models.ForeignKey(
        "orgs.Provider", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offers"
    )
    name = models.CharField(_("goods or service"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    points = models.PositiveIntegerField(_("points price"))
    stock = models.IntegerField(_("stock"), help_text=_("Items or services left to exchange."))
    active = models.BooleanField(_("offered"), default=True)
    communities = models.ManyToManyField(
        "orgs.Area",
        verbose_name=_("offered in"),
        blank=True,
        related_name="mall_offers",
        limit_choices_to={"level": "community"},
        help_text=_("Leave empty to offer it everywhere the provider serves."),
    )
    created_at = StampedAt(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["provider_id", "points", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0),
                name="offer_points_positive",
                violation_error_message=_("An offer costs at least one point."),
            ),
            models.CheckConstraint(
                condition=Q(stock__gte=0),
                name="offer_stock_not_negative",
                violation_error_message=_("The stock cannot be below zero."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.provider})"


class ExchangeRuleQuerySet(ScopedQuerySet):
    area_path = "community__code"


class ExchangeRule(models.Model):
    community = models.OneToOneField(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="exchange_rule",
        limit_choices_to={"level": "community"},
    )
    monthly_cap = models.PositiveSmallIntegerField(
        _("exchanges a month"),
        default=DEFAULT_MONTHLY_CAP,
        help_text=_("The most exchanges one volunteer may make in a calendar month."),
    )
    pickup_days = models.PositiveSmallIntegerField(
        _("days to pick up"),
        default=DEFAULT_PICKUP_DAYS,
        help_text=_("After this many days an exchange not picked up returns its points."),
    )
    note = models.CharField(
        _("note for volunteers"), max_length=300, blank=True, help_text=_("Shown in the mall.")
    )

    history = HistoricalRecords()
    objects = ExchangeRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rule")
        verbose_name_plural = _("exchange rules")
        ordering = ["community__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_cap__gt=0, pickup_days__gt=0),
                name="exchange_rule_positive",
                violation_error_message=_("Allow at least one exchange and one day to pick up."),
            )
        ]

    def __str__(self):
        return str(self.community)


class ExchangeStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting pickup")
    PICKED_UP = "picked_up", _("Picked up")
    EXPIRED = "expired", _("Not picked up in time: points returned")
    CANCELLED = "cancelled", _("Cancelled: points returned")


class ExchangeQuerySet(ScopedQuerySet):
    # Staff see the exchanges made at the providers of their jurisdiction.
    area_path = "offer__provider__area__code"

    def open(self):
        return self.filter(status=ExchangeStatus.AWAITING)


class Exchange(models.Model):
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="mall_exchanges",
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="exchanges"
    )
    points = models.PositiveIntegerField(_("points"))
    code = models.CharField(_("pickup code"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.AWAITING
    )
    created_at = StampedAt(_("exchanged at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("pick up by"))
    closed_at = models.DateTimeField(_("picked up or returned at"), null=True, blank=True)
    spent = models.OneToOneField(
        "orgs.PointsEntry",
        verbose_name=_("points spent"),
        on_delete=models.PROTECT,
        related_name="mall_exchange",
    )
    returned = models.OneToOneField(
        "orgs.PointsEntry",
        verbose_name=_("points returned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mall_return",
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="exchange_person_recent"),
            models.Index(fields=["status", "expires_at"], name="exchange_open_expiry"),
        ]
        constraints = [
            # A code names one open exchange; closed ones may share it later.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="awaiting"),
                name="exchange_open_code_unique",
            ),
            models.CheckConstraint(condition=Q(points__gt=0), name="exchange_points_positive"),
            # Returned exactly when expired or cancelled.
            models.CheckConstraint(
                condition=Q(status__in=["expired", "cancelled"], returned__isnull=False)
                | (~Q(status__in=["expired", "cancelled"]) & Q(returned__isnull=True)),
                name="exchange_returned_when_closed_unpicked",
            ),
        ]

    def __str__(self):
        return f"{self.offer.name} {self.code}"

    @property
    def is_open(self) -> bool:
        return self.status == ExchangeStatus.AWAITING
