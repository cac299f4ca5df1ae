"""Departments and mass organisations (职能部门, 群团组织: 团委, 妇联, 文旅体局,
科协) of a district or street: actors of the community's 大党委 (Tianyuan)
that claim residents' needs, provide resources and receive tickets
assigned to them. Each signs in through accounts of the DEPARTMENT role,
one account one department, like an organisation's leader."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.fields import StampedAt
from lib.masking import NAME, PHONE, Masked
from lib.validators import validate_phone
from orgs.scoping import ScopedQuerySet


class DepartmentKind(models.TextChoices):
    DEPARTMENT = "department", _("Government department")
    MASS = "mass", _("Mass organisation")


class DepartmentQuerySet(ScopedQuerySet):
    area_path = "area__code"

    def active(self):
        return self.filter(active=True)


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of department"), max_length=12, choices=DepartmentKind.choices)
    area = models.ForeignKey(
        "orgs.Area",
        verbose_name=_("area served"),
        on_delete=models.PROTECT,
        related_name="departments",
        limit_choices_to={"level__in": ["district", "street"]},
        help_text=_("The district or street it belongs to."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = StampedAt(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    contact_phone_masked = Masked("contact_phone", PHONE)
    contact_name_masked = Masked("contact_name", NAME)

    class Meta:
        verbose_name = _("department or mass organisation")
        verbose_name_plural = _("departments and mass organisations")
        ordering = ["area_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "name"],
                name="department_name_once_per_area",
                violation_error_message=_("This area already has a department of this name."),
            ),
        ]

    def __str__(self):
        return self.name
