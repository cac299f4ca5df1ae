"""Tickets counted per cell of 1/64 of a degree (~1.7 km), by community and
state: what the staff map's city-wide views add up (grids/maps.py), so a
city administrator's map sums tens of thousands of rows, not a million
tickets. Rebuilt whole every five minutes (grids.count_ticket_cells), so a
city-wide count may lag by that much; views closer in count the tickets
themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.scoping import ScopedQuerySet

from .tickets import TicketStatus

CELLS_PER_DEGREE = 64


class TicketCellQuerySet(ScopedQuerySet):
    area_path = "community__code"


class TicketCell(models.Model):
    community = models.ForeignKey(
        "orgs.Area", verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("state of the counted tickets"), max_length=12, choices=TicketStatus
    )
    lat_cell = models.IntegerField(_("latitude cell"))  # floor(latitude × 64)
    lng_cell = models.IntegerField(_("longitude cell"))  # floor(longitude × 64)
    count = models.PositiveIntegerField(_("tickets"))

    objects = TicketCellQuerySet.as_manager()

    class Meta:
        verbose_name = _("tickets in a map cell")
        verbose_name_plural = _("tickets in map cells")
        indexes = [models.Index(fields=["lat_cell", "lng_cell"], name="ticket_cell_place")]

    def __str__(self):
        return f"{self.lat_cell},{self.lng_cell} {self.status}: {self.count}"
