"""Joint bids under concurrency (PostgreSQL): the project's row lock and the
members' constraint keep an organisation in one bid per project."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Bid, BidMember
from projects.tests.test_joint_bids import joint, joint_bid, members_of  # noqa: F401
from projects.tests.test_notice_races import at_once
from tests.fixtures import on_postgres
from tests.project_helpers import bid

pytestmark = pytest.mark.postgres


def one_went_through(results):
    went = [r for r in results if isinstance(r, Bid)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(went), len(refused)) == (1, 1), results
    return went[0]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_joint_bids_naming_the_same_member_at_once(world, personas, joint):  # noqa: F811
    shared = [(joint.member_c, "心理疏导", "4000")]
    results = at_once(
        lambda: joint_bid(world, personas, shared),
        lambda: joint_bid(world, personas, shared, joint.outsider, joint.outsider_leader),
    )
    winner = one_went_through(results)
    assert list(BidMember.objects.filter(organisation=joint.member_c)) == list(winner.members.all())
    assert Bid.objects.filter(project=world.project).count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_bidding_alone_as_the_joint_bid_names_it(world, personas, joint):  # noqa: F811
    results = at_once(
        lambda: joint_bid(world, personas, members_of(joint)),
        lambda: bid(world.project, joint.member_c, joint.leader_c),
    )
    winner = one_went_through(results)
    live = Bid.objects.filter(project=world.project).live()
    assert list(live) == [winner]
    taking_part = {winner.organisation_id, *(m.organisation_id for m in winner.members.all())}
    assert (joint.member_c.pk in taking_part) and len(taking_part) == (
        3 if winner.organisation == world.bidder_a else 1
    )
