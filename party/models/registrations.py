"""Tianyuan's 在职党员"双报到" (a working party member registers with their
residential community as well as their employer, and serves there) and
干部下沉 (a cadre sent down to a community or grid for a period)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class RegistrationQuerySet(ScopedQuerySet):
    area_path = "community__code"

    def live(self):
        return self.filter(ended_on__isnull=True)


class DualRegistration(models.Model):
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="dual_registrations",
        limit_choices_to={"is_party_member": True},
    )
    employer = models.CharField(_("employer unit"), max_length=100)
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("residential community"),
        on_delete=models.PROTECT,
        related_name="dual_registrations",
        limit_choices_to={"level": "community"},
    )
    registered_on = models.DateField(_("registered on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("working party member's registration (双报到)")
        verbose_name_plural = _("working party members' registrations (双报到)")
        ordering = ["community_id", "-registered_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="party_registration_one_community_at_a_time",
                violation_error_message=_(
                    "This party member is already registered with a community."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.community}"

    def clean(self):
        super().clean()
        if self.person_id and not self.person.is_party_member:
            raise ValidationError({"person": _("Only a party member can register (双报到).")})


class RegisteredServiceQuerySet(ScopedQuerySet):
    area_path = "registration__community__code"


class RegisteredService(models.Model):
    """A service a registered party member gave their residential community."""

    registration = models.ForeignKey(
        DualRegistration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    served_on = models.DateField(_("served on"))
    description = models.TextField(_("what was done"), max_length=TEXT)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)

    history = HistoricalRecords()
    objects = RegisteredServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered party member's service")
        verbose_name_plural = _("registered party members' services")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="party_registered_service_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.served_on} · {self.registration}"


class CadreQuerySet(ScopedQuerySet):
    area_path = "community__code"


class CadreAssignment(models.Model):
    """A cadre sent down (干部下沉) to a community, or one of its grids, for a
    period: an account of the platform or a person of the ledger."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cadre (account)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_assignments",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cadre (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_assignments",
    )
    sent_from = models.CharField(_("sent by (unit)"), max_length=100)
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
        limit_choices_to={"level": "community"},
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cadre_assignments",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    duties = models.TextField(_("duties"), blank=True, max_length=TEXT)

    history = HistoricalRecords()
    objects = CadreQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre sent down (干部下沉)")
        verbose_name_plural = _("cadres sent down (干部下沉)")
        ordering = ["community_id", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(account__isnull=True, person__isnull=False)
                | Q(account__isnull=False, person__isnull=True),
                name="party_cadre_is_an_account_or_a_person",
                violation_error_message=_("Choose the cadre's account or the person, not both."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="party_cadre_ends_after_it_starts",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.account or self.person} · {self.community}"

    def clean(self):
        super().clean()
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": _("The grid must be one of the community's.")})
