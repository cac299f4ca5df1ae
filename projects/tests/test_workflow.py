"""A micro-project from residents' needs to settlement, every step and guard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incubators.services import funds
from projects.models import ActivityReport, BidStatus, Need, NeedStatus, ProjectEvent, ProjectStatus
from projects.services import delivery, needs, tenders
from projects.tasks import close_bidding as close_bidding_task
from projects.workflow import STEPS, may, move
from tests.project_helpers import LINES, awarded, bid, close, to_review

# Run on PostgreSQL too (CI, -m postgres): each step locks its project, needs and fund.
pytestmark = pytest.mark.postgres

DAY = date(2026, 9, 1)


def test_needs_become_a_project_and_wait_for_the_street(personas, territory, world):
    need = needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="楼道灯坏了",
        people_affected=30,
        requester_name="王女士",
        requester_phone="13903710001",
    )
    project = tenders.draft_project(
        community=territory.community_a1,
        needs=[need],
        by=personas.community_worker,
        round=world.round,
        title="点亮楼道",
        description="维修楼道照明。",
        deliverables="更换灯具20处。",
        beneficiaries=30,
        budget_ceiling=Decimal("5000"),
        starts_on=DAY,
        ends_on=DAY + timedelta(days=30),
    )
    need.refresh_from_db()
    assert (project.status, need.status, need.project) == (
        ProjectStatus.DRAFT,
        NeedStatus.IN_PROJECT,
        project,
    )
    assert not may(personas.community_worker, project, "publish")
    assert may(personas.street_a_officer, project, "publish")
    project = tenders.publish(project=project, by=personas.street_a_officer)
    assert project.status == ProjectStatus.BIDDING  # its round is open
    assert [e.transition for e in project.events.all()] == ["publish", "open_bidding"]
    assert project.criteria.count() == 4 and set(project.reviewers.all()) == set(world.reviewers)


def test_a_need_of_another_community_cannot_be_taken(personas, territory, world):
    need = needs.post_need(
        by=personas.platform_admin,
        community=territory.community_a2,
        title="助餐",
        requester_name="李",
    )
    with pytest.raises(ValidationError):
        tenders.draft_project(
            community=territory.community_a1,
            needs=[need],
            by=personas.community_worker,
            round=world.round,
            title="x",
            description="x",
            deliverables="x",
            budget_ceiling=Decimal("1000"),
            starts_on=DAY,
            ends_on=DAY,
        )


def _draft_round(world):
    """A second round of the world's district, still being prepared."""
    from projects.models import Round

    return Round.objects.create(
        title="下一批",
        district=world.round.district,
        fund=world.fund,
        budget=Decimal("50000"),
        opens_on=DAY,
        bids_close_at=timezone.now() + timedelta(days=60),
        review_ends_on=timezone.localdate() + timedelta(days=70),
        results_on=timezone.localdate() + timedelta(days=80),
    )


def test_a_project_in_a_round_not_yet_open_waits_published(personas, territory, world):
    from projects.models import RoundCriterion

    later = _draft_round(world)
    RoundCriterion.objects.create(round=later, name="综合", max_points=100)
    project = tenders.draft_project(
        community=territory.community_a1,
        by=personas.community_worker,
        round=later,
        title="下一批项目",
        description="x",
        deliverables="x",
        budget_ceiling=Decimal("3000"),
        starts_on=DAY,
        ends_on=DAY,
    )
    assert (
        tenders.publish(project=project, by=personas.street_a_officer).status
        == ProjectStatus.PUBLISHED
    )
    tenders.open_round(round_=later, by=personas.district_officer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.BIDDING


def test_bidding_closes_to_review_with_bids_and_to_no_bids_without(personas, world, territory):
    bid(world.project, world.bidder_a, personas.org_leader)
    assert close(world.project).status == ProjectStatus.UNDER_REVIEW
    empty = tenders.draft_project(
        community=territory.community_a1,
        by=personas.community_worker,
        round=world.round,
        title="无人问津",
        description="x",
        deliverables="x",
        budget_ceiling=Decimal("3000"),
        starts_on=DAY,
        ends_on=DAY,
    )
    empty = tenders.publish(project=empty, by=personas.street_a_officer)
    assert close(empty).status == ProjectStatus.NO_BIDS
    last = ProjectEvent.objects.filter(project=empty).last()
    assert last.by is None and last.transition == "close_without_bids"


def test_the_scheduled_job_closes_bidding_once(personas, world):
    bid(world.project, world.bidder_a, personas.org_leader)
    type(world.project).objects.filter(pk=world.project.pk).update(
        bids_close_at=timezone.now() - timedelta(minutes=1)
    )
    assert close_bidding_task.delay().get() == 1
    assert close_bidding_task.delay().get() == 0
    world.project.refresh_from_db()
    assert world.project.status == ProjectStatus.UNDER_REVIEW
    assert world.project.events.filter(transition="close_bidding").count() == 1


def test_the_award_commits_the_money_and_settles_every_bid(personas, world):
    project, a, b = awarded(world, personas)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (project.status, project.awarded_amount) == (ProjectStatus.AWARDED, Decimal("16000.00"))
    assert (a.status, b.status) == (BidStatus.AWARDED, BidStatus.NOT_AWARDED)
    assert funds.position(world.fund).committed == Decimal("16000.00")


@pytest.mark.parametrize("amount", ["0", "20000.01"])
def test_an_award_must_be_positive_and_within_the_ceiling(personas, world, amount):
    project, a, _b = to_review(world, personas)
    with pytest.raises(ValidationError):
        tenders.award(project=project, bid=a, amount=amount, by=personas.community_worker)
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW


def test_no_award_while_bidding_and_no_second_award(personas, world):
    a = bid(world.project, world.bidder_a, personas.org_leader)
    with pytest.raises(ValidationError):
        tenders.award(project=world.project, bid=a, amount="1000", by=personas.community_worker)
    b = bid(world.project, world.bidder_b, world.leader_b)
    project = close(world.project)
    tenders.award(project=project, bid=a, amount="1000", by=personas.community_worker)
    with pytest.raises(ValidationError):
        tenders.award(project=project, bid=b, amount="1000", by=personas.street_a_officer)


def test_an_award_above_the_free_money_of_the_fund_is_refused(personas, world):
    project, a, _b = to_review(world, personas)
    funds.allocate(
        fund=world.fund,
        amount="190000",
        occurred_on=DAY,
        counterparty="其他项目",
        purpose="资助",
        voucher_number="X",
        by=personas.district_officer,
    )
    with pytest.raises(ValidationError):
        tenders.award(project=project, bid=a, amount="16000", by=personas.community_worker)
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW


def test_delivery_acceptance_and_settlement(personas, world, territory):
    need = needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="助餐",
        requester_name="王",
    )
    Need.objects.filter(pk=need.pk).update(project=world.project, status=NeedStatus.IN_PROJECT)
    project, a, _b = awarded(world, personas)
    leader = personas.org_leader
    assert may(leader, project, "start_delivery") and not may(
        world.leader_b, project, "start_delivery"
    )
    project = delivery.start_delivery(project=project, by=leader)
    delivery.pay(
        project=project,
        amount="8000",
        kind="advance",
        occurred_on=DAY,
        voucher_number="P-1",
        by=personas.street_a_officer,
    )
    with pytest.raises(ValidationError):
        delivery.deliver(project=project, by=leader)  # nothing reported yet
    ActivityReport.objects.create(
        project=project,
        held_on=DAY,
        title="第一次送餐",
        description="送餐",
        participants=8,
        beneficiaries=30,
        reported_by=leader,
    )
    project = delivery.deliver(project=project, by=leader)

    project = delivery.return_delivery(
        project=project, reasons="缺少活动照片。", by=personas.community_worker
    )
    assert project.status == ProjectStatus.IN_DELIVERY
    project = delivery.deliver(project=project, by=leader)
    project = delivery.accept(
        project=project, beneficiaries_reached=36, by=personas.community_worker
    )
    project = delivery.settle(
        project=project,
        score=91,
        evaluation="服务到位。",
        final_payment="7000",
        voucher_number="P-2",
        by=personas.street_a_officer,
    )
    need.refresh_from_db()
    assert (project.status, project.evaluation_score, need.status) == (
        ProjectStatus.SETTLED,
        Decimal("91"),
        NeedStatus.FULFILLED,
    )
    # 16000 awarded, 15000 paid: the 1000 left is released back to the fund.
    position = funds.position(world.fund)
    assert position.committed == 0
    assert position.balance == Decimal("185000.00")
    assert sum(p.entry.amount for p in project.payments.all()) == Decimal("15000.00")


def test_payments_never_exceed_the_award(personas, world):
    project, _a, _b = awarded(world, personas, amount="10000")
    project = delivery.start_delivery(project=project, by=personas.org_leader)
    delivery.pay(
        project=project,
        amount="6000",
        kind="advance",
        occurred_on=DAY,
        voucher_number="P-1",
        by=personas.street_a_officer,
    )
    with pytest.raises(ValidationError):
        delivery.pay(
            project=project,
            amount="4000.01",
            kind="advance",
            occurred_on=DAY,
            voucher_number="P-2",
            by=personas.street_a_officer,
        )
    assert funds.remaining(project.allocation) == Decimal("4000.00")


def test_cancelling_and_failing_free_the_needs_and_the_money(personas, world, territory):
    need = needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="x",
        requester_name="王",
    )
    Need.objects.filter(pk=need.pk).update(project=world.project, status=NeedStatus.IN_PROJECT)
    with pytest.raises(ValidationError):
        delivery.cancel(project=world.project, reason=" ", by=personas.community_worker)
    delivery.cancel(
        project=world.project, reason="需求已由物业解决。", by=personas.community_worker
    )
    need.refresh_from_db()
    assert (need.status, need.project) == (NeedStatus.OPEN, None)


def test_a_failed_project_returns_its_award_to_the_fund(personas, world):
    project, _a, _b = awarded(world, personas)
    delivery.fail(project=project, reason="承接组织无法履约。", by=personas.street_a_officer)
    assert funds.position(world.fund).committed == 0


NOT_FROM_BIDDING = sorted(
    name for name, step in STEPS.items() if ProjectStatus.BIDDING not in step.sources
)


@pytest.mark.parametrize("step", NOT_FROM_BIDDING)
def test_a_step_is_refused_from_a_state_it_does_not_start_from(personas, world, step):
    events = world.project.events.count()
    with pytest.raises(ValidationError):
        move(world.project, step, by=personas.platform_admin)
    world.project.refresh_from_db()
    assert world.project.status == ProjectStatus.BIDDING
    assert world.project.events.count() == events


def test_publishing_needs_a_future_closing_time(personas, territory, world):
    from projects.models import Project

    project = tenders.draft_project(
        community=territory.community_a1,
        by=personas.community_worker,
        fund=world.fund,
        title="单独立项",
        description="x",
        deliverables="x",
        budget_ceiling=Decimal("3000"),
        starts_on=DAY,
        ends_on=DAY,
        bids_close_at=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(ValidationError):
        tenders.publish(project=project, by=personas.street_a_officer)
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.DRAFT


def test_budget_lines_above_the_ceiling_are_refused(personas, world):
    with pytest.raises(ValidationError) as error:
        bid(
            world.project,
            world.bidder_a,
            personas.org_leader,
            lines=[*LINES, ("其他", Decimal("4000.01"), "")],
        )
    assert "20000" in str(error.value)


def test_a_rounds_rules_are_settled_once_it_opens(personas, world, login):
    """Tightening who may bid while bids come in would shut out those who
    bid by the old rules: once open, the round's page shows them unchangeable."""
    from django.urls import reverse

    client = login(personas.district_officer)
    rules = {"min_star_rating", "min_platform_grade", "require_filing"}

    def fields(round_):
        url = reverse("admin:projects_round_change", args=[round_.pk])
        return set(client.get(url).context["adminform"].form.fields)

    draft = _draft_round(world)
    assert rules <= fields(draft)
    world.round.refresh_from_db()
    assert world.round.status == "open"
    assert not rules & fields(world.round)
    assert "title" in fields(world.round)
