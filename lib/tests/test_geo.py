"""Coordinate systems: GCJ-02 shifts a point inside China by a few hundred
metres, and the way back lands within a centimetre of where it started."""

import math

import pytest

from lib.geo import Crs, gcj02_to_wgs84, to_crs, wgs84_to_gcj02


def metres(a, b):
    dlat = (a[0] - b[0]) * 111_320
    dlng = (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlng)


@pytest.mark.parametrize(
    "point",
    [(30.5928, 114.3055), (39.9087, 116.3975), (23.1291, 113.2644), (36.6512, 117.1201)],
    ids=["Wuhan", "Beijing", "Guangzhou", "Jinan"],
)
def test_gcj02_shifts_and_comes_back(point):
    shifted = wgs84_to_gcj02(*point)
    assert 100 < metres(point, shifted) < 700
    assert metres(point, gcj02_to_wgs84(*shifted)) < 0.01


def test_beijing_matches_the_published_offset():
    # Tiananmen: WGS-84 39.908692, 116.397477 reads as GCJ-02 about
    # 39.910096, 116.403719 on AMap (the offset every map of Beijing shows).
    lat, lng = wgs84_to_gcj02(39.908692, 116.397477)
    assert metres((lat, lng), (39.910096, 116.403719)) < 5


def test_outside_china_nothing_moves():
    assert wgs84_to_gcj02(51.5007, -0.1246) == (51.5007, -0.1246)


def test_same_system_is_left_alone_and_unknown_ones_refused():
    assert to_crs("30.5", "114.3", Crs.WGS84, Crs.WGS84) == (30.5, 114.3)
    with pytest.raises(ValueError):
        to_crs(30.5, 114.3, "bd09", Crs.WGS84)
