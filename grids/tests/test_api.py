"""The JSON API for the mini-program: token login, reporting and following
tickets within one's jurisdiction, and the resident's side without an account."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from grids import services
from grids.api.views import NewestFirst
from grids.models import Source, Ticket, TicketStatus
from tests.fixtures import PASSWORD
from tests.grid_helpers import found, from_resident, photo, resolved

API = "/api/v1/"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        response = client.post(
            API + "auth/token/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_the_schema_is_valid_openapi(db, tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/v1/tickets/", "/api/v1/public/ratings/", "/api/v1/grids/{id}/tickets/"):
        assert path in schema
    assert api().get("/api/schema/").status_code == 200
    assert api().get("/api/docs/").status_code == 200


def test_a_token_needs_the_right_password_and_every_list_needs_a_token(personas):
    client = APIClient()
    refused = client.post(
        API + "auth/token/", {"username": personas.grid_member.username, "password": "guess"}
    )
    assert refused.status_code == 400
    assert client.get(API + "tickets/").status_code == 401
    assert client.get(API + "categories/").status_code == 200  # public


def test_lists_and_details_are_scoped_and_phones_masked_by_role(personas, grids):
    mine = from_resident(grids.a1.community, grids.hazard, grid=grids.a1)
    theirs = from_resident(grids.b1.community, grids.hazard)
    member = api(personas.grid_member)
    listed = member.get(API + "tickets/").json()
    assert [t["id"] for t in listed["results"]] == [mine.pk]
    # In the member's own grid: they handle it and may call the resident.
    assert listed["results"][0]["resident_phone"] == "13903710001"
    leader = api(personas.org_leader)
    mine.assigned_organisation = personas.organisation_a1
    mine.save()
    given = leader.get(f"{API}tickets/{mine.pk}/").json()
    assert (given["resident_name"], given["resident_phone"]) == ("王**", "139****0001")
    assert member.get(f"{API}tickets/{theirs.pk}/").status_code == 404
    worker = api(personas.community_worker)
    detail = worker.get(f"{API}tickets/{mine.pk}/").json()
    assert detail["resident_phone"] == "13903710001"
    assert [e["label"] for e in detail["timeline"]] == ["已上报"]
    street_b = api(personas.street_b_officer).get(API + "tickets/").json()
    assert [t["id"] for t in street_b["results"]] == [theirs.pk]
    assert api(personas.reviewer).get(API + "tickets/").json()["results"] == []


def test_a_grid_member_reports_a_ticket_with_a_photo(personas, grids):
    client = api(personas.grid_member)
    response = client.post(
        API + "tickets/",
        {
            "grid": grids.a1.pk,
            "category": grids.hazard.pk,
            "description": "井盖松动",
            "location": "东门",
            "latitude": "34.850000",
            "longitude": "113.610000",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert (ticket.community, ticket.reporter, ticket.source) == (
        grids.a1.community,
        personas.grid_member,
        Source.GRID,
    )
    assert body["status"] == "reported" and body["timeline"][0]["by"]
    upload = client.post(
        f"{API}tickets/{ticket.pk}/photos/", {"image": photo()}, format="multipart"
    )
    assert upload.status_code == 201
    assert ticket.photos.count() == 1
    bad = client.post(
        f"{API}tickets/{ticket.pk}/photos/", {"image": photo().read()[:20]}, format="multipart"
    )
    assert bad.status_code == 400


def test_reports_are_refused_outside_ones_grids_or_role(personas, grids):
    client = api(personas.grid_member)
    outside = client.post(
        API + "tickets/",
        {"grid": grids.b1.pk, "category": grids.hazard.pk, "description": "x", "location": "y"},
        format="json",
    )
    assert outside.status_code == 400 and "grid" in outside.json()
    half = client.post(
        API + "tickets/",
        {
            "grid": grids.a1.pk,
            "category": grids.hazard.pk,
            "description": "x",
            "location": "y",
            "latitude": "34.85",
        },
        format="json",
    )
    assert half.status_code == 400
    reviewer = api(personas.reviewer).post(
        API + "tickets/",
        {"grid": grids.a1.pk, "category": grids.hazard.pk, "description": "x", "location": "y"},
        format="json",
    )
    assert reviewer.status_code == 403
    assert not Ticket.objects.exists()


def test_my_grids_and_their_open_tickets(personas, grids):
    open_one = found(grids.a1, grids.hazard, by=personas.grid_member)
    done = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    services.close(ticket=done, by=personas.community_worker)
    client = api(personas.grid_member)
    listed = client.get(API + "grids/").json()["results"]
    assert [(g["id"], g["open_tickets"]) for g in listed] == [(grids.a1.pk, 1)]
    tickets = client.get(f"{API}grids/{grids.a1.pk}/tickets/").json()["results"]
    assert [t["id"] for t in tickets] == [open_one.pk]
    assert client.get(f"{API}grids/{grids.b1.pk}/tickets/").status_code == 404


def test_the_assignee_works_the_ticket_through_the_api(personas, grids):
    ticket = from_resident(grids.a1.community, grids.hazard)
    services.accept(ticket=ticket, by=personas.community_worker)
    services.assign(
        ticket=ticket, by=personas.community_worker, organisation=personas.organisation_a1
    )
    member = api(personas.grid_member)
    assert member.post(f"{API}tickets/{ticket.pk}/start/").status_code == 403
    leader = api(personas.org_leader)
    assert leader.post(f"{API}tickets/{ticket.pk}/start/").json()["status"] == "in_progress"
    again = leader.post(f"{API}tickets/{ticket.pk}/start/")
    assert again.status_code == 400 and "不能" in str(again.json())
    empty = leader.post(f"{API}tickets/{ticket.pk}/resolve/", {"resolution": ""}, format="json")
    assert empty.status_code == 400
    done = leader.post(
        f"{API}tickets/{ticket.pk}/resolve/",
        {"resolution": "已清理", "photo": photo()},
        format="multipart",
    )
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    assert ticket.photos.filter(kind="resolution").exists()


def test_a_resident_reports_follows_and_rates_without_an_account(personas, grids):
    client = APIClient()
    communities = client.get(API + "public/communities/").json()
    assert grids.a1.community.pk in {c["id"] for c in communities}
    missing = client.post(
        API + "public/tickets/",
        {
            "community": grids.a1.community.pk,
            "category": grids.hazard.pk,
            "description": "路灯坏了",
            "location": "东门",
        },
        format="json",
    )
    assert missing.status_code == 400
    assert {"resident_name", "resident_phone"} <= set(missing.json())
    created = client.post(
        API + "public/tickets/",
        {
            "community": grids.a1.community.pk,
            "category": grids.hazard.pk,
            "description": "路灯坏了",
            "location": "东门",
            "resident_name": "王女士",
            "resident_phone": "13903710001",
        },
        format="json",
    )
    assert created.status_code == 201
    token = created.json()["tracking_token"]
    assert created.json()["rating_token"] is None
    assert "resident_phone" not in created.json()
    assert client.get(f"{API}public/tickets/forged:token/").status_code == 404

    ticket = Ticket.objects.get()
    worker = personas.community_worker
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.resolve(ticket=ticket, by=worker, resolution="已换灯")
    followed = client.get(f"{API}public/tickets/{token}/").json()
    assert followed["status"] == "resolved" and followed["resolution"] == "已换灯"
    assert all(entry["by"] == "" for entry in followed["timeline"])  # no office names
    rating = followed["rating_token"]
    assert (
        client.post(
            API + "public/ratings/", {"token": rating, "rating": 0}, format="json"
        ).status_code
        == 400
    )
    rated = client.post(
        API + "public/ratings/", {"token": rating, "rating": 1, "comment": "没修好"}, format="json"
    )
    assert rated.json() == {"ticket": ticket.pk, "status": "assigned", "reopened": True}
    reused = client.post(API + "public/ratings/", {"token": rating, "rating": 5}, format="json")
    assert reused.status_code == 410 and reused.json()["code"] == "used"
    forged = client.post(API + "public/ratings/", {"token": "x:y:z", "rating": 5}, format="json")
    assert forged.status_code == 400
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ASSIGNED and ticket.reopen_count == 1


def test_a_resident_sends_photos_with_a_report_in_one_multipart_body(grids):
    """As the web app's offline draft does (static/portal/drafts.js)."""
    report = {
        "community": grids.a1.community.pk,
        "category": grids.hazard.pk,
        "description": "楼道灯坏了",
        "location": "3号楼",
        "resident_name": "李先生",
        "resident_phone": "13903710002",
    }
    client = APIClient()
    five = client.post(
        API + "public/tickets/",
        {**report, "photos": [photo(f"{n}.jpg") for n in range(5)]},
        format="multipart",
    )
    assert five.status_code == 400 and "photos" in five.json()
    not_a_photo = client.post(
        API + "public/tickets/",
        {**report, "photos": [SimpleUploadedFile("a.jpg", b"not an image")]},
        format="multipart",
    )
    assert not_a_photo.status_code == 400 and "photos" in not_a_photo.json()
    assert not Ticket.objects.exists()

    created = client.post(
        API + "public/tickets/",
        {**report, "photos": [photo("1.jpg"), photo("2.jpg")]},
        format="multipart",
    )
    assert created.status_code == 201
    assert created.json()["tracking_token"]
    ticket = Ticket.objects.get()
    assert ticket.photos.count() == 2 and ticket.resident_phone == "13903710002"


def test_public_reports_are_rate_limited(grids, settings):
    client = APIClient()
    data = {
        "community": grids.a1.community.pk,
        "category": grids.hazard.pk,
        "description": "路灯坏了",
        "location": "东门",
        "resident_name": "王女士",
        "resident_phone": "13903710001",
    }
    statuses = [
        client.post(API + "public/tickets/", data, format="json").status_code for _ in range(11)
    ]
    assert statuses == [201] * 10 + [429]
    assert Ticket.objects.count() == 10


def test_token_login_is_rate_limited(personas):
    client = APIClient()
    for _ in range(10):
        client.post(API + "auth/token/", {"username": "grid", "password": "guess"})
    right = client.post(
        API + "auth/token/", {"username": personas.grid_member.username, "password": PASSWORD}
    )
    assert right.status_code == 429


def test_the_api_speaks_the_chosen_language(personas, grids):
    client = api(personas.grid_member)
    refused = client.post(API + "tickets/", {}, format="json")
    assert "该字段是必填项" in str(refused.json())
    assert reverse("api:schema") == "/api/schema/"


def test_the_ticket_list_pages_by_cursor_newest_first(personas, grids, monkeypatch):
    """`next` and `previous` are links to follow; there is no count and no
    page number, so a page deep in a city's million tickets costs what the
    first does."""
    monkeypatch.setattr(NewestFirst, "page_size", 2)
    made = [from_resident(grids.a1.community, grids.hazard) for _ in range(5)]
    client = api(personas.street_a_officer)
    body = client.get(API + "tickets/").json()
    assert "count" not in body and body["previous"] is None
    pages = [[t["id"] for t in body["results"]]]
    while body["next"]:
        body = client.get(body["next"]).json()
        pages.append([t["id"] for t in body["results"]])
    assert pages == [[t.pk for t in made[::-1][n : n + 2]] for n in (0, 2, 4)]
    back = client.get(body["previous"]).json()
    assert [t["id"] for t in back["results"]] == pages[1]
