"""The scheduled jobs: escalating overdue tickets and closing the ones the
resident never rated.

They are set-based: a fixed number of queries whatever the number of
tickets, and safe to run twice (a ticket escalates to a level once, closes
once).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib import clock
from notifications.services import Message, send
from orgs.models import User
from orgs.roles import Role

from ..calendar import WorkingCalendar
from ..models import CLOCK_RUNNING, EscalationLevel, Ticket, TicketEvent, TicketStatus


def close_unanswered(*, today: date | None = None, tickets=None) -> int:
    """Close resolved tickets the resident has not rated within the waiting
    days, as "no answer" (not counted as satisfied). `tickets` narrows the
    run to some tickets (all by default)."""
    now = clock.now() if today is None else timezone.make_aware(datetime.combine(today, time.min))
    cutoff = now - timedelta(days=settings.TICKET_RATING_WAIT_DAYS)
    with transaction.atomic():
        ids = list(
            (Ticket.objects.all() if tickets is None else tickets)
            .select_for_update()
            .filter(status=TicketStatus.RESOLVED, resolved_at__lt=cutoff)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Ticket.objects.filter(pk__in=ids).update(
            status=TicketStatus.CLOSED, closed_at=now, no_answer=True, rating_nonce=""
        )
        TicketEvent.objects.bulk_create(
            TicketEvent(
                ticket_id=pk,
                transition="close",
                from_status=TicketStatus.RESOLVED,
                to_status=TicketStatus.CLOSED,
                note=_("No answer from the resident"),
                at=now,
            )
            for pk in ids
        )
    return len(ids)


ESCALATION_ROLES = {
    EscalationLevel.STREET: Role.STREET_OFFICER,
    EscalationLevel.DISTRICT: Role.DISTRICT_STAFF,
}


def escalate_overdue(*, today: date | None = None) -> dict:
    """Move overdue tickets up: to the street once overdue by the street
    threshold, to the district once overdue by the district threshold (both
    in working days), and tell the people of that level: one message each
    per run, counting their tickets, whatever their number.

    A ticket reaches each level once: rerunning escalates nothing twice.
    Returns {level: number escalated}.
    """
    today = today or clock.today()
    calendar = WorkingCalendar(today - timedelta(days=400), today)
    done = {}
    for level, threshold in (
        (EscalationLevel.STREET, settings.TICKET_ESCALATE_TO_STREET_DAYS),
        (EscalationLevel.DISTRICT, settings.TICKET_ESCALATE_TO_DISTRICT_DAYS),
    ):
        cutoff = _back(calendar, today, threshold)
        with transaction.atomic():
            rows = list(
                Ticket.objects.select_for_update()
                .filter(
                    status__in=CLOCK_RUNNING,  # on hold, the clock is paused
                    escalation__lt=level,
                    due_on__lte=cutoff,
                )
                .values_list("pk", "status", "community__code")
            )
            if not rows:
                done[level] = 0
                continue
            Ticket.objects.filter(pk__in=[pk for pk, _s, _c in rows]).update(escalation=level)
            note = _("Overdue: escalated to the %(level)s") % {
                "level": EscalationLevel(level).label
            }
            TicketEvent.objects.bulk_create(
                TicketEvent(
                    ticket_id=pk,
                    transition="escalate",
                    from_status=status,
                    to_status=status,
                    note=note,
                    at=clock.now(),
                )
                for pk, status, _code in rows
            )
            _tell(level, rows, today)
        done[level] = len(rows)
    return done


def _back(calendar, today, working_days):
    """The latest due date that is `working_days` working days overdue today."""
    if working_days <= 0:
        return today - timedelta(days=1)
    day, counted = today, 0
    while True:
        if calendar.is_working(day):
            counted += 1
            if counted == working_days:
                return day - timedelta(days=1)
        day -= timedelta(days=1)


def _tell(level, rows, today):
    """One message to each person of the level, however many of their tickets
    escalated: how many, and a link to their queue filtered on them. A fixed
    number of queries however many people are told (bench/scheduled_jobs.py)."""
    length = 9 if level == EscalationLevel.STREET else 6
    counts = Counter(code[:length] for _pk, _status, code in rows)
    people = User.objects.filter(
        is_active=True, role=ESCALATION_ROLES[level], area__code__in=list(counts)
    ).select_related("area")
    queue = (
        reverse("admin:grids_ticket_changelist")
        + "?"
        + urlencode({"escalation__exact": level, "overdue": "yes"})
    )
    label = EscalationLevel(level).label
    messages = []
    for person in people:
        count = counts[person.area.code]
        title = ngettext(
            "%(count)d overdue ticket escalated to you",
            "%(count)d overdue tickets escalated to you",
            count,
        ) % {"count": count}
        body = ngettext(
            "%(count)d ticket in %(area)s is past its deadline and now escalated to the "
            "%(level)s. Open the link to see the overdue tickets escalated to you.",
            "%(count)d tickets in %(area)s are past their deadline and now escalated to the "
            "%(level)s. Open the link to see the overdue tickets escalated to you.",
            count,
        ) % {"count": count, "area": person.area.name, "level": label}
        messages.append(Message(person, title, body, queue))
    send(messages, key=f"escalated:{level}:{today}")
