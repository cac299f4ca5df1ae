"""The residents' API: a code, a token for it, "my reports" with the token;
refusals in Chinese; a wrong or expired token gets 401."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from grids import services
from residents import session
from residents.models import SignInCode
from residents.tests.conftest import last_code
from residents.tests.test_pages import someone_elses
from tests.grid_helpers import from_resident, resolved

PHONE = "13903710001"
OTHER = "13903710099"

pytestmark = pytest.mark.django_db


def token(client, phone=PHONE) -> str:
    assert client.post("/api/v1/residents/codes/", {"phone": phone}).status_code == 202
    response = client.post("/api/v1/residents/tokens/", {"phone": phone, "code": last_code(phone)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["expires_in"] == 30 * 24 * 3600
    return body["token"]


def test_a_code_is_sent_and_refusals_are_in_chinese():
    client = APIClient()
    response = client.post("/api/v1/residents/codes/", {"phone": PHONE}, format="json")
    assert response.status_code == 202
    assert response.json()["resend_in"] == 60
    again = client.post("/api/v1/residents/codes/", {"phone": PHONE}, format="json")
    assert again.status_code == 400
    assert "秒后再获取" in again.json()["non_field_errors"][0]
    bad = client.post("/api/v1/residents/codes/", {"phone": "12345"}, format="json")
    assert bad.status_code == 400
    assert "11 位手机号" in bad.json()["non_field_errors"][0]
    assert SignInCode.objects.count() == 1


def test_a_wrong_or_used_code_gets_no_token():
    client = APIClient()
    client.post("/api/v1/residents/codes/", {"phone": PHONE})
    code = last_code(PHONE)
    wrong = client.post(
        "/api/v1/residents/tokens/", {"phone": PHONE, "code": "000000" if code != "000000" else "1"}
    )
    assert wrong.status_code == 400 and "验证码不正确" in wrong.json()["non_field_errors"][0]
    assert (
        client.post("/api/v1/residents/tokens/", {"phone": PHONE, "code": code}).status_code == 200
    )
    used = client.post("/api/v1/residents/tokens/", {"phone": PHONE, "code": code})
    assert used.json() == {"non_field_errors": ["验证码已使用，请重新获取"]}


def test_my_reports_with_the_token(grids, territory, personas):
    client = APIClient()
    mine = from_resident(territory.community_a1, grids.hazard)
    done = resolved(from_resident(territory.community_a1, grids.dispute), personas)
    someone_elses(territory.community_a1, grids.hazard)
    client.credentials(HTTP_AUTHORIZATION=f"Resident {token(client)}")
    response = client.get("/api/v1/residents/me/reports/")
    assert response.status_code == 200
    body = response.json()
    assert [t["id"] for t in body["tickets"]] == [done.pk, mine.pk]
    assert body["tickets"][0]["rating_token"] == services.rating_token(done)
    assert body["tickets"][1]["rating_token"] is None
    assert body["tickets"][1]["tracking_token"] == services.tracking_token(mine)
    assert body["tickets"][1]["status_display"] == "已上报"
    assert body["needs"] == []


def test_the_token_also_signs_in_the_session_contract():
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_AUTHORIZATION=f"Resident {session.issue_token(PHONE)}")
    request.session = {}
    assert session.signed_in_phone(request) == PHONE


def test_no_wrong_or_expired_token_reads_reports():
    client = APIClient()
    assert client.get("/api/v1/residents/me/reports/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Resident 13903710001:forged:sig")
    response = client.get("/api/v1/residents/me/reports/")
    assert response.status_code == 401
    assert "请重新登录" in response.json()["detail"]
    issued = session.issue_token(PHONE)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        client.credentials(HTTP_AUTHORIZATION=f"Resident {issued}")
        assert client.get("/api/v1/residents/me/reports/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued}")  # not a staff token either
    assert client.get("/api/v1/residents/me/reports/").status_code == 401
