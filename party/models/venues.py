"""The Shandong 四建一创 standard venue (建设六有标准化场所) as a checklist per
party organisation: the items are data (六有 shipped), each ticked with a
date and a note. An organisation with every active item ticked is up to
standard, one of the marks of a 双强六好 organisation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.models import PartyOrgType
from orgs.scoping import ScopedQuerySet


class VenueItem(models.Model):
    name = models.CharField(_("item"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("standard venue item (六有)")
        verbose_name_plural = _("standard venue items (六有)")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class VenueCheckQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class VenueCheck(models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="venue_checks",
    )
    item = models.ForeignKey(
        VenueItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="checks"
    )
    ticked_on = models.DateField(_("ticked on"))
    note = models.CharField(_("note"), max_length=200, blank=True)
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
    objects = VenueCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard venue check (六有)")
        verbose_name_plural = _("standard venue checks (六有)")
        ordering = ["organisation_id", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "item"],
                name="party_venue_item_once_per_organisation",
                violation_error_message=_("This item is already ticked for this organisation."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.item}"

    def clean(self):
        super().clean()
        if self.organisation_id and self.organisation.party_org_type == PartyOrgType.NONE:
            raise ValidationError(
                {"organisation": _("This organisation has no party organisation to check.")}
            )
