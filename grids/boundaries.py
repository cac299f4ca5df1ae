"""A grid's boundary from a GeoJSON file (or drawn on the map): a Feature, a
FeatureCollection of one or more polygons, a Polygon or a MultiPolygon,
stored as one Polygon or MultiPolygon of [longitude, latitude] pairs.

Every check says what is wrong in words an officer can act on, and a file
that fails any of them changes nothing (the form refuses it whole).
"""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024  # a district's grids drawn finely stay far under this
MAX_POINTS = 50_000


def parse_geojson(raw: bytes) -> dict:
    """The geometry in a GeoJSON file, checked, as a Polygon or MultiPolygon."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB: simplify the outline and try again.")
            % {"size": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(
            _("The file is not GeoJSON: it could not be read as JSON text."), code="not_json"
        ) from None
    return check_geometry(_polygons(data))


def _polygons(data) -> dict:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise ValidationError(_("The file holds no outline."), code="empty")
        polygons = []
        for feature in features:
            geometry = _polygons(feature)
            coordinates = geometry["coordinates"]
            polygons.extend([coordinates] if geometry["type"] == "Polygon" else coordinates)
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}
    if kind == "Feature":
        return _polygons(data.get("geometry"))
    if kind in ("Polygon", "MultiPolygon"):
        return {"type": kind, "coordinates": data.get("coordinates")}
    raise ValidationError(
        _(
            "The outline must be a Polygon or a MultiPolygon (or a Feature or FeatureCollection "
            "of them); this file holds %(kind)s."
        )
        % {"kind": kind or _("something else")},
        code="wrong_type",
    )


def check_geometry(geometry: dict) -> dict:
    """The geometry as given, if every ring is closed and every point on the Earth."""
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(
            _("The outline must be a Polygon or a MultiPolygon."), code="wrong_type"
        )
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise ValidationError(_("The outline has no points."), code="empty")
    count = 0
    checked = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValidationError(_("The outline has no points."), code="empty")
        checked.append([_check_ring(ring) for ring in polygon])
        count += sum(len(ring) for ring in polygon)
    if count > MAX_POINTS:
        raise ValidationError(
            _("The outline has more than %(count)s points: simplify it and try again.")
            % {"count": MAX_POINTS},
            code="too_many_points",
        )
    # Kept as [longitude, latitude] pairs: a height or a measure is dropped.
    coordinates = checked[0] if geometry["type"] == "Polygon" else checked
    return {"type": geometry["type"], "coordinates": coordinates}


def _check_ring(ring) -> list:
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(
            _("Each ring of the outline needs at least four points (the first repeated last)."),
            code="short_ring",
        )
    for point in ring:
        if not (
            isinstance(point, list)
            and len(point) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
            and all(math.isfinite(v) for v in point[:2])
        ):
            raise ValidationError(
                _("Each point must be a pair of numbers: longitude, latitude."), code="bad_point"
            )
        lng, lat = point[:2]
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                _(
                    "A point is off the Earth (%(lng)s, %(lat)s): GeoJSON gives the longitude "
                    "first (-180 to 180), then the latitude (-90 to 90)."
                )
                % {"lng": lng, "lat": lat},
                code="out_of_range",
            )
    if ring[0][:2] != ring[-1][:2]:
        raise ValidationError(
            _("A ring of the outline is not closed: its last point must repeat its first."),
            code="open_ring",
        )
    return [[point[0], point[1]] for point in ring]
