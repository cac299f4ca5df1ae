"""Grids (网格): the smallest unit of the territory, under a community, with
their people and the organisations and volunteers that serve in them
(社区社会组织进网格)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.geo import CrsField
from orgs.roles import Role
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
    name = models.CharField(_("grid name"), max_length=60)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grids_led",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid members"),
        blank=True,
        related_name="grids",
        limit_choices_to={"role": Role.GRID_MEMBER},
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("The grid's outline as a GeoJSON Polygon or MultiPolygon, drawn or imported."),
    )
    boundary_crs = CrsField()

    history = HistoricalRecords(m2m_fields=[members])
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


class AssignmentQuerySet(ScopedQuerySet):
    area_path = "grid__community__code"
    organisation_path = "organisation"


class GridOrganisation(models.Model):
    """An organisation serving in a grid; an organisation serves in one grid."""

    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="organisations"
    )
    organisation = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="grid_place",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    duties = models.CharField(
        _("duties"), max_length=120, blank=True, help_text=_("e.g. 楼院巡查、政策宣传、纠纷调解")
    )

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation in a grid")
        verbose_name_plural = _("organisations in grids")

    def __str__(self):
        return f"{self.organisation} @ {self.grid}"


class VolunteerQuerySet(ScopedQuerySet):
    area_path = "grid__community__code"


class GridVolunteer(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="volunteers"
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="grid_places",
    )
    duties = models.CharField(_("duties"), max_length=120, blank=True)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer in a grid")
        verbose_name_plural = _("volunteers in grids")
        constraints = [
            models.UniqueConstraint(fields=["grid", "person"], name="grid_volunteer_once")
        ]

    def __str__(self):
        return f"{self.person} @ {self.grid}"
