"""Signing up: places, volunteer places, and every refusal changing nothing."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from activities import services
from activities.models import ActivityStatus, Registration
from tests.factories import PersonFactory
from tests.fixtures import on_postgres
from volunteers.models import VolunteerStatus

from .conftest import at, make_activity, make_volunteer

pytestmark = pytest.mark.postgres


def test_a_resident_takes_a_place(activity, territory):
    person = PersonFactory(community=territory.community_a1)
    services.sign_up(activity_id=activity.pk, person=person)
    assert services.places_left(activity) == (1, 2)


def test_signing_up_twice_is_refused(activity, volunteer):
    services.sign_up(activity_id=activity.pk, person=volunteer.person)
    with pytest.raises(ValidationError, match="不能重复报名"):
        services.sign_up(activity_id=activity.pk, person=volunteer.person, as_volunteer=True)
    assert Registration.objects.count() == 1


def test_a_full_activity_refuses(activity, territory):
    for _ in range(2):
        services.sign_up(
            activity_id=activity.pk, person=PersonFactory(community=territory.community_a1)
        )
    with pytest.raises(ValidationError, match="名额已满"):
        services.sign_up(
            activity_id=activity.pk, person=PersonFactory(community=territory.community_a1)
        )
    assert Registration.objects.count() == 2


def test_only_a_confirmed_volunteer_signs_up_to_serve(activity, territory):
    pending = make_volunteer(territory.community_a1, status=VolunteerStatus.PENDING)
    with pytest.raises(ValidationError, match="经社区确认"):
        services.sign_up(activity_id=activity.pk, person=pending.person, as_volunteer=True)
    assert not Registration.objects.exists()


def test_volunteer_places_are_counted_apart(activity, territory):
    for n in range(2):
        v = make_volunteer(territory.community_a1, phone=f"1390000010{n}")
        services.sign_up(activity_id=activity.pk, person=v.person, as_volunteer=True)
    third = make_volunteer(territory.community_a1, phone="13900000109")
    with pytest.raises(ValidationError, match="志愿者名额已满"):
        services.sign_up(activity_id=activity.pk, person=third.person, as_volunteer=True)
    # An ordinary place is still free for them.
    services.sign_up(activity_id=activity.pk, person=third.person)


@pytest.mark.parametrize("status", [ActivityStatus.CANCELLED, ActivityStatus.DRAFT])
def test_a_cancelled_or_draft_activity_refuses(activity, volunteer, status):
    activity.status = status
    activity.save()
    with pytest.raises(ValidationError, match="已取消或尚未发布"):
        services.sign_up(activity_id=activity.pk, person=volunteer.person)
    assert not Registration.objects.exists()


def test_a_past_activity_refuses(activity, volunteer, clock_at):
    clock_at(at(9, 1))
    with pytest.raises(ValidationError, match="已经开始"):
        services.sign_up(activity_id=activity.pk, person=volunteer.person)
    assert not Registration.objects.exists()


def test_a_cancelled_sign_up_frees_the_place(activity, volunteer):
    registration = services.sign_up(activity_id=activity.pk, person=volunteer.person)
    services.cancel_sign_up(registration_id=registration.pk, person=volunteer.person)
    assert services.places_left(activity) == (2, 2)
    services.sign_up(activity_id=activity.pk, person=volunteer.person)


def test_nobody_cancels_another_persons_sign_up(activity, volunteer, territory):
    registration = services.sign_up(activity_id=activity.pk, person=volunteer.person)
    with pytest.raises(ValidationError, match="没有找到"):
        services.cancel_sign_up(
            registration_id=registration.pk, person=PersonFactory(community=territory.community_a1)
        )
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_the_person_of_a_phone_is_the_volunteers(volunteer, territory):
    PersonFactory(phone=volunteer.phone, community=territory.community_a2)
    assert services.person_for_phone(volunteer.phone) == volunteer.person
    assert services.person_for_phone("13700000000") is None


@pytest.mark.parametrize("status", [VolunteerStatus.PENDING, VolunteerStatus.REFUSED])
def test_a_volunteer_not_confirmed_is_not_the_person_they_named(territory, status):
    pending = make_volunteer(territory.community_a1, phone="13900000009", status=status)
    pending.person.phone = "13900001111"  # the real owner's number, kept on the record
    pending.person.save()
    assert services.person_for_phone("13900000009") is None


def test_a_newcomer_needs_a_name(territory):
    with pytest.raises(ValidationError, match="姓名"):
        services.new_person(phone="13700000000", name=" ", community=territory.community_a1)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_sign_ups_never_overbook_the_last_place(territory, personas):
    activity = make_activity(
        territory.community_a1,
        personas.community_worker,
        places=1,
        starts_at=at(9) + timedelta(days=3650),
        ends_at=at(11) + timedelta(days=3650),
    )
    people = [PersonFactory(community=territory.community_a1) for _ in range(6)]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def sign_up(person):
        try:
            barrier.wait(timeout=10)
            services.sign_up(activity_id=activity.pk, person=person)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 5 + ["ok"]
    assert Registration.objects.filter(activity=activity).count() == 1
