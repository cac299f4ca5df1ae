"""The seed's example (Shandong: 30万元 a year for 社会工作人才考证奖补; Wuhan
§11): a 社会工作师 qualification is recorded and rewarded once, a second
reward for it is refused, and the year's budget is never exceeded."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from .. import services
from ..models import Qualification, Reward
from .conftest import qualify

DECIDED = date(2026, 9, 1)


def test_a_social_worker_is_rewarded_once_for_the_qualification(honours, personas):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    reward = services.award(
        qualification=qualification,
        amount=Decimal("2000"),
        decided_on=DECIDED,
        by=personas.district_officer,
    )
    assert reward.budget == honours.budget
    with pytest.raises(ValidationError, match="同一资格只奖补一次"):
        services.award(
            qualification=qualification,
            amount=Decimal("2000"),
            decided_on=date(2026, 10, 1),
            by=personas.district_officer,
        )
    assert Reward.objects.count() == 1
    assert services.spent(honours.budget) == Decimal("2000")


def test_a_qualification_is_recorded_once_per_kind(honours, personas):
    qualify(honours.worker, honours.social_worker, personas.community_worker)
    with pytest.raises(ValidationError, match="资格已登记"):
        qualify(honours.worker, honours.social_worker, personas.org_leader, number="X1")
    # Another level is another qualification.
    qualify(honours.worker, honours.assistant, personas.community_worker, number="A1")
    assert Qualification.objects.filter(person=honours.worker).count() == 2


def test_a_reward_beyond_the_years_budget_is_refused(honours, personas):
    first = qualify(honours.worker, honours.social_worker, personas.community_worker)
    second = qualify(honours.other, honours.social_worker, personas.street_b_officer, "B2")
    services.award(qualification=first, amount=Decimal("299000"), decided_on=DECIDED, by=None)
    with pytest.raises(ValidationError, match="仅剩 1000.00 元"):
        services.award(qualification=second, amount=Decimal("1500"), decided_on=DECIDED, by=None)
    services.award(qualification=second, amount=Decimal("1000"), decided_on=DECIDED, by=None)
    assert services.spent(honours.budget) == honours.budget.amount


def test_no_budget_for_the_year_no_reward(honours, personas):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    with pytest.raises(ValidationError, match="尚未设定 2027 年度"):
        services.award(
            qualification=qualification,
            amount=Decimal("500"),
            decided_on=date(2027, 1, 5),
            by=None,
        )
    assert not Reward.objects.exists()


def test_the_budget_cannot_be_cut_below_what_was_decided(honours, personas, territory):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    services.award(qualification=qualification, amount=Decimal("5000"), decided_on=DECIDED, by=None)
    with pytest.raises(ValidationError, match="已决定奖补 5000.00 元"):
        services.set_budget(area=territory.district_a, year=2026, amount=Decimal("4000"), by=None)
    honours.budget.refresh_from_db()
    assert honours.budget.amount == Decimal("300000")


def test_paying_a_decided_reward_and_refusals_that_change_nothing(honours, personas):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    with pytest.raises(ValidationError):
        services.award(
            qualification=qualification, amount=Decimal("0"), decided_on=DECIDED, by=None
        )
    with pytest.raises(ValidationError, match="应在取得资格之后"):
        services.award(
            qualification=qualification,
            amount=Decimal("100"),
            decided_on=date(2026, 1, 2),
            by=None,
        )
    reward = services.award(
        qualification=qualification, amount=Decimal("2000"), decided_on=DECIDED, by=None
    )
    services.mark_paid(reward=reward, paid_on=date(2026, 9, 20), by=None)
    with pytest.raises(ValidationError, match="已于 2026-09-20 发放"):
        services.mark_paid(reward=reward, paid_on=date(2026, 9, 21), by=None)
    reward.refresh_from_db()
    assert reward.paid_on == date(2026, 9, 20)
