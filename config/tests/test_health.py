"""Health endpoints: what a load balancer and an orchestrator see."""

import json
import os

import pytest
from django.test import Client, override_settings

from config import health
from tests.processes import manage_shell

# Run on PostgreSQL too (CI, -m postgres): readiness asks the real database and Redis.
pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def fresh():
    health.forget()
    yield
    health.forget()


def test_liveness_answers_ok_without_the_database():
    # No django_db mark: any database access here would raise.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readiness_names_every_service_it_checked():
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["storage.default"] == "ok"
    assert set(body.values()) == {"ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_is_measured_once_per_interval(django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        assert Client().get("/readyz").status_code == 200
    with django_assert_num_queries(0):  # the remembered answer
        for _ in range(20):
            assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_balancers_probing_by_address_over_http_are_answered():
    # A balancer asks by IP over plain HTTP: no host check, no HTTPS redirect, no login.
    with override_settings(
        ALLOWED_HOSTS=["shequ.example.gov.cn"], SECURE_SSL_REDIRECT=True, DEBUG=False
    ):
        client = Client(HTTP_HOST="10.0.3.7:8000")
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200
        assert client.get("/public/organisations/").status_code == 400  # others still checked
        named = Client(HTTP_HOST="shequ.example.gov.cn")
        assert named.get("/public/organisations/").status_code == 301  # still sent to HTTPS


def probe_in_a_process(path: str, **environ) -> tuple[int, str]:
    """Ask a fresh Django process, configured by `environ`, for `path`."""
    script = (
        "from django.test import Client\n"
        f"r = Client().get({path!r})\n"
        "print('PROBE', r.status_code, r.content.decode())\n"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", **environ)
    env.pop("REDIS_URL", None)
    done = manage_shell(script, env)
    _, status, body = done.stdout[done.stdout.index("PROBE ") :].strip().split(" ", 2)
    return int(status), body


def test_a_database_that_is_down_makes_readiness_fail_and_names_it():
    # Nothing listens on port 1: every connection is refused.
    down = {"DATABASE_URL": "postgres://shequ:s3cret-Pw@127.0.0.1:1/shequ"}
    status, body = probe_in_a_process("/readyz", **down)
    assert status == 503
    assert json.loads(body)["database"] == "error"
    assert json.loads(body)["storage.default"] == "ok"
    # No address, user, password or exception text reaches the prober.
    for secret in ("127.0.0.1", "s3cret", "shequ", "refused", "psycopg"):
        assert secret not in body
    # The balancer's liveness probe still passes: the process is alive.
    assert probe_in_a_process("/healthz", **down) == (200, "ok")
