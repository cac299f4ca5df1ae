"""How incubation platforms are judged: a quarterly assessment and the
annual grade, each stored with the inputs it was computed from.

The inputs are records of the incubators app (monthly reports, reviews,
supervision orders); the rollups read them and write these rows, and the
annual grade back onto `Platform.grade`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.scoping import ScopedQuerySet


class PlatformResultQuerySet(ScopedQuerySet):
    area_path = "platform__area__code"
    organisation_path = "platform__operator"


class PlatformQuarter(models.Model):
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="quarter_results",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    reports_received = models.PositiveSmallIntegerField(_("monthly reports received"), default=0)
    reports_due = models.PositiveSmallIntegerField(_("monthly reports due"), default=0)
    review_score = models.DecimalField(
        _("on-site supervision score"), max_digits=4, decimal_places=1, null=True
    )
    supervision_orders = models.PositiveSmallIntegerField(
        _("supervision orders"), default=0, help_text=_("Issued in the quarter for lagging tasks.")
    )
    lagging_tasks = models.PositiveSmallIntegerField(
        _("tasks still lagging"), default=0, help_text=_("Due in the quarter and not done.")
    )
    computed_at = models.DateTimeField(_("computed at"))

    objects = PlatformResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("platform quarterly result")
        verbose_name_plural = _("platform quarterly results")
        ordering = ["-year", "-quarter", "platform_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "year", "quarter"], name="platform_quarter_once"
            ),
        ]

    def __str__(self):
        return f"{self.platform} {self.year} Q{self.quarter}"


class PlatformGrade(models.Model):
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        related_name="grades",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reports_received = models.PositiveSmallIntegerField(_("monthly reports received"), default=0)
    reports_due = models.PositiveSmallIntegerField(_("monthly reports due"), default=0)
    quarterly_average = models.DecimalField(
        _("quarterly average"), max_digits=4, decimal_places=1, null=True
    )
    half_year_average = models.DecimalField(
        _("half-year observation"), max_digits=4, decimal_places=1, null=True
    )
    annual_score = models.DecimalField(
        _("annual grading review"), max_digits=4, decimal_places=1, null=True
    )
    total = models.DecimalField(_("total"), max_digits=4, decimal_places=1, null=True)
    grade = models.CharField(_("grade"), max_length=2, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = PlatformResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("platform grade")
        verbose_name_plural = _("platform grades (年度评定)")
        ordering = ["-year", "platform_id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="platform_grade_once_a_year"),
        ]

    def __str__(self):
        return f"{self.platform} {self.year}: {self.grade or '—'}"
