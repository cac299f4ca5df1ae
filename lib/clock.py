"""The platform's "today": the one date every deadline, escalation, lag check
and closing of bids reads.

Usually the local calendar date. A demo or a training copy pins it
(`PLATFORM_TODAY=2026-11-24`), so that its deadlines stay where its story put
them whatever day it is built or shown, and beat does not turn it overdue.

Which clock for what:

- `today()` for every date the platform decides by: a ticket's due date and
  whether it is overdue, escalation, a platform's lagging tasks and the
  supervision order's answer date, reminders and interviews due, the
  month a rollup closes by default, and the dates of record a service writes
  for "the day this happened" (a hold's start, a fund entry's date).
- `now()` for a moment compared with such a deadline: bidding closes at
  18:00 on a day, a ticket resolved on its due date is on time, a
  supervision order must not be issued after its answer is due. On the
  pinned day it keeps the time of day, so the day still runs morning to night;
  at the real midnight it starts the same day again (a demo is shown on its
  day, not run for weeks: a training copy kept for longer should move its
  pin, or leave it and use the calendar).
  The stamps of what people do in the office's story follow it too
  (`lib.fields.StampedAt` for auto_now fields: a filing or bid submitted, a
  score given, a photo uploaded, a notice sent), so that a visitor's own
  steps in a demo read the demo's day beside its deadlines.
- `timezone.now()` (the real clock) for the timestamps of the platform's own
  machinery, compared with nothing but each other: a download built, an
  import run, a notification read, a rollup run, an API token or a signed
  link's age, a login record. Those say when something happened in the
  world; pinning them would only hide it.
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def today() -> date:
    return getattr(settings, "PLATFORM_TODAY", None) or timezone.localdate()


def now() -> datetime:
    """The real moment, moved to the platform's today (same time of day)."""
    real = timezone.now()
    pinned = getattr(settings, "PLATFORM_TODAY", None)
    if pinned is None:
        return real
    return real + (pinned - timezone.localdate(real))
