"""Messages to a user inside the platform (站内通知), sometimes also by email."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib.fields import StampedAt
from lib.masking import PHONE, Masked


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


# --- Text messages (SMS) to a phone ------------------------------------------


class TextStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, trying again")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class SkipReason(models.TextChoices):
    OPTED_OUT = "opted_out", _("The number asked not to get messages")
    DAILY_LIMIT = "daily_limit", _("The number had its messages for the day")


class TextKind(models.TextChoices):
    """The templates of lib/sms/templates.py, named for staff."""

    CODE = "code", _("Sign-in code")
    TRACKING = "tracking", _("Report received, with its tracking link")
    NEED = "need", _("Request received, with its tracking link")
    RATING = "rating", _("Resolved, with the rating link")
    REMINDER = "reminder", _("Reminder of a deadline")
    GUARDIAN = "guardian", _("A minor's volunteer registration, with the guardian's consent link")


class TextMessage(models.Model):
    """Every text message to a phone, kept: queued, sent, failed or retried
    (the Celery task `notifications.send_text`), or not sent and why. With
    the embedded default nothing leaves and this table is the outbox. A login
    code's variables are wiped once it is sent."""

    phone = models.CharField(_("phone"), max_length=20)
    template = models.CharField(_("message"), max_length=20, choices=TextKind)
    params = models.JSONField(_("variables"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=120, blank=True)
    status = models.CharField(
        _("sending status"), max_length=10, choices=TextStatus, default=TextStatus.QUEUED
    )
    skipped_because = models.CharField(
        _("not sent because"), max_length=12, choices=SkipReason, blank=True
    )
    backend = models.CharField(_("sent through"), max_length=40, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = StampedAt(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    phone_masked = Masked("phone", PHONE)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages (短信)")
        ordering = ["-created_at", "-id"]
        indexes = [
            # A phone's messages of the last day or hour (the limits).
            models.Index(fields=["phone", "created_at"], name="text_phone_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["phone", "key"], condition=~Q(key=""), name="text_once_per_key"
            )
        ]

    def __str__(self):
        return f"{self.get_template_display()} → {self.phone_masked}"


class ShortLink(models.Model):
    """/t/<code>: a short address for a page of the platform, for a message
    whose approved wording holds only the office's domain and a short
    variable. The code is random (not the page's id), so one cannot walk
    through them; it expires."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    target = models.CharField(_("opens"), max_length=300)
    created_at = StampedAt(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")

    def __str__(self):
        return f"/t/{self.code}"


class PhoneOptOut(models.Model):
    """A number that asked not to get messages (退订): nothing but the codes
    it asks for itself is sent to it."""

    phone = models.CharField(_("phone"), max_length=20, unique=True)
    at = StampedAt(_("since"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the resident opted out themselves."),
    )

    phone_masked = Masked("phone", PHONE)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("numbers that opted out of messages")

    def __str__(self):
        return self.phone_masked
