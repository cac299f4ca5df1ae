"""On PostgreSQL: two clicks at once on "into the talent pool" (or one on
each button) turn a finding once, making one person and one entry
(visits.services locks the finding's row)."""

import pytest

from orgs.models import Membership, Person, Talent
from tests.fixtures import on_postgres
from tests.races import outcomes_at_once as at_once

from .. import services

pytestmark = [on_postgres, pytest.mark.django_db(transaction=True)]


def test_two_clicks_at_once_register_an_elder_once(walk, personas):
    elder, worker = walk.elders[0], personas.community_worker
    outcomes = at_once(
        [lambda: services.turn_into_talent(finding_id=elder.pk, by=worker) for _ in range(2)]
    )
    assert outcomes == ["ok", "refused"]
    assert Person.objects.filter(name="王德明").count() == 1
    assert Talent.objects.filter(person__name="王德明").count() == 1


def test_the_pool_and_a_membership_at_once_turn_the_finding_once(walk, personas):
    keen, worker, officer = walk.keen, personas.community_worker, personas.street_a_officer
    outcomes = at_once(
        [
            lambda: services.turn_into_talent(finding_id=keen.pk, by=worker),
            lambda: services.turn_into_member(
                finding_id=keen.pk, organisation=personas.organisation_a1, by=officer
            ),
        ]
    )
    assert outcomes == ["ok", "refused"]
    assert Person.objects.filter(name="刘桂兰").count() == 1
    assert Talent.objects.count() + Membership.objects.filter(person__name="刘桂兰").count() == 1
