"""Points on a map, and the coordinate system each one is in.

A browser's geolocation gives WGS-84; Tianditu's tiles are in CGCS2000, within
centimetres of WGS-84, so the two are one system here; AMap's and Tencent's
tiles are in GCJ-02, which shifts a point by up to a few hundred metres inside
China. Every stored point keeps the system it was given in (`CrsField`), and
is converted only where a map's tiles need another (`to_crs`).

Plain decimal fields, not geometry: the maps need points within a bounding
box and counts per cell of a grid, which an index on (latitude, longitude)
answers on SQLite and PostgreSQL alike, so the embedded default needs no
spatial extension.
"""

import math
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Crs(models.TextChoices):
    WGS84 = "wgs84", _("WGS-84 / CGCS2000 (GPS, Tianditu)")
    GCJ02 = "gcj02", _("GCJ-02 (AMap, Tencent)")


class LatitudeField(models.DecimalField):
    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MinValueValidator(-90), MaxValueValidator(90)])
        super().__init__(verbose_name or _("latitude"), **kwargs)


class LongitudeField(models.DecimalField):
    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 6)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [MinValueValidator(-180), MaxValueValidator(180)])
        super().__init__(verbose_name or _("longitude"), **kwargs)


class CrsField(models.CharField):
    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("max_length", 6)
        kwargs.setdefault("choices", Crs.choices)
        kwargs.setdefault("default", Crs.WGS84)
        kwargs.setdefault("db_default", Crs.WGS84)
        kwargs.setdefault(
            "help_text", _("The coordinate system the point was given in (a phone gives WGS-84).")
        )
        super().__init__(verbose_name or _("coordinate system"), **kwargs)


# GCJ-02 is WGS-84 with a published obfuscation (Krasovsky 1940 ellipsoid).
_A = 6378245.0
_EE = 0.00669342162296594323


def _outside_china(lat: float, lng: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _delta(lat: float, lng: float) -> tuple[float, float]:
    x, y = lng - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlng += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlng += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlng += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if _outside_china(lat, lng):
        return lat, lng
    dlat, dlng = _delta(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """The inverse by iteration: a few steps bring it within a centimetre."""
    if _outside_china(lat, lng):
        return lat, lng
    guess_lat, guess_lng = lat, lng
    for _step in range(8):
        shifted_lat, shifted_lng = wgs84_to_gcj02(guess_lat, guess_lng)
        guess_lat += lat - shifted_lat
        guess_lng += lng - shifted_lng
    return guess_lat, guess_lng


def to_crs(lat, lng, source: str, target: str) -> tuple[float, float]:
    """(lat, lng) given in `source`, in `target`, as floats."""
    lat, lng = float(lat), float(lng)
    if source == target:
        return lat, lng
    if source == Crs.WGS84 and target == Crs.GCJ02:
        return wgs84_to_gcj02(lat, lng)
    if source == Crs.GCJ02 and target == Crs.WGS84:
        return gcj02_to_wgs84(lat, lng)
    raise ValueError(f"unknown coordinate systems {source!r} → {target!r}")


def rounded(value: float) -> Decimal:
    """A coordinate as stored: six decimals, about 0.1 m."""
    return Decimal(str(round(value, 6)))


# --- what a map page's script needs (static/portal/map.js) ---------------------------


def map_settings() -> dict:
    """What the page's script needs to draw the tiles (config/tiles.py), or none."""
    tiles = settings.MAP
    return {"layers": tiles["layers"], "attribution": tiles["attribution"], "crs": tiles["crs"]}


def map_centre(area=None) -> list:
    """[lat, lng, zoom] in the tiles' system: the area's centre, else MAP_CENTRE's."""
    lat, lng, zoom = settings.MAP_CENTRE
    crs = Crs.WGS84
    if area is not None and area.centre_latitude is not None and area.centre_longitude is not None:
        lat, lng, crs = area.centre_latitude, area.centre_longitude, area.centre_crs
        zoom = {"city": 10, "district": 12, "street": 14}.get(area.level, 15)
    lat, lng = to_crs(lat, lng, crs, settings.MAP["crs"])
    return [round(lat, 6), round(lng, 6), int(zoom)]
