"""Telling people: one call for every app.

    notify(users, title, body, link=..., key=...)      the same message to each
    send([Message(user, title, body, link), ...], key=...)   a message each

write one in-platform notification per user and, for users with an email
address when email is configured, queue the email after the transaction
commits. With `text=Text(template, params, link=...)` the users with a phone
also get it as a text message, and so do `phones` (residents, who have no
account): see notifications/texts.py. A `key` makes the message once-only per user (reminders run every
day; a user hears of a deadline once). Either call costs the same few
queries however many people it tells (a scheduled job may tell hundreds).
"""

from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Notification
from .tasks import email_notification
from .texts import Text
from .texts import text as _text


class Message(NamedTuple):
    user: object  # orgs.models.User (or None: skipped, like an inactive user)
    title: str
    body: str = ""
    link: str = ""


def notify(
    users,
    title: str,
    body: str = "",
    *,
    link: str = "",
    key: str = "",
    text: Text | None = None,
    phones=(),
) -> list[Notification]:
    notes = send([Message(user, title, body, link) for user in users], key=key)
    if text is not None:
        # Users told now (not those told before under the same key), and the
        # residents' phones.
        _text([*(note.user.phone for note in notes if note.user.phone), *phones], text, key=key)
    return notes


def send(messages, *, key: str = "") -> list[Notification]:
    """One notification for each active user of `messages` (the first message
    to a user counts), except users who already have one with `key`: one
    query for those, one insert for all (per batch on SQLite)."""
    chosen: dict[int, Message] = {}
    for message in messages:
        if message.user is not None and message.user.is_active:
            chosen.setdefault(message.user.pk, message)
    if key and chosen:
        told = Notification.objects.filter(key=key, user__in=list(chosen))
        for pk in told.values_list("user_id", flat=True):
            del chosen[pk]
    notes = [
        Notification(user=m.user, title=str(m.title), body=str(m.body), link=m.link, key=key)
        for m in chosen.values()
    ]
    if not notes:
        return []
    try:
        with transaction.atomic():
            sent = Notification.objects.bulk_create(notes)
    except IntegrityError:
        # Another run sent some of the same keyed messages a moment ago:
        # one at a time then, skipping those.
        sent = [note for note in notes if _one(note)]
    for note in sent:
        if note.user.email and settings.EMAIL_NOTIFICATIONS:
            # robust: with the broker down the email is lost (and logged), but
            # the notification is saved and the user's action goes through.
            transaction.on_commit(lambda pk=note.pk: email_notification.delay(pk), robust=True)
    return sent


def _one(note: Notification) -> bool:
    try:
        with transaction.atomic():
            note.save(force_insert=True)
    except IntegrityError:
        return False
    return True
