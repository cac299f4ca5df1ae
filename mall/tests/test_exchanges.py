"""Exchanging points, cancelling, picking up and expiry (mall.services)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from orgs.models import PointsEntry, PointsKind
from orgs.services import volunteering
from volunteers.models import VolunteerStatus

from .. import services, tasks
from ..models import Exchange, ExchangeStatus, Offer
from .conftest import CLERK_PHONE, OTHER_CLERK_PHONE, VOLUNTEER_PHONE, volunteer_with_points

pytestmark = pytest.mark.postgres  # constraints and locks: run on PostgreSQL too

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def state(mall):
    return (
        volunteering.balance(mall.volunteer.person),
        list(Offer.objects.order_by("pk").values_list("stock", flat=True)),
        list(Exchange.objects.order_by("pk").values_list("status", "closed_at")),
        PointsEntry.objects.count(),
    )


def refused(mall, service, /, **kwargs) -> str:
    """The refusal, in Chinese, and proof that nothing changed."""
    before = state(mall)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        service(**kwargs)
    assert state(mall) == before
    message = " ".join(caught.value.messages)
    assert CHINESE.search(message), message
    return message


def exchange(mall, offer=None):
    return services.exchange(phone=VOLUNTEER_PHONE, offer_id=(offer or mall.haircut).pk)


def test_an_exchange_spends_points_and_stock_and_gives_a_code(mall):
    made = exchange(mall)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", made.code)
    assert made.status == ExchangeStatus.AWAITING
    assert made.spent.kind == PointsKind.EXCHANGED and made.spent.points == -20
    assert made.spent.recorded_by is None
    assert volunteering.balance(mall.volunteer.person) == 30
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 4
    assert abs(made.expires_at - made.created_at - timedelta(days=7)) < timedelta(seconds=5)


def test_a_street_providers_offer_reaches_its_communities(mall):
    offers = list(services.offers_for(mall.volunteer.person.community))
    assert offers == [mall.haircut, mall.oil]  # not street B's
    exchange(mall, mall.oil)


def test_over_stock_is_refused(mall):
    Offer.objects.filter(pk=mall.haircut.pk).update(stock=0)
    assert "库存" in refused(mall, exchange, mall=mall)


def test_points_short_is_refused(mall):
    exchange(mall, mall.oil)  # 50 - 30 = 20 left
    message = refused(mall, exchange, mall=mall, offer=mall.oil)
    assert "积分不足" in message


def test_the_monthly_cap_is_refused(mall):
    mall.rule.monthly_cap = 1
    mall.rule.save()
    exchange(mall)
    assert "本月" in refused(mall, exchange, mall=mall)


def test_a_cancelled_exchange_does_not_count_towards_the_cap(mall):
    mall.rule.monthly_cap = 1
    mall.rule.save()
    services.cancel(phone=VOLUNTEER_PHONE, exchange_id=exchange(mall).pk)
    exchange(mall)


@pytest.mark.parametrize(
    "status", [VolunteerStatus.PENDING, VolunteerStatus.REFUSED, VolunteerStatus.WITHDRAWN]
)
def test_an_unconfirmed_volunteer_cannot_exchange(mall, status):
    mall.volunteer.status = status
    mall.volunteer.save()
    assert "志愿者" in refused(mall, exchange, mall=mall)


def test_a_phone_that_is_no_volunteer_cannot_exchange(mall):
    refused(mall, services.exchange, phone="13800000000", offer_id=mall.haircut.pk)


def test_another_communitys_or_an_inactive_offer_is_refused(mall):
    refused(mall, exchange, mall=mall, offer=mall.far_offer)
    Offer.objects.filter(pk=mall.haircut.pk).update(active=False)
    refused(mall, exchange, mall=mall)


def test_a_pickup_is_confirmed_by_the_providers_clerk(mall):
    made = exchange(mall)
    done = services.confirm_pickup(phone=CLERK_PHONE, code=made.code.lower())
    assert done.status == ExchangeStatus.PICKED_UP and done.closed_at
    assert volunteering.balance(mall.volunteer.person) == 30


def test_a_code_used_twice_is_refused(mall):
    made = exchange(mall)
    services.confirm_pickup(phone=CLERK_PHONE, code=made.code)
    assert "已使用" in refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)


def test_another_providers_code_is_refused(mall):
    made = exchange(mall)
    message = refused(mall, services.confirm_pickup, phone=OTHER_CLERK_PHONE, code=made.code)
    assert "其他" in message


def overdue(made):
    Exchange.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def test_an_expired_code_is_refused_before_and_after_the_task(mall):
    made = exchange(mall)
    overdue(made)
    assert "过期" in refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)
    tasks.expire_exchanges()
    assert "过期" in refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)


def test_an_unknown_code_or_phone_is_refused(mall):
    refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code="ZZZZZZ")
    made = exchange(mall)
    refused(mall, services.confirm_pickup, phone=VOLUNTEER_PHONE, code=made.code)


def test_expiry_returns_points_and_stock_once_however_often_it_runs(mall):
    made = exchange(mall)
    kept = exchange(mall, mall.oil)
    services.confirm_pickup(phone=OTHER_CLERK_PHONE, code=kept.code)
    overdue(made)
    assert tasks.expire_exchanges() == 1
    assert tasks.expire_exchanges() == 0
    made.refresh_from_db()
    assert made.status == ExchangeStatus.EXPIRED
    assert made.returned.kind == PointsKind.RETURNED and made.returned.points == 20
    assert volunteering.balance(mall.volunteer.person) == 20  # 50 - 30 for the oil
    assert PointsEntry.objects.filter(kind=PointsKind.RETURNED).count() == 1
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 5


def test_the_volunteer_cancels_an_unpicked_exchange(mall):
    made = exchange(mall)
    services.cancel(phone=VOLUNTEER_PHONE, exchange_id=made.pk)
    assert volunteering.balance(mall.volunteer.person) == 50
    mall.haircut.refresh_from_db()
    assert mall.haircut.stock == 5
    # Twice, or after a pickup, or someone else's: refused.
    refused(mall, services.cancel, phone=VOLUNTEER_PHONE, exchange_id=made.pk)
    picked = exchange(mall)
    services.confirm_pickup(phone=CLERK_PHONE, code=picked.code)
    refused(mall, services.cancel, phone=VOLUNTEER_PHONE, exchange_id=picked.pk)
    mine = exchange(mall)
    volunteer_with_points(mall.far.area, "13903710077", 0, None)
    refused(mall, services.cancel, phone="13903710077", exchange_id=mine.pk)


def test_stock_never_below_zero_in_the_database(mall):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=mall.haircut.pk).update(stock=-1)


def test_a_cancelled_exchange_s_code_says_it_was_cancelled(mall):
    made = exchange(mall)
    services.cancel(phone=VOLUNTEER_PHONE, exchange_id=made.pk)
    message = refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)
    assert "已取消" in message and "积分已退回" in message and "其他" not in message


def test_an_expired_and_returned_code_says_so(mall):
    made = exchange(mall)
    overdue(made)
    tasks.expire_exchanges()
    message = refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)
    assert "过期" in message and "积分已退回" in message and "其他" not in message


def test_this_provider_s_closed_exchange_answers_before_another_s_reused_code(mall):
    made = exchange(mall)
    services.cancel(phone=VOLUNTEER_PHONE, exchange_id=made.pk)
    # The code, free again, is given to an exchange at another provider.
    other = exchange(mall, mall.oil)
    Exchange.objects.filter(pk=other.pk).update(code=made.code)
    message = refused(mall, services.confirm_pickup, phone=CLERK_PHONE, code=made.code)
    assert "已取消" in message and "其他" not in message
    # The other provider's clerk still confirms their own.
    assert services.confirm_pickup(phone=OTHER_CLERK_PHONE, code=made.code).pk == other.pk
