"""The public map: live organisations at their venues and published
projects at their places, for anyone, from the page cache.

What is public is decided where it always is: live organisations
(`Organisation.objects.live()`, as the directory lists them) and
`disclosure.projects()`. A venue that is a home (`venue_is_home`), or an
organisation with no venue on the map, is placed at its community's centre,
never at its own point: the exact point is for the area's staff (the staff
map, grids/views/maps.py). Points are sent in the tiles' system (lib.geo).
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from lib.geo import map_centre, map_settings, to_crs
from lib.pagecache import cached_page
from orgs.models import Organisation

from .. import disclosure, public_cache


def _place(lat, lng, crs) -> tuple[float, float]:
    lat, lng = to_crs(lat, lng, crs, settings.MAP["crs"])
    return round(lat, 6), round(lng, 6)


def _venues() -> list[dict]:
    venues = []
    organisations = (
        Organisation.objects.live()
        .select_related("area")
        .order_by("area__code", "pk")
        .only("name", "venue_latitude", "venue_longitude", "venue_crs", "venue_is_home", "area")
    )
    for org in organisations:
        area = org.area
        if (
            not org.venue_is_home
            and org.venue_latitude is not None
            and org.venue_longitude is not None
        ):
            lat, lng = _place(org.venue_latitude, org.venue_longitude, org.venue_crs)
        elif area.centre_latitude is not None and area.centre_longitude is not None:
            lat, lng = _place(area.centre_latitude, area.centre_longitude, area.centre_crs)
        else:
            continue  # nowhere it may be shown
        url = reverse("public:organisation", args=[org.pk])
        venues.append({"lat": lat, "lng": lng, "label": org.name, "url": url})
    return venues


def _projects() -> list[dict]:
    found = []
    for project in disclosure.projects().order_by("-pk"):
        community = project.community
        if project.latitude is not None and project.longitude is not None:
            lat, lng = _place(project.latitude, project.longitude, project.crs)
        elif community.centre_latitude is not None and community.centre_longitude is not None:
            lat, lng = _place(
                community.centre_latitude, community.centre_longitude, community.centre_crs
            )
        else:
            continue
        url = reverse("disclosure:project", args=[project.pk])
        found.append({"lat": lat, "lng": lng, "label": project.title, "url": url})
    return found


def public_map(request):
    return cached_page(
        request,
        lambda extra: _public_map(request, extra),
        depends=public_cache.DEPENDS,
        cacheable=not request.GET,
    )


def _public_map(request, extra):
    data = {
        "tiles": map_settings(),
        "centre": map_centre(),
        "venues": _venues(),
        "projects": _projects(),
        "text": {},
    }
    return render(request, "public/map.html", {"map_data": data, **extra})
