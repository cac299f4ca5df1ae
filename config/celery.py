"""The Celery app. Periodic schedules are declared here, in code, and reviewed
like code; run exactly one beat process per deployment."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("shequ")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Every morning: platforms whose checklist tasks are overdue get a
    # supervision order (督办单); a platform gets one per task list.
    "incubators-check-checklists": {
        "task": "incubators.check_checklists",
        "schedule": crontab(minute=30, hour=6),
    },
    # Bidding closes to the minute it is announced for; pages close a
    # project they find past its time too, so a late run loses nothing.
    "projects-close-bidding": {
        "task": "projects.close_bidding",
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
    "projects-remind-deadlines": {
        "task": "projects.remind_deadlines",
        "schedule": crontab(minute=0, hour=9),
    },
}
