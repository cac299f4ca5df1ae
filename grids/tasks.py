"""Scheduled jobs of the grids app; each is set-based and safe to run twice."""

from celery import shared_task

from . import maps, services


@shared_task(name="grids.escalate_overdue")
def escalate_overdue() -> dict:
    """Escalate overdue tickets from community to street to district."""
    return {int(level): count for level, count in services.escalate_overdue().items()}


@shared_task(name="grids.close_unanswered")
def close_unanswered() -> int:
    """Close resolved tickets the resident did not rate in time, as "no answer"."""
    return services.close_unanswered()


@shared_task(name="grids.count_ticket_cells")
def count_ticket_cells() -> int:
    """Count the tickets per map cell again, for the staff map's city-wide views."""
    return maps.count_ticket_cells()
