"""Text messages (SMS) to phones, behind `notifications.notify`.

    text(phones, Text("tracking", {"number": "1024"}, link="/public/tickets/…/"), key=…)

records one `TextMessage` per phone and queues the Celery task that sends it
(through settings.SMS_BACKEND, lib/sms) once the transaction commits. A
`link` becomes a short link (/t/<code>, the template's `link` variable). Not
sent, and recorded as such: to a number that opted out (but a code it asked
for), past SMS_PER_PHONE_PER_DAY messages to the number in a day (codes have
their own limits, residents.codes). A `key` makes a message once-only per
phone, like notify's. The number of queries does not depend on the number
of phones.

Nothing here logs a phone, a variable or a message's text.
"""

import secrets
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count

from lib import clock
from lib.sms.templates import TEMPLATES
from lib.validators import normalise_phone

from .models import PhoneOptOut, ShortLink, SkipReason, TextMessage, TextStatus
from .tasks import send_text

# Short codes: 8 characters of an alphabet without look-alikes (0/O, 1/l/I):
# 31**8 ≈ 8.5e11 codes, so a guess finds nothing (and /t/ misses are limited).
ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz"
CODE_LENGTH = 8


class Text(NamedTuple):
    template: str  # a key of lib.sms.templates.TEMPLATES
    params: dict[str, str] = {}
    link: str = ""  # a path of the platform, sent as a short link


def short_link(target: str, *, days: int | None = None) -> ShortLink:
    days = settings.SHORT_LINK_DAYS if days is None else days
    expires = clock.now() + timedelta(days=days)
    for _attempt in range(5):
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                return ShortLink.objects.create(code=code, target=target, expires_at=expires)
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("no free short code")


def text(phones, message: Text, *, key: str = "") -> list[TextMessage]:
    """Record and queue `message` for each phone (a mobile number; others are
    left out); returns the records, those not sent included."""
    template = TEMPLATES[message.template]
    wanted = []
    for phone in phones:
        phone = normalise_phone(phone or "")
        if len(phone) == 11 and phone.isdigit() and phone not in wanted:
            wanted.append(phone)
    if key and wanted:
        told = TextMessage.objects.filter(key=key, phone__in=wanted).values_list("phone", flat=True)
        wanted = [p for p in wanted if p not in set(told)]
    if not wanted:
        return []
    skipped: dict[str, str] = {}
    if not template.asked_for:
        for phone in PhoneOptOut.objects.filter(phone__in=wanted).values_list("phone", flat=True):
            skipped[phone] = SkipReason.OPTED_OUT
        day_ago = clock.now() - timedelta(days=1)
        recent = (
            TextMessage.objects.filter(phone__in=wanted, created_at__gte=day_ago)
            .exclude(template="code")
            .exclude(status=TextStatus.SKIPPED)
            .values("phone")
            .annotate(n=Count("pk"))
        )
        for row in recent:
            if row["n"] >= settings.SMS_PER_PHONE_PER_DAY:
                skipped.setdefault(row["phone"], SkipReason.DAILY_LIMIT)
    records = []
    for phone in wanted:
        params = {name: str(value) for name, value in message.params.items()}
        if message.link and phone not in skipped:
            params["link"] = short_link(message.link).code
        records.append(
            TextMessage(
                phone=phone,
                template=message.template,
                params={} if phone in skipped and template.secret else params,
                key=key,
                status=TextStatus.SKIPPED if phone in skipped else TextStatus.QUEUED,
                skipped_because=skipped.get(phone, ""),
            )
        )
    try:
        with transaction.atomic():
            records = TextMessage.objects.bulk_create(records)
    except IntegrityError:
        # Another run sent some of the same keyed messages a moment ago.
        records = [r for r in records if _one(r)]
    for record in records:
        if record.status == TextStatus.QUEUED:
            # robust: with the broker down the message stays queued, and the
            # sweep (resend_stale_texts) sends it later.
            transaction.on_commit(lambda pk=record.pk: send_text.delay(pk), robust=True)
    return records


def _one(record: TextMessage) -> bool:
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def resend(messages) -> int:
    """Queue again the FAILED ones of `messages` (an administrator's "send
    again", once the provider's problem is fixed); returns how many. Their
    attempts so far stay counted."""
    with transaction.atomic():
        pks = list(
            TextMessage.objects.select_for_update()
            .filter(pk__in=[m.pk for m in messages], status=TextStatus.FAILED)
            .values_list("pk", flat=True)
        )
        TextMessage.objects.filter(pk__in=pks).update(status=TextStatus.QUEUED)
        for pk in pks:
            transaction.on_commit(lambda pk=pk: send_text.delay(pk), robust=True)
    return len(pks)


def opt_out(phone: str, *, by=None) -> None:
    PhoneOptOut.objects.get_or_create(phone=normalise_phone(phone), defaults={"recorded_by": by})


def opt_in(phone: str) -> None:
    PhoneOptOut.objects.filter(phone=normalise_phone(phone)).delete()


def is_opted_out(phone: str) -> bool:
    return PhoneOptOut.objects.filter(phone=normalise_phone(phone)).exists()


def month_day(day) -> str:
    """A date as a reminder's short variable (the template's {date}): 12月9日."""
    return f"{day.month}月{day.day}日"
