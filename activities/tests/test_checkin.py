"""The rotating code, check-in and check-out, and the hours they record."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from activities import checkin, services
from activities.models import Activity, ActivityStatus, Attendance, Registration
from orgs.models import PointsEntry, ServiceRecord
from orgs.services.volunteering import balance
from tests.fixtures import on_postgres

from .conftest import at, make_activity, make_volunteer

pytestmark = pytest.mark.postgres


def test_the_code_changes_every_minute_and_the_last_one_is_still_taken(activity):
    now = at(9, 0)
    code = checkin.current_code(activity.pk, now)
    assert len(code) == checkin.CODE_LENGTH
    assert checkin.code_is_valid(activity.pk, code, now + timedelta(seconds=59))
    assert checkin.code_is_valid(activity.pk, code, now + timedelta(seconds=61))
    assert not checkin.code_is_valid(activity.pk, code, now + timedelta(seconds=121))
    assert checkin.current_code(activity.pk, now + timedelta(minutes=1)) != code


def test_a_code_of_another_activity_is_refused(activity, territory, personas, volunteer):
    other = make_activity(territory.community_a1, personas.community_worker, title="另一个")
    code = checkin.current_code(other.pk, at(9))
    with pytest.raises(ValidationError, match="属于另一个活动"):
        checkin.scan(activity_id=activity.pk, code=code, person=volunteer.person, moment=at(9))
    assert not Attendance.objects.exists()


def test_an_expired_code_is_refused(activity, volunteer):
    code = checkin.current_code(activity.pk, at(9))
    with pytest.raises(ValidationError, match="已过期"):
        checkin.scan(activity_id=activity.pk, code=code, person=volunteer.person, moment=at(9, 3))
    assert not Attendance.objects.exists()


def scan(activity, person, moment):
    code = checkin.current_code(activity.pk, moment)
    return checkin.scan(activity_id=activity.pk, code=code, person=person, moment=moment)


def test_a_volunteer_checks_in_then_out_and_earns_hours_and_points(
    activity, volunteer, clock_at, settings
):
    settings.VOLUNTEER_POINTS_PER_HOUR = 10
    services.sign_up(activity_id=activity.pk, person=volunteer.person, as_volunteer=True)
    first = scan(activity, volunteer.person, at(8, 50))
    assert first.action == checkin.CHECKED_IN
    second = scan(activity, volunteer.person, at(10, 40))
    assert second.action == checkin.CHECKED_OUT
    # 1 h 50 min, to the nearest half hour: 2 h (the activity lasts 2 h).
    assert second.hours == Decimal("2.0")
    attendance = Attendance.objects.get()
    assert attendance.service_record.hours == Decimal("2.0")
    assert attendance.service_record.recorded_by == activity.created_by
    assert balance(volunteer.person) == 20


def test_hours_are_capped_by_the_activity_length(activity):
    assert checkin.hours_between(activity, at(8, 30), at(12, 30)) == Decimal("2.0")
    assert checkin.hours_between(activity, at(9), at(9, 46)) == Decimal("1.0")
    assert checkin.hours_between(activity, at(9), at(9, 40)) == Decimal("0.5")


def test_a_participant_checks_out_without_hours(activity, volunteer):
    services.sign_up(activity_id=activity.pk, person=volunteer.person)
    scan(activity, volunteer.person, at(9))
    out = scan(activity, volunteer.person, at(10))
    assert out.hours is None
    assert not ServiceRecord.objects.exists()


def test_checking_out_twice_is_refused(activity, volunteer):
    services.sign_up(activity_id=activity.pk, person=volunteer.person, as_volunteer=True)
    scan(activity, volunteer.person, at(9))
    scan(activity, volunteer.person, at(10))
    with pytest.raises(ValidationError, match="已签退"):
        scan(activity, volunteer.person, at(10, 30))
    assert ServiceRecord.objects.count() == 1
    assert PointsEntry.objects.count() == 1


def test_checking_out_too_soon_is_refused(activity, volunteer):
    scan(activity, volunteer.person, at(9))
    with pytest.raises(ValidationError, match="至少 10 分钟"):
        scan(activity, volunteer.person, at(9, 5))
    assert Attendance.objects.get().checked_out_at is None


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (at(9) - timedelta(days=1), "不在今天"),
        (at(8, 20), "尚未开始"),
        (at(13, 1), "已经结束"),
    ],
)
def test_scans_outside_the_activity_day_are_refused(activity, volunteer, moment, reason):
    with pytest.raises(ValidationError, match=reason):
        scan(activity, volunteer.person, moment)
    assert not Attendance.objects.exists()


def test_a_cancelled_activity_takes_no_scans(activity, volunteer):
    activity.status = ActivityStatus.CANCELLED
    activity.save()
    with pytest.raises(ValidationError, match="未开放"):
        scan(activity, volunteer.person, at(9))


def test_scans_are_taken_from_half_an_hour_before_to_two_hours_after(activity, volunteer):
    scan(activity, volunteer.person, at(8, 30))
    scan(activity, volunteer.person, at(13, 0))
    assert Attendance.objects.get().checked_out_at == at(13)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_check_ins_of_one_person_count_once(territory, personas):
    """The activity's row lock is the guard, not the `attendance_once`
    constraint: the scans queue on the lock, and each one after the first
    finds the attendance and is refused as a check-out too soon, never as a
    constraint violation ("already checked in")."""
    activity = make_activity(territory.community_a1, personas.community_worker)
    volunteer = make_volunteer(territory.community_a1)
    barrier = threading.Barrier(5)
    outcomes, messages = [], []

    def check_in():
        try:
            barrier.wait(timeout=10)
            outcomes.append(scan(activity, volunteer.person, at(9)).action)
        except ValidationError as error:
            outcomes.append("refused")
            messages.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=check_in) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # One check-in; the others came within the minimum stay and are refused.
    assert sorted(outcomes) == ["in"] + ["refused"] * 4
    assert all("签退须" in m or "minutes later" in m for m in messages), messages
    assert Attendance.objects.filter(activity=activity).count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_check_outs_record_hours_and_points_once(territory, personas, settings):
    settings.VOLUNTEER_POINTS_PER_HOUR = 10
    activity = make_activity(territory.community_a1, personas.community_worker)
    volunteer = make_volunteer(territory.community_a1)
    Registration.objects.create(activity=activity, person=volunteer.person, as_volunteer=True)
    Attendance.objects.create(activity=activity, person=volunteer.person, checked_in_at=at(9))
    barrier = threading.Barrier(5)
    outcomes = []

    def check_out():
        try:
            # Each read the attendance (not checked out) before any wrote.
            attendance = Attendance.objects.get(activity=activity)
            activity_now = Activity.objects.get(pk=activity.pk)
            barrier.wait(timeout=10)
            with transaction.atomic():  # not holding the activity's lock
                outcomes.append(checkin._check_out(activity_now, attendance, at(11)).action)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=check_out) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["out"] + ["refused"] * 4
    assert ServiceRecord.objects.filter(person=volunteer.person).count() == 1
    assert PointsEntry.objects.filter(person=volunteer.person).count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_check_out_scans_record_once(territory, personas):
    activity = make_activity(territory.community_a1, personas.community_worker)
    volunteer = make_volunteer(territory.community_a1)
    Registration.objects.create(activity=activity, person=volunteer.person, as_volunteer=True)
    Attendance.objects.create(activity=activity, person=volunteer.person, checked_in_at=at(9))
    barrier = threading.Barrier(5)
    outcomes = []

    def check_out():
        try:
            barrier.wait(timeout=10)
            outcomes.append(scan(activity, volunteer.person, at(11)).action)
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=check_out) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["out"] + ["refused"] * 4
    assert ServiceRecord.objects.filter(person=volunteer.person).count() == 1
    assert PointsEntry.objects.filter(person=volunteer.person).count() == 1
