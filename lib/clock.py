"""The platform's "today": the one date every deadline, escalation, lag check
and closing of bids reads.

Usually the local calendar date. A demo or a training copy pins it
(`PLATFORM_TODAY=2026-11-24`), so that its deadlines stay where its story put
them whatever day it is built or shown, and beat does not turn it overdue.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone


def today() -> date:
    return getattr(settings, "PLATFORM_TODAY", None) or timezone.localdate()
