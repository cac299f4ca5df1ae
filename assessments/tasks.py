"""The rollups as Celery tasks, scheduled in config/celery.py.

Beat calls them without arguments: each then rolls up the period that has
just ended (in the platform's time zone). Given a period, they roll up that
one; `manage.py rollup` does the same by hand. Safe to run twice; a copy the
broker redelivers while the first still runs waits for it and then leaves
the period as the first finished it (see rollups.runs.recorded).
"""

import logging

from celery import shared_task
from django.utils import timezone

from lib import clock
from lib.periods import Month, Quarter, Year

from .rollups import run_annual, run_monthly, run_quarterly
from .rollups.runs import FinishedMeanwhile

log = logging.getLogger(__name__)
DONE_MEANWHILE = {"skipped": "finished by another worker"}


def _once(run, period, started):
    try:
        return run(period, unless_finished_since=started)
    except FinishedMeanwhile as done:
        log.info("rollup %s was finished by another worker meanwhile", done)
        return DONE_MEANWHILE


@shared_task(name="assessments.monthly_rollup")
def monthly_rollup(year: int | None = None, month: int | None = None) -> dict:
    started = timezone.now()
    period = Month(year, month) if year else Month.of(clock.today()).previous()
    return _once(run_monthly, period, started)


@shared_task(name="assessments.quarterly_rollup")
def quarterly_rollup(year: int | None = None, quarter: int | None = None) -> dict:
    started = timezone.now()
    period = Quarter(year, quarter) if year else Quarter.current().previous()
    return _once(run_quarterly, period, started)


@shared_task(name="assessments.annual_rollup")
def annual_rollup(year: int | None = None) -> dict:
    started = timezone.now()
    period = Year(year) if year else Year.current().previous()
    return _once(run_annual, period, started)
