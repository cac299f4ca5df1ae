"""The records platforms are judged by (月汇报、季考核、半年观摩、年度评定).

The grade that combines them is computed by the assessments app, which
writes it back on `Platform.grade`; here are the records and their forms.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import DOCUMENT
from lib.periods import Month
from orgs.scoping import ScopedQuerySet


class MonthlyReportQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"


class MonthlyReport(models.Model):
    """A street platform's monthly work report (月汇报)."""

    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="monthly_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    activities_held = models.PositiveIntegerField(_("activities held"), default=0)
    organisations_served = models.PositiveIntegerField(_("organisations served"), default=0)
    trainings_held = models.PositiveIntegerField(_("trainings held"), default=0)
    person_times = models.PositiveIntegerField(_("person-times"), default=0)
    highlights = models.TextField(_("work done"), blank=True, max_length=DOCUMENT)
    problems = models.TextField(_("problems and next steps"), blank=True, max_length=DOCUMENT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = StampedAt(_("submitted at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports (月汇报)")
        ordering = ["-year", "-month", "platform_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year", "month"], name="monthly_report_once_a_month"
            )
        ]

    def __str__(self):
        return f"{self.platform} {self.period}"

    @property
    def period(self) -> Month:
        return Month(self.year, self.month)


class ReviewKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly on-site supervision")
    HALF_YEAR = "half_year", _("Half-year observation")
    ANNUAL = "annual", _("Annual grading review")


# The numbers a period may have for each kind: quarters, halves, the year.
PERIOD_NUMBERS = {
    ReviewKind.QUARTERLY: range(1, 5),
    ReviewKind.HALF_YEAR: range(1, 3),
    ReviewKind.ANNUAL: range(1, 2),
}


class ReviewQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"


class Review(models.Model):
    """An on-site review of a platform by the district, scored out of 100."""

    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    kind = models.CharField(_("kind of review"), max_length=10, choices=ReviewKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("period"),
        default=1,
        help_text=_("The quarter (1-4) or half (1-2); 1 for an annual review."),
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewers = models.CharField(_("reviewers"), max_length=200)
    findings = models.TextField(_("findings"), max_length=DOCUMENT)
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("platform review")
        verbose_name_plural = _("platform reviews (季考核、半年观摩、年度评定)")
        ordering = ["-year", "-number", "platform_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "kind", "year", "number"], name="review_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="quarterly", number__gte=1, number__lte=4)
                | models.Q(kind="half_year", number__gte=1, number__lte=2)
                | models.Q(kind="annual", number=1),
                name="review_period_fits_its_kind",
                violation_error_message=_(
                    "Quarterly reviews are numbered 1 to 4, half-year ones 1 or 2, the annual one 1."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.platform} {self.get_kind_display()} {self.year}-{self.number}"
