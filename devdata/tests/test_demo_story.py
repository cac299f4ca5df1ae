"""The demo tells one story, as of its own day (devdata.demo.orgs.TODAY):
what it shows agrees with itself, no date of it follows the build machine's
calendar, and neither the platform's clock nor beat turns it overdue.

The demo is built once for the module, inside a transaction rolled back at
its end; each test runs in a savepoint of it.
"""

import re
import shutil
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from devdata.demo.orgs import LEADERS_TEAM, TODAY
from devdata.management.commands.demo import DEMO_PASSWORD
from grids import services as grid_services
from grids.models import Ticket, TicketEvent
from incubators.models import FundEntry, SupervisionOrder
from incubators.services.checklists import issue_supervision_orders
from lib import clock, todos
from notifications.models import Notification
from orgs.models import Area, FilingApplication, MemberRole, Membership, Organisation, User
from orgs.roles import ADMIN_ROLES, Role
from projects.models import (
    Bid,
    Offer,
    Project,
    ProjectEvent,
    ProjectStatus,
    Round,
    RoundStatus,
    Score,
)
from projects.services import review, tenders
from tests.spreadsheets import converted_by_libreoffice

END_OF_TODAY = timezone.make_aware(datetime.combine(TODAY, clock_time.max))


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """The demo built once, and what `manage.py demo` printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        started = time.monotonic()
        call_command("demo", stdout=out)
        print(f"\nthe demo built in {time.monotonic() - started:.1f} s")
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(printed, db):
    return printed


def test_it_prints_its_day_and_every_printed_login_works(demo, client):
    assert str(TODAY) in demo
    usernames = re.findall(r"^([a-z][a-z0-9]*) {2,}", demo, flags=re.M)
    assert {"admin", "district", "street", "community", "leader", "grid", "reviewer"} <= set(
        usernames
    )
    for username in usernames:
        login = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert login.status_code == 302, username
        client.logout()
    for role in Role:  # a printed login for every role, and its home
        assert str(role.label) in demo
        client.force_login(User.objects.filter(role=role, username__in=usernames).first())
        home = client.get(reverse("portal:home"))
        assert home.status_code == 200 and str(role.label) in home.content.decode()
        admin_index = client.get(reverse("admin:index")).status_code
        assert admin_index == (200 if role in ADMIN_ROLES else 302), role
        client.logout()
    # "Every demo account's password", as printed: the colleagues too
    # (other communities' workers, grid members, organisation leaders).
    refused = [
        u.username
        for u in User.objects.filter(is_active=True)
        if not u.check_password(DEMO_PASSWORD)
    ]
    assert refused == []


def test_no_supervision_order_is_issued_after_its_answer_is_due(demo):
    orders = list(SupervisionOrder.objects.all())
    assert orders
    for order in orders:
        assert timezone.localdate(order.issued_at) <= TODAY <= order.answer_due_on


def test_a_published_round_has_no_bidding_open(demo):
    with override_settings(PLATFORM_TODAY=TODAY):
        for round_ in Round.objects.all():
            closes = timezone.localdate(round_.bids_close_at)
            assert round_.opens_on <= closes <= round_.review_ends_on <= round_.results_on
            if round_.status == RoundStatus.PUBLISHED:
                assert round_.bids_close_at < clock.now()
                assert round_.results_on <= TODAY
                assert not round_.projects.filter(bids_close_at__gt=round_.bids_close_at).exists()
                assert not round_.projects.filter(status__in=["published", "bidding"]).exists()
        autumn = Round.objects.get(title="2026年惠济区社区公益创投（第二批）")
        assert autumn.current_status == RoundStatus.OPEN  # open on the demo's day


def test_every_award_went_to_the_first_ranked_bid_or_says_why(demo):
    awarded = Bid.objects.filter(status="awarded").select_related("project")
    assert awarded.count() >= 10
    for bid in awarded:
        first = review.ranking(bid.project)[0].bid
        note = bid.project.events.get(transition="award").note
        if first != bid:
            assert note and "第一" not in note, bid.project
    eleventh = Project.objects.get(title="红色楼栋党建联建")  # the demo leader's win
    assert eleventh.bids.get(status="awarded").organisation.name == LEADERS_TEAM
    # …as the lead of a joint bid of three organisations (联合申报).
    assert eleventh.bids.get(status="awarded").members.accepted().count() == 2  # both accepted


def test_review_begins_only_after_bidding_closed(demo):
    late = Score.objects.filter(scored_at__lt=F("bid__project__bids_close_at"))
    assert not late.exists()
    assert not Bid.objects.filter(submitted_at__gt=F("project__bids_close_at")).exists()
    closed = ProjectEvent.objects.filter(transition__in=["close_bidding", "close_without_bids"])
    assert closed.exists()
    assert not closed.filter(at__lt=F("project__bids_close_at")).exists()
    for step in ("award", "start_delivery", "deliver", "accept", "settle"):
        early = ProjectEvent.objects.filter(transition=step, at__lt=F("project__bids_close_at"))
        assert not early.exists(), step


def test_member_counts_match_the_member_lists(demo, client):
    """Where the demo keeps member lists (four communities), the ledger
    counts what the list holds. Elsewhere a list is partial (a keen resident
    found on a visit joined 迎宾社区老年互助会, issue 24) and never longer
    than the count."""
    lists = Organisation.objects.annotate(
        listed=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    ).filter(listed__gt=0)
    kept = lists.filter(area__name__in=["英才社区", "天河社区", "新都汇社区", "清华园社区"])
    assert kept.count() >= 10
    assert list(kept.exclude(member_count=F("listed")).values_list("name")) == []
    assert list(lists.filter(listed__gt=F("member_count")).values_list("name")) == []
    team = Organisation.objects.get(name=LEADERS_TEAM)
    assert team.member_count == Membership.objects.current().filter(organisation=team).count() >= 10
    client.force_login(User.objects.get(username="leader"))
    page = client.get(reverse("portal:my_organisation")).content.decode()
    assert f"<dd>{team.member_count}</dd>" in page  # the count shown …
    rows = re.search(r"<tbody>(.*?)</tbody>", page.split("<dd>")[-1], flags=re.S).group(1)
    assert rows.count("<tr>") == team.member_count  # … and the members listed
    # … led by the person the ledger (and the filing certificate) names
    leaders = Membership.objects.current().filter(organisation=team, role=MemberRole.LEADER)
    assert [m.person.name for m in leaders] == [team.leader_name] == ["刘芳"]


def test_every_filing_was_submitted_by_a_leader_of_its_organisation(demo):
    applications = FilingApplication.objects.select_related("submitted_by")
    assert applications.count() >= 4
    for application in applications:
        by = application.submitted_by
        assert by.role == Role.ORG_LEADER and not by.is_staff, by
        assert by.organisation_id == application.organisation_id
        assert application.submitted_at <= END_OF_TODAY


def test_every_street_has_service_offers(demo):
    district = Area.objects.get(name="惠济区")
    for street in Area.objects.under(district).streets():
        offers = Offer.objects.filter(organisation__area__code__startswith=street.code)
        assert offers.exists(), street.name


def test_a_project_still_being_delivered_ends_after_the_demos_day(demo):
    running = Project.objects.filter(status__in=[ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY])
    assert running.exists()
    assert list(running.filter(ends_on__lt=TODAY).values_list("title", "ends_on")) == []


def test_on_its_day_every_role_finds_work_on_its_workbench(demo):
    """The README's screenshots: each demo login's home lists something to do."""
    with override_settings(PLATFORM_TODAY=TODAY):
        for username in ("district", "street", "community", "operator", "leader", "grid"):
            user = User.objects.get(username=username)
            assert todos.gather(user), username
        reviewer = User.objects.get(username="reviewer")
        assert [t.key for t in todos.gather(reviewer)] == ["projects.score"]


def test_the_inbox_holds_the_storys_past_read_and_dated_by_its_day(demo):
    latest = Notification.objects.aggregate(latest=Max("created_at"))["latest"]
    assert timezone.localdate(latest) == TODAY
    assert not Notification.objects.unread().exists()


def test_no_date_of_the_story_follows_the_build_clock(demo):
    """Events happened by the end of the demo's day; planned dates lie within
    a year of it. A date from the build machine's calendar breaks one or the
    other as soon as the demo is built on another day."""
    happened = {
        ProjectEvent: "at",
        TicketEvent: "at",
        Ticket: "reported_at",
        Bid: "submitted_at",
        Score: "scored_at",
        FilingApplication: "submitted_at",
        SupervisionOrder: "issued_at",
    }
    for model, field in happened.items():
        later = model.objects.filter(**{f"{field}__gt": END_OF_TODAY})
        assert not later.exists(), (model.__name__, later.values_list(field, flat=True)[:3])
    assert not FundEntry.objects.filter(occurred_on__gt=TODAY).exists()
    horizon = TODAY + timedelta(days=366)
    assert not Round.objects.filter(results_on__gt=horizon).exists()
    assert not Project.objects.filter(bids_close_at__date__gt=horizon).exists()
    assert not Project.objects.filter(ends_on__gt=horizon + timedelta(days=366)).exists()
    assert not Ticket.objects.filter(due_on__gt=horizon).exists()


def test_on_its_day_beat_turns_nothing_overdue(demo):
    """The morning and night jobs, run on the pinned day, find the demo as it
    was left: no ticket escalates, no bidding closes, no order is issued, no
    unrated ticket closes; what reads as overdue is what the demo made so."""
    with override_settings(PLATFORM_TODAY=TODAY):
        overdue = set(Ticket.objects.overdue().values_list("pk", flat=True))
        assert overdue == set(Ticket.objects.overdue(TODAY).values_list("pk", flat=True))
        assert overdue and len(overdue) < Ticket.objects.open().count()
        shown = [t for t in Ticket.objects.open() if t.is_overdue]
        assert {t.pk for t in shown} == overdue
        assert grid_services.escalate_overdue() == {1: 0, 2: 0}
        assert tenders.close_due() == 0
        assert issue_supervision_orders() == []
        assert grid_services.close_unanswered(today=TODAY) == 0


@pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="needs LibreOffice (.ci/run installs libreoffice-calc-nogui)",
)
def test_the_whole_demo_district_exports_through_the_download_centre(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    """The district's organisation ledger, built in the background, opens in
    openpyxl with typed cells, and LibreOffice reads the same rows."""
    from openpyxl import load_workbook

    from downloads.services import request_download

    district = User.objects.get(username="district")
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user=district, kind="organisations")
    download.refresh_from_db()
    expected = Organisation.objects.for_user(district).count()
    assert download.rows_total == expected > 200
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(download.file.open("rb").read())
    sheet = load_workbook(source, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == expected + 1
    header = rows[0]
    founded = [r[header.index("成立日期")] for r in rows[1:] if r[header.index("成立日期")]]
    members = [r[header.index("成员人数")] for r in rows[1:]]
    assert founded and all(isinstance(d, datetime) for d in founded)  # dates as dates
    # counts as numbers (the Rust writer's whole numbers read back as 25.0)
    assert all(isinstance(n, int | float) and n == int(n) for n in members)
    converted = converted_by_libreoffice(source, tmp_path)
    assert len(converted) == len(rows)
    assert [row[1] for row in converted[1:]] == [row[1] for row in rows[1:]]

    # Every ledger the district may export builds on the demo's data.
    from lib.spreadsheets import exporters

    kinds = [e.key for e in exporters.available(district)]
    assert len(kinds) >= 10
    for kind in kinds:
        with django_capture_on_commit_callbacks(execute=True):
            built = request_download(user=district, kind=kind)
        built.refresh_from_db()
        assert built.status == "done" and built.rows_total > 0, (kind, built.error)


def test_pinning_writes_the_demo_day_into_env_and_keeps_the_other_lines(tmp_path):
    """`manage.py demo --pin` (dev.py start): the server, worker and beat
    started from the folder read the day from .env (config/env.py)."""
    from devdata.management.commands.demo import pin_today

    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=postgres://x/y\nPLATFORM_TODAY=2025-01-01")
    pin_today(env_file, TODAY)
    assert env_file.read_text() == f"DATABASE_URL=postgres://x/y\nPLATFORM_TODAY={TODAY}\n"
    fresh = tmp_path / "fresh.env"
    pin_today(fresh, TODAY)
    assert fresh.read_text() == f"PLATFORM_TODAY={TODAY}\n"


@pytest.mark.parametrize("key", ["2025", "2026-Q2"])
def test_the_districts_headline_figures_are_what_the_demo_holds(demo, key):
    """Issue 23's figures, as the rollups stored them for the district, equal
    plain counts of the demo's records (and say what the seeds say)."""
    from collections import Counter

    from assessments.models import Indicator
    from grids.models import GridOrganisation
    from incubators.models import Platform
    from lib.periods import Period
    from orgs.models import Training, Transformation

    period = Period.parse(key)
    district = Area.objects.get(name="惠济区")
    stored: dict = {}
    for figure, k, value in Indicator.objects.filter(
        area=district, kind=period.kind, period=period.key
    ).values_list("figure", "key", "value"):
        stored.setdefault(figure, {})[k] = int(value)
    start, end = period.start, period.end
    orgs = Organisation.objects.in_area(district)
    standing = orgs.live().filter(founded_on__lte=end)
    brands = standing.filter(is_brand=True)
    brand_streets = Counter(code[:9] for code in brands.values_list("area__code", flat=True))
    transformations = Transformation.objects.in_area(district).filter(
        occurred_on__range=(start, end), result=None
    )
    trainings = Training.objects.in_area(district).filter(held_on__range=(start, end))
    held = {
        "new_organisations": {"": orgs.filter(founded_on__range=(start, end)).count()},
        "brand_organisations": {"": brands.count()},
        "streets_with_brands": {"": sum(n >= 2 for n in brand_streets.values())},
        "streets_with_hub": {"": standing.filter(is_hub=True).count()},
        "streets_with_base": {
            "": Platform.objects.filter(area__level="street", is_active=True).count()
        },
        "grid_organisations": {
            "": GridOrganisation.objects.filter(
                organisation__in=standing, joined_on__lte=end
            ).count()
        },
        "transformations": dict(Counter(transformations.values_list("kind", flat=True))),
        "trainings_by_programme": dict(
            Counter(p or "other" for p in trainings.values_list("programme", flat=True))
        ),
    }
    assert {figure: stored.get(figure, {}) for figure in held} == {
        figure: {k: n for k, n in values.items() if n} for figure, values in held.items()
    }
    # What the seeds say, at the demo's scale (a fifth of Huiji, about).
    if key == "2025":
        assert stored["new_organisations"][""] >= 10
        assert stored["new_members"][""] >= 150
        assert stored["transformations"]["to_service"] >= 5
        assert stored["brand_organisations"][""] >= 10
        assert stored["streets_with_brands"][""] >= 4
        assert stored["streets_with_hub"][""] == stored["streets"][""] == 8
        assert stored["streets_with_base"][""] == 8
        assert set(stored["trainings_by_programme"]) == {"领航", "星火", "种子", "睦邻"}
    else:  # the spring round's awards
        money = sum(stored["money_by_direction"].values())
        assert money == stored["money_granted"][""] > 0
        assert sum(stored["money_by_group"].values()) >= money


def test_the_library_and_the_community_types_use_the_seeds_names(demo):
    """Issue 24, items 5 and 6: Huiji's 微故事 and 惠家故事, Tianyuan's methods
    and Wuhan's exemplars published; 刘芳's draft waiting for the street;
    every urban community typed (一社一策); conventions public; the figures."""
    from assessments.models import Indicator
    from lib.periods import Period
    from stories.models import Convention, Story, StoryStatus

    titles = " ".join(Story.objects.published().values_list("title", flat=True))
    for name in ("微光聚力", "惠家故事", "七步培育法", "五步流程", "七宝巡逻队", "天天敲门组"):
        assert name in titles, name
    assert Story.objects.filter(status=StoryStatus.DRAFT, submitted_by_organisation__isnull=False)
    district = Area.objects.get(name="惠济区")
    communities = Area.objects.under(district).communities()
    assert not communities.filter(is_rural=False, community_type=None).exists()
    assert Convention.objects.in_force().count() >= 3
    quarter = Period.parse("2026-Q3")
    stored = {
        (figure, key): int(value)
        for figure, key, value in Indicator.objects.filter(
            area=district, kind=quarter.kind, period=quarter.key
        ).values_list("figure", "key", "value")
    }
    published = Story.objects.published().filter(
        published_at__date__range=(quarter.start, quarter.end)
    )
    assert stored[("stories", "")] == published.count() == 3  # 七步培育法, 五步流程, 红马甲
    by_type = sum(v for (f, _k), v in stored.items() if f == "communities_by_type")
    assert by_type == communities.count()


def test_the_demo_subsidises_activities_from_the_welfare_lottery(demo):
    """Issue 24: every fund's money in names its source; 红马甲助老义务理发 was
    subsidised from 迎宾路街道's 福彩公益金, settled for less in October and the
    rest released, and October's money by source holds it."""
    from activities.models import Subsidy, SubsidyStatus
    from assessments.models import Figure, Indicator
    from incubators.models import EntryKind, FundSource
    from lib.periods import Month

    money_in = FundEntry.objects.filter(kind__in=[EntryKind.DONATION, EntryKind.REFUND])
    assert money_in.exists() and not money_in.filter(source=None).exists()
    assert set(Subsidy.objects.values_list("status", flat=True)) == set(SubsidyStatus.values)
    settled = Subsidy.objects.get(activity__title="红马甲助老义务理发")
    lottery = FundSource.objects.get(name="福彩公益金")
    out = settled.allocation.drawings.values_list("kind", "amount", "source")
    assert sorted((kind, int(amount), source) for kind, amount, source in out) == [
        (EntryKind.DISBURSEMENT, 1650, lottery.pk),
        (EntryKind.RELEASE, 350, lottery.pk),
    ]
    october = Month(2026, 10)
    district = Indicator.objects.filter(area__name="惠济区", kind=october.kind, period=october.key)
    assert district.get(figure=Figure.SUBSIDIES_PAID).value == 1650
    assert district.get(figure=Figure.MONEY_BY_SOURCE, key=str(lottery.pk)).value >= 1650
