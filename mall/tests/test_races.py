"""On PostgreSQL: parallel exchanges never overdraw points or stock, and
parallel pickups of one code confirm it once (mall.services' row locks)."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from orgs.models import PointsEntry, PointsKind
from orgs.services import volunteering
from tests.fixtures import on_postgres

from .. import services
from ..models import Exchange, ExchangeStatus, Offer
from .conftest import CLERK_PHONE, VOLUNTEER_PHONE, volunteer_with_points

pytestmark = [on_postgres, pytest.mark.django_db(transaction=True)]


def at_once(calls) -> list[str]:
    """Run each call in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_parallel_exchanges_for_the_last_item_sell_it_once(mall, territory, personas):
    Offer.objects.filter(pk=mall.haircut.pk).update(stock=1)
    phones = [VOLUNTEER_PHONE] + [f"1390371100{i}" for i in range(5)]
    for phone in phones[1:]:
        volunteer_with_points(territory.community_a1, phone, 5, personas.community_worker)
    outcomes = at_once(
        [lambda p=p: services.exchange(phone=p, offer_id=mall.haircut.pk) for p in phones]
    )
    assert outcomes == ["ok"] + ["refused"] * 5
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 0
    assert Exchange.objects.count() == 1


def test_parallel_exchanges_never_overdraw_a_balance(mall):
    # 50 points, offers of 30 and 20 plus 30 again: one 30 and one 20 at most.
    mall.rule.monthly_cap = 10
    mall.rule.save()
    Offer.objects.filter(pk=mall.oil.pk).update(stock=10)
    calls = [
        lambda: services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.oil.pk) for _ in range(4)
    ]
    outcomes = at_once(calls)
    assert outcomes == ["ok"] + ["refused"] * 3
    assert volunteering.balance(mall.volunteer.person) == 20
    mall.oil.refresh_from_db()
    assert mall.oil.stock == 9


def test_parallel_pickups_of_one_code_confirm_it_once(mall):
    made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    outcomes = at_once(
        [lambda: services.confirm_pickup(phone=CLERK_PHONE, code=made.code) for _ in range(5)]
    )
    assert outcomes == ["ok"] + ["refused"] * 4
    made.refresh_from_db()
    assert made.status == ExchangeStatus.PICKED_UP


def test_parallel_expiry_runs_return_the_points_once(mall):
    made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    Exchange.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    at_once([services.expire_overdue] * 3)
    made.refresh_from_db()
    assert made.status == ExchangeStatus.EXPIRED
    assert volunteering.balance(mall.volunteer.person) == 50
    assert PointsEntry.objects.filter(kind=PointsKind.RETURNED).count() == 1
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 5
