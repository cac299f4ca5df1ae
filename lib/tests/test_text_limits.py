"""Free text has a length limit (lib.limits), on every path a person
without an account can fill and on every API input.

An outside test sent public reports with 4.9 MB descriptions, which the
form and the API stored; eleven of them made one page of the staff ticket
list 51 MB. A text past its limit is refused with the framework's Chinese
message naming the limit, and nothing is created; a text at the limit
passes.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from grids import services
from grids.api import serializers as grid_serializers
from grids.models import Ticket, TicketStatus
from lib import limits
from projects.models import Need
from tests.fixtures import OUR_APPS
from tests.grid_helpers import from_resident

HUGE = "井" * (4_900_000 // 3)  # 4.9 MB of UTF-8
FORM_ERROR = "最多 2000 字，现在有"  # lib.limits.ClearLengthErrors
API_ERROR = "请确保这个字段不能超过 2000 个字符"  # DRF's CharField(max_length), in Chinese


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()  # the public forms count submissions per address in the cache


def report(grids, description):
    return {
        "community": grids.a1.community.pk,
        "category": grids.hazard.pk,
        "description": description,
        "location": "小区东门",
        "resident_name": "王女士",
        "resident_phone": "13903710001",
    }


@pytest.mark.parametrize("length", [len(HUGE), limits.TEXT + 1])
def test_the_public_report_form_refuses_a_description_past_the_limit(client, grids, length):
    response = client.post(reverse("public_tickets:form"), report(grids, "井" * length))
    assert response.status_code == 200
    assert FORM_ERROR in str(response.context["form"].errors["description"])
    assert FORM_ERROR in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_error_says_both_lengths_beside_the_field(client, grids):
    response = client.post(reverse("public_tickets:form"), report(grids, "井" * 2001))
    assert response.context["form"].errors["description"] == ["最多 2000 字，现在有 2001 字。"]


def test_the_public_report_form_takes_a_description_at_the_limit(client, grids):
    response = client.post(reverse("public_tickets:form"), report(grids, "井" * limits.TEXT))
    assert response.status_code == 302
    assert len(Ticket.objects.get().description) == limits.TEXT


@pytest.mark.parametrize("length", [len(HUGE), limits.TEXT + 1])
def test_the_public_report_api_refuses_a_description_past_the_limit(grids, length):
    response = APIClient().post(
        "/api/v1/public/tickets/", report(grids, "井" * length), format="json"
    )
    assert response.status_code == 400
    assert API_ERROR in response.json()["description"][0]
    assert not Ticket.objects.exists()


def test_the_public_report_api_takes_a_description_at_the_limit(grids):
    response = APIClient().post(
        "/api/v1/public/tickets/", report(grids, "井" * limits.TEXT), format="json"
    )
    assert response.status_code == 201
    assert len(Ticket.objects.get().description) == limits.TEXT


def need(territory, description):
    return {
        "community": territory.community_a1.pk,
        "title": "楼道灯坏了",
        "description": description,
        "location": "3号楼",
        "people_affected": 20,
        "requester_name": "李大爷",
        "requester_phone": "13903710002",
    }


def test_the_public_need_form_refuses_details_past_the_limit_and_takes_them_at_it(
    client, territory
):
    form = reverse("public_needs:form")
    for text in (HUGE, "井" * (limits.TEXT + 1)):
        response = client.post(form, need(territory, text))
        assert FORM_ERROR in str(response.context["form"].errors["description"])
    assert not Need.objects.exists()
    assert client.post(form, need(territory, "井" * limits.TEXT)).status_code == 302
    assert len(Need.objects.get().description) == limits.TEXT


def test_a_resolution_through_the_api_is_limited_too(personas, grids):
    ticket = from_resident(grids.a1.community, grids.hazard, grid=grids.a1)
    worker = personas.community_worker
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.start(ticket=ticket, by=worker)
    client = APIClient()
    client.force_authenticate(worker)
    url = f"/api/v1/tickets/{ticket.pk}/resolve/"
    refused = client.post(url, {"resolution": "井" * (limits.TEXT + 1)}, format="json")
    assert refused.status_code == 400
    assert API_ERROR in refused.json()["resolution"][0]
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert client.post(url, {"resolution": "井" * limits.TEXT}, format="json").status_code == 200


def test_the_staff_list_stays_small_with_every_description_at_the_limit(personas, grids):
    """Fifty reports at the limit make a page of tens of kilobytes of text each,
    not megabytes: 50 × (2,000 + 2,000) characters at most."""
    for _ in range(3):
        from_resident(grids.a1.community, grids.hazard, grid=grids.a1)
    Ticket.objects.update(description="井" * limits.TEXT)
    client = APIClient()
    client.force_authenticate(personas.community_worker)
    page = client.get("/api/v1/tickets/")
    assert page.status_code == 200
    assert len(page.content) < 3 * 3 * (limits.TEXT + 2000)


# Written by the platform, never typed by anyone.
SYSTEM_TEXT = {
    ("downloads", "download", "error"),
    ("notifications", "notification", "body"),
    ("orgs", "importjob", "error"),
}


def test_every_text_field_of_every_model_has_a_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and field.max_length is None
        and (model._meta.app_label, model._meta.model_name, field.name) not in SYSTEM_TEXT
    ]
    assert unlimited == []


def _input_serializers():
    for name in dir(grid_serializers):
        candidate = getattr(grid_serializers, name)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, serializers.Serializer)
            and candidate.__module__ == grid_serializers.__name__
        ):
            yield candidate


def test_every_text_an_api_client_sends_has_a_limit():
    unlimited = []
    for serializer_class in _input_serializers():
        try:
            fields = serializer_class().fields
        except TypeError:
            continue
        for name, field in fields.items():
            if (
                isinstance(field, serializers.CharField)
                and not field.read_only
                and field.max_length is None
                and not isinstance(field, serializers.ChoiceField)
            ):
                unlimited.append(f"{serializer_class.__name__}.{name}")
    # Response-only serializers (their fields are what the API sends, not reads).
    outputs = {"TimelineEntrySerializer", "RatingRefusalSerializer", "RatingResultSerializer"}
    assert [name for name in unlimited if name.split(".")[0] not in outputs] == []
