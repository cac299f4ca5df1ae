"""Background jobs of the incubators app. Tasks take ids or nothing, call a
service, and are safe to run twice."""

from celery import shared_task

from .services.checklists import issue_supervision_orders


@shared_task(name="incubators.check_checklists")
def check_checklists() -> int:
    """Issue supervision orders (督办单) to platforms lagging on their tasks."""
    return len(issue_supervision_orders())
