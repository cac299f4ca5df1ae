"""Providers (资源提供方): the units stationed in the area (驻区单位),
businesses, sponsors and charities that give goods and services, first to
the points mall (贡享超市, `mall`), later to residents' needs they claim.

One model for all of them, in the root app, because apps at several floors
(projects below the mall, the mall itself) reuse it. A provider serves an
area: a community, or a whole street. Its clerks (ProviderClerk) are the
people at the counter: they sign in by phone code like residents
(residents.session), and the mall recognises their number.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.masking import NAME, PHONE, Masked
from lib.validators import normalise_phone, validate_mobile, validate_phone
from orgs.scoping import ScopedQuerySet


class ProviderKind(models.TextChoices):
    UNIT = "unit", _("Unit stationed in the area")
    BUSINESS = "business", _("Business")
    SPONSOR = "sponsor", _("Sponsor")
    CHARITY = "charity", _("Charity")


class ProviderQuerySet(ScopedQuerySet):
    area_path = "area__code"

    def active(self):
        return self.filter(active=True)


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of provider"), max_length=10, choices=ProviderKind.choices)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="providers",
        limit_choices_to={"level__in": ["street", "community"]},
        help_text=_("The community it serves, or the street for all of its communities."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=20, validators=[validate_phone])
    active = models.BooleanField(_("active"), default=True)
    created_at = StampedAt(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ProviderQuerySet.as_manager()

    contact_phone_masked = Masked("contact_phone", PHONE)
    contact_name_masked = Masked("contact_name", NAME)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["area__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="provider_name_unique_in_area",
                violation_error_message=_("A provider of this name already serves this area."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.contact_phone = normalise_phone(self.contact_phone)


class ProviderClerkQuerySet(ScopedQuerySet):
    area_path = "provider__area__code"


class ProviderClerk(models.Model):
    """Someone at a provider's counter who confirms pickups, signed in by
    their phone. A number is the clerk of one provider."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="clerks"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(
        _("mobile phone"),
        max_length=20,
        validators=[validate_mobile],
        help_text=_("The clerk signs in with a code texted to this number."),
    )

    history = HistoricalRecords()
    objects = ProviderClerkQuerySet.as_manager()

    phone_masked = Masked("phone", PHONE)
    name_masked = Masked("name", NAME)

    class Meta:
        verbose_name = _("provider's clerk")
        verbose_name_plural = _("providers' clerks")
        ordering = ["provider_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                name="provider_clerk_phone_unique",
                violation_error_message=_("This phone is already a clerk's."),
            ),
            models.CheckConstraint(condition=~Q(phone=""), name="provider_clerk_has_phone"),
        ]

    def __str__(self):
        return f"{self.name} ({self.provider})"

    def clean(self):
        # As residents sign in (residents.session): "+86 139 0371 0001" and
        # "139-0371-0001" are the number 13903710001, and one number is one
        # clerk's, however it was typed.
        super().clean()
        self.phone = normalise_phone(self.phone)
