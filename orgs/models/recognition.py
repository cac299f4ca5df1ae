"""Commendations (表扬奖励) an organisation received, shown on its public
page; and the office's corrections to the working-day calendar."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class CommendationQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"

    def area_q(self, area):
        # An organisation's sits in its area, a person's in their community.
        return Q(organisation__area__code__startswith=area.code) | Q(
            person__community__code__startswith=area.code
        )


class Commendation(models.Model):
    """An honour given to an organisation or to a person: public. An
    organisation's shows on its page; both show on the district's honours
    page (honours.public_views), a person's with the person's name and
    community only (SECURITY.md §2)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commendations",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
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
        constraints = [
            models.CheckConstraint(
                name="commendation_of_an_organisation_or_a_person",
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
                violation_error_message=_("A commendation goes to an organisation or a person."),
            ),
        ]

    def __str__(self):
        return f"{self.awarded_on:%Y} {self.title}"


class CalendarDay(models.Model):
    """A day whose working status the office sets itself, over the State
    Council's published schedule (lib.workdays): a year's holidays and
    make-up working days before the `chinesecalendar` package knows them,
    or a local exception. Ticket deadlines and award notice periods both
    count working days from this one table. Moved here from grids, which
    kept it first: the table keeps its name."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"),
        help_text=_("Off for a public holiday; on for a weekend day worked in exchange (调休)."),
    )
    name = models.CharField(
        _("holiday name"), max_length=40, blank=True, help_text=_("e.g. 国庆节, 国庆节调休")
    )

    class Meta:
        db_table = "grids_calendarday"
        verbose_name = _("calendar day")
        verbose_name_plural = _("holidays and exchanged working days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"

    @classmethod
    def overrides(cls, start=None, end=None) -> dict:
        """{date: is_working} for the days listed (from `start`, up to `end`)."""
        days = cls.objects.all()
        if start is not None:
            days = days.filter(date__gte=start)
        if end is not None:
            days = days.filter(date__lte=end)
        return dict(days.values_list("date", "is_working"))
