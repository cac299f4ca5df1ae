"""The rollups as Celery tasks, scheduled in config/celery.py.

Beat calls them without arguments: each then rolls up the period that has
just ended (in the platform's time zone). Given a period, they roll up that
one; `manage.py rollup` does the same by hand. Safe to run twice.
"""

from celery import shared_task
from django.utils import timezone

from orgs.periods import Month, Quarter

from .rollups import run_annual, run_monthly, run_quarterly


@shared_task(name="assessments.monthly_rollup")
def monthly_rollup(year: int | None = None, month: int | None = None) -> dict:
    period = Month(year, month) if year else Month.of(timezone.localdate()).previous()
    return run_monthly(period)


@shared_task(name="assessments.quarterly_rollup")
def quarterly_rollup(year: int | None = None, quarter: int | None = None) -> dict:
    period = Quarter(year, quarter) if year else Quarter.current().previous()
    return run_quarterly(period)


@shared_task(name="assessments.annual_rollup")
def annual_rollup(year: int | None = None) -> dict:
    return run_annual(year or timezone.localdate().year - 1)
