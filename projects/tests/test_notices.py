"""The award notice (公示) and objections (质疑): working days, the whole
flow from the award to the settlement, every refusal."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incubators.models import FundEntry
from notifications.models import Notification
from orgs.models import CalendarDay
from projects.models import (
    ActivityReport,
    BidStatus,
    NoticeStatus,
    ObjectionStatus,
    Project,
    ProjectStatus,
    status_q,
)
from projects.services import delivery, notices, tenders
from projects.tasks import take_effect as take_effect_task
from projects.workflow import may
from tests.project_helpers import awarded, on_notice, take_effect, to_review

pytestmark = pytest.mark.postgres

GROUNDS = "中标单位的预算明细与方案不符，餐补标准明显高于本区规定。"
REASONS = "经核查，评审过程符合规则，预算标准在规定范围之内。"


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def allocations(project):
    return FundEntry.objects.filter(kind="allocation", voucher_number=f"P{project.pk}-A")


def end_of(notice, settings):
    """The platform's clock moves to the day after the period's last day."""
    settings.PLATFORM_TODAY = notice.last_day + timedelta(days=1)


# --- working days ------------------------------------------------------------------


def test_a_notice_counts_working_days_across_the_national_day_holiday(world, personas, settings):
    project, a, _b = to_review(world, personas)
    settings.PLATFORM_TODAY = date(2026, 9, 30)
    project = tenders.award(project=project, bid=a, amount="16000", by=personas.community_worker)
    notice = project.notices.get()
    # 10-01 to 10-07 are holidays: the fifth working day after 09-30 is 10-13.
    assert notice.working_days == 5
    assert notice.last_day == date(2026, 10, 13)
    assert notice.ends_at == local_midnight(date(2026, 10, 14))


def test_an_office_correction_of_the_calendar_moves_the_end(world, personas, settings):
    CalendarDay.objects.create(date=date(2026, 10, 12), is_working=False, name="本地调整")
    world.round.notice_days = 7
    world.round.save()
    project, a, _b = to_review(world, personas)
    settings.PLATFORM_TODAY = date(2026, 9, 30)
    project = tenders.award(project=project, bid=a, amount="16000", by=personas.community_worker)
    notice = project.notices.get()
    # 10-08, 10-09, 10-10 (make-up Saturday), 10-13, 10-14, 10-15, 10-16: 10-12 is off.
    assert (notice.working_days, notice.last_day) == (7, date(2026, 10, 16))


def test_a_project_outside_a_round_uses_the_setting(settings):
    settings.AWARD_NOTICE_DAYS = 3
    assert notices.notice_days(Project(round=None)) == 3


# --- the whole flow ------------------------------------------------------------------


def test_award_objection_upheld_reaward_objection_dismissed_effect_pay_settle(
    world, personas, settings
):
    project, a, b = on_notice(world, personas)
    notice = project.notices.get()
    assert (project.status, project.awarded_amount, a.status) == (
        ProjectStatus.NOTICE,
        None,
        BidStatus.SUBMITTED,
    )
    assert not allocations(project).exists()
    assert Notification.objects.filter(user=world.leader_b, link__endswith=f"/{project.pk}/")
    # B objects; the community and the street hear of it.
    objection = notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )
    told = Notification.objects.filter(title__contains=project.title, body__contains="绿城")
    assert {personas.community_worker, personas.street_a_officer} <= {n.user for n in told}
    # The street upholds it: the award is withdrawn, the project reviewed again.
    notices.answer_objection(
        objection=objection,
        upheld=True,
        answer="评分汇总有误，重新评审。",
        by=personas.street_a_officer,
    )
    project.refresh_from_db()
    notice.refresh_from_db()
    assert (project.status, notice.status) == (ProjectStatus.UNDER_REVIEW, NoticeStatus.WITHDRAWN)
    assert project.events.last().transition == "withdraw_award"
    # Awarded again, to B this time; A objects, and the period ends meanwhile.
    project = tenders.award(project=project, bid=b, amount="12000", by=personas.community_worker)
    second = notices.open_notice(project)
    objection = notices.lodge_objection(
        notice=second, organisation=world.bidder_a, grounds=GROUNDS, by=personas.org_leader
    )
    assert notices.take_effect_due(now=second.ends_at) == 0  # an objection waits
    end_of(second, settings)
    assert Project.objects.with_current_status().get(pk=project.pk).status_now == "notice"
    assert not may(world.leader_b, project, "start_delivery")
    with pytest.raises(ValidationError, match="公示"):
        delivery.pay(
            project=project,
            amount="100",
            kind="advance",
            occurred_on=date(2026, 11, 1),
            voucher_number="X",
            by=personas.street_a_officer,
        )
    # Not upheld, after the period: the award takes effect right then.
    notices.answer_objection(
        objection=objection, upheld=False, answer=REASONS, by=personas.district_officer
    )
    project.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    second.refresh_from_db()
    assert (project.status, project.awarded_amount) == (ProjectStatus.AWARDED, Decimal("12000"))
    assert (a.status, b.status, second.status) == (
        BidStatus.NOT_AWARDED,
        BidStatus.AWARDED,
        NoticeStatus.EFFECTIVE,
    )
    assert allocations(project).get().amount == Decimal("12000")
    assert allocations(project).get().recorded_by == personas.community_worker
    assert take_effect_task.delay().get() == 0  # twice is once
    # Pay, deliver, settle.
    leader = world.leader_b
    project = delivery.start_delivery(project=project, by=leader)
    delivery.pay(
        project=project,
        amount="6000",
        kind="advance",
        occurred_on=date(2026, 11, 1),
        voucher_number="P-1",
        by=personas.street_a_officer,
    )
    ActivityReport.objects.create(
        project=project,
        held_on=date(2026, 11, 2),
        title="第一次送餐",
        description="送餐",
        participants=8,
        beneficiaries=30,
        reported_by=leader,
    )
    project = delivery.deliver(project=project, by=leader)
    project = delivery.accept(
        project=project, beneficiaries_reached=30, by=personas.community_worker
    )
    project = delivery.settle(
        project=project,
        score=90,
        evaluation="服务到位。",
        final_payment="6000",
        voucher_number="P-2",
        by=personas.street_a_officer,
    )
    assert project.status == ProjectStatus.SETTLED
    steps = [e.transition for e in project.events.all()]
    assert steps[3:] == [
        "award",
        "withdraw_award",
        "award",
        "take_effect",
        "start_delivery",
        "deliver",
        "accept",
        "settle",
    ]


def test_after_the_period_the_award_reads_as_in_effect_before_it_is_stored(
    world, personas, settings
):
    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    assert Project.objects.filter(status_q(ProjectStatus.NOTICE)).filter(pk=project.pk).exists()
    end_of(notice, settings)
    project = Project.objects.get(pk=project.pk)
    assert project.status == ProjectStatus.NOTICE  # nothing stored by reading
    assert project.current_status == ProjectStatus.AWARDED
    assert Project.objects.with_current_status().get(pk=project.pk).status_now == "awarded"
    assert Project.objects.filter(status_q(ProjectStatus.AWARDED), pk=project.pk).exists()
    assert not Project.objects.filter(status_q(ProjectStatus.NOTICE), pk=project.pk).exists()
    assert may(personas.org_leader, project, "start_delivery")
    assert not may(world.leader_b, project, "start_delivery")
    assert not may(personas.community_worker, project, "cancel")
    assert not allocations(project).exists()
    # The first write stores it: the winner starts delivery.
    project = delivery.start_delivery(project=project, by=personas.org_leader)
    assert project.status == ProjectStatus.IN_DELIVERY
    assert allocations(project).get().amount == Decimal("16000")
    assert [e.transition for e in project.events.all()][-2:] == ["take_effect", "start_delivery"]


def test_a_payment_after_the_period_puts_the_award_in_effect_first(world, personas, settings):
    project, _a, _b = on_notice(world, personas)
    end_of(project.notices.get(), settings)
    delivery.pay(
        project=project,
        amount="5000",
        kind="advance",
        occurred_on=date(2026, 12, 1),
        voucher_number="P-1",
        by=personas.street_a_officer,
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWARDED
    assert project.payments.get().entry.allocation == project.allocation


def test_the_schedule_puts_due_awards_in_effect_once(world, personas):
    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    assert notices.take_effect_due(now=notice.ends_at - timedelta(seconds=1)) == 0
    assert notices.take_effect_due(now=notice.ends_at) == 1
    assert notices.take_effect_due(now=notice.ends_at) == 0
    assert allocations(project).count() == 1


def test_an_award_cannot_be_published_beyond_what_the_fund_has_free(world, personas):
    """Open notices hold the fund's money: 200000 received, 190000 on another
    project's notice, so 16000 here is refused and nothing changes."""
    project, a, _b = to_review(world, personas)
    from projects.models import AwardNotice

    other = Project.objects.create(
        title="另一个项目",
        community=project.community,
        round=world.round,
        description="x",
        deliverables="x",
        budget_ceiling=Decimal("190000"),
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        drafted_by=personas.community_worker,
        status=ProjectStatus.NOTICE,
    )
    other_bid = a.__class__.objects.create(
        project=other, organisation=world.bidder_b, submitted_by=world.leader_b
    )
    AwardNotice.objects.create(
        project=other,
        bid=other_bid,
        amount=Decimal("190000"),
        working_days=5,
        ends_at=timezone.now() + timedelta(days=7),
        proposed_by=personas.community_worker,
    )
    with pytest.raises(ValidationError, match="10000"):
        tenders.award(project=project, bid=a, amount="16000", by=personas.community_worker)
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW and not project.notices.exists()
    tenders.award(project=project, bid=a, amount="10000", by=personas.community_worker)


def test_cancelling_on_notice_withdraws_the_notice(world, personas):
    project, _a, _b = on_notice(world, personas)
    delivery.cancel(project=project, reason="需求已由驻区单位解决。", by=personas.community_worker)
    assert project.notices.get().status == NoticeStatus.WITHDRAWN


def test_results_are_not_published_while_an_award_is_on_notice(world, personas):
    project, _a, _b = on_notice(world, personas)
    with pytest.raises(ValidationError):
        tenders.publish_results(round_=world.round, by=personas.district_officer)
    take_effect(project)
    tenders.publish_results(round_=world.round, by=personas.district_officer)


# --- refusals ------------------------------------------------------------------------


@pytest.fixture
def notice(world, personas):
    project, _a, _b = on_notice(world, personas)
    return project.notices.get()


def lodge(notice, organisation, by, grounds=GROUNDS):
    return notices.lodge_objection(notice=notice, organisation=organisation, grounds=grounds, by=by)


def test_no_objection_after_the_period(notice, world, settings):
    end_of(notice, settings)
    with pytest.raises(ValidationError, match="公示期已结束"):
        lodge(notice, world.bidder_b, world.leader_b)
    assert not notice.objections.exists()


def test_the_proposed_winner_cannot_object(notice, personas):
    with pytest.raises(ValidationError, match="拟中标"):
        lodge(notice, personas.organisation_a1, personas.org_leader)


def test_an_organisation_that_did_not_bid_cannot_object(notice, personas):
    from orgs.roles import Role
    from tests.factories import UserFactory

    outsider = UserFactory(role=Role.ORG_LEADER, organisation=personas.organisation_b1)
    with pytest.raises(ValidationError, match="投标"):
        lodge(notice, personas.organisation_b1, outsider)
    # Nor another organisation's leader on its behalf.
    with pytest.raises(ValidationError):
        lodge(
            notice,
            personas.organisation_a1.__class__.objects.get(name="绿城社区助老服务队"),
            outsider,
        )


def test_one_objection_per_organisation(notice, world):
    lodge(notice, world.bidder_b, world.leader_b)
    with pytest.raises(ValidationError, match="已"):
        lodge(notice, world.bidder_b, world.leader_b)
    assert notice.objections.count() == 1


@pytest.mark.parametrize("grounds", ["", "   ", "不服"])
def test_an_objection_needs_its_grounds(notice, world, grounds):
    with pytest.raises(ValidationError, match="理由"):
        lodge(notice, world.bidder_b, world.leader_b, grounds=grounds)
    assert not notice.objections.exists()


def test_an_answer_needs_reasons_and_the_right_office(notice, world, personas):
    objection = lodge(notice, world.bidder_b, world.leader_b)
    with pytest.raises(ValidationError, match="理由"):
        notices.answer_objection(
            objection=objection, upheld=True, answer="  ", by=personas.street_a_officer
        )
    for user in (personas.community_worker, personas.outsider, world.leader_b):
        with pytest.raises(ValidationError):
            notices.answer_objection(objection=objection, upheld=True, answer=REASONS, by=user)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    assert notice.project.__class__.objects.get(pk=notice.project_id).status == "notice"
    notices.answer_objection(
        objection=objection, upheld=False, answer=REASONS, by=personas.platform_admin
    )
    with pytest.raises(ValidationError, match="已"):
        notices.answer_objection(
            objection=objection, upheld=True, answer=REASONS, by=personas.street_a_officer
        )


def test_no_payment_during_the_notice(notice, personas):
    with pytest.raises(ValidationError, match="公示"):
        delivery.pay(
            project=notice.project,
            amount="100",
            kind="advance",
            occurred_on=date(2026, 11, 1),
            voucher_number="X",
            by=personas.street_a_officer,
        )
    assert not notice.project.payments.exists()


def test_the_helper_awarded_is_in_effect(world, personas):
    project, a, b = awarded(world, personas)
    assert (project.status, a.status, b.status) == ("awarded", "awarded", "not_awarded")
