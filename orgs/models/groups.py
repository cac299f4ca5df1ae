"""Groups served (服务对象): whom a need, a project or an activity is for, a
two-level list kept as data like the categories, because districts name
their groups differently. Panyu's and the seeds' common ones ship as the
default (migration 0021): elders, children, people with disabilities, the
unemployed, families in difficulty, people with severe mental disorders,
people under community correction, and more."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ServedGroupQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(is_active=True)

    def tops(self):
        return self.filter(parent__isnull=True)


class ServedGroup(models.Model):
    name = models.CharField(_("group name"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broad group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a broad group; choose it for a narrower one (e.g. 空巢老人)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ServedGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group served")
        verbose_name_plural = _("groups served")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="served_group_top_unique"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="served_group_child_unique"),
        ]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    @property
    def top(self) -> "ServedGroup":
        return self.parent if self.parent_id else self

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Groups have two levels: choose a broad group.")})
