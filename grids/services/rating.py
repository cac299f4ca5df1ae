"""The resident's rating through a signed, single-use link (made and sent
by text message in rating_link.py, which the resolution step calls)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib import clock
from orgs.roles import Role

from ..models import Ticket, TicketRating, TicketStatus
from ..workflow import move
from ._shared import _staff, _tell
from .handling import _reopen
from .rating_link import RATING_SALT


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
