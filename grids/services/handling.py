"""The office's steps from acceptance to closure, each one's rules, then
`move`; and reading a ticket (who may handle it, its timeline)."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock
from orgs.models import User
from orgs.roles import Role

from ..calendar import add_working_days, working_days_between
from ..models import PhotoKind, Ticket, TicketPhoto
from ..workflow import STEPS, move
from ._shared import _tell
from .rating_link import send_rating_text


def accept(*, ticket: Ticket, by, grid=None, category=None) -> Ticket:
    """Accept the ticket; the deadline is the category's working days from today."""
    category = category or ticket.category
    if grid is not None and grid.community_id != ticket.community_id:
        raise ValidationError({"grid": _("The grid is not in this community.")})
    today = clock.today()
    return move(
        ticket,
        "accept",
        by=by,
        accepted_at=clock.now(),
        category=category,
        grid=grid or ticket.grid,
        due_on=add_working_days(today, category.deadline_days),
    )


def reject(*, ticket: Ticket, reason: str, by) -> Ticket:
    if not reason.strip():
        raise ValidationError(_("Say why this is not an issue; the reporter will see it."))
    return move(
        ticket,
        "reject",
        by=by,
        note=reason.strip(),
        rejection_reason=reason.strip()[:200],
        closed_at=clock.now(),
    )


def assign(
    *,
    ticket: Ticket,
    by,
    user=None,
    organisation=None,
    department: str = "",
    department_on_platform=None,
) -> Ticket:
    """Give the ticket to one community worker, one organisation or one
    department: one on the platform (its accounts handle it) or an outside
    body named in words."""
    on_platform = department_on_platform
    given = [x for x in (user, organisation, on_platform, department.strip() or None) if x]
    if len(given) != 1:
        raise ValidationError(
            _("Assign the ticket to one worker, one organisation or one department.")
        )
    community_code = ticket.community.code
    if user is not None and not (user.area and community_code.startswith(user.area.code)):
        raise ValidationError(_("%(name)s does not work in this street.") % {"name": user})
    if organisation is not None and organisation.area.code[:6] != community_code[:6]:
        raise ValidationError(
            _("%(name)s is not an organisation of this district.") % {"name": organisation}
        )
    if on_platform is not None and not community_code.startswith(on_platform.area.code):
        raise ValidationError(_("%(name)s does not serve this community.") % {"name": on_platform})
    ticket = move(
        ticket,
        "assign",
        by=by,
        note=str(given[0]),
        assigned_user=user,
        assigned_organisation=organisation,
        department=on_platform,
        assigned_department=department.strip(),
    )
    if user:
        receivers = [user]
    elif organisation:
        receivers = User.objects.filter(
            is_active=True, role=Role.ORG_LEADER, organisation=organisation
        )
    elif on_platform:
        receivers = User.objects.filter(
            is_active=True, role=Role.DEPARTMENT, department=on_platform
        )
    else:
        receivers = []
    _tell(
        receivers,
        _("Ticket assigned to you: %(ticket)s") % {"ticket": ticket},
        ticket.description[:200],
        ticket,
    )
    return ticket


def start(*, ticket: Ticket, by) -> Ticket:
    return move(ticket, "start", by=by)


def hold(*, ticket: Ticket, reason: str, by) -> Ticket:
    """Pause the deadline clock, e.g. waiting for a repair part or for the owner."""
    if not reason.strip():
        raise ValidationError(_("Say why the ticket is put on hold."))
    current = Ticket.objects.get(pk=ticket.pk)
    return move(
        ticket,
        "hold",
        by=by,
        note=reason.strip(),
        held_from=current.status,
        hold_started_on=clock.today(),
    )


def resume(*, ticket: Ticket, by, today: date | None = None) -> Ticket:
    """Restart the clock: the deadline moves by the working days spent on hold."""
    today = today or clock.today()
    current = Ticket.objects.get(pk=ticket.pk)
    held = working_days_between(current.hold_started_on, today) if current.hold_started_on else 0
    due = add_working_days(current.due_on, held) if current.due_on and held else current.due_on
    return move(
        ticket,
        "resume",
        by=by,
        note=_("%(days)d working days on hold") % {"days": held},
        due_on=due,
        hold_started_on=None,
        held_from="",
    )


def resolve(*, ticket: Ticket, resolution: str, by, photo=None) -> Ticket:
    """Resolved: the resident can now rate it through a signed link, which
    goes to their phone as a text message when they gave a mobile number."""
    if not resolution.strip():
        raise ValidationError(_("Say how the issue was resolved."))
    with transaction.atomic():
        ticket = move(
            ticket,
            "resolve",
            by=by,
            note=resolution.strip(),
            resolution=resolution.strip(),
            resolved_at=clock.now(),
            rating_nonce=secrets.token_hex(16),
            rating=None,
            rating_comment="",
            rated_at=None,
        )
        if photo:
            TicketPhoto.objects.create(ticket=ticket, kind=PhotoKind.RESOLUTION, image=photo)
        if ticket.resident_phone:
            send_rating_text(ticket)
    return ticket


def close(*, ticket: Ticket, by, note: str = "") -> Ticket:
    """Close after the resident confirmed in person or by phone."""
    return move(ticket, "close", by=by, note=note, closed_at=clock.now(), rating_nonce="")


def reopen(*, ticket: Ticket, by, reason: str) -> Ticket:
    if not reason.strip():
        raise ValidationError(_("Say why the ticket is reopened."))
    return _reopen(ticket, by=by, note=reason.strip())


def _reopen(ticket, *, by, note, **changes):
    current = Ticket.objects.select_related("category").get(pk=ticket.pk)
    return move(
        ticket,
        "reopen",
        by=by,
        note=note,
        reopen_count=current.reopen_count + 1,
        closed_at=None,
        resolved_at=None,
        rating_nonce="",
        due_on=add_working_days(clock.today(), current.category.deadline_days),
        **changes,
    )


# --- reading a ticket -----------------------------------------------------------------


def may_handle(user, ticket: Ticket) -> bool:
    """The assignee's own steps (start, hold, resolve): the worker it was
    given to, the leader of the organisation it was given to, or an account
    of the department it was given to."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if ticket.assigned_user_id:
        return ticket.assigned_user_id == user.pk
    if ticket.department_id:
        return user.role == Role.DEPARTMENT and user.department_id == ticket.department_id
    return bool(
        ticket.assigned_organisation_id
        and user.role == Role.ORG_LEADER
        and user.organisation_id == ticket.assigned_organisation_id
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    label: str
    status: str
    note: str
    by: str


# Steps whose note the resident sees on the public page: the reason it was
# not taken up, and how it was resolved. Other notes are the office's.
PUBLIC_NOTES = frozenset({"reject", "resolve"})


def timeline(ticket: Ticket, *, public: bool = False) -> list[TimelineEntry]:
    """The ticket's events, oldest first; for the public page, without the
    office's names and internal notes."""
    entries = []
    for event in ticket.events.select_related("by"):
        step = STEPS.get(event.transition)
        label = step.label if step else gettext_lazy("Reported")
        if public:
            note = event.note if event.transition in PUBLIC_NOTES else ""
            by = ""
        else:
            note = event.note
            by = str(event.by) if event.by_id else ""
        entries.append(
            TimelineEntry(
                at=event.at,
                label=str(label),
                status=event.get_to_status_display(),
                note=note,
                by=by,
            )
        )
    return entries
