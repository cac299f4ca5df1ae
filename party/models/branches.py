"""Huiji's 网格临时党支部: a temporary party branch set up in a grid (刘寨街道
清华园社区: "党建+网格+志愿"), its secretary and members. One live branch per
grid, a database constraint."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.scoping import ScopedQuerySet


class BranchQuerySet(ScopedQuerySet):
    area_path = "grid__community__code"

    def live(self):
        return self.filter(dissolved_on__isnull=True)


class GridBranch(models.Model):
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="party_branches",
    )
    name = models.CharField(_("branch name"), max_length=100)
    secretary = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("secretary"),
        on_delete=models.PROTECT,
        related_name="branches_led",
        limit_choices_to={"is_party_member": True},
    )
    members = models.ManyToManyField(
        "orgs.Person",
        verbose_name=_("members"),
        blank=True,
        related_name="grid_branches",
        limit_choices_to={"is_party_member": True},
    )
    founded_on = models.DateField(_("set up on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = BranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("temporary party branch in a grid")
        verbose_name_plural = _("temporary party branches in grids")
        ordering = ["grid_id", "-founded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid"],
                condition=Q(dissolved_on__isnull=True),
                name="party_one_live_branch_per_grid",
                violation_error_message=_("This grid already has a temporary party branch."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.secretary_id and not self.secretary.is_party_member:
            raise ValidationError({"secretary": _("The secretary must be a party member.")})
