"""Where things are in the demo district, Huiji (Zhengzhou, ~34.87 N,
113.62 E), in WGS-84: each street a point of a 3 × 3 lattice over the
district, its communities around it, and around each community its grids'
outlines (squares), its organisations' venues (every fourth one a member's
home, which the public map shows only at the community's centre), its
projects and its tickets. Runs last, when everything it places exists."""

import math
from decimal import Decimal

from grids.models import Grid, Ticket
from orgs.models import Area, AreaLevel, Organisation
from projects.models import Project

from .orgs import DISTRICT

CENTRE = (34.87, 113.62)
STREET_STEP = (0.05, 0.07)  # degrees between streets: ~5.5 km by ~6.4 km
COMMUNITY_RADIUS = 0.014
GRID_SIDE = 0.004  # a grid's square: ~440 m by ~370 m


def _d(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def build(demo):
    rng = demo.rng("places")
    centre_of: dict[int, tuple[float, float]] = {}
    streets = Area.objects.filter(level=AreaLevel.STREET, code__startswith=DISTRICT[0])
    for i, street in enumerate(streets.order_by("code")):
        row, col = divmod(i, 3)
        street_lat = CENTRE[0] + (1 - row) * STREET_STEP[0]
        street_lng = CENTRE[1] + (col - 1) * STREET_STEP[1]
        communities = list(street.children.order_by("code"))
        for j, community in enumerate(communities):
            angle = 2 * math.pi * j / max(1, len(communities))
            centre_of[community.pk] = (
                street_lat + COMMUNITY_RADIUS * math.sin(angle),
                street_lng + COMMUNITY_RADIUS * math.cos(angle),
            )
            community.centre_latitude, community.centre_longitude = map(_d, centre_of[community.pk])
        Area.objects.bulk_update(communities, ["centre_latitude", "centre_longitude"])
        street.centre_latitude, street.centre_longitude = _d(street_lat), _d(street_lng)
        # bulk_update, as for the communities: a rerun adds no history rows.
        Area.objects.bulk_update([street], ["centre_latitude", "centre_longitude"])
    squares = _grids(centre_of)
    _venues(rng, centre_of)
    _tickets(rng, squares)
    _points(rng, Ticket.objects.filter(grid=None), "community_id", centre_of, 0.003)
    _points(rng, Project.objects.all(), "community_id", centre_of, 0.002)


def _grids(centre_of) -> dict[int, tuple[float, float]]:
    """Each community's grids side by side in a row east of its centre;
    returns each grid's south-west corner (latitude, longitude)."""
    grids = list(Grid.objects.filter(community_id__in=centre_of).order_by("community", "number"))
    squares = {}
    for grid in grids:
        lat, lng = centre_of[grid.community_id]
        west = lng + (grid.number - 1.5) * GRID_SIDE
        south = lat - GRID_SIDE / 2
        corners = [
            (west, south),
            (west + GRID_SIDE, south),
            (west + GRID_SIDE, south + GRID_SIDE),
            (west, south + GRID_SIDE),
            (west, south),
        ]
        grid.boundary = {
            "type": "Polygon",
            "coordinates": [[[round(x, 6), round(y, 6)] for x, y in corners]],
        }
        squares[grid.pk] = (south, west)
    Grid.objects.bulk_update(grids, ["boundary"])
    return squares


def _tickets(rng, squares):
    """A ticket found in a grid lies inside its outline, clear of the edges
    (issue 23's trial saw the demo's tickets scattered across them)."""
    rows = list(Ticket.objects.filter(grid_id__in=squares).only("pk", "grid"))
    margin = GRID_SIDE / 10
    for row in rows:
        south, west = squares[row.grid_id]
        row.latitude = _d(south + margin + rng.random() * (GRID_SIDE - 2 * margin))
        row.longitude = _d(west + margin + rng.random() * (GRID_SIDE - 2 * margin))
    Ticket.objects.bulk_update(rows, ["latitude", "longitude"], batch_size=1000)


def _venues(rng, centre_of):
    organisations = list(
        Organisation.objects.filter(area_id__in=centre_of).order_by("pk").only("pk", "area")
    )
    for n, org in enumerate(organisations):
        lat, lng = centre_of[org.area_id]
        org.venue_latitude = _d(lat + rng.gauss(0, 0.002))
        org.venue_longitude = _d(lng + rng.gauss(0, 0.002))
        org.venue_is_home = n % 4 == 3
    Organisation.objects.bulk_update(
        organisations, ["venue_latitude", "venue_longitude", "venue_is_home"]
    )


def _points(rng, rows, community_field, centre_of, spread):
    model = rows.model
    rows = list(rows.filter(**{f"{community_field}__in": centre_of}).only("pk", community_field))
    for row in rows:
        lat, lng = centre_of[getattr(row, community_field)]
        row.latitude = _d(lat + rng.gauss(0, spread))
        row.longitude = _d(lng + rng.gauss(0, spread))
    model.objects.bulk_update(rows, ["latitude", "longitude"], batch_size=1000)
