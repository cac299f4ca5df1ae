"""The staff map: the tickets of the user's jurisdiction by state, the
boundaries of its grids and the venues of its organisations (exact points:
staff of the area may see a venue that is a home; the public map may not).

The page carries no data but the boundaries and venues (json_script); the
tickets come from `tickets_json` as the map moves (grids/maps.py).
"""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib import audit
from lib.geo import map_centre, map_settings, to_crs
from orgs.models import Organisation
from orgs.roles import AREA_ROLE_LEVELS
from orgs.scoping import get_for_user_or_404

from ..boundaries import MAX_BYTES, check_geometry
from ..maps import STATES, BoxForm, boundaries, ticket_map, tiles_crs
from ..models import Grid

MAX_VENUES = 3000  # a city's live organisations with a venue fit; beyond, the nearest are enough


def _may_see_map(user) -> bool:
    """Area staff and grid members (their tickets are their area's), and the platform."""
    return user.sees_everything or (user.role in AREA_ROLE_LEVELS and bool(user.area_id))


def _venues(user) -> list[dict]:
    target = tiles_crs()
    rows = (
        Organisation.objects.for_user(user)
        .live()
        .exclude(venue_latitude=None)
        .exclude(venue_longitude=None)
        .order_by("area__code", "pk")
        .values_list("name", "venue_latitude", "venue_longitude", "venue_crs", "venue_is_home")
    )
    venues = []
    for name, lat, lng, crs, is_home in rows[:MAX_VENUES]:
        lat, lng = to_crs(lat, lng, crs, target)
        label = _("%(name)s (a home)") % {"name": name} if is_home else name
        venues.append({"lat": round(lat, 6), "lng": round(lng, 6), "label": label})
    return venues


@login_required
def staff_map(request):
    user = request.user
    if not _may_see_map(user):
        raise PermissionDenied
    data = {
        "tiles": map_settings(),
        "centre": map_centre(user.area if user.area_id else None),
        "boundaries": boundaries(user),
        "venues": _venues(user),
        "drawable": _drawable(user),
        "text": {
            "tickets": _("tickets"),
            "open": _("Open ticket page"),
            "noTiles": _("No map tiles: boundaries and points on a plain background."),
            "drawHelp": _("Click the map at each corner of the grid, then save."),
            "saved": _("The outline is saved."),
        },
    }
    return render(
        request,
        "grids/map.html",
        {"map_data": data, "states": STATES, "jurisdiction": user.jurisdiction_label},
    )


def _drawable(user) -> list[dict]:
    """The grids whose outline the user may draw: those of their area, if
    they may change grids (the admin's grant)."""
    if not user.has_perm("grids.change_grid"):
        return []
    grids = (
        Grid.objects.for_user(user)
        .select_related("community")
        .order_by("community__code", "number")
    )
    return [
        {"name": f"{g.community.name} {g.name}", "url": reverse("grids:map_boundary", args=[g.pk])}
        for g in grids[:MAX_VENUES]
    ]


@require_POST
@login_required
def save_boundary(request, pk):
    """A grid's outline drawn on the map: a Polygon in the tiles' system, as
    JSON. Checked like an imported file; a refusal changes nothing."""
    user = request.user
    if not user.has_perm("grids.change_grid"):
        raise PermissionDenied
    grid = get_for_user_or_404(Grid.objects, user, pk=pk)
    try:
        if len(request.body) > MAX_BYTES:
            raise ValidationError(_("The outline is too large: draw fewer corners."))
        try:
            geometry = json.loads(request.body)
        except ValueError:
            raise ValidationError(_("The outline could not be read.")) from None
        geometry = check_geometry(geometry if isinstance(geometry, dict) else {})
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    grid.boundary, grid.boundary_crs = geometry, tiles_crs()
    audit.save(grid, by=user, fields=["boundary", "boundary_crs"])
    return JsonResponse({"geometry": geometry})


@login_required
def tickets_json(request):
    """Tickets of the jurisdiction in the asked box: points or counts per cell."""
    user = request.user
    if not _may_see_map(user):
        raise PermissionDenied
    form = BoxForm(request.GET)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    data = form.cleaned_data
    result = ticket_map(
        user,
        box=data["bbox"],
        zoom=data["zoom"],
        state=data["state"] or "open",
    )
    return JsonResponse(result)
