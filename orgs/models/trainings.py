"""Trainings (培训): sessions and who attended. Person-times (人次) are the
attendances listed, or the headcount recorded when names were not taken."""

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.scoping import ScopedQuerySet


class TrainingQuerySet(ScopedQuerySet):
    area_path = "area__code"
    organisation_path = "organiser_organisation"

    def person_times(self) -> int:
        """人次 over these trainings, in one query."""
        per_training = self.annotate(listed=Count("attendances")).values(
            "pk", "listed", "headcount"
        )
        return sum(max(row["listed"], row["headcount"] or 0) for row in per_training)


class Training(models.Model):
    topic = models.CharField(_("topic"), max_length=120)
    held_on = models.DateField(_("date"))
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("organising area"),
        on_delete=models.PROTECT,
        related_name="trainings",
        help_text=_("The district, street or community that organised it."),
    )
    organiser = models.CharField(
        _("organiser"), max_length=100, help_text=_("e.g. 惠济区社会组织孵化基地")
    )
    organiser_organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organising organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings_given",
        help_text=_("When an organisation (often a social-work agency) gave it."),
    )
    programme = models.CharField(
        _("programme"), max_length=40, blank=True, help_text=_("e.g. 领航、星火、种子、睦邻")
    )
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)
    headcount = models.PositiveIntegerField(
        _("headcount"),
        default=0,
        help_text=_("People present, when attendees were not listed by name."),
    )

    history = HistoricalRecords()
    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on} {self.topic}"

    @property
    def person_times(self) -> int:
        return max(self.attendances.count(), self.headcount)


class Attendance(models.Model):
    training = models.ForeignKey(
        Training, verbose_name=_("training"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "person"], name="attendance_once_per_training"
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.training}"
