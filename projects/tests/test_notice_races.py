"""The award notice under concurrency (PostgreSQL): the project's row lock
orders an objection, the award taking effect and a payment."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from incubators.models import FundEntry
from projects.models import AwardNotice, Objection, ObjectionStatus, Payment, ProjectStatus
from projects.services import delivery, notices
from tests.fixtures import on_postgres
from tests.project_helpers import on_notice

pytestmark = pytest.mark.postgres

GROUNDS = "中标单位的预算明细与方案不符，餐补标准明显高于本区规定。"


def at_once(*works):
    """Run each work in its own thread and connection, released together;
    returns what each returned or raised, in order."""
    barrier = threading.Barrier(len(works))
    results = [None] * len(works)

    def run(i, work):
        try:
            barrier.wait(timeout=10)
            results[i] = work()
        except BaseException as exc:  # reported to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def allocations(project):
    return FundEntry.objects.filter(kind="allocation", voucher_number=f"P{project.pk}-A")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_an_objection_at_the_period_end_and_the_award_taking_effect(world, personas):
    """Either the objection is in and the award waits, or the award took
    effect and the objection is refused: never money committed while an
    objection is pending."""
    project, _a, _b = on_notice(world, personas)
    end = timezone.now() + timedelta(seconds=30)  # the period ends as both arrive
    AwardNotice.objects.filter(project=project).update(ends_at=end)
    notice = project.notices.get()
    lodged, effect = at_once(
        lambda: notices.lodge_objection(
            notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
        ),
        lambda: notices.take_effect(project=project, now=end),
    )
    assert not isinstance(effect, BaseException), effect
    project.refresh_from_db()
    pending = Objection.objects.filter(notice=notice, status=ObjectionStatus.PENDING).exists()
    if isinstance(lodged, ValidationError):
        assert (project.status, pending) == (ProjectStatus.AWARDED, False)
        assert allocations(project).count() == 1
    else:
        assert isinstance(lodged, Objection), lodged
        assert (project.status, pending) == (ProjectStatus.NOTICE, True)
        assert not allocations(project).exists()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_of_the_schedule_commit_the_money_once(world, personas):
    project, _a, _b = on_notice(world, personas)
    end = project.notices.get().ends_at
    results = at_once(
        lambda: notices.take_effect_due(now=end), lambda: notices.take_effect_due(now=end)
    )
    assert sorted(results) == [0, 1]
    assert allocations(project).count() == 1
    assert project.events.filter(transition="take_effect").count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_payment_racing_the_award_taking_effect(world, personas, settings):
    """The period is over: the payment waits for the award to take effect
    (or puts it in effect itself), and draws on its one allocation."""
    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    AwardNotice.objects.filter(pk=notice.pk).update(ends_at=timezone.now() - timedelta(seconds=1))
    pay, effect = at_once(
        lambda: delivery.pay(
            project=project,
            amount="5000",
            kind="advance",
            occurred_on=date(2026, 12, 1),
            voucher_number="P-1",
            by=personas.street_a_officer,
        ),
        lambda: notices.take_effect_due(),
    )
    assert isinstance(pay, Payment), pay
    assert not isinstance(effect, BaseException), effect
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWARDED
    assert allocations(project).count() == 1
    assert pay.entry.allocation_id == project.allocation_id


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_no_payment_while_the_notice_runs_whatever_races_it(world, personas):
    project, _a, _b = on_notice(world, personas)
    pay, effect = at_once(
        lambda: delivery.pay(
            project=project,
            amount="5000",
            kind="advance",
            occurred_on=date(2026, 12, 1),
            voucher_number="P-1",
            by=personas.street_a_officer,
        ),
        lambda: notices.take_effect_due(),
    )
    assert isinstance(pay, ValidationError) and effect == 0
    assert not Payment.objects.filter(project=project).exists()
    assert not allocations(project).exists()
