"""Community social organisations (社区社会组织)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.scoping import ScopedQuerySet


class OrganisationQuerySet(ScopedQuerySet):
    area_path = "community__code"
    organisation_path = "pk"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"level": "community"},
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["community_id", "name"]

    def __str__(self):
        return self.name
