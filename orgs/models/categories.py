"""Categories of organisations: a two-level taxonomy (大类 / 小类) kept as data,
because every city uses its own. Wuhan's ships as the default (migration 0003)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    name = models.CharField(_("category name"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a class (大类); choose its class for a sub-class (小类)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("organisation category")
        verbose_name_plural = _("organisation categories")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="category_class_name_unique"
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="category_subclass_name_unique"
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id else self

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Categories have two levels: choose a class.")})
