"""Messages to a user inside the platform (站内通知), sometimes also by email."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.fields import StampedAt


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(
        _("key"),
        max_length=120,
        blank=True,
        help_text=_("Set for messages that must reach a user once, such as a deadline reminder."),
    )
    created_at = StampedAt(_("sent at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # The table it had in orgs, where it was born: the move was a change
        # of address in the code only (migrations 0001 here, orgs 0013).
        db_table = "orgs_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self):
        return self.title
