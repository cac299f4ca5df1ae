"""Scoring templates for the monthly standardisation score (月规范).

A template is a list of items with their maximum points, summing to the full
marks (10). Templates are versioned by the month they apply from: a month is
scored with the newest template valid by then, and a template that has been
used is never edited again, so a past month keeps the items it was scored
with. To change the items, add a new template valid from a later month.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.limits import TEXT
from lib.periods import Month

FULL_MARKS = Decimal(10)


class ScoreTemplateQuerySet(models.QuerySet):
    def for_month(self, month: Month) -> "ScoreTemplate | None":
        """The template a month is scored with: the newest valid by its first day."""
        return (
            self.filter(valid_from__lte=month.start)
            .order_by("-valid_from")
            .prefetch_related("items")
            .first()
        )


class ScoreTemplate(models.Model):
    name = models.CharField(_("template name"), max_length=60)
    valid_from = models.DateField(
        _("applies from"),
        unique=True,
        help_text=_("The first month scored with this template (the 1st of that month)."),
    )
    note = models.TextField(_("what changed"), blank=True, max_length=TEXT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScoreTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring template")
        verbose_name_plural = _("scoring templates (月规范评分表)")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%Y-%m})"

    def clean(self):
        super().clean()
        if self.valid_from and self.valid_from.day != 1:
            raise ValidationError({"valid_from": _("A template applies from the 1st of a month.")})

    @property
    def in_use(self) -> bool:
        return self.pk is not None and self.scores.exists()


class ScoreItem(models.Model):
    template = models.ForeignKey(
        ScoreTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("scoring item"), max_length=60)
    guidance = models.CharField(_("how to score"), max_length=200, blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    needs_sign_in = models.BooleanField(
        _("needs sign-in records"),
        default=False,
        db_default=False,
        help_text=_(
            "An organisation with no activity with sign-in records in the month "
            "gets at most half of this item's points (assessments.services.scores)."
        ),
    )

    class Meta:
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        ordering = ["template", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="score_item_unique_name"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="score_item_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"
