"""Monthly standardisation scores (月规范): each resident organisation, each
month, item by item, out of 10. Locked when the monthly rollup closes the
month; after that a correction is an amendment, kept with its reason."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from lib.periods import Month
from orgs.scoping import ScopedQuerySet


class MonthlyScoreQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"

    def of_month(self, month: Month):
        return self.filter(year=month.year, month=month.number)


class MonthlyScore(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="monthly_scores",
    )
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="monthly_scores",
        help_text=_("The platform it was resident in when scored."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    template = models.ForeignKey(
        "assessments.ScoreTemplate",
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    total = models.DecimalField(_("score"), max_digits=3, decimal_places=1)
    note = models.TextField(_("remarks"), blank=True, max_length=TEXT)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scored_at = StampedAt(_("scored at"), auto_now_add=True)
    locked_at = models.DateTimeField(
        _("locked at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the monthly rollup closes the month; then only amendments."),
    )

    history = HistoricalRecords()
    objects = MonthlyScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly score")
        verbose_name_plural = _("monthly scores (月规范)")
        ordering = ["-year", "-month", "organisation_id"]
        indexes = [
            models.Index(fields=["year", "month", "total"], name="monthly_score_month"),
            # The list's order, then the id: a deep page's ids from the index alone.
            models.Index(
                fields=["-year", "-month", "organisation", "id"], name="monthly_score_list_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "month"],
                name="monthly_score_once_a_month",
                violation_error_message=_("This organisation already has a score for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monthly_score_month_1_to_12"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=10), name="monthly_score_total_0_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.period}: {self.total}"

    @property
    def period(self) -> Month:
        return Month(self.year, self.month)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class ItemScore(models.Model):
    score = models.ForeignKey(
        MonthlyScore,
        verbose_name=_("monthly score"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    item = models.ForeignKey(
        "assessments.ScoreItem",
        verbose_name=_("scoring item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(
        _("points scored"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["score", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["score", "item"], name="item_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="item_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.item.name}: {self.points}"


class Amendment(models.Model):
    """A correction to a locked month, with who, when, why and what changed."""

    score = models.ForeignKey(
        MonthlyScore,
        verbose_name=_("monthly score"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    reason = models.TextField(pgettext_lazy("amendment", "reason"), max_length=TEXT)
    total_before = models.DecimalField(_("score before"), max_digits=3, decimal_places=1)
    total_after = models.DecimalField(_("score after"), max_digits=3, decimal_places=1)
    changes = models.JSONField(_("changes"), default=dict)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("amended by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amended_at = StampedAt(_("amended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["-amended_at"]

    def __str__(self):
        return f"{self.score}: {self.total_before} → {self.total_after}"
