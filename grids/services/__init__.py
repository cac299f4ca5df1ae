"""Tickets from report to closure, by subdomain: `reporting` (a ticket comes
in), `handling` (the office's steps, then `move`), `rating` (the resident's
signed link), `rating_link` (the link, and the text message that carries
it), `schedule` (escalation and closing the unrated). Callers use
`from grids import services` and `services.report(...)`: the names are
re-exported here."""

from .handling import (
    accept,
    assign,
    close,
    hold,
    may_handle,
    reject,
    reopen,
    resolve,
    resume,
    start,
    timeline,
)
from .rating import rate, ticket_for_rating
from .rating_link import rating_link_by_hand, rating_texts, rating_token
from .reporting import report, ticket_for_token, tracking_token
from .schedule import close_unanswered, escalate_overdue

__all__ = [
    "accept",
    "assign",
    "close",
    "close_unanswered",
    "escalate_overdue",
    "hold",
    "may_handle",
    "rate",
    "rating_link_by_hand",
    "rating_texts",
    "rating_token",
    "reject",
    "reopen",
    "report",
    "resolve",
    "resume",
    "start",
    "ticket_for_rating",
    "ticket_for_token",
    "timeline",
    "tracking_token",
]
