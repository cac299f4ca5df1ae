"""The Celery app. Periodic schedules are declared here, in code, and reviewed
like code; run exactly one beat process per deployment."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("shequ")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Filled in by the apps that own the jobs (rollups, escalation, exports).
app.conf.beat_schedule = {}
