"""A ticket comes in: found on patrol or sent by a resident, and the
resident's tracking link (sent to their phone as a text message)."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lib import clock
from notifications.texts import Text, text
from orgs.roles import Role

from ..models import PhotoKind, Source, Ticket, TicketEvent, TicketPhoto, TicketStatus
from ._shared import _staff, _tell

TRACKING_SALT = "grids.ticket"


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
            reported_at=clock.now(),  # its deadline and monthly counts read the platform's day
        )
        ticket.full_clean()
        ticket._history_user = reporter
        ticket.save()
        TicketEvent.objects.create(
            ticket=ticket,
            transition="report",
            to_status=TicketStatus.REPORTED,
            by=reporter,
            at=ticket.reported_at,
        )
        for photo in photos:
            TicketPhoto.objects.create(ticket=ticket, kind=PhotoKind.REPORT, image=photo)
        _tell(
            _staff(community, [Role.COMMUNITY_WORKER]),
            _("New ticket: %(category)s at %(location)s")
            % {"category": category, "location": location},
            description[:200],
            ticket,
        )
        if source == Source.RESIDENT:
            send_tracking_text(ticket)
    return ticket


def send_tracking_text(ticket) -> None:
    """The resident's tracking link by text message, once per ticket (not
    to a number that opted out; recorded either way, notifications.texts)."""
    link = reverse("public_tickets:status", args=[tracking_token(ticket)])
    text(
        [ticket.resident_phone],
        Text("tracking", {"number": str(ticket.pk)}, link=link),
        key=f"ticket-tracking:{ticket.pk}",
    )


def tracking_token(ticket) -> str:
    return signing.dumps(ticket.pk, salt=TRACKING_SALT)


def ticket_for_token(token: str):
    try:
        pk = signing.loads(token, salt=TRACKING_SALT)
    except signing.BadSignature:
        return None
    return Ticket.objects.select_related("community", "category").filter(pk=pk).first()
