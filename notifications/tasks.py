from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from .models import Notification


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
