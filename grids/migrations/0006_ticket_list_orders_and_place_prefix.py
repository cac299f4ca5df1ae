"""Indexes in the orders the city-wide ticket lists use, and for the admin's
search by the start of a ticket's place (grids.Ticket.Meta): built
CONCURRENTLY on PostgreSQL, so the release before keeps writing tickets while
they build (docs/deploy.md)."""

from django.db import migrations, models
from django.db.models import Q

from lib.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("grids", "0005_ticketevent_is_a_workflow_event"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(fields=["due_on", "-reported_at", "-id"], name="ticket_due_order"),
        ),
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(
                fields=["status", "due_on", "-reported_at", "-id"], name="ticket_status_due_order"
            ),
        ),
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(fields=["-reported_at", "-id"], name="ticket_newest_first"),
        ),
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(
                fields=["escalation"], condition=Q(escalation__gt=0), name="ticket_escalated"
            ),
        ),
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(fields=["location"], opclasses=["varchar_pattern_ops"], name="ticket_place_prefix"),
        ),
    ]
