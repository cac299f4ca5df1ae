"""The resident's rating link: signed, sent to their phone as a text
message when the ticket is resolved (handling.resolve); what became of that
message tells the community worker whether the link must go by hand
(the ticket's page, the to-do). Apart from rating.py, which needs the
steps of handling.py, so that handling.py can send it."""

from django.core import signing
from django.urls import reverse

from lib.validators import normalise_phone
from notifications.models import TextMessage, TextStatus
from notifications.texts import Text, text

from ..models import Ticket

RATING_SALT = "grids.rating"


def rating_token(ticket: Ticket) -> str:
    """A signed, single-use link token for the resident to rate the resolution."""
    return signing.TimestampSigner(salt=RATING_SALT).sign_object(
        {"t": ticket.pk, "n": ticket.rating_nonce}
    )


# A rating text in these states reaches (or will reach) the resident: the
# worker need not send the link by hand.
TEXT_GOING = (TextStatus.QUEUED, TextStatus.SENT, TextStatus.RETRYING)


def rating_text_key(ticket: Ticket) -> str:
    """Once per ticket and resolution: a ticket reopened and resolved again
    has a new nonce, so a new link, so a new message."""
    return f"ticket-rating:{ticket.pk}:{ticket.rating_nonce}"


def send_rating_text(ticket: Ticket) -> None:
    link = reverse("public_tickets:rate", args=[rating_token(ticket)])
    text(
        [ticket.resident_phone],
        Text("rating", {"number": str(ticket.pk)}, link=link),
        key=rating_text_key(ticket),
    )


def rating_texts(tickets) -> dict[int, TextMessage]:
    """The rating text of each resolved ticket of `tickets` that has one,
    by ticket id: one query, through the phone's index (phone, key)."""
    keys = {
        (normalise_phone(t.resident_phone), rating_text_key(t)): t.pk
        for t in tickets
        if t.rating_nonce and t.resident_phone
    }
    if not keys:
        return {}
    found = TextMessage.objects.filter(
        phone__in={phone for phone, _key in keys}, key__in={key for _phone, key in keys}
    )
    return {keys[(m.phone, m.key)]: m for m in found if (m.phone, m.key) in keys}


def rating_link_by_hand(message: TextMessage | None) -> bool:
    """Whether the worker must send the rating link themselves: no mobile
    number, the number opted out (or had its messages for the day), or
    sending failed."""
    return message is None or message.status not in TEXT_GOING
