"""Accounts: failed-login lockout, password rules, session expiry, CSRF."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.fixtures import PASSWORD


def log_in(client, username, password, url="login"):
    return client.post(reverse(url), {"username": username, "password": password})


def fail(client, username, times, url="login"):
    for _ in range(times):
        response = log_in(client, username, "wrong-password-1A", url)
        assert response.status_code == 200  # the form again, with its error


# --- Lockout (django-axes) --------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(personas, client):
    fail(client, "street_a", settings.AXES_FAILURE_LIMIT - 1)
    locked = log_in(client, "street_a", "wrong-password-1A")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账户已锁定" in page and "15 分钟" in page

    # The right password does not get in while the lock lasts...
    assert log_in(client, "street_a", PASSWORD).status_code == 429
    assert client.get(reverse("notifications:index")).status_code == 302  # still logged out
    # ... from any address ...
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert log_in(elsewhere, "street_a", PASSWORD).status_code == 429
    # ... nor through the admin's login or the API's token endpoint.
    assert log_in(client, "street_a", PASSWORD, url="admin:login").status_code == 429
    token = client.post(reverse("api:token"), {"username": "street_a", "password": PASSWORD})
    assert token.status_code in (400, 429) and "token" not in token.json()

    # Other accounts are not affected.
    assert log_in(Client(), "street_b", PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(personas, client):
    fail(client, "street_a", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "street_a", "wrong-password-1A").status_code == 429
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert log_in(client, "street_a", PASSWORD).status_code == 302


def test_a_correct_login_resets_the_count(personas, client):
    fail(client, "street_a", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "street_a", PASSWORD).status_code == 302
    client.logout()
    fail(client, "street_a", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "street_a", PASSWORD).status_code == 302


def test_attempts_are_recorded_with_the_address_behind_the_proxy(personas, client, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": "street_a", "password": "wrong-password-1A"},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",  # the first entry is the client's say-so
        REMOTE_ADDR="10.0.0.2",
    )
    attempt = AccessAttempt.objects.get(username="street_a")
    assert attempt.ip_address == "203.0.113.9"
    assert attempt.failures_since_start == 1


# --- Passwords ----------------------------------------------------------------


@pytest.mark.parametrize(
    "new_password, says",
    [
        ("Ab1!xyz", "至少 10 个字符"),  # too short
        ("abcdefghijk", "至少混合 3 种"),  # one kind of character
        ("12345678901", "只包含数字"),  # all digits
        ("Password123", "太常见"),  # on the common passwords list
    ],
)
def test_weak_passwords_are_refused_in_chinese(personas, login, new_password, says):
    client = login(personas.street_a_officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    personas.street_a_officer.refresh_from_db()
    assert personas.street_a_officer.check_password(PASSWORD)


def test_a_strong_password_is_accepted(personas, login):
    client = login(personas.street_a_officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xinchengjiedao#2026",
            "new_password2": "Xinchengjiedao#2026",
        },
    )
    assert response.status_code == 302
    personas.street_a_officer.refresh_from_db()
    assert personas.street_a_officer.check_password("Xinchengjiedao#2026")


def test_the_admin_refuses_a_weak_password_for_a_new_account(personas, login, territory):
    client = login(personas.platform_admin)
    response = client.post(
        reverse("admin:orgs_user_add"),
        {
            "username": "new_officer",
            "name": "新干部",
            "role": "street_officer",
            "area": territory.street_a.pk,
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "new_officer" in response.content.decode()  # what was typed is kept
    assert not personas.platform_admin.__class__.objects.filter(username="new_officer").exists()


# --- Sessions -----------------------------------------------------------------


def test_a_session_ends_after_a_working_day(personas, client):
    assert log_in(client, "street_a", PASSWORD).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    later = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        # (`/` would show the residents' front door: a page behind the login.)
        response = client.get(reverse("notifications:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_cookie_ends_with_the_browser_and_is_not_readable_by_scripts(personas, client):
    response = log_in(client, "street_a", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


# --- CSRF -----------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(personas, territory):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "street_a", PASSWORD).status_code == 403

    client.force_login(personas.street_a_officer)
    for url, data in [
        (reverse("admin:orgs_organisation_add"), {"name": "无令牌提交的组织"}),
        (reverse("projects:need_new"), {"title": "无令牌提交的需求"}),
        (reverse("password_change"), {"old_password": PASSWORD}),
        (reverse("downloads:start"), {"kind": "organisations"}),
    ]:
        assert client.post(url, data).status_code == 403, url

    # The API takes session logins too: without the token they are refused.
    client.force_login(personas.grid_member)
    response = client.post(reverse("api:ticket-list"), {}, content_type="application/json")
    assert response.status_code == 403


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_only_the_api_is_exempt_from_the_csrf_middleware():
    """Django REST framework's views are csrf_exempt because it checks CSRF
    itself for session logins (above) and token logins cannot be forged by
    another site. Nothing else may switch the check off."""
    exempt = sorted(
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    )
    assert exempt and all(route.startswith("api/") for route in exempt), exempt
