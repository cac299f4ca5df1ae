import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from lib import clock, sms
from lib.sms.templates import TEMPLATES

from .models import Notification, TextMessage, TextStatus

logger = logging.getLogger(__name__)

# A text message is tried this many times, waiting 30 s, 60 s, 120 s, 240 s
# between tries (below the broker's visibility timeout, 300 s).
TEXT_ATTEMPTS = 5


# The name is what travels on the broker, so it keeps the "orgs." it was
# born with: during a rolling upgrade an old web process may queue it for
# a new worker, or the reverse.
@shared_task(
    name="orgs.email_notification", autoretry_for=(OSError,), retry_backoff=True, max_retries=5
)
def email_notification(notification_id: int) -> bool:
    """Email a notification; a retry after a crash sends at most once more."""
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return False
    link = (
        f"\n\n{settings.SITE_URL.rstrip('/')}{note.link}" if note.link and settings.SITE_URL else ""
    )
    send_mail(note.title, f"{note.body}{link}", None, [note.user.email])
    return True


@shared_task(name="notifications.send_text")
def send_text(message_id: int) -> str:
    """Send one text message through the configured backend; returns its
    status. The row is locked while it is sent, so two deliveries of the task
    (a worker killed after sending, its message handed to another) send it
    once unless the first died between the provider's answer and the commit.
    A retryable failure is tried again later, up to TEXT_ATTEMPTS times."""
    backend = sms.backend()
    with transaction.atomic():
        message = (
            TextMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status__in=[TextStatus.QUEUED, TextStatus.RETRYING])
            .first()
        )
        if message is None:
            return "gone"
        message.attempts += 1
        message.backend = backend.name
        try:
            message.provider_id = backend.send(message.phone, message.template, message.params)
        except sms.SendError as exc:
            message.error = exc.reason[:200]
            retry = exc.retryable and message.attempts < TEXT_ATTEMPTS
            message.status = TextStatus.RETRYING if retry else TextStatus.FAILED
            if not retry and TEMPLATES[message.template].secret:
                message.params = {}  # a code that never left is kept nowhere either
            logger.warning(
                "Text message %s (%s) failed, attempt %s: %s",
                message.pk,
                message.template,
                message.attempts,
                exc.reason,
            )
        else:
            message.status = TextStatus.SENT
            message.sent_at = clock.now()
            message.error = ""
            if TEMPLATES[message.template].secret and backend.name != "outbox":
                message.params = {}  # a sign-in code is kept nowhere once sent
        message.save()
    if message.status == TextStatus.RETRYING:
        countdown = 30 * 2 ** (message.attempts - 1)
        transaction.on_commit(
            lambda: send_text.apply_async((message_id,), countdown=countdown), robust=True
        )
    return message.status


@shared_task(name="notifications.resend_stale_texts")
def resend_stale_texts() -> int:
    """Queue again the messages still waiting after ten minutes (the broker
    was down when they were queued, or their task was lost)."""
    stale = TextMessage.objects.filter(
        status__in=[TextStatus.QUEUED, TextStatus.RETRYING],
        created_at__lt=clock.now() - timedelta(minutes=10),
        attempts__lt=TEXT_ATTEMPTS,  # never a message without end
    ).values_list("pk", flat=True)[:1000]
    count = 0
    for pk in stale:
        send_text.delay(pk)
        count += 1
    return count
