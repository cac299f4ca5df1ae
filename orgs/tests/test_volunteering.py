"""Volunteer hours earn points; exchanges spend them; the balance never goes negative."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from orgs.models import PointsEntry
from orgs.services import volunteering
from tests.factories import PersonFactory
from tests.fixtures import on_postgres

# Run on PostgreSQL too (CI, -m postgres): a balance kept non-negative by a row lock.
pytestmark = pytest.mark.postgres

DAY = date(2026, 5, 1)


@pytest.fixture
def volunteer(territory):
    return PersonFactory(name="李秀英", community=territory.community_a1)


def test_service_hours_earn_points_at_the_configured_rate(volunteer, personas, settings):
    settings.VOLUNTEER_POINTS_PER_HOUR = 10
    volunteering.record_service(
        person=volunteer,
        served_on=DAY,
        hours="2.5",
        activity="楼院巡查",
        by=personas.community_worker,
    )
    assert volunteering.balance(volunteer) == 25


def test_an_exchange_spends_points(volunteer, personas):
    volunteering.record_service(
        person=volunteer, served_on=DAY, hours=3, activity="助老服务", by=personas.community_worker
    )
    volunteering.exchange_points(
        person=volunteer,
        points=20,
        description="兑换洗衣液一瓶",
        on=DAY,
        by=personas.community_worker,
    )
    assert volunteering.balance(volunteer) == 10


def test_an_exchange_beyond_the_balance_is_refused_and_changes_nothing(volunteer, personas):
    volunteering.record_service(
        person=volunteer, served_on=DAY, hours=1, activity="助老服务", by=personas.community_worker
    )
    with pytest.raises(ValidationError) as error:
        volunteering.exchange_points(
            person=volunteer,
            points=11,
            description="兑换大米",
            on=DAY,
            by=personas.community_worker,
        )
    assert "10" in str(error.value)
    assert volunteering.balance(volunteer) == 10
    assert PointsEntry.objects.filter(person=volunteer).count() == 1


def test_an_adjustment_cannot_leave_a_negative_balance(volunteer, personas):
    with pytest.raises(ValidationError):
        volunteering.adjust_points(
            person=volunteer, points=-5, reason="更正", on=DAY, by=personas.community_worker
        )
    volunteering.adjust_points(
        person=volunteer, points=5, reason="补录活动", on=DAY, by=personas.community_worker
    )
    assert volunteering.balance(volunteer) == 5


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_exchanges_never_overdraw(personas, territory):
    volunteer = PersonFactory(community=territory.community_a1)
    volunteering.record_service(
        person=volunteer, served_on=DAY, hours=5, activity="环境整治", by=personas.community_worker
    )
    # 50 points; six exchanges of 20 arrive at once: two can succeed.
    barrier = threading.Barrier(6)
    outcomes = []

    def exchange():
        try:
            barrier.wait(timeout=10)
            volunteering.exchange_points(
                person=volunteer,
                points=20,
                description="兑换",
                on=DAY,
                by=personas.community_worker,
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=exchange) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "ok"] + ["refused"] * 4
    assert volunteering.balance(volunteer) == 10
