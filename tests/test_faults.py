"""Faults survived: a worker killed mid-rollup, Redis down, and database
constraints tripped by users (including two requests racing each other).

The worker tests run a real Celery worker process against PostgreSQL and
Redis, freeze it mid-rollup behind a table lock this test holds, and kill it
there: no sleeps decide what is "mid-job", the database's lock table does.
"""

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.models import Indicator, Interview, MonthlyScore, PeerRating, RollupRun
from assessments.rollups import run_monthly
from downloads.models import Download, DownloadStatus
from grids.models import Grid, Ticket, TicketCategory
from grids.services import tracking_token
from incubators.models import (
    Fund,
    FundEntry,
    FundSource,
    MonthlyReport,
    ProgressReport,
    Residency,
    Review,
    Task,
    TaskList,
)
from incubators.services import checklists, funds
from lib.periods import Month
from notifications.models import Notification
from orgs.models import (
    Area,
    Organisation,
    Person,
    ServiceRecord,
    Tier,
    User,
)
from projects.models import Bid
from tests.admin_forms import form_data
from tests.assessment_helpers import admit, points_for, score, template
from tests.factories import OrganisationFactory
from tests.fixtures import PASSWORD, on_postgres

# Run on PostgreSQL too (CI, -m postgres): real workers, Redis down, races between requests.
pytestmark = pytest.mark.postgres

needs_redis = pytest.mark.skipif(
    not django_settings.REDIS_URL, reason="needs Redis (REDIS_URL); runs in CI (.ci/run)"
)


def wait_for(condition, what: str, *, worker=None, timeout: float = 60):
    """Poll `condition` until it returns something true; fail after `timeout`
    seconds, or at once if the worker process died."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if worker is not None:
            assert worker.poll() is None, f"the worker exited before {what}"
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


# --- 1. a worker killed in the middle of a rollup ------------------------------------------


def snapshot() -> dict:
    """What the monthly rollup writes, without ids and clock times."""

    def rows(model, *exclude):
        fields = [
            f.attname for f in model._meta.concrete_fields if f.attname not in ("id", *exclude)
        ]
        return sorted(model.objects.values_list(*fields), key=repr)

    return {
        "scores": rows(MonthlyScore, "locked_at", "scored_at"),
        "closed": sorted(
            MonthlyScore.objects.filter(locked_at__isnull=False).values_list(
                "organisation", "month"
            )
        ),
        "interviews": rows(Interview, "raised_at"),
        "notifications": rows(Notification, "created_at"),
        "indicators": rows(Indicator, "computed_at"),
    }


@pytest.fixture
def low_months(personas, platforms):
    """Organisation A1 scored below the line three months running (an
    interview is due, its operator is told); another scored well."""
    good = OrganisationFactory(name="英才社区书法协会", area=personas.organisation_a1.area)
    admit(personas.organisation_a1, platforms.street_a, personas.operator)
    admit(good, platforms.street_a, personas.operator)
    for month in (8, 9, 10):
        score(personas.organisation_a1, 2026, month, 4, personas.operator)
        score(good, 2026, month, 9, personas.operator)
    return Month(2026, 10)


def clean_run(month: Month) -> tuple[dict, dict]:
    """The rows and counts of one undisturbed run on the same data, rolled back."""
    with translation.override(django_settings.LANGUAGE_CODE), transaction.atomic():
        counts = run_monthly(month)
        expected = snapshot()
        transaction.set_rollback(True)
    assert expected["interviews"] and expected["notifications"] and expected["indicators"]
    return expected, counts


def worker_env() -> dict:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        # pytest-django's test database, so the worker sees what this test committed.
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": django_settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


@contextmanager
def celery_worker(pool: str):
    """A worker process of its own queue; stopped (if still alive) afterwards."""
    queue = f"test-faults-{os.getpid()}-{pool}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            f"--pool={pool}",
            "--concurrency=1",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=worker_env(),
        cwd=django_settings.BASE_DIR,
    )
    try:
        yield worker, queue
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        forget_unacked(queue)


def forget_unacked(queue: str) -> None:
    """A worker killed outright leaves its message unacknowledged in Redis, to
    be delivered again after the visibility timeout (an hour): in production
    that is the rerun; here nobody consumes the test's queue, so drop it."""
    import redis

    client = redis.Redis.from_url(django_settings.REDIS_URL)
    for tag, payload in client.hscan_iter("unacked"):
        if queue.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.close()


def send_monthly_rollup(month: Month, queue: str) -> None:
    from assessments.tasks import monthly_rollup
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        monthly_rollup.apply_async(args=[month.year, month.number], queue=queue)
    finally:
        app.conf.task_always_eager = eager


@contextmanager
def indicators_held():
    """Hold a SHARE lock on the indicators from another connection: a rollup
    reaching its indicators (its last step, after closing the month, raising
    interviews and notifying) waits there, in its open transaction."""
    blocker = connection.get_new_connection(connection.get_connection_params())
    try:
        blocker.execute(f"LOCK TABLE {Indicator._meta.db_table} IN SHARE MODE")
        yield blocker
    finally:
        blocker.rollback()
        blocker.close()


def backend_waiting_on_indicators() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND NOT l.granted",
            [Indicator._meta.db_table],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def tables_written_by(pid: int) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND l.granted AND l.mode = 'RowExclusiveLock'",
            [pid],
        )
        return {name for (name,) in cursor.fetchall()}


def backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is None


def freeze_mid_rollup(worker) -> int:
    """Wait until the worker's rollup has written its first steps, uncommitted,
    and waits on the indicators; return its database backend's pid."""
    pid = wait_for(
        backend_waiting_on_indicators, "the rollup to reach its indicators", worker=worker
    )
    written = tables_written_by(pid)
    for model in (MonthlyScore, Interview, Notification):
        assert model._meta.db_table in written, f"the rollup has not written {model.__name__} yet"
    run = RollupRun.objects.get()
    assert run.started_at is not None and run.finished_at is None  # recorded as started
    # What it wrote is its own until it commits.
    assert not Interview.objects.exists()
    assert not MonthlyScore.objects.filter(locked_at__isnull=False).exists()
    return pid


def child_processes(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


@on_postgres
@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_rollup_leaves_nothing_half_done_and_a_rerun_gives_the_same_rows(
    low_months,
):
    """The whole worker dies (the machine's OOM killer, a container stop).
    Its transaction dies with it; the run stays marked unfinished until the
    rerun (`manage.py rollup`, or the unacknowledged message delivered again
    after the visibility timeout), which gives exactly one undisturbed run's rows."""
    month = low_months
    expected, expected_counts = clean_run(month)
    with celery_worker("solo") as (worker, queue), indicators_held():
        send_monthly_rollup(month, queue)
        pid = freeze_mid_rollup(worker)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    # The lock released, the orphaned backend finds its client gone and rolls back.
    wait_for(lambda: backend_gone(pid), "the killed worker's transaction to end")

    run = RollupRun.objects.get()
    assert run.finished_at is None and run.runs == 0  # visibly unfinished, not "done"
    assert not Interview.objects.exists() and not Notification.objects.exists()
    assert not MonthlyScore.objects.filter(locked_at__isnull=False).exists()
    assert not Indicator.objects.exists()

    call_command("rollup", "monthly", month.key, stdout=io.StringIO())  # the operator's rerun

    assert snapshot() == expected
    run.refresh_from_db()
    assert run.finished_at is not None and run.runs == 1 and run.counts == expected_counts


@on_postgres
@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_pool_process_killed_mid_rollup_is_redelivered_and_finishes_once(low_months):
    """Prefork: the OOM killer takes the pool process running the rollup and
    the worker lives on. With acks_late alone Celery acknowledges the lost
    task and the month is never closed; rejected on worker loss, the message
    goes back to the queue and the next pool process runs the rollup again."""
    month = low_months
    expected, expected_counts = clean_run(month)
    with celery_worker("prefork") as (worker, queue):
        with indicators_held():
            send_monthly_rollup(month, queue)
            freeze_mid_rollup(worker)
            children = child_processes(worker.pid)
            assert len(children) == 1, children
            os.kill(children[0], signal.SIGKILL)
        run = wait_for(
            lambda: RollupRun.objects.filter(finished_at__isnull=False).first(),
            "the rollup to be delivered again and finish",
            worker=worker,
        )
    assert snapshot() == expected
    assert run.runs == 1 and run.counts == expected_counts


# --- 2. Redis down: the broker and the cache ---------------------------------------------

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextmanager
def broker_at(url: str):
    """Send tasks through a broker at `url`, not eagerly (as in production)."""
    from config.celery import app

    def forget_connections():
        # Pooled connections point at the old address: drop them, so the next
        # publish connects anew.
        app._pool = None
        app.amqp._producer_pool = None

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, False
    forget_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        forget_connections()


def cache_at(url: str) -> dict:
    """The cache as configured for Redis (on a Redis run, the very settings),
    pointed at `url`."""
    configured = django_settings.CACHES["default"]
    if "Redis" in configured["BACKEND"]:
        return {"default": {**configured, "LOCATION": url}}
    return {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": url}}


@pytest.fixture
def redis_down(settings):
    """Redis is gone: the broker and the cache both point where nothing listens."""
    settings.CACHES = cache_at(DEAD_REDIS)
    with broker_at(DEAD_REDIS):
        yield


def test_pages_still_render_while_redis_is_down(redis_down, personas, client):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"), {"username": personas.district_officer.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("portal:home")
    for url in (
        reverse("portal:home"),
        reverse("downloads:centre"),
        reverse("admin:index"),
        reverse("admin:orgs_organisation_changelist"),
        reverse("assessments:dashboard"),
        reverse("public:directory"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)  # tasks are queued on commit, as in production
def test_a_resident_reports_while_redis_is_down_and_staff_are_told_in_the_platform(
    redis_down, grids, personas, client, settings
):
    """The form's flood limit lives in the cache and the staff's emails go
    through the broker: neither is there, the report still gets through."""
    settings.EMAIL_NOTIFICATIONS = True
    personas.community_worker.email = "community@example.com"
    personas.community_worker.save()
    started = time.monotonic()
    response = client.post(
        reverse("public_tickets:form"),
        {
            "community": grids.a1.community.pk,
            "category": grids.hazard.pk,
            "description": "路灯坏了",
            "location": "小区东门",
            "resident_name": "王女士",
            "resident_phone": "13903710001",
        },
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert response.url == reverse("public_tickets:status", args=[tracking_token(ticket)])
    assert Notification.objects.filter(user=personas.community_worker).exists()


def start_download(client, **data):
    return client.post(reverse("downloads:start"), {"fmt": "csv", **data})


@pytest.fixture
def silent_redis():
    """A server that takes connections and never answers: a Redis hung, or cut
    off by a firewall, rather than stopped."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


@pytest.mark.parametrize("broker", ["stopped", "silent"])
@pytest.mark.django_db(transaction=True)  # tasks are queued on commit, as in production
def test_an_export_asked_for_while_the_broker_is_down_says_so_and_can_be_asked_again(
    broker, personas, territory, login, request
):
    client = login(personas.district_officer)
    url = DEAD_REDIS if broker == "stopped" else request.getfixturevalue("silent_redis")
    with broker_at(url):
        started = time.monotonic()
        response = start_download(client, kind="organisations", area=territory.street_a.pk)
        took = time.monotonic() - started
    # Bounded by the broker timeouts in settings (about 3.5 s for a silent server).
    assert took < 8, f"the page hung for {took:.1f} s"
    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert "导出未能开始" in page  # "the export could not be started…"
    form = response.context["form"]
    assert (form["kind"].value(), form["fmt"].value(), form["area"].value()) == (
        "organisations",
        "csv",
        str(territory.street_a.pk),
    )
    asked = Download.objects.get()
    assert asked.status == DownloadStatus.FAILED  # not "being prepared" forever
    assert 'http-equiv="refresh"' not in page

    # Redis is back (the tests' broker runs tasks in-process): asking again works.
    response = start_download(client, kind="organisations", area=territory.street_a.pk)
    assert response.status_code == 302
    again = Download.objects.exclude(pk=asked.pk).get()
    assert again.status == DownloadStatus.DONE and again.rows_total


# --- 3. constraints tripped by users: a clear message, what was typed kept -------------------


def admin_url(model, view="add", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def submit(client, url, **changes):
    """Post the admin form at `url` as it stands, with `changes` typed in."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page) if "adminform" in page.context else {}
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(url, data)


def form_of(response):
    context = response.context
    return context["adminform"].form if "adminform" in context else context["form"]


def refused_with(response, message: str, typed: dict) -> None:
    """The form again (200, not a server error) with `message`, and what was typed in it."""
    assert response.status_code == 200, f"{response.status_code} instead of the form again"
    html = response.content.decode()
    form = form_of(response)
    assert message in html, form.errors
    assert "约束" not in html  # no "constraint … is violated" naming the database's rule
    assert "Error:" not in html  # the admin titles a refused form in Chinese too
    for name, value in typed.items():
        assert str(form[name].value()) == str(value), name
        assert str(value) in html, name


@dataclass
class Clash:
    """A user typing into a real form what a database rule refuses."""

    user: object
    url: str
    changes: dict
    message: str  # the Chinese the user reads
    typed: tuple = ()  # fields whose typed text must come back


def credit_code(w):
    other = OrganisationFactory(
        name="惠济区启明社会工作服务中心",
        area=w.territory.district_a,
        tier=Tier.REGISTERED,
        credit_code="52410108MJ0000025H",
    )
    return Clash(
        w.personas.platform_admin,
        admin_url(Organisation, "change", other.pk),
        {"credit_code": w.personas.agency.credit_code},
        "该统一社会信用代码已被其他组织使用",
        ("credit_code",),
    )


def organisation_name(w):
    second = OrganisationFactory(name="英才社区书法协会", area=w.territory.community_a1)
    return Clash(
        w.personas.street_a_officer,
        admin_url(Organisation, "change", second.pk),
        {"name": w.personas.organisation_a1.name, "venue": "社区活动室二楼"},
        "该社区已有同名组织",
        ("name", "venue"),
    )


def grid_number(w):
    return Clash(
        w.personas.community_worker,
        admin_url(Grid, "change", w.grids.a1_second.pk),
        {"number": 1, "name": "英才第一网格"},  # grid 1 of 英才社区 exists
        "包含 社区 和 网格编号 的 网格 已经存在",
        ("number", "name"),
    )


def id_number(w):
    Person.objects.create(
        name="张三", community=w.territory.community_a1, id_number="410108198503151230"
    )
    other = Person.objects.create(name="李四", community=w.territory.community_a1)
    return Clash(
        w.personas.community_worker,
        admin_url(Person, "change", other.pk),
        {"id_number": "410108198503151230", "phone": "13803710002"},
        "该身份证号的人员已登记",
        ("id_number", "phone"),
    )


def area_code(w):
    return Clash(
        w.personas.platform_admin,
        admin_url(Area),
        {
            "code": w.territory.community_a1.code,
            "name": "英才新社区",
            "parent": w.territory.street_a.pk,
        },
        "具有 区划代码 的 行政区划 已存在",
        ("code", "name"),
    )


def username(w):
    return Clash(
        w.personas.platform_admin,
        admin_url(User),
        {
            "username": w.personas.outsider.username,
            "name": "王五",
            "role": "district_staff",
            "area": w.territory.district_a.pk,
            "password1": "Xy7!long-pass",
            "password2": "Xy7!long-pass",
        },
        "该用户名已被使用",
        ("username", "name"),
    )


def ticket_category(w):
    return Clash(
        w.personas.platform_admin,
        admin_url(TicketCategory),
        {"name": w.grids.hazard.name, "deadline_days": 3},
        "具有 类别名称 的 问题类别 已存在",
        ("name",),
    )


def monthly_report(w):
    MonthlyReport.objects.create(
        platform=w.platforms.street_a, year=2026, month=5, submitted_by=w.personas.operator
    )
    return Clash(
        w.personas.operator,
        admin_url(MonthlyReport),
        {"platform": w.platforms.street_a.pk, "year": 2026, "month": 5, "highlights": "开展活动"},
        "包含 孵化平台，年度 和 月份 的 月汇报 已经存在",
        ("highlights",),
    )


def review_data(w, number):
    return {
        "platform": w.platforms.street_a.pk,
        "kind": "quarterly",
        "year": 2026,
        "number": number,
        "reviewed_on": "2026-04-02",
        "findings": "台账齐全，活动记录完整",
        "score": 85,
        "reviewers": w.personas.reviewer.pk,
    }


def review_twice(w):
    Review.objects.create(
        platform=w.platforms.street_a,
        kind="quarterly",
        year=2026,
        number=1,
        reviewed_on="2026-04-01",
        findings="好",
        score=80,
        recorded_by=w.personas.district_officer,
    )
    return Clash(
        w.personas.district_officer,
        admin_url(Review),
        review_data(w, 1),
        "包含 孵化平台，考核类型，年度 和 期次 的 平台考核 已经存在",
        ("findings",),
    )


def review_fifth_quarter(w):
    return Clash(
        w.personas.district_officer,
        admin_url(Review),
        review_data(w, 5),
        "季度考核期次为1至4，半年观摩为1或2，年度评定为1",
        ("number", "findings"),
    )


def service_hours(w):
    person = Person.objects.create(name="张三", community=w.territory.community_a1)
    return Clash(
        w.personas.community_worker,
        admin_url(ServiceRecord),
        {
            "person": person.pk,
            "organisation": w.personas.organisation_a1.pk,
            "served_on": "2026-05-01",
            "hours": "25",
            "activity": "夜间巡逻",
        },
        "服务时长须大于0且一天不超过24小时",
        ("hours", "activity"),
    )


def two_residents(w):
    """Organisation A1 and another, resident in the operator's street platform."""
    other = OrganisationFactory(name="英才社区书法协会", area=w.territory.community_a1)
    for org in (w.personas.organisation_a1, other):
        admit(org, w.platforms.street_a, w.personas.operator)
    return w.personas.organisation_a1, other


def peer_rating_twice(w):
    rater, rated = two_residents(w)
    PeerRating.objects.create(
        year=2025, rater=rater, rated=rated, score=80, recorded_by=w.personas.operator
    )
    return Clash(
        w.personas.operator,
        admin_url(PeerRating),
        {"year": 2025, "rater": rater.pk, "rated": rated.pk, "score": 90},
        "该组织本年度已评价过此组织",
        ("score",),
    )


def peer_rating_oneself(w):
    org, _other = two_residents(w)
    return Clash(
        w.personas.operator,
        admin_url(PeerRating),
        {"year": 2025, "rater": org.pk, "rated": org.pk, "score": 90, "comment": "自评"},
        "组织不能评价自己",
        ("score", "comment"),
    )


def monthly_score_twice(w):
    admit(w.personas.organisation_a1, w.platforms.street_a, w.personas.operator)
    score(w.personas.organisation_a1, 2026, 10, 7, w.personas.operator)
    changes = {
        "organisation": w.personas.organisation_a1.pk,
        "year": 2026,
        "month": 10,
        "note": "卫生待改进",
    }
    for item, value in points_for(8, Month(2026, 10)).items():
        changes[f"item_{item}"] = value
    return Clash(
        w.personas.operator,
        admin_url(MonthlyScore) + "?year=2026&month=10",
        changes,
        "该组织本月已有评分",
        ("note",),
    )


def residency_outside_the_area(w):
    # Not a database rule but the service's, refused in save_model: the same fault.
    return Clash(
        w.personas.operator,
        admin_url(Residency),
        {
            "organisation": w.personas.organisation_b1.pk,  # street B's
            "platform": w.platforms.street_a.pk,
            "entered_on": "2026-05-01",
            "agreement": "XC-2026-007",
        },
        "不在“新城街道孵化中心”的服务区域内",
        ("agreement",),
    )


def voucher_number(w):
    fund = Fund.objects.create(
        name="新城街道社区治理基金", area=w.territory.street_a, opened_on=date(2026, 1, 1)
    )
    funds.receive(
        fund=fund,
        amount="1000",
        occurred_on=date(2026, 4, 1),
        counterparty="区财政",
        purpose="专项资金",
        voucher_number="XC-2026-0001",
        by=w.personas.street_a_officer,
        source=FundSource.objects.get(name="政府购买服务"),
    )
    return Clash(
        w.personas.street_a_officer,
        admin_url(FundEntry),
        {
            "fund": fund.pk,
            "kind": "donation",
            "amount": "500",
            "occurred_on": "2026-04-02",
            "counterparty": "街道财政",
            "purpose": "追加拨款",
            "voucher_number": "XC-2026-0001",
            "source": FundSource.objects.get(name="政府购买服务").pk,
        },
        "该凭证号已在本基金台账中使用",
        ("counterparty", "voucher_number"),
    )


def done_without_a_date(w):
    tasks = TaskList.objects.create(
        district=w.territory.district_a, year=2026, quarter=4, title="2026年第四季度任务清单"
    )
    Task.objects.create(task_list=tasks, title="更新组织台账", due_on=date(2026, 10, 31))
    checklists.issue_task_list(task_list=tasks, by=w.personas.district_officer)
    report = ProgressReport.objects.get(task_list=tasks, platform=w.platforms.street_a)
    return Clash(
        w.personas.operator,
        admin_url(ProgressReport, "change", report.pk),
        {"entries-0-status": "done", "entries-0-done_on": "", "entries-0-note": "台账已更新"},
        "标记为已完成的任务须填写完成日期",
    )


@pytest.fixture
def w(personas, platforms, grids, territory):
    return SimpleNamespace(personas=personas, platforms=platforms, grids=grids, territory=territory)


@pytest.mark.parametrize(
    "clash",
    [
        credit_code,
        organisation_name,
        grid_number,
        id_number,
        area_code,
        username,
        ticket_category,
        monthly_report,
        review_twice,
        review_fifth_quarter,
        service_hours,
        peer_rating_twice,
        peer_rating_oneself,
        monthly_score_twice,
        residency_outside_the_area,
        voucher_number,
        done_without_a_date,
    ],
)
def test_a_rule_tripped_in_a_form_is_a_clear_message_and_what_was_typed_stays(clash, w, login):
    clash = clash(w)
    client = login(clash.user)
    response = submit(client, clash.url, **clash.changes)
    refused_with(response, clash.message, {name: clash.changes[name] for name in clash.typed})


# --- 3b. the race: validation passes, the insert fails ------------------------------------


def as_another_request(work) -> None:
    """Run `work` on a connection of its own and commit it, as a request
    served at the same moment by another worker would."""
    failed = []

    def run():
        try:
            work()
        except BaseException as exc:  # re-raised in the test's thread
            failed.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


def right_after_validation(monkeypatch, model, work) -> None:
    """The first time a `model` form has checked the database rules, and
    before it saves, another request does `work`: the window of a real race,
    made to happen every time."""
    validate = model.validate_constraints
    fired = []

    def validate_then_race(self, *args, **kwargs):
        validate(self, *args, **kwargs)
        if not fired:
            fired.append(True)
            as_another_request(work)

    monkeypatch.setattr(model, "validate_constraints", validate_then_race)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_grid_number_taken_between_validation_and_save_is_the_same_clear_message(
    personas, grids, territory, login, monkeypatch
):
    client = login(personas.community_worker)
    url = admin_url(Grid, "change", grids.a1_second.pk)
    right_after_validation(
        monkeypatch,
        Grid,
        lambda: Grid.objects.create(community=territory.community_a1, number=3, name="第三网格"),
    )
    response = submit(client, url, number=3, name="英才第三网格")
    refused_with(
        response,
        "包含 社区 和 网格编号 的 网格 已经存在",
        {"number": 3, "name": "英才第三网格"},
    )
    assert sorted(
        Grid.objects.filter(community=territory.community_a1).values_list("number", "name")
    ) == [
        (1, "第一网格"),
        (2, "第二网格"),
        (3, "第三网格"),  # the other request's, and nothing of this one
    ]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_month_scored_by_someone_else_meanwhile_is_refused_by_the_service_clearly(
    personas, platforms, login, monkeypatch
):
    """The form finds no score for the month; another operator's lands before
    this one is inserted: the unique index refuses it, and the service turns
    the IntegrityError into the message the operator understands."""
    org = personas.organisation_a1
    admit(org, platforms.street_a, personas.operator)
    month = Month(2026, 10)
    template()
    changes = {"organisation": org.pk, "year": 2026, "month": 10, "note": "卫生待改进"}
    for item, value in points_for(8, month).items():
        changes[f"item_{item}"] = value
    right_after_validation(
        monkeypatch, MonthlyScore, lambda: score(org, 2026, 10, 6, personas.operator)
    )
    client = login(personas.operator)
    response = submit(client, admin_url(MonthlyScore) + "?year=2026&month=10", **changes)
    refused_with(response, f"{org.name}在{month}已有评分", {"note": "卫生待改进"})
    assert list(MonthlyScore.objects.values_list("total", flat=True)) == [6]  # the other's


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_bid_sent_twice_at_once_is_one_bid(world, personas):
    """A double click, or two leaders of one organisation: the first bid
    and its revision, not two bids and not a server error."""
    url = reverse("projects:bid", args=[world.project.pk])

    def bid(item):
        return {
            "proposal": "每周三次上门助餐",
            "team": "志愿者十人",
            "schedule": "三个月",
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "3",
            "lines-MAX_NUM_FORMS": "30",
            "lines-0-item": item,
            "lines-0-amount": "15000",
            "lines-0-note": "",
            **{f"lines-{n}-{f}": "" for n in (1, 2) for f in ("item", "amount", "note")},
        }

    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(personas.org_leader)
        clients.append(client)
    start = threading.Barrier(2)
    statuses = {}

    def send(n):
        try:
            start.wait()
            statuses[n] = clients[n].post(url, bid(f"餐费{n}")).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {0: 302, 1: 302}
    bid_ = Bid.objects.get(project=world.project)
    assert bid_.organisation == world.bidder_a
    assert len(bid_.lines.all()) == 1  # one submission's lines, not both
