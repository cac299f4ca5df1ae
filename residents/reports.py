"""What a signed-in resident sent: their tickets (Ticket.resident_phone) and
their needs (Need.requester_phone), newest first, each with the links the
resident follows it by. The one read behind the "my reports" page and the
API, so both show exactly the same rows: the phone's own, no one else's.

A staff member may have typed a number with spaces or dashes into the admin;
the public forms and the API store it normalised (lib.validators), and the
match is on that form.
"""

from dataclasses import dataclass
from datetime import datetime

from grids import services as tickets
from grids.models import Ticket, TicketStatus
from projects.models import Need
from projects.services import needs

# A resident's reports are a handful; a number reported for by many (a
# building manager) sees its newest this many of each.
SHOWN = 100


@dataclass(frozen=True)
class Report:
    kind: str  # "ticket" or "need"
    id: int
    what: str
    community: str
    sent_at: datetime
    status: str
    status_display: str
    tracking_token: str
    rating_token: str | None = None


def tickets_of(phone: str) -> list[Report]:
    rows = (
        Ticket.objects.filter(resident_phone=phone)
        .select_related("community", "category")
        .order_by("-reported_at", "-id")[:SHOWN]
    )
    return [
        Report(
            kind="ticket",
            id=t.pk,
            what=f"{t.category.name}：{t.description[:60]}",
            community=t.community.name,
            sent_at=t.reported_at,
            status=t.status,
            status_display=str(t.get_status_display()),
            tracking_token=tickets.tracking_token(t),
            rating_token=(
                tickets.rating_token(t)
                if t.status == TicketStatus.RESOLVED and t.rating_nonce
                else None
            ),
        )
        for t in rows
    ]


def needs_of(phone: str) -> list[Report]:
    rows = (
        Need.objects.filter(requester_phone=phone)
        .with_current_status()
        .select_related("community")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    return [
        Report(
            kind="need",
            id=n.pk,
            what=n.title,
            community=n.community.name,
            sent_at=n.created_at,
            status=n.current_status,
            status_display=str(n.get_current_status_display()),
            tracking_token=needs.tracking_token(n),
        )
        for n in rows
    ]
