"""Transformation history (转型): the events that changed what an organisation is."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.fields import StampedAt
from lib.limits import TEXT
from orgs.scoping import ScopedQuerySet


class TransformationKind(models.TextChoices):
    BECAME_COMMUNITY_ORGANISATION = (
        "to_community",
        _("Self-organised group became a community social organisation"),
    )
    BECAME_SERVICE_ORIENTED = "to_service", _("Static group became service-oriented")
    MERGED = "merger", _("Merger")
    UPGRADED = "upgrade", _("Upgraded to a registered organisation or social enterprise")
    DISSOLVED = "dissolution", _("Dissolution")


class TransformationQuerySet(ScopedQuerySet):
    area_path = "organisation__area__code"
    organisation_path = "organisation"


class Transformation(models.Model):
    """An event, dated and attributed. For a merger the event is recorded on
    the resulting organisation (with `merged` listing the others) and on each
    merged one (with `result` pointing at where it went)."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="transformations",
    )
    kind = models.CharField(
        _("kind of transformation"), max_length=14, choices=TransformationKind.choices
    )
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True, max_length=TEXT)
    changes = models.JSONField(
        _("what changed"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    result = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("organisations merged in"), blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = StampedAt(_("recorded at"), auto_now_add=True)

    objects = TransformationQuerySet.as_manager()

    class Meta:
        verbose_name = _("transformation")
        verbose_name_plural = _("transformations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.occurred_on} {self.get_kind_display()}"
