"""On PostgreSQL: rewards decided at once against the last of a year's
budget, or twice for one qualification, pass one at a time (the budget row
is locked): the budget is never exceeded and nothing is paid twice."""

from datetime import date
from decimal import Decimal

import pytest

from tests.fixtures import on_postgres
from tests.races import outcomes_at_once as at_once

from .. import services
from ..models import Reward
from .conftest import qualify

pytestmark = [on_postgres, pytest.mark.django_db(transaction=True)]


def test_two_rewards_against_the_last_of_the_budget_only_one_passes(honours, personas):
    first = qualify(honours.worker, honours.social_worker, personas.community_worker)
    second = qualify(honours.other, honours.social_worker, personas.street_b_officer, "B2")
    third = qualify(honours.worker, honours.assistant, personas.community_worker, "A3")
    services.award(
        qualification=third, amount=Decimal("298000"), decided_on=date(2026, 9, 1), by=None
    )
    outcomes = at_once(
        [
            lambda q=q: services.award(
                qualification=q, amount=Decimal("2000"), decided_on=date(2026, 9, 2), by=None
            )
            for q in (first, second)
        ]
    )
    assert outcomes == ["ok", "refused"]
    assert services.spent(honours.budget) == Decimal("300000")


def test_one_qualification_rewarded_twice_at_once_is_paid_once(honours, personas):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    outcomes = at_once(
        [
            lambda: services.award(
                qualification=qualification,
                amount=Decimal("2000"),
                decided_on=date(2026, 9, 2),
                by=None,
            )
        ]
        * 2
    )
    assert outcomes == ["ok", "refused"]
    assert Reward.objects.filter(qualification=qualification).count() == 1
