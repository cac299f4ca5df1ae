"""One rule for who the client is, behind the proxy: every limit (the API
throttles, the public forms' counts, django-axes) and every record of an
address reads the entry TRUSTED_PROXY_COUNT from the end of X-Forwarded-For,
the one the nearest trusted proxy wrote, and REMOTE_ADDR when there is no
proxy or the header is too short. Entries further left are the client's say-so.
"""

import itertools

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from grids.models import Ticket
from lib.clients import client_ip
from projects.models import Need

# Run on PostgreSQL too (CI, -m postgres): the throttles count in Redis.
pytestmark = pytest.mark.postgres

API = "/api/v1/"
PROXY = "10.0.0.2"  # nginx, as gunicorn sees it
forged = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client_address: str, claimed: str | None = None) -> dict:
    """What gunicorn receives when nginx forwards a request from
    `client_address`, whose own X-Forwarded-For header said `claimed`."""
    xff = f"{claimed}, {client_address}" if claimed else client_address
    return {"HTTP_X_FORWARDED_FOR": xff, "REMOTE_ADDR": PROXY}


# --- The rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "proxies, xff, expected",
    [
        (0, "1.2.3.4", PROXY),  # no proxy: the header is anyone's to write
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (1, " 203.0.113.9 ", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, None, PROXY),  # missing: the proxy's address, never a guess
        (1, "", PROXY),
        (2, "203.0.113.9", PROXY),  # shorter than the proxies: not trusted
        (1, "not-an-address", PROXY),
        (1, "1.2.3.4, ", PROXY),
    ],
)
def test_the_client_is_the_entry_the_nearest_trusted_proxy_wrote(settings, proxies, xff, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": PROXY}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    assert client_ip(RequestFactory().get("/", **extra)) == expected


# --- A forged left-most entry does not escape the API throttles ------------------


def test_token_login_throttles_the_real_address_whatever_it_claims(behind_one_proxy, db):
    client = APIClient()
    statuses = [
        client.post(
            API + "auth/token/",
            {"username": f"nobody{n}", "password": "guess"},
            **through_proxy("203.0.113.9", claimed=next(forged)),
        ).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_anonymous_reports_throttle_the_real_address_whatever_it_claims(behind_one_proxy, grids):
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
        client.post(
            API + "public/tickets/",
            data,
            format="json",
            **through_proxy("203.0.113.9", claimed=next(forged)),
        ).status_code
        for _ in range(11)
    ]
    assert statuses == [201] * 10 + [429]
    assert Ticket.objects.count() == 10


def test_ratings_throttle_the_real_address_whatever_it_claims(behind_one_proxy, db):
    client = APIClient()
    statuses = [
        client.post(
            API + "public/ratings/",
            {"token": "x:y:z", "rating": 5},
            format="json",
            **through_proxy("203.0.113.9", claimed=next(forged)),
        ).status_code
        for _ in range(31)
    ]
    assert statuses == [400] * 30 + [429]
    refused = statuses and client.post(
        API + "public/ratings/",
        {"token": "x:y:z", "rating": 5},
        format="json",
        **through_proxy("203.0.113.9"),
    )
    assert "请求" in refused.json()["detail"]  # Chinese, from DRF's catalogue


def test_with_no_proxy_the_header_is_ignored(settings, db):
    settings.TRUSTED_PROXY_COUNT = 0
    client = APIClient()
    statuses = [
        client.post(
            API + "auth/token/",
            {"username": f"nobody{n}", "password": "guess"},
            HTTP_X_FORWARDED_FOR=next(forged),
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]


# --- Residents behind one proxy each have their own count on the public forms -----


def ticket_data(grids, n):
    return {
        "community": grids.a1.community.pk,
        "category": grids.hazard.pk,
        "description": f"路灯坏了 {n}",
        "location": "小区东门",
        "resident_name": "王女士",
        "resident_phone": "13903710001",
    }


def test_eleven_residents_behind_one_proxy_can_each_report(behind_one_proxy, client, grids):
    for n in range(11):
        response = client.post(
            reverse("public_tickets:form"),
            ticket_data(grids, n),
            **through_proxy(f"203.0.113.{n + 1}"),
        )
        assert response.status_code == 302, n
    assert Ticket.objects.count() == 11


def test_one_resident_forging_addresses_is_still_counted_on_the_form(
    behind_one_proxy, client, grids
):
    for n in range(10):
        client.post(
            reverse("public_tickets:form"),
            ticket_data(grids, n),
            **through_proxy("203.0.113.9", claimed=next(forged)),
        )
    flood = client.post(
        reverse("public_tickets:form"),
        ticket_data(grids, 10),
        **through_proxy("203.0.113.9", claimed=next(forged)),
    )
    assert "提交次数过多" in flood.content.decode()
    assert Ticket.objects.count() == 10


def test_eleven_residents_behind_one_proxy_can_each_send_a_need(
    behind_one_proxy, client, territory
):
    for n in range(11):
        response = client.post(
            reverse("public_needs:form"),
            {
                "community": territory.community_a1.pk,
                "title": f"老年人智能手机培训 {n}",
                "people_affected": 20,
                "requester_name": "刘阿姨",
                "requester_phone": "13903710003",
            },
            **through_proxy(f"203.0.113.{n + 1}"),
        )
        assert response.status_code == 302, n
    assert Need.objects.count() == 11


def test_with_no_proxy_the_form_counts_the_connecting_address(settings, client, grids):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        client.post(
            reverse("public_tickets:form"),
            ticket_data(grids, n),
            HTTP_X_FORWARDED_FOR=next(forged),
            REMOTE_ADDR="203.0.113.9",
        )
    flood = client.post(
        reverse("public_tickets:form"),
        ticket_data(grids, 10),
        HTTP_X_FORWARDED_FOR=next(forged),
        REMOTE_ADDR="203.0.113.9",
    )
    assert "提交次数过多" in flood.content.decode()


# --- Nothing counts clients another way ---------------------------------------------


def api_views():
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "cls"):
                yield pattern.callback

    yield from walk(get_resolver().url_patterns)


def test_every_api_throttle_counts_clients_by_the_one_rule():
    from lib.api import ScopedThrottle

    checked = 0
    for callback in api_views():
        for action in (getattr(callback, "actions", None) or {None: None}).values():
            view = callback.cls(**callback.initkwargs)
            view.action = action
            for throttle in view.get_throttles():
                assert isinstance(throttle, ScopedThrottle), (callback.cls, action)
                checked += 1
    assert checked >= 3  # token login, public reports, ratings


def test_production_reads_one_proxy_for_axes_forms_and_drf():
    from config.tests.test_settings import run_django

    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u@db.example:5432/shequ",
        "ALLOWED_HOSTS": "shequ.example.gov.cn",
        "REDIS_URL": "redis://cache.example:6379/0",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.REST_FRAMEWORK['NUM_PROXIES'], s.AXES_CLIENT_IP_CALLABLE)"
    )
    result = run_django(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "lib.clients.client_ip"]
    result = run_django(code, {**env, "TRUSTED_PROXY_COUNT": "2"})
    assert result.stdout.split()[:2] == ["2", "2"]
