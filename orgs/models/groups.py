"""Groups served (服务对象): whom a need, a project or an activity is for, a
two-level list kept as data like the categories, because districts name
their groups differently. Panyu's and the seeds' common ones ship as the
default (migration 0021): elders, children, people with disabilities, the
unemployed, families in difficulty, people with severe mental disorders,
people under community correction, and more."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class ServedGroupQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(is_active=True)

    def tops(self):
        return self.filter(parent__isnull=True)

    def family(self, group_id: int):
        """The group and, for a broad group, the narrower ones under it: a
        filter by 老年人 finds what serves 高龄老人 too."""
        return self.filter(Q(pk=group_id) | Q(parent_id=group_id))

    def for_choices(self):
        """Groups in use as a form offers them."""
        return self.in_use().in_order()

    def in_order(self):
        """Each broad group followed by its narrower ones."""
        return self.select_related("parent").order_by(
            Coalesce("parent__position", "position"),
            Coalesce("parent_id", "id"),
            F("parent_id").asc(nulls_first=True),  # the broad group before its narrower ones
            "position",
            "id",
        )


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


def serving(queryset, group_id: int):
    """Rows of `queryset` (needs, projects: a model with `groups`) that serve
    this group or, for a broad group, one of its narrower ones. An EXISTS
    rather than a join, so a row serving both 老年人 and 高龄老人 is listed once
    and the list's own annotations and counts stay as they are."""
    field = queryset.model._meta.get_field("groups")
    through = field.remote_field.through
    links = through.objects.filter(
        **{
            field.m2m_field_name(): OuterRef("pk"),
            f"{field.m2m_reverse_field_name()}__in": ServedGroup.objects.family(group_id),
        }
    )
    return queryset.filter(Exists(links))
