"""Grids (网格): the smallest unit of the territory, under a community."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.scoping import ScopedQuerySet


class GridQuerySet(ScopedQuerySet):
    area_path = "community__code"


class Grid(models.Model):
    community = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="grids",
        limit_choices_to={"level": "community"},
    )
    number = models.PositiveSmallIntegerField(
        _("grid number"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    name = models.CharField(_("name"), max_length=60)

    history = HistoricalRecords()
    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["community_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"], name="grid_number_unique_in_community"
            )
        ]

    def __str__(self):
        return f"{self.community.name}·{self.name}"

    @property
    def code(self) -> str:
        """The community's code followed by the grid's three-digit number."""
        return f"{self.community.code}{self.number:03d}"
