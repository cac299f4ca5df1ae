"""Shared fixtures: a small territory of two districts, and a persona per role.

郑州市 4101
├── 惠济区 410108 (district A)
│   ├── 新城街道 410108001 (street A)      英才社区 …001001, 绿城社区 …001002
│   └── 长兴路街道 410108002 (street B)    长兴社区 …002001, 开元社区 …002002
└── 金水区 410105 (district B)
    ├── 经八路街道 410105001               黄河社区 …001001
    └── 丰产路街道 410105002               农科社区 …002001
"""

import os
from dataclasses import dataclass

import pytest
from django.db import connection

from incubators.models import Platform
from orgs.models import Area, Organisation, Tier, User
from orgs.roles import Role
from tests.factories import OrganisationFactory, UserFactory, make_area

PASSWORD = "pass-for-tests-2026"


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    """On SQLite (the README's suite) the test databases are built from the
    models and the shipped rows planted by tests/seeds.py: the migrations
    cost each worker about 70 s of CPU. PostgreSQL runs them, unless told
    --nomigrations: CI's main PostgreSQL run builds from the models too,
    while the tests marked `needs_migrations` run beside it on a migrated
    database, tests/test_seeds.py among them (both give the same rows).
    TEST_MIGRATIONS=1 runs them on SQLite too."""
    if request.config.getvalue("nomigrations"):
        return False
    return connection.vendor != "sqlite" or os.environ.get("TEST_MIGRATIONS") == "1"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_use_migrations, django_db_blocker):
    if not django_db_use_migrations:
        from tests.seeds import plant

        with django_db_blocker.unblock():
            plant()


# Tests that move the test database along its migrations (a data migration
# and back): they need a database the migrations built.
needs_migrations = pytest.mark.needs_migrations


OUR_APPS = (
    "orgs",
    "notifications",
    "downloads",
    "incubators",
    "projects",
    "grids",
    "assessments",
    "party",
    "honours",
)


@pytest.fixture(scope="session")
def shipped_rows(django_db_setup, django_db_blocker) -> tuple[str, str]:
    """The rows our migrations ship (categories, ticket categories, holidays,
    scoring templates), as they are in the fresh test database. Django's own
    tables (content types, permissions) are left out: the flush's
    post-migrate signal makes them again."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        rows = [
            row
            for label in OUR_APPS
            for model in apps.get_app_config(label).get_models()
            for row in model._default_manager.order_by("pk")
        ]
        # With the test database's name: rows go back only into that database.
        return connection.settings_dict["NAME"], serializers.serialize("json", rows)


def restore_shipped_rows(rows: str) -> None:
    from django.core import serializers
    from django.db import transaction

    with transaction.atomic(), connection.constraint_checks_disabled():
        for row in serializers.deserialize("json", rows):
            row.save()


@pytest.fixture(autouse=True)
def _public_pages_forgotten():
    """Each test's rows are rolled back without a signal, and the next test's
    may reuse their ids: no public page cached by one test is served in the
    next (lib/pagecache.py)."""
    from lib import pagecache
    from orgs import public_cache

    pagecache.forget(public_cache.EVERYTHING)


@pytest.fixture(autouse=True)
def _shipped_rows_noted(request):
    """A transactional test (live server, real workers) ends by flushing every
    table, shipped rows included. Run alone, pytest-django puts such tests
    last; under pytest-xdist a file's tests run together wherever the file
    lands, so later tests on that worker would find no categories. Such a test
    is noted here, and its rows are put back once its teardown (the flush) is
    over, in pytest_runtest_teardown below."""
    marker = request.node.get_closest_marker("django_db")
    if bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    ):
        request.node.shipped_rows = (
            request.getfixturevalue("shipped_rows"),
            request.getfixturevalue("django_db_blocker"),
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    noted = getattr(item, "shipped_rows", None)
    # After the last test the test database is gone and the connection names
    # the real one again: nothing is written there.
    if noted and nextitem is not None:
        (database, rows), blocker = noted
        if connection.settings_dict["NAME"] == database:
            with blocker.unblock():
                restore_shipped_rows(rows)


@dataclass
class Territory:
    city: Area
    district_a: Area
    street_a: Area
    street_b: Area
    community_a1: Area
    community_a2: Area
    community_b1: Area
    community_b2: Area
    district_b: Area
    street_c: Area
    street_d: Area
    community_c1: Area
    community_d1: Area


@pytest.fixture
def territory(db) -> Territory:
    city = make_area("4101", "郑州市")
    district_a = make_area("410108", "惠济区", city)
    street_a = make_area("410108001", "新城街道", district_a)
    street_b = make_area("410108002", "长兴路街道", district_a)
    district_b = make_area("410105", "金水区", city)
    street_c = make_area("410105001", "经八路街道", district_b)
    street_d = make_area("410105002", "丰产路街道", district_b)
    return Territory(
        city=city,
        district_a=district_a,
        street_a=street_a,
        street_b=street_b,
        community_a1=make_area("410108001001", "英才社区", street_a),
        community_a2=make_area("410108001002", "绿城社区", street_a),
        community_b1=make_area("410108002001", "长兴社区", street_b),
        community_b2=make_area("410108002002", "开元社区", street_b),
        district_b=district_b,
        street_c=street_c,
        street_d=street_d,
        community_c1=make_area("410105001001", "黄河社区", street_c),
        community_d1=make_area("410105002001", "农科社区", street_d),
    )


@dataclass
class Personas:
    platform_admin: User
    district_officer: User  # district A
    street_a_officer: User
    street_b_officer: User
    community_worker: User  # community A1
    org_leader: User  # leads an organisation in community A1
    grid_member: User
    operator: User
    reviewer: User
    outsider: User  # district staff of district B
    organisation_a1: Organisation
    organisation_b1: Organisation
    agency: Organisation  # the social-work agency the operator works for


@pytest.fixture
def personas(territory) -> Personas:
    t = territory
    organisation_a1 = OrganisationFactory(name="英才社区夕阳红合唱团", area=t.community_a1)
    organisation_b1 = OrganisationFactory(name="长兴社区广场舞队", area=t.community_b1)
    agency = OrganisationFactory(
        name="惠济区阳光社会工作服务中心",
        area=t.district_a,
        tier=Tier.REGISTERED,
        credit_code="52410108MJ0000017N",
    )

    def user(username, role, **kwargs):
        return UserFactory(username=username, role=role, password=PASSWORD, **kwargs)

    return Personas(
        platform_admin=user("admin", Role.PLATFORM_ADMIN),
        district_officer=user("district", Role.DISTRICT_STAFF, area=t.district_a),
        street_a_officer=user("street_a", Role.STREET_OFFICER, area=t.street_a),
        street_b_officer=user("street_b", Role.STREET_OFFICER, area=t.street_b),
        community_worker=user("community", Role.COMMUNITY_WORKER, area=t.community_a1),
        org_leader=user("leader", Role.ORG_LEADER, organisation=organisation_a1),
        grid_member=user("grid", Role.GRID_MEMBER, area=t.community_a1),
        operator=user("operator", Role.INCUBATOR_OPERATOR, area=t.district_a, organisation=agency),
        reviewer=user("reviewer", Role.REVIEWER, area=t.district_a),
        outsider=user("outsider", Role.DISTRICT_STAFF, area=t.district_b),
        organisation_a1=organisation_a1,
        organisation_b1=organisation_b1,
        agency=agency,
    )


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as that persona and returns it."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# CI runs the whole suite on SQLite (the README's command) and, on PostgreSQL
# and Redis, the tests marked `postgres` (`pytest -m postgres`): those whose
# subject is what the database does (row locks, races, constraints,
# transactions, migrations, database-specific SQL) or the production path
# (real workers, Redis, backups). A module says so with
# `pytestmark = pytest.mark.postgres`. `on_postgres` marks a test that means
# nothing elsewhere: it is in that selection and skips on SQLite.
on_postgres = pytest.mark.postgres(only=True)


def pytest_collection_modifyitems(config, items):
    on_postgresql = connection.vendor == "postgresql"
    skip = pytest.mark.skip(
        reason="needs PostgreSQL; runs in CI (.ci/run) against the machine's server"
    )
    # The database is built from the models unless the migrations build it:
    # on SQLite by default (TEST_MIGRATIONS=1 migrates), and on PostgreSQL
    # when asked with --nomigrations (CI's main PostgreSQL run, whose
    # migration tests run beside it on a migrated database).
    built_from_models = config.getvalue("nomigrations") or (
        not on_postgresql and os.environ.get("TEST_MIGRATIONS") != "1"
    )
    unmigrated = pytest.mark.skip(
        reason="needs a database built by the migrations: runs on PostgreSQL in CI, "
        "or here with TEST_MIGRATIONS=1"
    )
    for item in items:
        if not on_postgresql and any(
            mark.kwargs.get("only") for mark in item.iter_markers("postgres")
        ):
            item.add_marker(skip)
        elif built_from_models and item.get_closest_marker("needs_migrations"):
            item.add_marker(unmigrated)


@dataclass
class Platforms:
    district: Platform
    street_a: Platform  # run by the operator's agency
    street_b: Platform  # run by another agency
    community_a1: Platform
    other_agency: Organisation


@pytest.fixture
def platforms(personas, territory) -> Platforms:
    """District A's platforms: the district base, street A's and street B's
    centres, and a community site under street A."""
    other = OrganisationFactory(
        name="惠济区同心社会工作服务中心",
        area=territory.district_a,
        tier=Tier.REGISTERED,
        credit_code="51410108MA9F3H7P2Q",
    )
    district = Platform.objects.create(
        name="惠济区孵化基地",
        area=territory.district_a,
        operator=personas.agency,
        venue="区党群服务中心",
    )
    street_a = Platform.objects.create(
        name="新城街道孵化中心",
        area=territory.street_a,
        parent=district,
        operator=personas.agency,
        venue="新城街道",
    )
    street_b = Platform.objects.create(
        name="长兴路街道孵化中心",
        area=territory.street_b,
        parent=district,
        operator=other,
        venue="长兴路街道",
    )
    community = Platform.objects.create(
        name="英才社区孵化园",
        area=territory.community_a1,
        parent=street_a,
        operator=personas.agency,
        venue="英才社区",
    )
    return Platforms(
        district=district,
        street_a=street_a,
        street_b=street_b,
        community_a1=community,
        other_agency=other,
    )


@dataclass
class World:
    """A round of district A with its fund and panel, and a project of
    community A1 open for bids, with two filed organisations able to bid."""

    fund: object
    round: object
    project: object
    bidder_a: Organisation  # personas.organisation_a1, led by personas.org_leader
    bidder_b: Organisation
    leader_b: User
    reviewers: list


@pytest.fixture
def world(personas, territory) -> World:
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from incubators.models import Fund, FundSource
    from incubators.services import funds
    from orgs.services.filing import approve_filing, submit_filing
    from projects.models import Round, RoundCriterion
    from projects.services import tenders

    officer = personas.street_a_officer
    fund = Fund.objects.create(
        name="惠济区社区治理基金", area=territory.district_a, opened_on=date(2026, 1, 1)
    )
    funds.receive(
        fund=fund,
        amount="200000",
        occurred_on=date(2026, 1, 15),
        counterparty="区财政",
        purpose="专项资金",
        voucher_number="IN-1",
        by=personas.district_officer,
        source=FundSource.objects.get(name="福彩公益金"),
    )
    bidder_b = OrganisationFactory(name="绿城社区助老服务队", area=territory.community_a2)
    for org in (personas.organisation_a1, bidder_b):
        approve_filing(application=submit_filing(organisation=org, by=officer), by=officer)
        org.refresh_from_db()
    leader_b = UserFactory(
        username="leader_b", role=Role.ORG_LEADER, organisation=bidder_b, password=PASSWORD
    )
    reviewers = [
        personas.reviewer,
        UserFactory(username="reviewer2", role=Role.REVIEWER, area=territory.district_a),
    ]
    now = timezone.now()
    round_ = Round.objects.create(
        title="2026年公益创投",
        district=territory.district_a,
        fund=fund,
        budget=Decimal("100000"),
        opens_on=now.date(),
        bids_close_at=now + timedelta(days=10),
        review_ends_on=now.date() + timedelta(days=20),
        results_on=now.date() + timedelta(days=30),
    )
    round_.reviewers.set(reviewers)
    for position, (name, points) in enumerate(
        [("需求契合度", 30), ("方案可行性", 30), ("预算合理性", 20), ("组织能力", 20)]
    ):
        RoundCriterion.objects.create(round=round_, name=name, max_points=points, position=position)
    tenders.open_round(round_=round_, by=personas.district_officer)
    project = tenders.draft_project(
        community=territory.community_a1,
        by=personas.community_worker,
        round=round_,
        title="银龄助餐暖心行动",
        description="为独居老人提供助餐服务。",
        deliverables="助餐不少于60次。",
        beneficiaries=40,
        budget_ceiling=Decimal("20000"),
        starts_on=now.date() + timedelta(days=40),
        ends_on=now.date() + timedelta(days=160),
    )
    project = tenders.publish(project=project, by=officer)
    return World(fund, round_, project, personas.organisation_a1, bidder_b, leader_b, reviewers)


@dataclass
class Grids:
    """Grids of district A (two in community A1, one in A2, one in B1) and one
    of district B; the grid member leads grid A1-1; organisation A1 serves in it."""

    a1: object
    a1_second: object
    a2: object
    b1: object
    c1: object  # district B
    hazard: object  # 安全隐患: 2 working days
    dispute: object  # 矛盾纠纷: 5 working days


@pytest.fixture
def grids(personas, territory) -> Grids:
    from grids.models import Grid, GridOrganisation, TicketCategory

    def grid(community, number):
        return Grid.objects.create(
            community=community, number=number, name=f"第{'一二三'[number - 1]}网格"
        )

    a1 = grid(territory.community_a1, 1)
    a1.leader = personas.grid_member
    a1.save()
    a1.members.add(personas.grid_member)
    GridOrganisation.objects.create(grid=a1, organisation=personas.organisation_a1)
    return Grids(
        a1=a1,
        a1_second=grid(territory.community_a1, 2),
        a2=grid(territory.community_a2, 1),
        b1=grid(territory.community_b1, 1),
        c1=grid(territory.community_c1, 1),
        # Shipped by a data migration; created here when a browser test's flush
        # has emptied the tables and the serialized copy was not restored.
        hazard=TicketCategory.objects.get_or_create(name="安全隐患", defaults={"deadline_days": 2})[
            0
        ],
        dispute=TicketCategory.objects.get_or_create(
            name="矛盾纠纷", defaults={"deadline_days": 5}
        )[0],
    )


# --- issue 24, claims: departments and mass organisations, each with its account ---------
@dataclass
class Departments:
    youth_league: object  # 惠济区团委, district A
    youth_account: User  # its account (Role.DEPARTMENT)
    culture_b: object  # 金水区文旅体局, district B
    culture_b_account: User


@pytest.fixture
def departments(territory) -> Departments:
    from orgs.models import Department, DepartmentKind

    league = Department.objects.create(
        name="惠济区团委", kind=DepartmentKind.MASS, area=territory.district_a
    )
    culture = Department.objects.create(
        name="金水区文旅体局", kind=DepartmentKind.DEPARTMENT, area=territory.district_b
    )
    return Departments(
        youth_league=league,
        youth_account=UserFactory(
            username="tuanwei", role=Role.DEPARTMENT, department=league, password=PASSWORD
        ),
        culture_b=culture,
        culture_b_account=UserFactory(
            username="wenlv_b", role=Role.DEPARTMENT, department=culture, password=PASSWORD
        ),
    )
