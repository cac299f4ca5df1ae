"""Interviews (约谈): the reminder the rules raise, the talk that follows,
and the rectification agreed there.

A reminder is raised by a rollup, once per organisation, kind and period
(the month that completed three low months, or the year of a low star
rating), so a rerun raises nothing twice. Staff record the interview with an
agreed rectification and a deadline; the organisation is then "under
rectification" (`Organisation.rectification_due_on`). For low monthly
scores, the month after the deadline decides: below the line again, or a
rectification marked failed, and the organisation is ordered to leave its
platform.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import DOCUMENT
from lib.periods import Month
from orgs.scoping import ScopedQuerySet


class InterviewKind(models.TextChoices):
    LOW_MONTHLY = "low_monthly", _("Low monthly scores")
    LOW_STARS = "low_stars", _("Low star rating")


class InterviewStatus(models.TextChoices):
    REMINDED = "reminded", _("To be interviewed")
    INTERVIEWED = "interviewed", _("Under rectification")
    RECTIFIED = "rectified", _("Rectified")
    FAILED = "failed", _("Rectification failed")


OPEN_STATUSES = (InterviewStatus.REMINDED, InterviewStatus.INTERVIEWED)


class InterviewQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Interview(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    platform = models.ForeignKey(
        "incubators.Platform",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    kind = models.CharField(
        pgettext_lazy("interview", "reason"), max_length=12, choices=InterviewKind.choices
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("month"), default=1, help_text=_("The month that completed the low run; 1 for a year.")
    )
    evidence = models.JSONField(_("evidence"), default=list)
    status = models.CharField(
        _("interview status"),
        max_length=12,
        choices=InterviewStatus.choices,
        default=InterviewStatus.REMINDED,
        editable=False,
    )
    raised_at = StampedAt(_("raised at"), auto_now_add=True)
    held_on = models.DateField(_("interviewed on"), null=True, blank=True, editable=False)
    interviewers = models.CharField(_("interviewed by"), max_length=120, blank=True, editable=False)
    rectification = models.TextField(
        _("agreed rectification"), blank=True, editable=False, max_length=DOCUMENT
    )
    deadline = models.DateField(_("rectify by"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    conclusion = models.TextField(_("conclusion"), blank=True, editable=False, max_length=DOCUMENT)

    history = HistoricalRecords()
    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews (约谈)")
        ordering = ["-year", "-number", "-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "year", "number"], name="interview_once_per_cause"
            ),
            models.CheckConstraint(
                condition=Q(status="reminded") | Q(held_on__isnull=False, deadline__isnull=False),
                name="interview_recorded_before_it_moves",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_kind_display()} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.kind == InterviewKind.LOW_MONTHLY:
            return Month(self.year, self.number).key
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
