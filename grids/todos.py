"""What waits in this app (lib/todos.py): tickets to accept, handle, chase
for a rating; tickets escalated or overdue."""

from functools import reduce
from operator import or_

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lib.todos import Todo, admin_change, admin_list, one_or_many
from orgs.roles import Role

from .models import (
    BEING_HANDLED,
    CLOCK_RUNNING,
    OPEN_STATUSES,
    EscalationLevel,
    Ticket,
    TicketStatus,
)
from .services.rating_link import rating_link_by_hand, rating_texts

# Given to someone, who now works it (accepted-only tickets wait for the
# community to assign them).


def _counted(tickets, **filters: Q) -> dict:
    """One query: for each named filter, how many, the nearest due date and
    the last id (the ticket itself when it is the only one)."""
    aggregates = {}
    for name, q in filters.items():
        aggregates[f"{name}_n"] = Count("pk", filter=q)
        aggregates[f"{name}_due"] = Min("due_on", filter=q)
        aggregates[f"{name}_last"] = Max("pk", filter=q)
    # The filters as the WHERE too, so that only their rows are read (an
    # index range of the queue), not every ticket of the jurisdiction.
    found = tickets.filter(reduce(or_, filters.values())).aggregate(**aggregates)
    return {
        name: {"n": found[f"{name}_n"], "due": found[f"{name}_due"], "last": found[f"{name}_last"]}
        for name in filters
    }


def _queue(found, query):
    """The admin queue filtered, or the ticket when it is the only one."""
    return one_or_many(found, lambda pk: admin_change(Ticket, pk), admin_list(Ticket, query))


def _portal(found, many):
    return one_or_many(found, lambda pk: reverse("grids:ticket", args=[pk]), many)


def community(user, today):
    """The community accepts what residents and patrols report, and sends
    the rating link by hand to the residents the text message did not reach
    (no mobile number, opted out, sending failed; grids.services.rating_link)."""
    if user.role != Role.COMMUNITY_WORKER:
        return []
    tickets = Ticket.objects.for_user(user)
    found = _counted(tickets, accept=Q(status=TicketStatus.REPORTED))
    return [
        Todo(
            "grids.accept",
            _("Tickets to accept"),
            found["accept"]["n"],
            _queue(found["accept"], "status__exact=reported"),
            order=10,
        ),
        _rating_by_hand(tickets),
    ]


def _rating_by_hand(tickets) -> Todo:
    """Resolved tickets whose rating link must go by hand: two queries (the
    resolved tickets of the community, few; their rating texts)."""
    resolved = list(
        tickets.filter(status=TicketStatus.RESOLVED).only("pk", "rating_nonce", "resident_phone")
    )
    texts = rating_texts(resolved)
    by_hand = [t.pk for t in resolved if rating_link_by_hand(texts.get(t.pk))]
    found = {"n": len(by_hand), "due": None, "last": max(by_hand, default=None)}
    return Todo(
        "grids.rating",
        _("Resolved tickets: send the resident the rating link by hand"),
        found["n"],
        _queue(found, "status__exact=resolved"),
        order=40,
    )


def street(user, today):
    """Tickets overdue in a community rise to the street."""
    if user.role != Role.STREET_OFFICER:
        return []
    found = _counted(
        Ticket.objects.for_user(user),
        escalated=Q(status__in=OPEN_STATUSES, escalation=EscalationLevel.STREET),
    )["escalated"]
    return [
        Todo(
            "grids.escalated",
            _("Tickets escalated to the street"),
            found["n"],
            _queue(found, f"escalation__exact={EscalationLevel.STREET}"),
            due=found["due"],
            order=30,
        )
    ]


def district(user, today):
    if user.role not in (Role.DISTRICT_STAFF, Role.PLATFORM_ADMIN):
        return []
    found = _counted(
        Ticket.objects.for_user(user),
        overdue=Q(status__in=CLOCK_RUNNING, due_on__lt=today),
    )["overdue"]
    return [
        Todo(
            "grids.overdue",
            _("Overdue tickets"),
            found["n"],
            _queue(found, "overdue=yes"),
            due=found["due"],
            order=30,
        )
    ]


def handlers(user, today):
    """A grid member works the tickets given to them; an organisation's
    leader those given to the organisation."""
    if user.role == Role.GRID_MEMBER:
        mine = Q(assigned_user=user)
    elif user.role == Role.ORG_LEADER and user.organisation_id:
        mine = Q(assigned_organisation=user.organisation_id)
    elif user.role == Role.DEPARTMENT and user.department_id:  # issue 24
        mine = Q(department=user.department_id)
    else:
        return []
    many = reverse("grids:index") + "?show=todo"  # the same rows (grids.views.portal)
    found = _counted(Ticket.objects.for_user(user), handle=mine & Q(status__in=BEING_HANDLED))[
        "handle"
    ]
    return [
        Todo(
            "grids.handle",
            _("Tickets given to you to handle"),
            found["n"],
            _portal(found, many),
            due=found["due"],
            order=20,
        )
    ]


PROVIDERS = [community, street, district, handlers]
