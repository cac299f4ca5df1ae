"""The Celery app. Periodic schedules are declared here, in code, and reviewed
like code; run exactly one beat process per deployment."""

import os

from celery import Celery
from celery.schedules import crontab

from config.logs import connect_celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("shequ")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
connect_celery()  # the request id travels with the tasks a request queues

app.conf.beat_schedule = {
    # Every morning: platforms whose checklist tasks are overdue get a
    # supervision order (督办单); a platform gets one per task list.
    "incubators-check-checklists": {
        "task": "incubators.check_checklists",
        "schedule": crontab(minute=30, hour=6),
    },
    # Bidding closes to the minute it is announced for: from then on a
    # project reads as closed (Project.current_status) whether or not this
    # has run, and the next write on it closes it first, so a late run, or
    # no beat at all, loses nothing. This stores the move and notifies.
    "projects-close-bidding": {
        "task": "projects.close_bidding",
        "schedule": crontab(minute="*/5"),
    },
    # An award on public notice takes effect when its period ends (at
    # midnight) with no objection pending or upheld; like bidding, it reads
    # as awarded from then on, and the next write on the project stores it.
    "projects-take-effect": {
        "task": "projects.take_effect",
        "schedule": crontab(minute="*/5"),
    },
    # Tickets: overdue ones escalate each morning before work starts;
    # resolved ones nobody rated close as "no answer" at night.
    "grids-escalate-overdue": {
        "task": "grids.escalate_overdue",
        "schedule": crontab(minute=0, hour=7),
    },
    "grids-close-unanswered": {
        "task": "grids.close_unanswered",
        "schedule": crontab(minute=30, hour=1),
    },
    # The staff map's counts per cell, for its city-wide views (grids/maps.py).
    "grids-count-ticket-cells": {
        "task": "grids.count_ticket_cells",
        "schedule": crontab(minute="*/5"),
    },
    # Assessments (seed 001): each rollup takes the period just ended. The
    # monthly one closes last month's scores on the 5th, so operators have
    # the first days of a month to score the one before; the quarterly one
    # follows on the 6th (the quarter's last monthly reports are in by then);
    # the annual one waits until mid-January for the year-end self, peer and
    # residents' assessments to be entered.
    "assessments-monthly-rollup": {
        "task": "assessments.monthly_rollup",
        "schedule": crontab(minute=0, hour=2, day_of_month=5),
    },
    "assessments-quarterly-rollup": {
        "task": "assessments.quarterly_rollup",
        "schedule": crontab(minute=0, hour=3, day_of_month=6, month_of_year="1,4,7,10"),
    },
    "assessments-annual-rollup": {
        "task": "assessments.annual_rollup",
        "schedule": crontab(minute=0, hour=4, day_of_month=15, month_of_year=1),
    },
    # Download-centre files past their keeping days are deleted at night.
    "orgs-purge-downloads": {
        "task": "orgs.purge_downloads",
        "schedule": crontab(minute=15, hour=3),
    },
    # Spreadsheets checked for import but never confirmed, after a day.
    "orgs-purge-import-staging": {
        "task": "orgs.purge_import_staging",
        "schedule": crontab(minute=20, hour=3),
    },
    # Text messages still queued after ten minutes (the broker was down when
    # they were queued) are queued again; sending is safe to repeat.
    "notifications-resend-stale-texts": {
        "task": "notifications.resend_stale_texts",
        "schedule": crontab(minute="*/10"),
    },
    # Residents' sign-in codes past a day: each names a phone, and the
    # limits read the last hour only.
    "residents-forget-old-codes": {
        "task": "residents.forget_old_codes",
        "schedule": crontab(minute=25, hour=3),
    },
    # Exchanges in the points mall not picked up in time give their points
    # and stock back; one transaction each, guarded by its status, so a rerun
    # or a killed worker returns nothing twice.
    "mall-expire-exchanges": {
        "task": "mall.expire_exchanges",
        "schedule": crontab(minute=5),
    },
    "projects-remind-deadlines": {
        "task": "projects.remind_deadlines",
        "schedule": crontab(minute=0, hour=9),
    },
}
