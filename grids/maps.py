"""The staff map's data: a user's tickets in a box, as points when they are
few and as counts per cell of a grid when they are many, so a city's
million tickets answer as fast as a street's hundred.

One rule for the coordinate systems: the browser sends its box and receives
its points in the system of the map's tiles (settings.MAP["crs"]); rows keep
the system they were given in (lib.geo), and every point is converted here,
on the server, before it is sent. The box is compared with stored values
as they are, widened by a margin larger than the GCJ-02 shift (under a
kilometre), so a point given in the other system is never cut off at the
edge; a cell's centre is converted like a point.

Counts per cell come from one grouped query over the index
`ticket_map_point` (latitude, longitude, with status and community), read
from the index alone on PostgreSQL: floor(latitude / cell), floor(longitude
/ cell), count(*). The cell is a quarter of a map tile at the asked zoom, so
a screen holds a few hundred cells at most, whatever the number of tickets.
"""

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, F, FloatField
from django.db.models.functions import Cast, Floor
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.geo import Crs, to_crs

from .models import OPEN_STATUSES, Grid, TicketStatus

MAX_POINTS = 500  # more than this in the box: counts per cell instead
CELLS_PER_TILE = 4  # a cell is a quarter of a 256-pixel tile: 64 pixels
MAX_CELLS = 4096  # a box no screen shows at its zoom (a 4K screen holds ~2,000)
MARGIN = 0.01  # degrees (~1 km): more than GCJ-02's shift from WGS-84
MIN_ZOOM, MAX_ZOOM = 3, 19

STATES = [
    ("open", gettext_lazy("Still open")),
    ("all", gettext_lazy("All")),
    *TicketStatus.choices,
]


def tiles_crs() -> str:
    return settings.MAP["crs"]


def cell_size(zoom: int) -> float:
    """Degrees of a cell at this zoom: a tile spans 360 / 2**zoom degrees of longitude."""
    return 360.0 / (2**zoom) / CELLS_PER_TILE


class BoxForm(forms.Form):
    """What the map asks: its box (south,west,north,east in the tiles'
    system), its zoom and which tickets. Every error is for the officer."""

    bbox = forms.CharField(label=gettext_lazy("map area"), max_length=100)
    zoom = forms.IntegerField(label=gettext_lazy("zoom"), min_value=MIN_ZOOM, max_value=MAX_ZOOM)
    state = forms.ChoiceField(label=gettext_lazy("state"), choices=STATES, required=False)

    def clean_bbox(self):
        parts = self.cleaned_data["bbox"].split(",")
        try:
            south, west, north, east = (float(part) for part in parts)
        except ValueError:
            raise ValidationError(
                _("The map area must be four numbers: south, west, north, east."),
                code="bbox_format",
            ) from None
        if not all(math.isfinite(v) for v in (south, west, north, east)):
            raise ValidationError(_("The map area must be four numbers."), code="bbox_format")
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            raise ValidationError(
                _(
                    "The map area is not on the Earth: latitudes run from -90 to 90, longitudes "
                    "from -180 to 180, south below north and west before east."
                ),
                code="bbox_range",
            )
        return south, west, north, east

    def clean(self):
        data = super().clean()
        box, zoom = data.get("bbox"), data.get("zoom")
        if box and zoom is not None:
            south, west, north, east = box
            cell = cell_size(zoom)
            if (north - south) / cell * ((east - west) / cell) > MAX_CELLS:
                raise ValidationError(
                    _("The map area is too large for this zoom: zoom out or show a smaller area."),
                    code="bbox_too_large",
                )
        return data


def _in_box(tickets, box, state: str):
    south, west, north, east = box
    if tiles_crs() != Crs.WGS84:
        # The corners back to WGS-84 (most rows' system); the margin covers the rest.
        south, west = to_crs(south, west, tiles_crs(), Crs.WGS84)
        north, east = to_crs(north, east, tiles_crs(), Crs.WGS84)
    tickets = tickets.filter(
        latitude__gte=south - MARGIN,
        latitude__lte=north + MARGIN,
        longitude__gte=west - MARGIN,
        longitude__lte=east + MARGIN,
    )
    if state == "open":
        tickets = tickets.filter(status__in=OPEN_STATUSES)
    elif state and state != "all":
        tickets = tickets.filter(status=state)
    return tickets.order_by()


def ticket_map(tickets, *, box, zoom: int, state: str) -> dict:
    """{"points": [...]} when at most MAX_POINTS tickets are in the box, else
    {"cells": [...]}: one query for the points (MAX_POINTS + 1 at most), and
    one grouped query for the cells when there are more."""
    found = _in_box(tickets, box, state)
    target = tiles_crs()
    rows = list(found.values_list("pk", "latitude", "longitude", "crs", "status")[: MAX_POINTS + 1])
    if len(rows) <= MAX_POINTS:
        labels = dict(TicketStatus.choices)
        points = []
        for pk, lat, lng, crs, status in rows:
            lat, lng = to_crs(lat, lng, crs, target)
            points.append(
                {
                    "id": pk,
                    "lat": round(lat, 6),
                    "lng": round(lng, 6),
                    "state": status,
                    "label": _("Ticket %(number)s · %(state)s")
                    % {"number": pk, "state": labels.get(status, status)},
                    "url": reverse("grids:ticket", args=[pk]),
                }
            )
        return {"points": points, "cells": []}
    cell = cell_size(zoom)
    grouped = (
        found.annotate(
            row=Floor(Cast(F("latitude"), FloatField()) / cell),
            col=Floor(Cast(F("longitude"), FloatField()) / cell),
        )
        .values("row", "col")
        .annotate(count=Count("*"))
        .values_list("row", "col", "count")
    )
    cells = []
    for row, col, count in grouped:
        lat, lng = to_crs((row + 0.5) * cell, (col + 0.5) * cell, Crs.WGS84, target)
        cells.append({"lat": round(lat, 6), "lng": round(lng, 6), "count": count})
    return {"points": [], "cells": cells}


def boundaries(user) -> dict:
    """The user's grids that have a boundary, as a GeoJSON FeatureCollection
    in the tiles' system (one query)."""
    features = []
    grids = Grid.objects.for_user(user).exclude(boundary=None).select_related("community")
    for grid in grids.order_by("community__code", "number"):
        features.append(
            {
                "type": "Feature",
                "properties": {"name": f"{grid.community.name} {grid.name}"},
                "geometry": convert_geometry(grid.boundary, grid.boundary_crs, tiles_crs()),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def convert_geometry(geometry: dict, source: str, target: str) -> dict:
    """A Polygon or MultiPolygon (as stored: [lng, lat] pairs) in `target`."""
    if source == target:
        return geometry

    def ring(points):
        return [list(reversed(to_crs(lat, lng, source, target))) for lng, lat in points]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]],
    }
