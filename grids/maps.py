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

A cell is 2^(6 − zoom) degrees, about a quarter of a map tile, so a screen
holds a few hundred cells at most, whatever the number of tickets. Counts
per cell come from one grouped query: at zoom 12 and below (a district or
the city on screen) over the tickets already counted per 1/64° cell
(grids.TicketCell, rebuilt every five minutes by `count_ticket_cells`),
summing tens of thousands of rows; closer in over the tickets themselves,
through the index `ticket_map_point` (latitude, longitude, with status and
community). Scanning a million tickets took ~2 s on the benchmark's machine
(bench/RESULTS.md, 7), the counted cells well under 300 ms.
"""

import math

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast, Floor
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.geo import Crs, to_crs

from .models import CELLS_PER_DEGREE, OPEN_STATUSES, Grid, Ticket, TicketCell, TicketStatus

MAX_POINTS = 500  # more than this in the box: counts per cell instead
# The page carries its grids' outlines up to these sizes (a district's
# hundreds of grids, about 1 MB at most); beyond, a street's map shows them.
MAX_OUTLINES = 1000
MAX_OUTLINE_POINTS = 60_000
COUNTED_UP_TO_ZOOM = 12  # cells of 1/64° and larger add up grids.TicketCell
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
    """Degrees of a cell at this zoom: a tile spans 360 / 2**zoom degrees of
    longitude, and a cell a power of two near a quarter of it (~45 pixels),
    so that the counted cells of 1/64° add up into it exactly."""
    return 2.0 ** (6 - zoom)


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


def _wgs84_box(box):
    """The box's corners back in WGS-84 (most rows' system); the margin covers the rest."""
    south, west, north, east = box
    if tiles_crs() != Crs.WGS84:
        south, west = to_crs(south, west, tiles_crs(), Crs.WGS84)
        north, east = to_crs(north, east, tiles_crs(), Crs.WGS84)
    return south, west, north, east


def _in_box(tickets, box, state: str):
    south, west, north, east = _wgs84_box(box)
    tickets = tickets.filter(
        latitude__gte=south - MARGIN,
        latitude__lte=north + MARGIN,
        longitude__gte=west - MARGIN,
        longitude__lte=east + MARGIN,
    )
    return _state_filter(tickets, state).order_by()


def _state_filter(queryset, state: str):
    if state == "open":
        return queryset.filter(status__in=OPEN_STATUSES)
    if state and state != "all":
        return queryset.filter(status=state)
    return queryset


def ticket_map(user, *, box, zoom: int, state: str) -> dict:
    """{"points": [...]} when at most MAX_POINTS of the user's tickets are in
    the box, else {"cells": [...]}: one query for the points (MAX_POINTS + 1
    at most), and when there are more one grouped query for the cells (and,
    zoomed out, one to see that the counted cells exist)."""
    found = _in_box(Ticket.objects.for_user(user), box, state)
    target = tiles_crs()
    rows = list(found.values_list("pk", "latitude", "longitude", "crs", "status")[: MAX_POINTS + 1])
    if len(rows) <= MAX_POINTS:
        labels = dict(TicketStatus.choices)
        # What a popup says beyond the number: the category and the place,
        # one more query for at most MAX_POINTS tickets.
        about = {
            pk: (category, location)
            for pk, category, location in Ticket.objects.filter(
                pk__in=[row[0] for row in rows]
            ).values_list("pk", "category__name", "location")
        }
        points = []
        for pk, lat, lng, crs, status in rows:
            category, location = about.get(pk, ("", ""))
            lat, lng = to_crs(lat, lng, crs, target)
            points.append(
                {
                    "id": pk,
                    "lat": round(lat, 6),
                    "lng": round(lng, 6),
                    "state": status,
                    "label": _("Ticket %(number)s · %(state)s · %(category)s · %(place)s")
                    % {
                        "number": pk,
                        "state": labels.get(status, status),
                        "category": category,
                        "place": location[:40],
                    },
                    "url": reverse("grids:ticket", args=[pk]),
                }
            )
        return {"points": points, "cells": []}
    cell = cell_size(zoom)
    if zoom <= COUNTED_UP_TO_ZOOM and TicketCell.objects.exists():
        grouped = _counted_cells(user, box, zoom, state)
    else:
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


def _counted_cells(user, box, zoom: int, state: str):
    """The counted 1/64° cells in the box, added up into the zoom's cells."""
    south, west, north, east = _wgs84_box(box)
    per = float(2 ** (COUNTED_UP_TO_ZOOM - zoom))  # counted cells along a side of one
    counted = _state_filter(TicketCell.objects.for_user(user), state).filter(
        lat_cell__gte=math.floor((south - MARGIN) * float(CELLS_PER_DEGREE)),
        lat_cell__lte=math.floor((north + MARGIN) * float(CELLS_PER_DEGREE)),
        lng_cell__gte=math.floor((west - MARGIN) * float(CELLS_PER_DEGREE)),
        lng_cell__lte=math.floor((east + MARGIN) * float(CELLS_PER_DEGREE)),
    )
    return (
        counted.order_by()
        .annotate(
            row=Floor(Cast(F("lat_cell"), FloatField()) / per),
            col=Floor(Cast(F("lng_cell"), FloatField()) / per),
        )
        .values("row", "col")
        .annotate(total=Sum("count"))
        .values_list("row", "col", "total")
    )


def count_ticket_cells() -> int:
    """Count every ticket into its 1/64° cell again, in one INSERT … SELECT
    inside a transaction: a map asking meanwhile reads the previous counts."""
    grouped = (
        Ticket.objects.exclude(latitude=None)
        .exclude(longitude=None)
        .order_by()
        .annotate(
            lat_cell=Floor(Cast(F("latitude"), FloatField()) * float(CELLS_PER_DEGREE)),
            lng_cell=Floor(Cast(F("longitude"), FloatField()) * float(CELLS_PER_DEGREE)),
        )
        .values("community", "status", "lat_cell", "lng_cell")
        .annotate(count=Count("*"))
        .values_list("community", "status", "lat_cell", "lng_cell", "count")
    )
    sql, params = grouped.query.sql_with_params()
    table = TicketCell._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}"')
        cursor.execute(
            f'INSERT INTO "{table}" (community_id, status, lat_cell, lng_cell, count) {sql}',
            params,
        )
        return cursor.rowcount


def boundaries(user) -> dict:
    """The user's grids that have a boundary, as a GeoJSON FeatureCollection
    in the tiles' system (one query). Over MAX_OUTLINES grids or
    MAX_OUTLINE_POINTS corners (a city's thousands of grids), none: the page
    says how many there are and that a street's or community's map shows
    them; `omitted` holds how many."""
    features = []
    grids = Grid.objects.for_user(user).exclude(boundary=None).select_related("community")
    corners = 0
    for grid in grids.order_by("community__code", "number")[: MAX_OUTLINES + 1]:
        corners += _corners(grid.boundary)
        if len(features) == MAX_OUTLINES or corners > MAX_OUTLINE_POINTS:
            return {"type": "FeatureCollection", "features": [], "omitted": grids.count()}
        features.append(
            {
                "type": "Feature",
                "properties": {"name": f"{grid.community.name} {grid.name}"},
                "geometry": convert_geometry(grid.boundary, grid.boundary_crs, tiles_crs()),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _corners(geometry: dict) -> int:
    rings = (
        geometry["coordinates"]
        if geometry["type"] == "Polygon"
        else [ring for polygon in geometry["coordinates"] for ring in polygon]
    )
    return sum(len(ring) for ring in rings)


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
