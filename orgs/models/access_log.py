"""Who received phone or ID numbers unmasked: one row a request (see orgs.privacy)."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessSurface(models.TextChoices):
    EXPORT = "export", _("Export")
    API = "api", _("API")
    ADMIN = "admin", _("Admin page")
    PAGE = "page", _("Portal page")


class AccessLog(models.Model):
    """Written by `orgs.privacy.record_access`, never edited: the model has
    only the view permission, which only platform administrators hold."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,  # an account that was logged is deactivated, not deleted
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    surface = models.CharField(_("access channel"), max_length=8, choices=AccessSurface.choices)
    what = models.CharField(
        _("accessed data"), max_length=120, help_text=_("The record type or the export's ledger.")
    )
    object_id = models.CharField(_("record number"), max_length=40, blank=True)
    rows = models.PositiveIntegerField(_("number of records"), default=1)
    kinds = models.CharField(
        _("personal data"), max_length=40, help_text=_("What was shown in full.")
    )
    path = models.CharField(_("page address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["-at"], name="accesslog_recent"),
            models.Index(fields=["user", "-at"], name="accesslog_user_recent"),
        ]

    def __str__(self):
        return (
            f"{self.user} {self.get_surface_display()} {self.what_label} {self.object_id}".strip()
        )

    @property
    def what_label(self) -> str:
        """What was read, by name: `what` holds a model's label ("orgs.person")
        or an export's ledger."""
        try:
            return str(apps.get_model(self.what)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.what
