"""Review fixes of the award notice: the money an open notice holds, a
cancelled project's objections, the proposer not judging their own award."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from incubators.services import funds
from notifications.models import Notification
from projects.models import NoticeStatus, ObjectionStatus, ProjectStatus
from projects.services import delivery, notices
from projects.views.notices import notice_context
from tests.project_helpers import on_notice, take_effect

pytestmark = pytest.mark.postgres

GROUNDS = "中标单位的预算明细与方案不符，餐补标准明显高于本区规定。"
REASONS = "经核查，评审过程符合规则，预算标准在规定范围之内。"


def entry(fund, by, amount, **extra):
    return dict(
        fund=fund,
        amount=amount,
        occurred_on=date(2026, 11, 2),
        counterparty="别的项目",
        purpose="测试",
        voucher_number="T-1",
        by=by,
        **extra,
    )


def test_money_on_notice_cannot_be_allocated_or_paid_elsewhere(world, personas):
    project, _a, _b = on_notice(world, personas)
    fund = project.paying_fund
    free = funds.position(fund).free
    assert funds.reserved(fund) == Decimal("16000")
    spend = free - Decimal("15000")  # leaves less than the 16000 on notice
    for record in (funds.allocate, funds.disburse):
        with pytest.raises(ValidationError, match="16000.00 yuan is held|公示"):
            record(**entry(fund, personas.platform_admin, spend))
    assert funds.position(fund).free == free
    project = take_effect(project)
    assert project.status == ProjectStatus.AWARDED
    assert funds.reserved(fund) == 0 and funds.position(fund).free == free - Decimal("16000")


def test_an_award_that_cannot_take_effect_is_told_to_its_proposer_once(world, personas):
    project, _a, _b = on_notice(world, personas)
    fund = project.paying_fund
    notice = project.notices.get()
    fund.is_active = False
    fund.save()
    assert notices.take_effect_due(now=notice.ends_at) == 0
    assert notices.take_effect_due(now=notice.ends_at) == 0
    told = Notification.objects.filter(user=notice.proposed_by, key__contains="cannot-take")
    assert told.count() == 1
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.OPEN


def lodge(notice, world):
    return notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )


def test_cancelling_closes_pending_objections_and_they_cannot_be_upheld(world, personas):
    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    objection = lodge(notice, world)
    delivery.cancel(project=project, reason="需求已由驻区单位解决。", by=personas.community_worker)
    objection.refresh_from_db()
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert objection.status == ObjectionStatus.WITHDRAWN and "驻区单位" in objection.answer
    with pytest.raises(ValidationError):
        notices.answer_objection(
            objection=objection, upheld=True, answer=REASONS, by=personas.street_a_officer
        )
    assert not Notification.objects.filter(title__contains="质疑后撤销").exists()


def test_the_proposer_cannot_answer_an_objection_to_their_award(world, personas):
    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    notice.proposed_by = personas.street_a_officer
    notice.save()
    objection = lodge(notice, world)
    with pytest.raises(ValidationError, match="拟定|提出"):
        notices.answer_objection(
            objection=objection, upheld=True, answer=REASONS, by=personas.street_a_officer
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    context = notice_context(project, personas.street_a_officer, None)
    assert not any(
        hasattr(o, "answer_form") for n in context["notices"] for o in n.objections.all()
    )
    notices.answer_objection(
        objection=objection, upheld=False, answer=REASONS, by=personas.platform_admin
    )


def test_published_notices_mask_numbers_and_read_as_in_effect_after_the_period(
    world, personas, monkeypatch
):
    from lib import clock
    from projects import disclosure

    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    notices.lodge_objection(
        notice=notice,
        organisation=world.bidder_b,
        grounds=GROUNDS + "联系人13912345678，身份证41010819900307123X。",
        by=world.leader_b,
    )
    published = disclosure.notices().get(pk=notice.pk)
    assert published.status_now == NoticeStatus.OPEN
    grounds = published.objections.all()[0].grounds
    assert "13912345678" not in grounds and "139****5678" in grounds
    assert "41010819900307123X" not in grounds and "410108********123X" in grounds
    objection = notice.objections.get()
    notices.answer_objection(
        objection=objection, upheld=False, answer=REASONS, by=personas.street_a_officer
    )
    # The period over, nothing blocking: it reads as in effect before it is stored.
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.OPEN
    assert disclosure.notice_status(notice, now=notice.ends_at) == NoticeStatus.EFFECTIVE
    monkeypatch.setattr(clock, "now", lambda: notice.ends_at)
    published = disclosure.notices().get(pk=notice.pk)
    assert published.status_now == NoticeStatus.EFFECTIVE
