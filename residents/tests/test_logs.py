"""No phone, code or message text in any log line, the whole flow through:
code asked for (page and API), a wrong code, the right one, my reports, the
messages switch, sign out; the message sent by the outbox after the commit."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lib.sms.templates import render
from notifications.models import TextMessage
from residents.tests.conftest import last_code
from tests.grid_helpers import from_resident

PHONE = "13903710001"


@pytest.mark.django_db
def test_the_whole_flow_logs_no_phone_code_or_text(
    client, caplog, grids, territory, django_capture_on_commit_callbacks
):
    from_resident(territory.community_a1, grids.hazard)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("residents:sign_in"), {"step": "send", "phone": PHONE})
    code = last_code(PHONE)
    client.post(reverse("residents:sign_in"), {"step": "resend"})
    client.post(reverse("residents:sign_in"), {"step": "verify", "code": "999999x"})
    client.post(reverse("residents:sign_in"), {"step": "verify", "code": code})
    client.get(reverse("residents:reports"))
    client.post(reverse("residents:messages"), {"messages": "off"})
    client.post(reverse("residents:sign_out"))
    api = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        api.post("/api/v1/residents/codes/", {"phone": "13903710002"})
    api_code = last_code("13903710002")
    api.post("/api/v1/residents/tokens/", {"phone": "13903710002", "code": "1"})
    token = api.post(
        "/api/v1/residents/tokens/", {"phone": "13903710002", "code": api_code}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Resident {token}")
    api.get("/api/v1/residents/me/reports/")
    api.credentials(HTTP_AUTHORIZATION="Resident 13903710002:bad:sig")
    api.get("/api/v1/residents/me/reports/")

    assert TextMessage.objects.filter(template="code", status="sent").count() == 2
    words = {
        PHONE,
        "13903710002",
        code,
        api_code,
        token,
        render("code", {"code": code, "minutes": "5"}),
    }
    assert caplog.records, "the flow logged nothing: the test would prove nothing"
    for record in caplog.records:
        line = record.getMessage() + repr(record.args) + repr(record.__dict__)
        leaked = [w for w in words if w in line]
        assert not leaked, (record.name, record.levelname)
