"""Huiji's "1+6+N" 党员联系户: one party member looks after about six
households (1个党员分包6户居民) and renders them N services.

A household is linked to one party member at a time (a database constraint);
a party member may take a seventh, and the ties page shows who is over or
under six. The head of household's name, phone and address are personal data
(orgs.privacy): in full only to the street and community staff of the
household's community, masked for everyone else."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from lib.limits import TEXT
from lib.masking import NAME, PHONE, Masked
from lib.validators import normalise_phone, validate_phone
from orgs.scoping import ScopedQuerySet

# The "6" of "1+6+N": how many households a party member looks after.
HOUSEHOLDS_PER_MEMBER = 6


class HouseholdQuerySet(ScopedQuerySet):
    area_path = "community__code"


class Household(models.Model):
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="party_households",
        limit_choices_to={"level": "community"},
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_households",
    )
    address = models.CharField(_("address"), max_length=120)
    head_name = models.CharField(_("head of household"), max_length=50)
    head_phone = models.CharField(
        _("head of household's phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = HouseholdQuerySet.as_manager()

    # The address is masked like a name: its first character kept.
    address_masked = Masked("address", NAME)
    head_name_masked = Masked("head_name", NAME)
    head_phone_masked = Masked("head_phone", PHONE)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = pgettext_lazy("party", "households")
        ordering = ["community_id", "address", "id"]

    def __str__(self):
        # Shown wherever a household is chosen or listed: no personal data in it.
        return _("Household no. %(number)s") % {"number": self.pk or "-"}

    def clean(self):
        super().clean()
        self.head_phone = normalise_phone(self.head_phone)
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": _("The grid must be one of the household's community.")})


class TieQuerySet(ScopedQuerySet):
    area_path = "household__community__code"

    def live(self):
        return self.filter(ended_on__isnull=True)


class HouseholdTie(models.Model):
    """A party member looking after a household (党员联系户), from a date
    until the tie ends (the member moves, another takes over)."""

    party_member = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="household_ties",
        limit_choices_to={"is_party_member": True},
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="ties"
    )
    started_on = models.DateField(_("linked on"))
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
    objects = TieQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member's household (联系户)")
        verbose_name_plural = _("party members' households (1+6+N)")
        ordering = ["party_member_id", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True),
                name="party_household_one_member_at_a_time",
                violation_error_message=_(
                    "This household is already linked to a party member: end that tie first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="party_tie_ends_after_it_starts",
                violation_error_message=_("A tie cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.party_member} · {self.household}"


class ServiceQuerySet(ScopedQuerySet):
    area_path = "household__community__code"


class HouseholdService(models.Model):
    """One of the N services a linked household received: when, what, by whom."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="services"
    )
    served_by = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("served by"),
        on_delete=models.PROTECT,
        related_name="household_services",
    )
    served_on = models.DateField(_("served on"))
    description = models.TextField(_("what was done"), max_length=TEXT)
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
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service to a household")
        verbose_name_plural = _("services to households")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["served_on"], name="party_service_served_on")]

    def __str__(self):
        return f"{self.served_on} · {self.household}"
