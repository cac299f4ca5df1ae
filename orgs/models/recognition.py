"""Commendations (表扬奖励) an organisation received, shown on its public
page; and the office's corrections to the working-day calendar."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class CommendationQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class Commendation(models.Model):
    """An honour given to an organisation: public, like the organisation's
    page it shows on, so it names no person."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    title = models.CharField(
        _("commendation"), max_length=120, help_text=_("For example 2025年度优秀社区社会组织.")
    )
    awarded_by = models.CharField(
        _("awarded by"),
        max_length=120,
        help_text=_("The body that gave it, for example 惠济区民政局."),
    )
    awarded_on = models.DateField(_("awarded on"))
    note = models.TextField(_("note"), blank=True, max_length=TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-awarded_on", "-id"]

    def __str__(self):
        return f"{self.awarded_on:%Y} {self.title}"


class CalendarDay(models.Model):
    """A day whose working status the office sets itself: a year's holidays
    and make-up working days before the `chinesecalendar` package knows
    them, or a local exception. Read by lib.workdays through
    `CalendarDay.overrides()`."""

    day = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(
        _("note"), max_length=60, blank=True, help_text=_("For example 春节 or 调休上班.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.note}".strip()

    @classmethod
    def overrides(cls, start=None) -> dict:
        days = cls.objects.all()
        if start is not None:
            days = days.filter(day__gte=start)
        return dict(days.values_list("day", "is_working_day"))
