"""The map tiles (MAP_TILES), one function so the settings, the CSP and the
map pages read the same description.

- "none" (the embedded default, and the tests): no tiles at all, a plain
  background on which the grid boundaries and the points are still drawn, so
  a map works on a network closed to the outside and no test fetches a tile.
- "tianditu": the national Tianditu service (vector map vec_w with its
  labels cva_w, Web Mercator WMTS), which needs a key (TIANDITU_KEY). Its
  CGCS2000 is within centimetres of WGS-84, so points go as stored.
- "amap": AMap's public road tiles, in GCJ-02: the server converts every
  point (lib.geo.to_crs) before sending it.

Each layer is a Leaflet URL template with its subdomains; `hosts` is what
the Content-Security-Policy must let images come from.
"""

from django.core.exceptions import ImproperlyConfigured

_TIANDITU = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
)
_TIANDITU_SUBDOMAINS = "01234567"
_AMAP = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"


def map_tiles(provider: str, *, tianditu_key: str = "") -> dict:
    """{"provider", "crs" (of the tiles), "layers": [{"url", "subdomains"}],
    "attribution", "hosts"} for MAP_TILES's value; refuses an unknown one or
    Tianditu without a key, so a wrong setting stops the start, not the map."""
    if provider == "none":
        return {"provider": "none", "crs": "wgs84", "layers": [], "attribution": "", "hosts": []}
    if provider == "tianditu":
        if not tianditu_key:
            raise ImproperlyConfigured("MAP_TILES=tianditu needs TIANDITU_KEY (a Tianditu key).")
        layers = [
            {
                "url": _TIANDITU.format(s="{s}", layer=layer, key=tianditu_key),
                "subdomains": _TIANDITU_SUBDOMAINS,
            }
            for layer in ("vec", "cva")
        ]
        hosts = [f"https://t{s}.tianditu.gov.cn" for s in _TIANDITU_SUBDOMAINS]
        return {
            "provider": "tianditu",
            "crs": "wgs84",
            "layers": layers,
            "attribution": "© 天地图 Tianditu",
            "hosts": hosts,
        }
    if provider == "amap":
        return {
            "provider": "amap",
            "crs": "gcj02",
            "layers": [{"url": _AMAP, "subdomains": "1234"}],
            "attribution": "© 高德地图 AMap",
            "hosts": [f"https://webrd0{s}.is.autonavi.com" for s in "1234"],
        }
    raise ImproperlyConfigured(f"MAP_TILES must be none, tianditu or amap, not {provider!r}.")
