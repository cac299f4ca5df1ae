"""Check-in by a rotating QR code (扫码签到).

The organiser's page shows a QR code of a link carrying a code that changes
every minute: the first letters of HMAC(SECRET_KEY, purpose, activity id,
minute number) in base32. Nothing is stored: the code of the current minute
and of the one before it (a slow camera, a phone that signs in first) is
taken, any other is refused. A photo of the code sent to someone at home is
dead within two minutes, and a code of one activity opens no other.

Scanning checks the person in (an `Attendance`); a later scan checks them
out. A volunteer signed up to serve gets the hours between, rounded to the
half hour and capped by the activity's length, as service hours and points
in the ledger (orgs.services.volunteering.record_service), linked on the
attendance. Scans count only on the day of the activity, from
ACTIVITY_CHECKIN_EARLY_MINUTES before it starts to
ACTIVITY_CHECKIN_LATE_MINUTES after it ends.

Two scans of one person at once (a double tap, two tabs) count once: the
activity's row is locked while the attendance is read and written, and
`attendance_once` holds if anything slips past. A check-out also locks the
attendance's row and reads it again under the lock, so the hours and points
are recorded once even by a caller that does not hold the activity's lock.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from orgs.services.volunteering import record_service

from .models import Activity, ActivityStatus, Attendance, Registration

PURPOSE = "activities.checkin"
CODE_LENGTH = 10
CHECKED_IN, CHECKED_OUT = "in", "out"


def minute_of(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def code_for(activity_id: int, minute: int) -> str:
    message = f"{PURPOSE}:{activity_id}:{minute}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CODE_LENGTH].lower()


def current_code(activity_id: int, moment: datetime | None = None) -> str:
    return code_for(activity_id, minute_of(moment or clock.now()))


def seconds_left(moment: datetime | None = None) -> int:
    """Seconds until the code changes."""
    moment = moment or clock.now()
    return 60 - int(moment.timestamp()) % 60


def code_is_valid(activity_id: int, code: str, moment: datetime | None = None) -> bool:
    """The code of this minute or of the one before, for this activity."""
    minute = minute_of(moment or clock.now())
    code = (code or "").strip().lower()
    return any(hmac.compare_digest(code, code_for(activity_id, m)) for m in (minute, minute - 1))


def window(activity: Activity) -> tuple[datetime, datetime]:
    early = timedelta(minutes=settings.ACTIVITY_CHECKIN_EARLY_MINUTES)
    late = timedelta(minutes=settings.ACTIVITY_CHECKIN_LATE_MINUTES)
    return activity.starts_at - early, activity.ends_at + late


def refuse_outside_window(activity: Activity, moment: datetime) -> None:
    if activity.status != ActivityStatus.PUBLISHED:
        raise ValidationError(_("This activity is not open: it is cancelled or not published."))
    opens, closes = window(activity)
    local_day = timezone.localdate(moment)
    if timezone.localdate(activity.starts_at) != local_day and moment < opens:
        raise ValidationError(_("This activity is not today: sign-in opens on its day."))
    if moment < opens:
        raise ValidationError(
            _("Sign-in has not started: it opens %(minutes)d minutes before the activity.")
            % {"minutes": settings.ACTIVITY_CHECKIN_EARLY_MINUTES}
        )
    if moment > closes:
        raise ValidationError(_("Sign-in for this activity is over."))


def hours_between(activity: Activity, start: datetime, end: datetime) -> Decimal:
    """Hours served: to the nearest half hour, no more than the activity lasts."""
    served = min(end - start, activity.ends_at - activity.starts_at)
    halves = (Decimal(served.total_seconds()) / Decimal(1800)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return (halves / 2).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Scan:
    attendance: Attendance
    action: str  # CHECKED_IN or CHECKED_OUT
    hours: Decimal | None = None


def scan(*, activity_id: int, code: str, person, moment: datetime | None = None) -> Scan:
    """Check `person` in, or out if already in. Refused with the reason, and
    nothing written, when the code is not this activity's current one, the
    activity is not on now, or they checked out already or too soon."""
    moment = moment or clock.now()
    if not code_is_valid(activity_id, code, moment):
        raise ValidationError(
            _("This code has expired or belongs to another activity. Scan the code shown now.")
        )
    return scan_with_pass(activity_id=activity_id, person=person, moment=moment)


def scan_with_pass(*, activity_id: int, person, moment: datetime | None = None) -> Scan:
    """As `scan`, for a code already checked (before the person signed in)."""
    moment = moment or clock.now()
    try:
        with transaction.atomic():
            activity = Activity.objects.select_for_update().get(pk=activity_id)
            refuse_outside_window(activity, moment)
            attendance = Attendance.objects.filter(activity=activity, person=person).first()
            if attendance is None:
                attendance = Attendance.objects.create(
                    activity=activity, person=person, checked_in_at=moment
                )
                return Scan(attendance, CHECKED_IN)
            return _check_out(activity, attendance, moment)
    except IntegrityError:
        # A parallel scan of the same person won the race: theirs counts.
        raise ValidationError(_("You are already checked in to this activity.")) from None


def _check_out(activity, attendance, moment) -> Scan:
    # The attendance's row lock, and its state read again under it: two
    # check-outs at once (whoever else holds the activity's lock or not)
    # record the hours and points once; the second is told it is done.
    attendance = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=attendance.pk)
    )
    if attendance.checked_out_at is not None:
        raise ValidationError(_("You have already checked out of this activity."))
    soonest = attendance.checked_in_at + timedelta(minutes=settings.ACTIVITY_CHECKOUT_MIN_MINUTES)
    if moment < soonest:
        raise ValidationError(
            _(
                "You checked in at %(time)s. Scan again to check out when you leave, "
                "at least %(minutes)d minutes later."
            )
            % {
                "time": timezone.localtime(attendance.checked_in_at).strftime("%H:%M"),
                "minutes": settings.ACTIVITY_CHECKOUT_MIN_MINUTES,
            }
        )
    attendance.checked_out_at = moment
    hours = None
    serving = Registration.objects.filter(
        activity=activity, person=attendance.person, as_volunteer=True, cancelled_at__isnull=True
    ).exists()
    if serving:
        hours = hours_between(activity, attendance.checked_in_at, moment)
        if hours > 0:
            attendance.service_record = record_service(
                person=attendance.person,
                served_on=timezone.localdate(activity.starts_at),
                hours=hours,
                activity=activity.title,
                by=activity.created_by,
                organisation=activity.organisation,
            )
    attendance.save(update_fields=["checked_out_at", "service_record"])
    return Scan(attendance, CHECKED_OUT, hours)
