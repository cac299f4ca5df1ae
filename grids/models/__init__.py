from .cells import CELLS_PER_DEGREE, TicketCell
from .feedback import PhotoKind, TicketPhoto, TicketRating
from .grids import Grid, GridOrganisation, GridVolunteer
from .tickets import (
    BEING_HANDLED,
    CLOCK_RUNNING,
    OPEN_STATUSES,
    EscalationLevel,
    Source,
    Ticket,
    TicketCategory,
    TicketEvent,
    TicketStatus,
    open_tickets_of_grid,
)

__all__ = [
    "CELLS_PER_DEGREE",
    "TicketCell",
    "CLOCK_RUNNING",
    "BEING_HANDLED",
    "OPEN_STATUSES",
    "EscalationLevel",
    "Grid",
    "GridOrganisation",
    "GridVolunteer",
    "PhotoKind",
    "Source",
    "Ticket",
    "TicketCategory",
    "TicketEvent",
    "TicketPhoto",
    "TicketRating",
    "TicketStatus",
    "open_tickets_of_grid",
]
