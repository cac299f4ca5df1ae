"""Telling people: one call for every app.

    notify(users, title, body, link=..., key=...)

writes one in-platform notification per user and, for users with an email
address when email is configured, queues the email after the transaction
commits. A `key` makes the message once-only per user (reminders run every
day; a user hears of a deadline once).
"""

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Notification
from .tasks import email_notification


def notify(
    users, title: str, body: str = "", *, link: str = "", key: str = ""
) -> list[Notification]:
    sent = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        if key and Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(
                    user=user, title=str(title), body=str(body), link=link, key=key
                )
        except IntegrityError:
            continue  # the same reminder, sent a moment ago by another run
        sent.append(note)
        if user.email and settings.EMAIL_NOTIFICATIONS:
            # robust: with the broker down the email is lost (and logged), but
            # the notification is saved and the user's action goes through.
            transaction.on_commit(lambda pk=note.pk: email_notification.delay(pk), robust=True)
    return sent
