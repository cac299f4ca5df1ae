"""The staff map: each role's tickets and no one else's, points or counts
per cell, the box and zoom checked, points in the tiles' system, and a
grid's boundary imported from a GeoJSON file."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.tiles import map_tiles
from grids import maps, tasks
from grids.models import Grid, Ticket
from lib.geo import wgs84_to_gcj02
from tests.admin_forms import form_data
from tests.grid_helpers import found, from_resident

BOX = "34.70,113.50,34.95,113.80"


def ask(client, bbox=BOX, zoom=13, **extra):
    return client.get(reverse("grids:map_tickets"), {"bbox": bbox, "zoom": zoom, **extra})


def placed(ticket, lat, lng):
    Ticket.objects.filter(pk=ticket.pk).update(latitude=Decimal(lat), longitude=Decimal(lng))
    return ticket


@pytest.fixture
def spread(personas, grids):
    """A ticket in each of streets A and B, and one in district B, all in the box."""
    return {
        "a": placed(found(grids.a1, grids.hazard, by=personas.grid_member), "34.861", "113.611"),
        "b": placed(from_resident(grids.b1.community, grids.hazard), "34.872", "113.652"),
        "c": placed(from_resident(grids.c1.community, grids.hazard), "34.772", "113.662"),
    }


def shown(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {point["id"] for point in response.json()["points"]}


def test_each_role_sees_its_own_tickets_on_the_map(personas, spread, login):
    a, b, c = spread["a"].pk, spread["b"].pk, spread["c"].pk
    assert shown(ask(login(personas.platform_admin))) == {a, b, c}
    assert shown(ask(login(personas.district_officer))) == {a, b}
    assert shown(ask(login(personas.street_a_officer))) == {a}
    assert shown(ask(login(personas.street_b_officer))) == {b}
    assert shown(ask(login(personas.grid_member))) == {a}
    assert shown(ask(login(personas.outsider))) == {c}
    # Street B's officer asking for street A's corner gets an empty map.
    assert shown(ask(login(personas.street_b_officer), bbox="34.85,113.60,34.87,113.62")) == set()
    client = login(personas.org_leader)
    assert ask(client).status_code == 403
    assert client.get(reverse("grids:map")).status_code == 403


def test_a_point_says_what_and_where_and_the_page_explains_its_colours(personas, spread, login):
    """Issue 23's trial found popups reading only "问题 163 · 已上报", and no
    legend for the colours and the counted circles."""
    client = login(personas.street_a_officer)
    ticket = spread["a"]
    (point,) = ask(client).json()["points"]
    assert point["label"] == (
        f"问题 {ticket.pk} · {ticket.get_status_display()} · {ticket.category.name} · "
        f"{ticket.location[:40]}"
    )
    page = client.get(reverse("grids:map")).content.decode()
    for words in ("待受理", "处理中", "已办结或已关闭", "暂缓或已驳回", "数字为该处问题数"):
        assert words in page


def test_many_tickets_are_counted_per_cell_and_filtered_by_state(
    personas, spread, login, monkeypatch
):
    monkeypatch.setattr(maps, "MAX_POINTS", 1)
    client = login(personas.district_officer)
    close_in = ask(client, zoom=13).json()  # counted from the tickets themselves
    assert close_in["points"] == [] and sum(c["count"] for c in close_in["cells"]) == 2
    # Zoomed out: from the counted cells once the schedule has counted them.
    assert tasks.count_ticket_cells.delay().get() == 3  # three communities, one cell each
    far = ask(client, zoom=9).json()
    assert sum(cell["count"] for cell in far["cells"]) == 2  # district A's, not B's
    every = ask(login(personas.platform_admin), zoom=9).json()["cells"]
    assert sorted(cell["count"] for cell in every) == [1, 2]  # 1/8° cells: west and east
    client = login(personas.district_officer)
    monkeypatch.setattr(maps, "MAX_POINTS", 500)
    # Closed tickets are not open: the default state hides them.
    Ticket.objects.filter(pk=spread["a"].pk).update(status="closed")
    assert shown(ask(client)) == {spread["b"].pk}
    assert shown(ask(client, state="closed")) == {spread["a"].pk}
    assert shown(ask(client, state="all")) == {spread["a"].pk, spread["b"].pk}


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"bbox": "north"}, "bbox", "四个数"),
        ({"bbox": "34.9,113.5,34.7,113.8"}, "bbox", "不在地球上"),
        ({"bbox": "1,2,3,nan"}, "bbox", "四个数"),
        ({"zoom": 40}, "zoom", "小于或等于"),
        ({"bbox": "-80,-170,80,170", "zoom": 12}, "__all__", "过大"),
        ({"state": "lost"}, "state", "有效的选项"),
    ],
)
def test_a_wrong_box_or_zoom_is_refused_in_words(personas, login, query, field, words):
    client = login(personas.street_a_officer)
    response = client.get(reverse("grids:map_tickets"), {"bbox": BOX, "zoom": 13, **query})
    assert response.status_code == 400
    assert words in " ".join(response.json()["errors"][field])
    assert not Ticket.objects.exists()  # nothing asked, nothing written


def test_points_go_in_the_tiles_system(personas, spread, login, settings):
    settings.MAP = map_tiles("amap")
    point = ask(login(personas.street_a_officer)).json()["points"][0]
    lat, lng = wgs84_to_gcj02(34.861, 113.611)
    assert (point["lat"], point["lng"]) == (round(lat, 6), round(lng, 6))


SQUARE = {
    "type": "Feature",
    "properties": {},
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[113.60, 34.85], [113.62, 34.85], [113.62, 34.87], [113.60, 34.85]]],
    },
}


def upload(client, grid, content: bytes, crs="wgs84"):
    url = reverse("admin:grids_grid_change", args=[grid.pk])
    data = form_data(client.get(url))
    data.update(boundary_file=SimpleUploadedFile("grid.geojson", content), boundary_crs=crs)
    return client.post(url, data)


def test_a_boundary_is_imported_drawn_and_a_bad_file_changes_nothing(personas, grids, login):
    client = login(personas.street_a_officer)
    response = upload(client, grids.a1, json.dumps(SQUARE).encode(), crs="gcj02")
    assert response.status_code == 302, response.context["adminform"].form.errors
    grid = Grid.objects.get(pk=grids.a1.pk)
    assert grid.boundary == SQUARE["geometry"] and grid.boundary_crs == "gcj02"
    page = client.get(reverse("grids:map"))
    data = page.context["map_data"]["boundaries"]["features"]
    assert [f["properties"]["name"] for f in data] == ["英才社区 第一网格"]
    # Stored in GCJ-02, drawn on the default (WGS-84) map: converted.
    assert data[0]["geometry"]["coordinates"][0][0] != [113.60, 34.85]
    bad = {
        b"{not json": "无法作为 JSON 文本读取",
        json.dumps({"type": "Point", "coordinates": [1, 2]}).encode(): "该文件中是 Point",
        json.dumps(
            {**SQUARE["geometry"], "coordinates": [SQUARE["geometry"]["coordinates"][0][:3]]}
        ).encode(): "至少需要四个点",
        json.dumps(
            {"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [5, 6], [1, 3]]]}
        ).encode(): "未闭合",
        json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[34.8, 113.6], [34.9, 113.6], [34.9, 113.7], [34.8, 113.6]]],
            }
        ).encode(): "先写经度",
        b" " * (maps_limit() + 1): "大于",
    }
    for content, words in bad.items():
        response = upload(client, grids.a1, content)
        assert response.status_code == 200
        assert words in str(response.context["adminform"].form.errors["boundary_file"])
        assert Grid.objects.get(pk=grids.a1.pk).boundary == SQUARE["geometry"]


def maps_limit():
    from grids.boundaries import MAX_BYTES

    return MAX_BYTES


def test_an_outline_drawn_on_the_map_is_saved_for_the_officers_own_grids(personas, grids, login):
    client = login(personas.street_a_officer)
    page = client.get(reverse("grids:map"))
    drawable = [g["name"] for g in page.context["map_data"]["drawable"]]
    assert "英才社区 第一网格" in drawable and "长兴社区 第一网格" not in drawable

    def draw(grid, body):
        url = reverse("grids:map_boundary", args=[grid.pk])
        return client.post(url, json.dumps(body), content_type="application/json")

    assert draw(grids.a1, SQUARE["geometry"]).status_code == 200
    grid = Grid.objects.get(pk=grids.a1.pk)
    assert grid.boundary == SQUARE["geometry"] and grid.boundary_crs == "wgs84"
    assert grid.history.first().history_user == personas.street_a_officer
    opened = {
        "type": "Polygon",
        "coordinates": [SQUARE["geometry"]["coordinates"][0][:-1] + [[1, 1]]],
    }
    refused = draw(grids.a1, opened)
    assert refused.status_code == 400 and "未闭合" in refused.json()["errors"][0]
    assert draw(grids.b1, SQUARE["geometry"]).status_code == 404  # another street's grid
    assert Grid.objects.get(pk=grids.b1.pk).boundary is None
    client = login(personas.grid_member)
    assert draw(grids.a1, SQUARE["geometry"]).status_code == 403


def test_too_many_outlines_are_not_sent_and_the_page_says_where_to_see_them(
    personas, grids, login, monkeypatch
):
    """The page carries its grids' outlines: a whole city's would be
    megabytes (issue 23's review)."""
    Grid.objects.filter(pk__in=[grids.a1.pk, grids.b1.pk]).update(boundary=SQUARE["geometry"])
    monkeypatch.setattr(maps, "MAX_OUTLINES", 1)
    city = login(personas.platform_admin).get(reverse("grids:map"))
    outlines = city.context["map_data"]["boundaries"]
    assert outlines["features"] == [] and outlines["omitted"] == 2
    assert "2 个网格有边界" in city.content.decode()
    street = login(personas.street_a_officer).get(reverse("grids:map"))
    names = [f["properties"]["name"] for f in street.context["map_data"]["boundaries"]["features"]]
    assert names == ["英才社区 第一网格"]
    assert "网格有边界" not in street.content.decode()


def test_tiles_come_only_from_the_configured_provider(personas, login):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        map_tiles("tianditu")  # no key: the start fails, not the map
    tianditu = map_tiles("tianditu", tianditu_key="k3y")
    assert [layer["url"].split("/")[3].split("?")[0] for layer in tianditu["layers"]] == [
        "vec_w",
        "cva_w",
    ]
    assert "tk=k3y" in tianditu["layers"][0]["url"] and tianditu["crs"] == "wgs84"
    assert "https://t0.tianditu.gov.cn" in tianditu["hosts"]
    # The default draws no tiles, and its pages allow images from no other host.
    page = login(personas.street_a_officer).get(reverse("grids:map"))
    assert page.context["map_data"]["tiles"]["layers"] == []
    policy = page["Content-Security-Policy"]
    assert "img-src 'self' data: blob:;" in policy
