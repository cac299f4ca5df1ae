"""The rollups as Celery tasks, scheduled in config/celery.py.

Beat calls them without arguments: each then rolls up the period that has
just ended (in the platform's time zone). Given a period, they roll up that
one; `manage.py rollup` does the same by hand. Safe to run twice; a copy
redelivered while the first still runs leaves it to the first.
"""

import logging

from celery import shared_task
from django.utils import timezone

from orgs.periods import Month, Quarter

from .models import RollupKind
from .rollups import run_annual, run_monthly, run_quarterly
from .rollups.runs import running_elsewhere

log = logging.getLogger(__name__)
BUSY = {"skipped": "running in another worker"}


def _busy(kind: str, period: str) -> bool:
    if running_elsewhere(kind, period):
        log.info("%s rollup %s is running in another worker; leaving it", kind, period)
        return True
    return False


@shared_task(name="assessments.monthly_rollup")
def monthly_rollup(year: int | None = None, month: int | None = None) -> dict:
    period = Month(year, month) if year else Month.of(timezone.localdate()).previous()
    return BUSY if _busy(RollupKind.MONTHLY, period.key) else run_monthly(period)


@shared_task(name="assessments.quarterly_rollup")
def quarterly_rollup(year: int | None = None, quarter: int | None = None) -> dict:
    period = Quarter(year, quarter) if year else Quarter.current().previous()
    return BUSY if _busy(RollupKind.QUARTERLY, period.key) else run_quarterly(period)


@shared_task(name="assessments.annual_rollup")
def annual_rollup(year: int | None = None) -> dict:
    year = year or timezone.localdate().year - 1
    return BUSY if _busy(RollupKind.ANNUAL, str(year)) else run_annual(year)
