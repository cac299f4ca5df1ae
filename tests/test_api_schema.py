"""The JSON API keeps the promises of its OpenAPI schema, whatever it is sent.

Schemathesis reads the schema the app serves at /api/schema/ and generates
requests for every operation, valid and invalid, sent in-process to the WSGI
application: as a caller without an account (every operation), and as the
grid member who works grid A1-1's tickets and as street A's officer (the
token-only operations), each with the token their login returned. Every
response must be no server error, carry a declared status code and content
type, and match the declared body.

About half the generated ids, tokens and body references are swapped for
real ones (`REAL`), so the views answer with data, not only with 404s; the
success of each operation (and the throttle's 429) is also checked once with
a hand-written request, so it never depends on what was drawn.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from grids import services
from grids.models import Grid, Ticket, TicketCategory
from orgs.models import Organisation
from orgs.roles import Role
from residents.codes import code_hash
from residents.models import SignInCode
from residents.session import issue_token
from tests.factories import OrganisationFactory, UserFactory, make_area
from tests.fixtures import PASSWORD
from tests.grid_helpers import found, from_resident, photo

# Run on PostgreSQL too (CI, -m postgres): generated ids and bodies: PostgreSQL refuses what SQLite lets through.
pytestmark = pytest.mark.postgres

# No stateful sequences (the schema declares no links between operations);
# the coverage phase's boundary values do run.
CONFIG = schemathesis.Config.from_dict({"phases": {"stateful": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Real ids and tokens, filled by the `api_data` fixture and read while
# examples are drawn (ids differ between SQLite and PostgreSQL).
REAL: dict = {}
RESIDENT, RESIDENT_CODE = "13903710001", "246810"  # from_resident's phone
STEP = re.compile(r"/tickets/\{id\}/(start|hold|resume|resolve|photos)/$")


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    path = context.operation.path
    step = STEP.search(path)
    if step:  # the ticket the grid member can take this step on, or one they cannot
        name, values = "id", [*REAL["steps"][step.group(1)], *REAL["not_theirs"]]
    elif "{token}" in path:
        name, values = "token", REAL["tracking"]
    else:
        kind = next((k for k in ("tickets", "grids", "categories") if f"/{k}/{{" in path), None)
        if kind is None:
            return st.just(path_parameters)
        name, values = "id", REAL[kind]
    real = st.sampled_from(values).map(lambda value: {**path_parameters, name: value})
    return st.one_of(real, st.just(path_parameters))


# Body fields that name a row, a credential or a file: so reports, ratings,
# logins and uploads can succeed, not only be refused.
REAL_FIELDS = {
    "grid": "patrol_grids",
    "category": "categories",
    "community": "communities",
    "resident_phone": "phones",
    "token": "rating",
    "username": "usernames",
    "password": "passwords",
    "image": "images",  # the photo upload, multipart only
    "phone": "phones",
    "code": "codes",
}


@schema.hook
def flatmap_body(context, body):
    fields = [f for f in body if f in REAL_FIELDS] if isinstance(body, dict) else []
    if not fields:
        return st.just(body)
    real = st.fixed_dictionaries({f: st.sampled_from(REAL[REAL_FIELDS[f]]) for f in fields})
    return st.one_of(real.map(lambda values: {**body, **values}), st.just(body))


@contextmanager
def rolled_back():
    """One request, undone afterwards: a savepoint inside the test's
    transaction. Django's per-request connection check is off meanwhile, as
    in its own test client: inside a transaction it would drop the connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_for(user) -> str:
    cache.clear()  # the login throttle
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@dataclass
class ApiData:
    tokens: dict[str, str]  # persona -> API token
    tickets: dict[str, Ticket]  # by the state the grid member finds it in
    grid: Grid  # the grid member's
    hazard: TicketCategory
    organisation: Organisation  # its residents' survey


@pytest.fixture(scope="module")
def api_data(django_db_setup, django_db_blocker):
    """A district with grids and tickets, built once for the module inside a
    transaction rolled back at its end (once per operation would double the
    run): grid A1-1's tickets in every state its member acts on, and tickets
    in another street and another district that the callers must not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        city = make_area("4101", "郑州市")
        district = make_area("410108", "惠济区", city)
        street_a = make_area("410108001", "新城街道", district)
        community_a1 = make_area("410108001001", "英才社区", street_a)
        street_b = make_area("410108002", "长兴路街道", district)
        community_b1 = make_area("410108002001", "长兴社区", street_b)
        district_b = make_area("410105", "金水区", city)
        community_c1 = make_area(
            "410105001001", "黄河社区", make_area("410105001", "经八路街道", district_b)
        )

        def user(username, role, area):
            return UserFactory(username=username, role=role, area=area, password=PASSWORD)

        member = user("grid", Role.GRID_MEMBER, community_a1)
        worker = user("community", Role.COMMUNITY_WORKER, community_a1)
        officer = user("street_a", Role.STREET_OFFICER, street_a)
        a1 = Grid.objects.create(community=community_a1, number=1, name="第一网格", leader=member)
        a1.members.add(member)
        a1_second = Grid.objects.create(community=community_a1, number=2, name="第二网格")
        b1 = Grid.objects.create(community=community_b1, number=1, name="第一网格")
        c1 = Grid.objects.create(community=community_c1, number=1, name="第一网格")
        # Shipped by a data migration; made again if a transactional test flushed them.
        hazard = TicketCategory.objects.get_or_create(
            name="安全隐患", defaults={"deadline_days": 2}
        )[0]
        dispute = TicketCategory.objects.get_or_create(
            name="矛盾纠纷", defaults={"deadline_days": 5}
        )[0]

        tickets = {
            "reported": from_resident(community_a1, hazard, grid=a1),
            "found": found(a1, dispute, by=member),
            "assigned": found(a1, hazard, by=member),
            "in_progress": found(a1, hazard, by=member),
            "on_hold": found(a1, hazard, by=member),
            "resolved": from_resident(community_a1, dispute, grid=a1),
            "street_b": from_resident(community_b1, hazard),
            "district_b": from_resident(community_c1, hazard),
        }
        for name in ("assigned", "in_progress", "on_hold"):
            services.accept(ticket=tickets[name], by=worker)
            services.assign(ticket=tickets[name], by=worker, user=member)
        services.start(ticket=tickets["in_progress"], by=member)
        services.start(ticket=tickets["on_hold"], by=member)
        services.hold(ticket=tickets["on_hold"], by=member, reason="等待维修配件")
        resolved = tickets["resolved"]
        services.accept(ticket=resolved, by=worker)
        services.assign(ticket=resolved, by=worker, user=worker)
        services.resolve(ticket=resolved, by=worker, resolution="已修复路灯。")
        for ticket in tickets.values():
            ticket.refresh_from_db()

        REAL.update(
            tickets=[t.pk for t in tickets.values()],
            steps={
                "start": [tickets["assigned"].pk],
                "hold": [tickets["in_progress"].pk],
                "resume": [tickets["on_hold"].pk],
                "resolve": [tickets["in_progress"].pk],
                "photos": [tickets["found"].pk],
            },
            not_theirs=[tickets["reported"].pk, tickets["street_b"].pk],
            grids=[g.pk for g in (a1, a1_second, b1, c1)],
            patrol_grids=[a1.pk, b1.pk],  # the grid member's, and one not theirs
            categories=[hazard.pk, dispute.pk],
            communities=[community_a1.pk, community_b1.pk],
            tracking=[services.tracking_token(t) for t in tickets.values()],
            rating=[services.rating_token(resolved)],
            phones=["13903710001"],
            codes=[RESIDENT_CODE],
            usernames=[member.username],
            passwords=[PASSWORD],
            images=[photo().read()],
        )
        # A resident's open sign-in code (residents.codes), and their token.
        SignInCode.objects.create(
            phone=RESIDENT,
            code_hash=code_hash(RESIDENT, RESIDENT_CODE),
            expires_at=timezone.now() + timedelta(days=1),
        )
        yield ApiData(
            tokens={
                "grid_member": token_for(member),
                "street_a_officer": token_for(officer),
                "resident": f"Resident {issue_token(RESIDENT)}",
            },
            tickets=tickets,
            grid=a1,
            hazard=hazard,
            organisation=OrganisationFactory(name="英才社区夕阳红合唱团", area=community_a1),
        )
        REAL.clear()
        transaction.set_rollback(True)


def call_and_validate(case, token=None):
    # A staff token, or a whole header's value ("Resident <token>").
    headers = {"Authorization": token if " " in token else f"Token {token}"} if token else {}
    with rolled_back():  # a hold or a rating never leaks into the next case
        # Throttle counters start empty for every case: the examples are many
        # requests from one address, which the public rates (10 reports an
        # hour) would turn into 429s after the tenth. The 429 itself is
        # declared wherever a throttle applies, and checked below.
        cache.clear()
        return case.call_and_validate(headers=headers, checks=CHECKS)


# Bounded and the same on every run: ten generated examples per operation
# (plus the examples and coverage phases' fixed ones), no example database.
SETTINGS = settings(max_examples=10, derandomize=True, database=None, deadline=None)


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_every_operation_answers_a_caller_without_an_account(case, api_data):
    call_and_validate(case)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["grid_member", "street_a_officer"])
@schema.include(path_regex=r"^/api/v1/(tickets|grids)/").parametrize()
@SETTINGS
def test_the_patrol_api_answers_its_users(case, persona, api_data):
    call_and_validate(case, api_data.tokens[persona])


# --- each operation's success, once, whatever the generator drew -------------------

# (persona, method, path, what fills {id}/{token} in the path, body, status)
SUCCESSES = [
    (None, "GET", "/api/v1/categories/", None, None, 200),
    (None, "GET", "/api/v1/categories/{id}/", "category", None, 200),
    (None, "GET", "/api/v1/public/communities/", None, None, 200),
    (None, "GET", "/api/v1/public/rounds/", None, None, 200),
    (None, "GET", "/api/v1/public/projects/", None, None, 200),
    (None, "GET", "/api/v1/public/notices/", None, None, 200),
    (None, "GET", "/api/v1/public/funds/", None, None, 200),
    (None, "GET", "/api/v1/public/organisations/", None, None, 200),
    (None, "GET", "/api/v1/public/tickets/{token}/", "tracking", None, 200),
    (None, "POST", "/api/v1/public/tickets/", None, "resident_report", 201),
    (None, "POST", "/api/v1/public/ratings/", None, "rating", 200),
    (None, "POST", "/api/v1/auth/token/", None, "login", 200),
    ("grid_member", "GET", "/api/v1/grids/", None, None, 200),
    ("grid_member", "GET", "/api/v1/grids/{id}/", "grid", None, 200),
    ("grid_member", "GET", "/api/v1/grids/{id}/tickets/", "grid", None, 200),
    ("grid_member", "GET", "/api/v1/tickets/", None, None, 200),
    ("grid_member", "GET", "/api/v1/tickets/{id}/", "found", None, 200),
    ("grid_member", "POST", "/api/v1/tickets/", None, "patrol_report", 201),
    ("grid_member", "POST", "/api/v1/tickets/{id}/start/", "assigned", None, 200),
    ("grid_member", "POST", "/api/v1/tickets/{id}/hold/", "in_progress", "hold", 200),
    ("grid_member", "POST", "/api/v1/tickets/{id}/resume/", "on_hold", None, 200),
    ("grid_member", "POST", "/api/v1/tickets/{id}/resolve/", "in_progress", "resolve", 200),
    ("grid_member", "POST", "/api/v1/tickets/{id}/photos/", "found", "photo", 201),
    ("street_a_officer", "GET", "/api/v1/tickets/", None, None, 200),
    ("grid_member", "POST", "/api/v1/auth/logout/", None, None, 204),
    (None, "POST", "/api/v1/residents/codes/", None, "resident_code", 202),
    (None, "POST", "/api/v1/residents/tokens/", None, "resident_token", 200),
    ("resident", "GET", "/api/v1/residents/me/reports/", None, None, 200),
    ("resident", "GET", "/api/v1/public/surveys/{id}/", "organisation", None, 200),
    ("resident", "POST", "/api/v1/public/surveys/{id}/", "organisation", "survey", 201),
]


def bodies(data: ApiData) -> dict:
    report = {"category": data.hazard.pk, "description": "井盖松动", "location": "东门"}
    return {
        "resident_report": {
            **report,
            "community": data.grid.community_id,
            "resident_name": "王女士",
            "resident_phone": "13903710001",
        },
        "patrol_report": {**report, "grid": data.grid.pk},
        "rating": {"token": services.rating_token(data.tickets["resolved"]), "rating": 5},
        "login": {"username": "grid", "password": PASSWORD},
        "survey": {"q1": 100, "q2": 75, "q3": 75, "comment": "活动很好"},
        "hold": {"reason": "等待维修配件"},
        "resolve": {"resolution": "已更换井盖。"},
        "resident_code": {"phone": "13903710077"},
        "resident_token": {"phone": RESIDENT, "code": RESIDENT_CODE},
        "photo": {"image": photo().read()},
    }


def test_the_successes_name_every_operation_in_the_schema():
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert {(method, path) for _, method, path, *_ in SUCCESSES} == operations


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "method", "path", "target", "body", "status"),
    SUCCESSES,
    ids=[f"{persona or 'anonymous'} {m} {p}" for persona, m, p, *_ in SUCCESSES],
)
def test_each_operation_succeeds_as_its_schema_says(
    api_data, persona, method, path, target, body, status
):
    tickets, name = api_data.tickets, "token" if target == "tracking" else "id"
    values = {
        "organisation": api_data.organisation.pk,
        "category": api_data.hazard.pk,
        "grid": api_data.grid.pk,
        "tracking": services.tracking_token(tickets["reported"]),
        **{state: ticket.pk for state, ticket in tickets.items()},
    }
    operation = schema[path][method]
    media_type = "multipart/form-data" if body == "photo" else "application/json"
    case = operation.Case(
        path_parameters={name: values[target]} if target else None,
        **({"body": bodies(api_data)[body], "media_type": media_type} if body else {}),
    )
    token = api_data.tokens.get(persona)
    response = call_and_validate(case, token)
    assert response.status_code == status, response.text


@pytest.mark.django_db
def test_the_public_report_throttle_answers_429_as_declared(api_data):
    """One report past the rate (API_PUBLIC_REPORT_RATE, 10 an hour) from one
    address is refused, in the declared shape."""
    allowed, _ = ScopedRateThrottle().parse_rate(
        api_settings.DEFAULT_THROTTLE_RATES["public_report"]
    )
    operation = schema["/api/v1/public/tickets/"]["POST"]
    case = operation.Case(body=bodies(api_data)["resident_report"], media_type="application/json")
    cache.clear()
    with rolled_back():
        statuses = [case.call_and_validate(checks=CHECKS).status_code for _ in range(allowed + 1)]
    assert statuses == [201] * allowed + [429]


@pytest.mark.django_db
def test_odd_filters_and_ids_are_refused_in_the_users_language(api_data):
    """Found by the run: a grid number past the database's integer range was
    a server error (SQLite: OverflowError), an unknown status was ignored, and
    a 404 named the model in English."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_data.tokens['grid_member']}")
    too_big = client.get("/api/v1/tickets/", {"grid": "9" * 30})
    assert too_big.status_code == 400
    assert too_big.json()["grid"] == ["请确保该值小于或者等于 9223372036854775807。"]
    unknown = client.get("/api/v1/tickets/", {"status": "lost"})
    assert unknown.status_code == 400
    assert unknown.json()["status"] == ["“lost” 不是合法选项。"]
    assert len(client.get("/api/v1/tickets/", {"status": "on_hold"}).json()["results"]) == 1
    missing = client.get("/api/v1/tickets/2.5/")
    assert (missing.status_code, missing.json()) == (404, {"detail": "未找到。"})
