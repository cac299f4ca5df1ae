"""Tickets from report to closure: each step's rules, then `move`.

The scheduled jobs (escalation, closing unanswered tickets) are set-based:
a fixed number of queries whatever the number of tickets, and safe to run
twice (a ticket escalates to a level once, closes once).
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify
from orgs.models import User
from orgs.roles import Role

from .calendar import WorkingCalendar, add_working_days, working_days_between
from .models import (
    CLOCK_RUNNING,
    EscalationLevel,
    PhotoKind,
    Source,
    Ticket,
    TicketEvent,
    TicketPhoto,
    TicketRating,
    TicketStatus,
)
from .workflow import STEPS, move

RATING_SALT = "grids.rating"
TRACKING_SALT = "grids.ticket"


def _staff(area, roles):
    return User.objects.filter(is_active=True, role__in=roles, area=area)


def _link(ticket):
    return reverse("admin:grids_ticket_change", args=[ticket.pk])


# --- reporting ----------------------------------------------------------------


def report(
    *,
    community,
    category,
    description: str,
    location: str,
    source: str,
    reporter=None,
    reporter_organisation=None,
    grid=None,
    resident_name: str = "",
    resident_phone: str = "",
    latitude=None,
    longitude=None,
    photos=(),
) -> Ticket:
    """A ticket found on patrol, or sent by a resident through the public form."""
    if grid is not None and grid.community_id != community.pk:
        raise ValidationError({"grid": _("The grid is not in this community.")})
    if source == Source.RESIDENT and not (resident_name and resident_phone):
        raise ValidationError(_("A resident's report needs a name and a phone to reach them."))
    with transaction.atomic():
        ticket = Ticket(
            community=community,
            grid=grid,
            category=category,
            description=description,
            location=location,
            source=source,
            reporter=reporter,
            reporter_organisation=reporter_organisation,
            resident_name=resident_name,
            resident_phone=resident_phone,
            latitude=latitude,
            longitude=longitude,
        )
        ticket.full_clean()
        ticket._history_user = reporter
        ticket.save()
        TicketEvent.objects.create(
            ticket=ticket, transition="report", to_status=TicketStatus.REPORTED, by=reporter
        )
        for photo in photos:
            TicketPhoto.objects.create(ticket=ticket, kind=PhotoKind.REPORT, image=photo)
        notify(
            _staff(community, [Role.COMMUNITY_WORKER]),
            _("New ticket: %(category)s at %(location)s")
            % {"category": category, "location": location},
            description[:200],
            link=_link(ticket),
        )
    return ticket


def tracking_token(ticket) -> str:
    return signing.dumps(ticket.pk, salt=TRACKING_SALT)


def ticket_for_token(token: str):
    try:
        pk = signing.loads(token, salt=TRACKING_SALT)
    except signing.BadSignature:
        return None
    return Ticket.objects.select_related("community", "category").filter(pk=pk).first()


# --- handling -------------------------------------------------------------------


def accept(*, ticket: Ticket, by, grid=None, category=None) -> Ticket:
    """Accept the ticket; the deadline is the category's working days from today."""
    category = category or ticket.category
    if grid is not None and grid.community_id != ticket.community_id:
        raise ValidationError({"grid": _("The grid is not in this community.")})
    today = timezone.localdate()
    return move(
        ticket,
        "accept",
        by=by,
        accepted_at=timezone.now(),
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
        closed_at=timezone.now(),
    )


def assign(*, ticket: Ticket, by, user=None, organisation=None, department: str = "") -> Ticket:
    """Give the ticket to one community worker, one organisation or one department."""
    given = [x for x in (user, organisation, department.strip() or None) if x]
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
    ticket = move(
        ticket,
        "assign",
        by=by,
        note=str(given[0]),
        assigned_user=user,
        assigned_organisation=organisation,
        assigned_department=department.strip(),
    )
    receivers = (
        [user]
        if user
        else list(
            User.objects.filter(is_active=True, role=Role.ORG_LEADER, organisation=organisation)
        )
        if organisation
        else []
    )
    notify(
        receivers,
        _("Ticket assigned to you: %(ticket)s") % {"ticket": ticket},
        ticket.description[:200],
        link=_link(ticket),
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
        hold_started_on=timezone.localdate(),
    )


def resume(*, ticket: Ticket, by, today: date | None = None) -> Ticket:
    """Restart the clock: the deadline moves by the working days spent on hold."""
    today = today or timezone.localdate()
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
    """Resolved: the resident can now rate it through a signed link."""
    if not resolution.strip():
        raise ValidationError(_("Say how the issue was resolved."))
    with transaction.atomic():
        ticket = move(
            ticket,
            "resolve",
            by=by,
            note=resolution.strip(),
            resolution=resolution.strip(),
            resolved_at=timezone.now(),
            rating_nonce=secrets.token_hex(16),
            rating=None,
            rating_comment="",
            rated_at=None,
        )
        if photo:
            TicketPhoto.objects.create(ticket=ticket, kind=PhotoKind.RESOLUTION, image=photo)
    return ticket


def close(*, ticket: Ticket, by, note: str = "") -> Ticket:
    """Close after the resident confirmed in person or by phone."""
    return move(ticket, "close", by=by, note=note, closed_at=timezone.now(), rating_nonce="")


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
        due_on=add_working_days(timezone.localdate(), current.category.deadline_days),
        **changes,
    )


# --- the resident's rating --------------------------------------------------------


def rating_token(ticket: Ticket) -> str:
    """A signed, single-use link token for the resident to rate the resolution."""
    return signing.TimestampSigner(salt=RATING_SALT).sign_object(
        {"t": ticket.pk, "n": ticket.rating_nonce}
    )


def _read(token: str) -> dict:
    try:
        return signing.TimestampSigner(salt=RATING_SALT).unsign_object(
            token, max_age=timedelta(days=settings.TICKET_RATING_LINK_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("This link has expired. Call your community if the issue is not solved."),
            code="expired",
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("This link is not valid."), code="invalid") from exc


def _check_unused(ticket, data):
    if (
        ticket is None
        or ticket.status != TicketStatus.RESOLVED
        or not ticket.rating_nonce
        or ticket.rating_nonce != data.get("n")
    ):
        raise ValidationError(_("This link has already been used."), code="used")


def ticket_for_rating(token: str) -> Ticket:
    """The ticket a rating link is for, or ValidationError saying why not
    (code "expired", "invalid" or "used")."""
    data = _read(token)
    ticket = Ticket.objects.select_related("community", "category").filter(pk=data.get("t")).first()
    _check_unused(ticket, data)
    return ticket


def rate(*, token: str, rating: int, comment: str = "") -> Ticket:
    """The resident rates 1-5: below the reopen threshold the ticket goes back
    to work, otherwise it closes. The link works once."""
    if not 1 <= int(rating) <= 5:
        raise ValidationError(_("Choose from 1 to 5 stars."))
    data = _read(token)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().filter(pk=data.get("t")).first()
        _check_unused(ticket, data)  # under the lock: two submissions, one rating
        rated = {
            "rating": int(rating),
            "rating_comment": comment.strip()[:300],
            "rated_at": timezone.now(),
        }
        TicketRating.objects.create(
            ticket=ticket,
            stars=rated["rating"],
            comment=rated["rating_comment"],
            rated_at=rated["rated_at"],
        )
        note = _("Resident rated %(stars)d/5: %(comment)s") % {
            "stars": int(rating),
            "comment": comment.strip(),
        }
        if int(rating) < settings.TICKET_REOPEN_BELOW:
            ticket = _reopen(ticket, by=None, note=note, **rated)
            notify(
                _staff(ticket.community, [Role.COMMUNITY_WORKER]),
                _("Reopened by the resident: %(ticket)s") % {"ticket": ticket},
                note,
                link=_link(ticket),
            )
            return ticket
        return move(
            ticket, "close", by=None, note=note, closed_at=timezone.now(), rating_nonce="", **rated
        )


# --- scheduled jobs ------------------------------------------------------------------


def close_unanswered(*, today: date | None = None, tickets=None) -> int:
    """Close resolved tickets the resident has not rated within the waiting
    days, as "no answer" (not counted as satisfied). `tickets` narrows the
    run to some tickets (all by default)."""
    now = (
        timezone.now() if today is None else timezone.make_aware(datetime.combine(today, time.min))
    )
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
    in working days), and tell the people of that level, one message each.

    A ticket reaches each level once: rerunning escalates nothing twice.
    Returns {level: number escalated}.
    """
    today = today or timezone.localdate()
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
    """One message per person of the level, counting their tickets."""
    length = 9 if level == EscalationLevel.STREET else 6
    counts = {}
    for _pk, _status, code in rows:
        counts[code[:length]] = counts.get(code[:length], 0) + 1
    people = User.objects.filter(
        is_active=True, role=ESCALATION_ROLES[level], area__code__in=list(counts)
    ).select_related("area")
    for person in people:
        notify(
            [person],
            _("%(count)d overdue tickets escalated to you") % {"count": counts[person.area.code]},
            link=reverse("admin:grids_ticket_changelist") + f"?escalation__exact={level}",
            key=f"escalated:{level}:{today}",
        )


# --- reading a ticket -----------------------------------------------------------------


def may_handle(user, ticket: Ticket) -> bool:
    """The assignee's own steps (start, hold, resolve): the worker it was
    given to, or the leader of the organisation it was given to."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if ticket.assigned_user_id:
        return ticket.assigned_user_id == user.pk
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
