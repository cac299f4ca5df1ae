"""Joint bids under concurrency (PostgreSQL): the project's row lock and the
accepted members' constraint keep an organisation in one bid per project."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import Bid, BidMember
from projects.tests.test_joint_bids import accept, joint, joint_bid, members_of  # noqa: F401
from projects.tests.test_notice_races import at_once
from tests.fixtures import on_postgres
from tests.project_helpers import bid

pytestmark = pytest.mark.postgres


def one_went_through(results):
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(results) - len(refused), len(refused)) == (1, 1), results
    return [i for i, r in enumerate(results) if not isinstance(r, ValidationError)][0]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_accepting_two_joint_bids_at_once(world, personas, joint):  # noqa: F811
    shared = [(joint.member_c, "心理疏导", "4000")]
    first = joint_bid(world, personas, shared)
    second = joint_bid(world, personas, shared, joint.outsider, joint.outsider_leader)
    went = one_went_through(
        at_once(lambda: accept(first, joint.leader_c), lambda: accept(second, joint.leader_c))
    )
    (kept,) = BidMember.objects.accepted().filter(organisation=joint.member_c)
    assert kept.bid == (first, second)[went]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_bidding_alone_as_it_accepts(world, personas, joint):  # noqa: F811
    the_bid = joint_bid(world, personas, members_of(joint))
    went = one_went_through(
        at_once(
            lambda: accept(the_bid, joint.leader_c),
            lambda: bid(world.project, joint.member_c, joint.leader_c),
        )
    )
    alone = Bid.objects.filter(project=world.project, organisation=joint.member_c).live()
    accepted = BidMember.objects.accepted().filter(organisation=joint.member_c)
    assert (accepted.exists(), alone.exists()) == ((True, False) if went == 0 else (False, True))
