"""A ticket's states and the named steps between them.

    reported ──accept──▶ accepted ──assign──▶ assigned ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
       └──reject──▶ rejected          (assign again to reassign)                     │
                                                                                    └──reopen──▶ (back to work)
    hold: accepted, assigned, in_progress ──▶ on_hold ──resume──▶ where it was (the deadline moves by the days held)
    reopen: resolved or closed ──▶ assigned (or accepted when nobody is assigned)

The deadline clock runs from acceptance in working days; it is paused on
hold and stopped once resolved.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from lib.workflow import Machine, Step

from .models import Ticket, TicketEvent
from .models import TicketStatus as S

WORKING = frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS})


def _back_to_work(ticket):
    has_assignee = (
        ticket.assigned_user_id
        or ticket.assigned_organisation_id
        or ticket.department_id
        or ticket.assigned_department
    )
    return S.ASSIGNED if has_assignee else S.ACCEPTED


STEPS = {
    "accept": Step(frozenset({S.REPORTED}), S.ACCEPTED, pgettext_lazy("ticket", "Accept")),
    "reject": Step(frozenset({S.REPORTED}), S.REJECTED, gettext_lazy("Reject: not an issue")),
    "assign": Step(WORKING, S.ASSIGNED, gettext_lazy("Assign")),
    "start": Step(frozenset({S.ASSIGNED}), S.IN_PROGRESS, gettext_lazy("Start work")),
    "hold": Step(WORKING, S.ON_HOLD, gettext_lazy("Put on hold")),
    "resume": Step(
        frozenset({S.ON_HOLD}),
        lambda ticket: ticket.held_from or S.ACCEPTED,
        gettext_lazy("Resume"),
    ),
    "resolve": Step(frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.RESOLVED, gettext_lazy("Resolve")),
    "close": Step(frozenset({S.RESOLVED}), S.CLOSED, pgettext_lazy("ticket", "Close")),
    "reopen": Step(frozenset({S.RESOLVED, S.CLOSED}), _back_to_work, gettext_lazy("Reopen")),
    "escalate": Step(WORKING, lambda ticket: ticket.status, gettext_lazy("Escalate")),
}

MACHINE = Machine(Ticket, TicketEvent, STEPS, record_field="ticket")
move = MACHINE.move
