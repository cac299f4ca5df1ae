"""On PostgreSQL: parallel exchanges never overdraw points or stock, and
parallel pickups of one code confirm it once (mall.services' row locks)."""

import threading
import time
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


def widen(monkeypatch, module, name, seconds=0.3):
    """Let `module.name` answer only after `seconds`: a read that races
    another transaction's write then loses reliably unless a lock queues
    the two, instead of once in a while."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        answer = real(*args, **kwargs)
        time.sleep(seconds)
        return answer

    monkeypatch.setattr(module, name, slow)


def _offers_of_a1(mall, points: int, count: int) -> list[Offer]:
    """`count` different offers in community A1, each at `points`: calls on
    them meet at no common offer row, only at the volunteer's."""
    Offer.objects.filter(pk__in=[mall.haircut.pk, mall.oil.pk]).update(points=points, stock=10)
    extra = [
        Offer.objects.create(provider=mall.barber, name=f"服务{i}", points=points, stock=10)
        for i in range(count - 2)
    ]
    return [mall.haircut, mall.oil, *extra]


def test_parallel_exchanges_of_different_offers_never_overdraw_a_balance(mall, monkeypatch):
    # 50 points, four offers of 40 each: one exchange at most.
    mall.rule.monthly_cap = 10
    mall.rule.save()
    offers = _offers_of_a1(mall, 40, 4)
    widen(monkeypatch, volunteering, "balance")
    outcomes = at_once(
        [lambda o=o: services.exchange(phone=VOLUNTEER_PHONE, offer_id=o.pk) for o in offers]
    )
    monkeypatch.undo()
    assert outcomes == ["ok"] + ["refused"] * 3
    assert volunteering.balance(mall.volunteer.person) == 10
    assert Exchange.objects.count() == 1
    assert (
        sum(Offer.objects.filter(pk__in=[o.pk for o in offers]).values_list("stock", flat=True))
        == 39
    )


def test_parallel_exchanges_of_different_offers_keep_the_monthly_cap(mall, monkeypatch):
    # Points for five exchanges of 10, but the community allows one a month.
    mall.rule.monthly_cap = 1
    mall.rule.save()
    offers = _offers_of_a1(mall, 10, 4)
    widen(monkeypatch, services, "exchanges_this_month")
    outcomes = at_once(
        [lambda o=o: services.exchange(phone=VOLUNTEER_PHONE, offer_id=o.pk) for o in offers]
    )
    monkeypatch.undo()
    assert outcomes == ["ok"] + ["refused"] * 3
    assert Exchange.objects.count() == 1
    assert volunteering.balance(mall.volunteer.person) == 40
