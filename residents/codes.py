"""Sign-in by a one-time code sent to the resident's phone.

`request_code` sends a code, within limits counted where every web machine
sees them: per phone in the database (one every RESIDENT_CODE_INTERVAL_SECONDS,
RESIDENT_CODES_PER_PHONE_HOUR an hour), per client address in the cache
(RESIDENT_CODES_PER_ADDRESS_HOUR an hour, lib.throttle; Redis in production).
A new code replaces the phone's open one. `verify_code` checks a code: it
works once, for RESIDENT_CODE_MINUTES, and dies after RESIDENT_CODE_ATTEMPTS
wrong tries.

Each refusal is a ValidationError in plain words (its `code` names it for the
API) and changes nothing but what it must count: a wrong code counts a try.
Nothing here logs a phone or a code.
"""

import re
import secrets
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib import clock, throttle
from lib.validators import MOBILE, normalise_phone
from notifications.texts import Text, text

from .models import SignInCode

ADDRESS_SCOPE = "resident-code"
CODE_DIGITS = 6


def mobile(phone: str) -> str:
    """The number as stored (11 digits), or a refusal saying what is wanted."""
    number = normalise_phone(phone or "")
    if not MOBILE.match(number):
        raise ValidationError(
            _("Enter the 11-digit mobile number the code should go to, e.g. 13812345678."),
            code="phone",
        )
    return number


def code_hash(phone: str, code: str) -> str:
    return salted_hmac("residents.codes", f"{phone}:{code}", algorithm="sha256").hexdigest()


def seconds_until_next(phone: str) -> int:
    """How long the phone waits before it may ask for another code (0: now)."""
    last = SignInCode.objects.filter(phone=phone).order_by("-created_at", "-id").first()
    if last is None:
        return 0
    ready = last.created_at + timedelta(seconds=settings.RESIDENT_CODE_INTERVAL_SECONDS)
    return max(0, int((ready - clock.now()).total_seconds() + 0.999))


def request_code(phone: str, *, address: str) -> SignInCode:
    """Send a new sign-in code to `phone`, asked from client `address`."""
    phone = mobile(phone)
    if throttle.over_limit_at(address, ADDRESS_SCOPE, settings.RESIDENT_CODES_PER_ADDRESS_HOUR):
        raise ValidationError(
            _("Too many codes were asked for from here in the last hour; please try again later."),
            code="address_limit",
        )
    wait = seconds_until_next(phone)
    if wait:
        raise ValidationError(
            ngettext(
                "A code was sent a moment ago; you can ask for another in %(seconds)d second.",
                "A code was sent a moment ago; you can ask for another in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait},
            code="too_soon",
        )
    now = clock.now()
    sent_this_hour = SignInCode.objects.filter(
        phone=phone, created_at__gt=now - timedelta(hours=1)
    ).count()
    if sent_this_hour >= settings.RESIDENT_CODES_PER_PHONE_HOUR:
        raise ValidationError(
            _("This number has had its codes for the hour; please try again later."),
            code="phone_limit",
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    minutes = settings.RESIDENT_CODE_MINUTES
    try:
        with transaction.atomic():
            SignInCode.objects.filter(
                phone=phone, used_at__isnull=True, replaced_at__isnull=True
            ).update(replaced_at=now)
            # Another request for the same phone committed first: the
            # constraint refuses this one (one open code per phone).
            record = SignInCode.objects.create(
                phone=phone,
                code_hash=code_hash(phone, code),
                expires_at=now + timedelta(minutes=minutes),
            )
            text([phone], Text("code", {"code": code, "minutes": minutes}))
    except IntegrityError:
        raise ValidationError(
            _("A code was sent a moment ago; please wait for it."), code="too_soon"
        ) from None
    throttle.count_at(address, ADDRESS_SCOPE)
    return record


def verify_code(phone: str, code: str) -> str:
    """The phone, signed in by `code`; or why not."""
    phone = mobile(phone)
    code = re.sub(r"\s", "", unicodedata.normalize("NFKC", code or ""))  # full-width digits
    refusal = None
    with transaction.atomic():
        record = (
            SignInCode.objects.select_for_update()
            .filter(phone=phone, replaced_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if record is None:
            refusal = ValidationError(
                _("Please ask for a code first."),
                code="no_code",
            )
        elif record.used_at is not None:
            refusal = ValidationError(
                _("This code has already been used; please ask for a new one."), code="used"
            )
        elif record.expires_at <= clock.now():
            refusal = ValidationError(
                _("This code has expired; please ask for a new one."), code="expired"
            )
        elif record.wrong_tries >= settings.RESIDENT_CODE_ATTEMPTS:
            refusal = ValidationError(
                _("Too many wrong tries for this code; please ask for a new one."),
                code="tries",
            )
        elif not constant_time_compare(record.code_hash, code_hash(phone, code)):
            # The try is counted (and kept: the refusal is raised after the commit).
            record.wrong_tries += 1
            record.save(update_fields=["wrong_tries"])
            left = settings.RESIDENT_CODE_ATTEMPTS - record.wrong_tries
            refusal = ValidationError(
                ngettext(
                    "The code is not right; you can try %(left)d more time.",
                    "The code is not right; you can try %(left)d more times.",
                    left,
                )
                % {"left": left}
                if left
                else _(
                    "The code is not right, and it may not be tried again; please ask for a new one."
                ),
                code="wrong",
            )
        else:
            record.used_at = clock.now()
            record.save(update_fields=["used_at"])
    if refusal is not None:
        raise refusal
    return phone


def forget_old_codes() -> int:
    """Delete the codes of more than a day ago (nightly, config/celery.py):
    the limits read the last hour only, and each row names a phone."""
    old = SignInCode.objects.filter(created_at__lt=clock.now() - timedelta(days=1))
    deleted, _by_model = old.delete()
    return deleted
