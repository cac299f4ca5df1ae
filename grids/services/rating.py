"""The resident's rating through a signed, single-use link, sent to their
phone as a text message when the ticket is resolved; what became of that
message tells the community worker whether the link must go by hand."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lib import clock
from lib.validators import normalise_phone
from notifications.models import TextMessage, TextStatus
from notifications.texts import Text, text
from orgs.roles import Role

from ..models import Ticket, TicketRating, TicketStatus
from ..workflow import move
from ._shared import _staff, _tell
from .handling import _reopen

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
            "rated_at": clock.now(),
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
            _tell(
                _staff(ticket.community, [Role.COMMUNITY_WORKER]),
                _("Reopened by the resident: %(ticket)s") % {"ticket": ticket},
                note,
                ticket,
            )
            return ticket
        return move(
            ticket, "close", by=None, note=note, closed_at=clock.now(), rating_nonce="", **rated
        )
