"""The public disclosure pages (信息公开): rounds, projects, photos and funds
for anyone, with nothing a visitor may not know (projects.disclosure)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incubators.models import FundEntry, FundSource
from incubators.services import funds
from lib import pagecache
from orgs.models import Commendation
from projects.models import (
    AwardNotice,
    Objection,
    ObjectionStatus,
    Project,
    ProjectStatus,
    Round,
    RoundStatus,
)
from projects.public_cache import DISCLOSURE
from projects.services import delivery, photos
from tests.factories import UserFactory
from tests.project_helpers import awarded, bid, close, in_delivery_with_a_photo

DAY = date(2026, 3, 2)


def public(name, *args, query=""):
    return reverse(f"disclosure:{name}", args=args) + query


def page(url, status=200) -> str:
    response = Client().get(url)
    assert response.status_code == status, url
    return response.content.decode()


@pytest.fixture
def delivered(world, personas):
    """The world's project in delivery, paid an advance, with an activity
    report and one private photo."""
    return in_delivery_with_a_photo(world, personas, day=DAY, caption="送餐现场")


def test_each_page_renders_for_anonymous_visitors(world, personas, delivered):
    project, _shot = delivered
    response = Client().get(public("rounds"))
    assert world.round.title in response.content.decode()
    assert [(r.pk, r.project_count) for r in response.context["rounds"]] == [(world.round.pk, 1)]
    round_page = page(public("round", world.round.pk))
    for shown in (world.fund.name, "100,000.00", project.title):
        assert shown in round_page
    projects = page(public("projects"))
    assert project.title in projects and personas.organisation_a1.name in projects
    body = page(public("project", project.pk))
    for shown in (
        personas.organisation_a1.name,
        "16,000.00",
        "6,000.00",
        "第一次送餐",
        "20,000.00",
    ):
        assert shown in body
    assert world.fund.name in page(public("funds"))
    assert "200,000.00" in page(public("fund", world.fund.pk, query="?year=2026"))
    organisation = page(reverse("public:organisation", args=[personas.organisation_a1.pk]))
    assert project.title in organisation
    assert public("project", project.pk) in organisation
    # The home page leads here.
    assert public("projects") in page("/")


def test_nothing_of_a_draft_round_or_a_draft_project_is_public(world, personas, territory):
    now = timezone.now()
    draft = Round.objects.create(
        title="尚未开放的轮次",
        district=territory.district_a,
        fund=world.fund,
        budget=Decimal("5000"),
        opens_on=now.date(),
        bids_close_at=now + timedelta(days=10),
        review_ends_on=now.date() + timedelta(days=20),
        results_on=now.date() + timedelta(days=30),
    )
    hidden = Project.objects.create(
        title="草稿轮次里的项目",
        community=territory.community_a1,
        round=draft,
        description="—",
        deliverables="—",
        budget_ceiling=Decimal("1000"),
        starts_on=now.date(),
        ends_on=now.date(),
        drafted_by=personas.community_worker,
        status=ProjectStatus.PUBLISHED,
    )
    unpublished = Project.objects.create(
        title="尚未发布的项目",
        community=territory.community_a1,
        round=world.round,
        description="—",
        deliverables="—",
        budget_ceiling=Decimal("1000"),
        starts_on=now.date(),
        ends_on=now.date(),
        drafted_by=personas.community_worker,
    )
    assert draft.status == RoundStatus.DRAFT and unpublished.status == ProjectStatus.DRAFT
    listed = (
        page(public("rounds")) + page(public("projects")) + page(public("round", world.round.pk))
    )
    for secret in (draft.title, hidden.title, unpublished.title):
        assert secret not in listed
    page(public("round", draft.pk), 404)
    page(public("project", hidden.pk), 404)
    page(public("project", unpublished.pk), 404)


def test_a_draft_cancelled_before_it_was_published_stays_private(world, personas, territory):
    """Cancelling is allowed from a draft: the street never approved it, so
    no page, file or API answer may show it."""
    now = timezone.now()
    never = Project.objects.create(
        title="从未发布即取消的项目",
        community=territory.community_a1,
        round=world.round,
        description="—",
        deliverables="—",
        budget_ceiling=Decimal("1000"),
        starts_on=now.date(),
        ends_on=now.date(),
        drafted_by=personas.community_worker,
    )
    delivery.cancel(project=never, reason="需求已由街道直接解决。", by=personas.community_worker)
    never.refresh_from_db()
    assert never.status == ProjectStatus.CANCELLED
    page(public("project", never.pk), 404)
    assert never.title not in page(public("projects")) + page(public("round", world.round.pk))
    assert never.title not in Client().get("/api/v1/public/projects/").content.decode()
    assert never.title not in Client().get("/public/data/projects.csv").content.decode("utf-8-sig")


def test_sealed_bids_show_only_their_number(world, personas):
    bid(world.project, world.bidder_a, personas.org_leader, proposal="秘密方案：每周三次送餐。")
    bid(world.project, world.bidder_b, world.leader_b, proposal="另一份秘密方案。")
    response = Client().get(public("project", world.project.pk))
    assert response.context["bid_count"] == 2 and response.context["sealed"]
    body = response.content.decode()
    assert "秘密方案" not in body and "另一份" not in body
    for sealed in ("志愿者餐补", "负责人1名", world.bidder_a.name, world.bidder_b.name):
        assert sealed not in body
    # Closed and under review: still no content of any bid.
    close(world.project)
    body = page(public("project", world.project.pk))
    assert "秘密方案" not in body and "志愿者餐补" not in body


def test_a_photo_is_public_only_once_staff_publish_it(delivered, personas, login):
    project, shot = delivered
    url = public("photo", shot.pk)
    page(url, 404)
    assert public("photo", shot.pk) not in page(public("project", project.pk))
    # The organisation cannot publish its own photo: refused, with a reason.
    client = login(personas.org_leader)
    response = client.post(reverse("projects:photo_publish", args=[project.pk, shot.pk]))
    assert response.status_code == 302
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "只有项目所在社区、街道或区的工作人员可以公开照片。"
    ]
    page(url, 404)
    # Street B's officer does not reach the project at all.
    response = login(personas.street_b_officer).post(
        reverse("projects:photo_publish", args=[project.pk, shot.pk])
    )
    assert response.status_code == 404
    # The community's worker publishes it from the project's page.
    client = login(personas.community_worker)
    staff_page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert reverse("projects:photo_publish", args=[project.pk, shot.pk]) in staff_page
    client.post(reverse("projects:photo_publish", args=[project.pk, shot.pk]))
    shot.refresh_from_db()
    assert shot.published_by == personas.community_worker
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert url in page(public("project", project.pk))
    # Taken back: a 404 again.
    client.post(reverse("projects:photo_withdraw", args=[project.pk, shot.pk]))
    page(url, 404)
    assert url not in page(public("project", project.pk))


def test_a_notice_shows_objections_and_answers_but_never_a_person(world, personas):
    project, a, b = _on_notice(world, personas)
    body = page(public("project", project.pk))
    for shown in (
        world.bidder_a.name,
        "15,800.00",
        world.bidder_b.name,
        "评分计算有误",
        "经复核，评分无误。",
        str(ObjectionStatus.DISMISSED.label),
    ):
        assert shown in body, shown
    for person in (
        world.leader_b.name,
        world.leader_b.username,
        personas.street_a_officer.name,
        personas.street_a_officer.username,
        personas.community_worker.name,
    ):
        assert person not in body, person
    assert "15,800.00" in page(public("round", world.round.pk))


def _on_notice(world, personas):
    a = bid(world.project, world.bidder_a, personas.org_leader)
    b = bid(world.project, world.bidder_b, world.leader_b)
    project = close(world.project)
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.NOTICE)
    now = timezone.now()
    notice = AwardNotice.objects.create(
        project=project,
        bid=a,
        amount=Decimal("15800"),
        working_days=5,
        ends_at=now + timedelta(days=7),
        proposed_by=personas.community_worker,
    )
    Objection.objects.create(
        notice=notice,
        organisation=world.bidder_b,
        grounds="评分计算有误",
        lodged_by=world.leader_b,
        status=ObjectionStatus.DISMISSED,
        answer="经复核，评分无误。",
        answered_by=personas.street_a_officer,
        answered_at=now,
    )
    return project, a, b


def test_results_once_published_name_the_organisation_and_the_amount(world, personas):
    project, _a, _b = awarded(world, personas, amount="15000")
    before = Client().get(public("round", world.round.pk)).context
    assert not before["published"] and before["results"] == []
    Round.objects.filter(pk=world.round.pk).update(status=RoundStatus.PUBLISHED)
    pagecache.forget(DISCLOSURE)  # update() sends no signal
    response = Client().get(public("round", world.round.pk))
    results = response.context["results"]
    assert [(p.pk, award.organisation, award.amount) for p, award in results] == [
        (project.pk, world.bidder_a.name, Decimal("15000.00"))
    ]


def test_the_fund_page_sums_match_the_ledger(world, personas, delivered):
    funds.receive(
        fund=world.fund,
        amount="1234.56",
        occurred_on=date(2026, 3, 20),
        counterparty="王秀英",  # a donor who is a person
        purpose="个人捐赠",
        voucher_number="IN-2",
        by=personas.district_officer,
        source=FundSource.objects.get(name="社会支持"),
    )
    response = Client().get(public("fund", world.fund.pk, query="?year=2026"))
    body = response.content.decode()
    assert "王秀英" not in body and "个人捐赠" not in body and "IN-2" not in body
    entries = FundEntry.objects.filter(fund=world.fund, occurred_on__year=2026)
    ledger = {
        row["kind"]: row["total"].quantize(Decimal("0.01"))
        for row in entries.values("kind").annotate(total=Sum("amount"))
    }
    shown = {row["kind"]: row["amount"] for row in response.context["months"]}
    march = [r for r in response.context["months"] if r["month"].month == 3]
    assert {r["kind"]: r["amount"] for r in march}["donation"] == Decimal("1234.56")
    totals = {}
    for row in response.context["months"]:
        totals[row["kind"]] = totals.get(row["kind"], Decimal("0")) + row["amount"]
    assert totals == ledger and set(shown) == set(ledger)
    assert response.context["now"] == funds.position(world.fund)
    # Another year: nothing moved.
    assert Client().get(public("fund", world.fund.pk, query="?year=2025")).context["months"] == []


@pytest.mark.parametrize(
    ("name", "query", "status"),
    [
        ("fund", "?year=abc", 404),
        ("fund", "?year=1999", 404),
        ("fund", "?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96", 404),  # full-width digits
        ("fund", "?year=99999999999999999999999", 404),
        ("fund", "?year=", 200),
        ("projects", "?page=abc", 200),
        ("projects", "?page=99999", 200),
        ("projects", "?status=nonsense", 200),
        ("projects", "?area=abc", 200),
        ("projects", "?area=99999999999999999999999", 200),
        ("projects", "?area=1&area=2&status=%00", 200),
        ("rounds", "?x=%00", 200),
    ],
)
def test_bad_query_values_give_the_default_or_a_404(world, name, query, status):
    args = [world.fund.pk] if name == "fund" else []
    page(public(name, *args, query=query), status)


def test_the_pages_and_the_open_data_take_the_same_years(world):
    """One limit (projects.disclosure): a year a fund's page shows, the open
    data's year filter takes; the year after it, neither."""
    from projects.disclosure import FIRST_YEAR, LAST_YEAR

    api = "/api/v1/public/funds/"
    for year in (FIRST_YEAR, LAST_YEAR):
        page(public("fund", world.fund.pk, query=f"?year={year}"))
        assert Client().get(api, {"year": year}).status_code == 200
    for year in (FIRST_YEAR - 1, LAST_YEAR + 1):
        page(public("fund", world.fund.pk, query=f"?year={year}"), 404)
        assert Client().get(api, {"year": year}).status_code == 400


def test_a_filter_by_street_and_status(world, personas, territory):
    in_a = page(public("projects", query=f"?area={territory.street_a.pk}&status=bidding"))
    assert world.project.title in in_a
    assert world.project.title not in page(
        public("projects", query=f"?area={territory.street_b.pk}")
    )
    assert world.project.title not in page(public("projects", query="?status=settled"))


def test_the_organisation_page_shows_stars_commendations_and_projects(world, personas, delivered):
    project, _shot = delivered
    org = personas.organisation_a1
    Commendation.objects.create(
        organisation=org,
        title="2025年度优秀社区社会组织",
        awarded_by="惠济区民政局",
        awarded_on=DAY,
    )
    body = page(reverse("public:organisation", args=[org.pk]))
    assert "2025年度优秀社区社会组织" in body and "惠济区民政局" in body
    assert project.title in body and "16,000.00" in body
    # Bidder B won nothing: no projects section.
    assert project.title not in page(reverse("public:organisation", args=[world.bidder_b.pk]))


def test_the_cached_pages_follow_what_changes(
    world, personas, delivered, django_assert_num_queries
):
    project, shot = delivered
    url = public("project", project.pk)
    org_url = reverse("public:organisation", args=[personas.organisation_a1.pk])
    page(url), page(org_url)
    with django_assert_num_queries(0):
        page(url), page(org_url)
    photos.publish_photo(photo=shot, by=personas.community_worker)
    assert public("photo", shot.pk) in page(url)
    Commendation.objects.create(
        organisation=personas.organisation_a1,
        title="优秀志愿服务组织",
        awarded_by="新城街道办事处",
        awarded_on=DAY,
    )
    assert "优秀志愿服务组织" in page(org_url)
    UserFactory(username="unrelated")  # nothing public changed
    with django_assert_num_queries(0):
        page(url)
