"""API tokens: a fresh one per login, each device its own; they expire, and a
password change, a deactivation, a logout or a lockout stops them, with a
clear Chinese answer."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.admin_forms import form_data
from tests.fixtures import PASSWORD

API = "/api/v1/"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()


def token_for(user, password=PASSWORD) -> str:
    response = APIClient().post(
        API + "auth/token/", {"username": user.username, "password": password}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def mine(token):
    return with_token(token).get(API + "tickets/")


def test_every_login_gives_a_fresh_token_and_each_device_keeps_its_own(personas):
    phone, tablet = token_for(personas.grid_member), token_for(personas.grid_member)
    assert phone != tablet
    assert mine(phone).status_code == 200 and mine(tablet).status_code == 200


def test_a_token_expires(personas):
    token = token_for(personas.grid_member)
    assert mine(token).status_code == 200
    later = timezone.now() + timedelta(hours=settings.API_TOKEN_HOURS, minutes=1)
    with time_machine.travel(later):
        expired = mine(token)
    assert expired.status_code == 401
    assert "已过期" in expired.json()["detail"]


def test_the_login_answer_says_when_the_token_expires(personas):
    response = (
        APIClient().post(API + "auth/token/", {"username": "grid", "password": PASSWORD}).json()
    )
    assert response["expires"]


def test_logging_out_ends_that_token_only(personas):
    phone, tablet = token_for(personas.grid_member), token_for(personas.grid_member)
    out = with_token(phone).post(API + "auth/logout/")
    assert out.status_code == 204
    refused = mine(phone)
    assert refused.status_code == 401 and "重新登录" in refused.json()["detail"]
    assert mine(tablet).status_code == 200
    assert with_token(phone).post(API + "auth/logout/").status_code == 401


def test_a_password_change_ends_every_token(personas, login):
    token = token_for(personas.grid_member)
    changed = login(personas.grid_member).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xinchengjiedao#2026",
            "new_password2": "Xinchengjiedao#2026",
        },
    )
    assert changed.status_code == 302
    assert mine(token).status_code == 401
    assert mine(token_for(personas.grid_member, "Xinchengjiedao#2026")).status_code == 200


def test_a_deactivated_account_loses_its_tokens(personas, login):
    token = token_for(personas.grid_member)
    member = personas.grid_member
    client = login(personas.platform_admin)
    url = reverse("admin:orgs_user_change", args=[member.pk])
    data = form_data(client.get(url))
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    refused = mine(token)
    assert refused.status_code == 401 and refused.json()["detail"]
    # Switched on again, the account logs in again: the old token stays dead.
    member.refresh_from_db()
    member.is_active = True
    member.save()
    assert mine(token).status_code == 401


def test_a_locked_account_cannot_use_its_token(personas):
    token = token_for(personas.grid_member)
    site = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        site.post(reverse("login"), {"username": "grid", "password": "wrong-password-1A"})
    refused = mine(token)
    assert refused.status_code == 401
    assert "锁定" in refused.json()["detail"]
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert mine(token).status_code == 200


def test_a_forged_token_is_refused_in_chinese(db):
    refused = mine("not-a-token")
    assert refused.status_code == 401
    assert "令牌" in refused.json()["detail"]


def test_tokens_are_stored_hashed(personas):
    token = token_for(personas.grid_member)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            if "token" not in table:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # table names from the schema
            assert not any(token in str(value) for row in cursor.fetchall() for value in row)
