"""Volunteer service hours and the points they earn (志愿服务积分).

Points are a ledger: every earning and every exchange is an entry, and a
person's balance is the sum of their entries. `orgs.services.volunteering`
is the only writer; it locks the person while it checks the balance, so the
balance never goes negative, even when two exchanges arrive at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from orgs.scoping import ScopedQuerySet


class ServiceRecordQuerySet(ScopedQuerySet):
    area_path = "person__community__code"
    organisation_path = "organisation"


class ServiceRecord(models.Model):
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="service_records",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_records",
    )
    served_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    activity = models.CharField(_("activity"), max_length=120)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ServiceRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer service hours")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24),
                name="service_hours_in_a_day",
                violation_error_message=_("Hours of service are more than 0 and at most 24 a day."),
            )
        ]

    def __str__(self):
        return f"{self.person} {self.served_on} {self.hours}h"


class PointsKind(models.TextChoices):
    EARNED = "earned", _("Earned by service")
    EXCHANGED = "exchanged", _("Exchanged")
    ADJUSTED = "adjusted", _("Adjustment")
    # Points given back: an exchange in the mall cancelled, or not picked up in time.
    RETURNED = "returned", _("Returned")


class PointsEntryQuerySet(ScopedQuerySet):
    area_path = "person__community__code"


class PointsEntry(models.Model):
    """An entry of the points ledger; entries are never edited, only added."""

    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="points_entries",
    )
    kind = models.CharField(_("earned or spent"), max_length=10, choices=PointsKind.choices)
    points = models.IntegerField(
        _("points"), help_text=_("Positive when earned, negative when exchanged.")
    )
    occurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=120)
    service_record = models.OneToOneField(
        ServiceRecord,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_entry",
    )
    # None: the volunteer's own exchange in the mall, signed in by phone, or
    # points the platform gave back (an exchange not picked up in time).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    objects = PointsEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="earned", points__gt=0)
                | Q(kind="exchanged", points__lt=0)
                | Q(kind="returned", points__gt=0)
                | (Q(kind="adjusted") & ~Q(points=0)),
                name="points_sign_matches_kind",
            )
        ]

    def __str__(self):
        return f"{self.person} {self.points:+d}"
