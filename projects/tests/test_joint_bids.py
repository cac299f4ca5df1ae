"""Joint bids (联合申报): a lead and its members through the tender flow,
the seal, who may take part in which bid, and the round's rules for each."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from incubators.models import FundEntry, Platform
from incubators.services import residency
from notifications.models import Notification
from orgs.models import Organisation
from orgs.roles import Role
from orgs.services.filing import approve_filing, submit_filing
from projects.models import Bid, BidMember, BidStatus
from projects.services import bids, delivery, membership, notices, review, tenders
from tests.factories import OrganisationFactory, UserFactory
from tests.fixtures import PASSWORD
from tests.project_helpers import LINES, bid, close, take_effect

pytestmark = pytest.mark.postgres

SECRET = "联合方案：三家机构分片包干，每周上门探访"


@dataclass
class Joint:
    member_b: Organisation  # the world's bidder B
    member_c: Organisation
    leader_c: object
    outsider: Organisation  # a third organisation of the district, in no joint bid
    outsider_leader: object


def filed_org_with_leader(name, area, officer, username):
    org = OrganisationFactory(name=name, area=area)
    approve_filing(application=submit_filing(organisation=org, by=officer), by=officer)
    org.refresh_from_db()
    leader = UserFactory(
        username=username, role=Role.ORG_LEADER, organisation=org, password=PASSWORD
    )
    return org, leader


@pytest.fixture
def joint(world, personas, territory) -> Joint:
    officer = personas.street_a_officer
    member_c, leader_c = filed_org_with_leader(
        "金水社工服务中心", territory.community_a1, officer, "leader_c"
    )
    outsider, outsider_leader = filed_org_with_leader(
        "牵手志愿服务队", territory.community_a1, officer, "leader_d"
    )
    return Joint(world.bidder_b, member_c, leader_c, outsider, outsider_leader)


def members_of(joint, b="3000", c="4000"):
    return [(joint.member_b, "入户探访", b), (joint.member_c, "心理疏导", c)]


def joint_bid(world, personas, members, organisation=None, by=None, proposal=SECRET):
    return bids.submit_bid(
        project=world.project,
        organisation=organisation or world.bidder_a,
        by=by or personas.org_leader,
        lines=LINES,
        proposal=proposal,
        team="三家机构各派2人。",
        schedule="每周二、四。",
        members=members,
    )


def accept(the_bid, *leaders):
    """Each named leader's organisation accepts the invitation."""
    for leader in leaders:
        invited = BidMember.objects.get(bid=the_bid, organisation_id=leader.organisation_id)
        membership.accept_membership(membership=invited, by=leader)


def told(user, words) -> bool:
    return Notification.objects.filter(user=user, title__contains=words).exists()


def refused(work) -> str:
    """The reasons, in English: the tests read them."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        work()
    return " ".join(error.value.messages)


def form_data(joint):
    data = {
        "proposal": SECRET,
        "team": "三家机构各派2人。",
        "schedule": "每周二、四。",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-item": "活动物料",
        "lines-0-amount": "16000",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-0-organisation": str(joint.member_b.pk),
        "members-0-work_share": "入户探访",
        "members-0-budget_share": "3000",
        "members-1-organisation": str(joint.member_c.pk),
        "members-1-work_share": "心理疏导",
        "members-1-budget_share": "4000",
    }
    return data


def inbox(user) -> int:
    return Notification.objects.filter(user=user).count()


def test_a_joint_bid_runs_from_the_form_to_the_lead_being_paid(
    world, personas, joint, login, territory
):
    world.bidder_a.star_rating, joint.member_b.star_rating, joint.member_c.star_rating = 5, 5, 3
    for org in (world.bidder_a, joint.member_b, joint.member_c):
        org.save()
    lead = login(personas.org_leader)
    url = reverse("projects:bid", args=[world.project.pk])
    assert lead.post(url, form_data(joint)).status_code == 302
    the_bid = Bid.objects.get(project=world.project)
    # Named, the members are invited and told; nothing counts them yet.
    assert the_bid.organisation == world.bidder_a and the_bid.lead_share == Decimal("16000")
    assert inbox(joint.leader_c) == 1 and inbox(world.leader_b) == 1
    # The form shows the members again for revision.
    assert "心理疏导" in lead.get(url).content.decode()

    # Each member reads the joint bid on the project page and accepts it there.
    member = login(joint.leader_c)
    page = member.get(reverse("projects:project", args=[world.project.pk])).content.decode()
    assert SECRET in page and "membership_accept" not in page
    for leader in (joint.leader_c, world.leader_b):
        invited = BidMember.objects.get(bid=the_bid, organisation_id=leader.organisation_id)
        answer = login(leader).post(reverse("projects:membership_accept", args=[invited.pk]))
        assert answer.status_code == 302
    assert BidMember.objects.accepted().filter(bid=the_bid).count() == 2
    assert inbox(personas.org_leader) >= 2  # the lead is told of each
    assert the_bid.lead_share == Decimal("9000")

    project = close(world.project)
    html = login(personas.reviewer).get(reverse("projects:review", args=[project.pk]))
    html = html.content.decode()
    # Rated at its lowest party: 3 stars, flagged, no five-star bonus.
    assert "3★" in html and "金水社工服务中心" in html
    (ranked,) = review.ranking(project)
    assert ranked.flagged and ranked.bonus == 0

    # Not below what the lead owes its members.
    says = refused(
        lambda: tenders.award(
            project=project, bid=the_bid, amount="6999", by=personas.community_worker
        )
    )
    assert "total 7000.00 yuan: the award cannot be less" in says
    project = tenders.award(
        project=project, bid=the_bid, amount="16000", by=personas.community_worker
    )
    before = inbox(joint.leader_c)
    project = take_effect(project)
    assert inbox(joint.leader_c) == before + 1  # its bid won
    project = delivery.start_delivery(project=project, by=personas.org_leader)
    delivery.pay(
        project=project,
        amount="6000",
        kind="advance",
        occurred_on=date(2026, 3, 1),
        voucher_number="P-J1",
        by=personas.street_a_officer,
    )
    paid = FundEntry.objects.get(voucher_number="P-J1")
    assert paid.counterparty == world.bidder_a.name  # the lead alone is paid

    # Each member finds the project on its record, with its role.
    member = login(joint.leader_c)
    mine = member.get(reverse("projects:my_bids")).content.decode()
    assert world.project.title in mine and world.bidder_a.name in mine
    page = member.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "心理疏导" in page and "6000" in page
    # …and so does its public page, naming the lead.
    public = member.get(reverse("public:organisation", args=[joint.member_c.pk]))
    assert world.project.title in public.content.decode()
    assert world.bidder_a.name in public.content.decode()
    # The award's public page names the members and their shares, as a notice would.
    award = Client().get(reverse("disclosure:project", args=[project.pk])).content.decode()
    assert joint.member_c.name in award and "6,000.00" in award
    # Reporting stays with the lead.
    assert member.get(reverse("projects:activity_new", args=[project.pk])).status_code == 403


def test_only_the_bids_parties_read_it_and_an_invitation_lapses_at_the_close(
    world, personas, joint, login
):
    the_bid = joint_bid(world, personas, members_of(joint))
    accept(the_bid, world.leader_b)  # C never answers
    for leader in (personas.org_leader, world.leader_b, joint.leader_c):
        assert list(Bid.objects.for_user(leader)) == [the_bid]
        page = login(leader).get(reverse("projects:project", args=[world.project.pk]))
        assert SECRET in page.content.decode() or leader == personas.org_leader
    for other in (joint.outsider_leader, personas.community_worker, personas.district_officer):
        assert not Bid.objects.for_user(other).exists()
        page = login(other).get(reverse("projects:project", args=[world.project.pk]))
        assert SECRET not in page.content.decode()
    # At the close C is not part of the bid: it no longer reads it, and the
    # bid is rated and shared among its lead and B alone.
    project = close(world.project)
    assert not Bid.objects.for_user(joint.leader_c).exists()
    assert list(Bid.objects.for_user(world.leader_b)) == [the_bid]
    the_bid = Bid.objects.prefetch_related("members__organisation").get(pk=the_bid.pk)
    assert [m.organisation for m in the_bid.accepted_members] == [joint.member_b]
    assert the_bid.lead_share == Decimal("13000")
    html = login(personas.community_worker).get(reverse("projects:project", args=[project.pk]))
    assert "金水社工服务中心" not in html.content.decode()


def test_the_tenders_page_marks_a_bid_as_theirs_for_its_parties_only(world, personas, joint, login):
    """An invited member has not bid until it accepts (issue 23's reviewer
    found the tenders page saying 已申报 to every invited member)."""
    the_bid = joint_bid(world, personas, members_of(joint))
    accept(the_bid, world.leader_b)  # C is invited and has not answered

    def says_bid(leader) -> bool:
        page = login(leader).get(reverse("projects:tenders"))
        assert page.status_code == 200
        return world.project.pk in page.context["mine"]

    assert says_bid(personas.org_leader) and says_bid(world.leader_b)
    assert not says_bid(joint.leader_c)


def test_an_organisation_takes_part_in_one_bid_per_project(world, personas, joint, login):
    lead_as_member = [(world.bidder_a, "统筹", "100")]
    assert "leads the bid" in refused(lambda: joint_bid(world, personas, lead_as_member))
    over = members_of(joint, b="10000", c="9000")
    assert "lead's share" in refused(lambda: joint_bid(world, personas, over))

    # The outsider bids alone first: naming it tells the lead nothing and
    # locks the outsider out of nothing; only the outsider hears why it
    # cannot accept, about its own bid.
    own = bid(world.project, joint.outsider, joint.outsider_leader)
    the_bid = joint_bid(world, personas, [*members_of(joint), (joint.outsider, "宣传", "100")])
    says = refused(lambda: accept(the_bid, joint.outsider_leader))
    assert "has its own bid for this project" in says
    assert bid(world.project, joint.outsider, joint.outsider_leader).pk == own.pk
    bids.withdraw_bid(bid=own, by=joint.outsider_leader)

    # Invited by the outsider too, C is free until it accepts one of them.
    accept(the_bid, joint.leader_c)
    second = joint_bid(
        world,
        personas,
        [(joint.member_c, "心理疏导", "100")],
        joint.outsider,
        joint.outsider_leader,
    )
    says = refused(lambda: accept(second, joint.leader_c))
    assert f"a member of the joint bid led by {world.bidder_a.name}" in says
    says = refused(lambda: bid(world.project, joint.member_c, joint.leader_c))
    assert f"a member of the joint bid led by {world.bidder_a.name}" in says
    assert BidMember.objects.accepted().filter(organisation=joint.member_c).count() == 1

    # Before the close C may leave; the lead is told and C is free again.
    told_before = inbox(personas.org_leader)
    left = BidMember.objects.get(bid=the_bid, organisation=joint.member_c)
    page = login(joint.leader_c).post(reverse("projects:membership_decline", args=[left.pk]))
    assert page.status_code == 302 and inbox(personas.org_leader) == told_before + 1
    assert not BidMember.objects.filter(bid=the_bid, organisation=joint.member_c).exists()
    accept(second, joint.leader_c)

    # Withdrawn, the joint bid frees its members.
    accept(the_bid, world.leader_b)
    bids.withdraw_bid(bid=the_bid, by=personas.org_leader)
    assert not BidMember.objects.filter(bid=the_bid).exists()
    assert bid(world.project, joint.member_b, world.leader_b).status == BidStatus.SUBMITTED
    # Nobody but the member answers for it.
    outsider_row = BidMember.objects.get(bid=second)
    assert "Only the leader" in refused(
        lambda: membership.decline_membership(membership=outsider_row, by=personas.org_leader)
    )


def test_a_stale_form_without_the_members_changes_nothing(world, personas, joint, login):
    the_bid = joint_bid(world, personas, members_of(joint))
    data = {k: v for k, v in form_data(joint).items() if not k.startswith("members-")}
    data["proposal"] = "旧页面上的方案"
    page = login(personas.org_leader).post(reverse("projects:bid", args=[world.project.pk]), data)
    # Refused in the leader's language, the saved members shown again.
    html = page.content.decode()
    assert page.status_code == 200 and "提交会删除这些成员" in html and "心理疏导" in html
    the_bid.refresh_from_db()
    assert the_bid.proposal == SECRET and the_bid.members.count() == 2


def test_an_accepted_member_of_a_losing_bid_may_object(world, personas, joint, login):
    the_bid = joint_bid(world, personas, members_of(joint))
    accept(the_bid, world.leader_b, joint.leader_c)
    rival = bid(world.project, joint.outsider, joint.outsider_leader)
    project = close(world.project)
    told_before = inbox(joint.leader_c)
    project = tenders.award(
        project=project, bid=rival, amount="16000", by=personas.community_worker
    )
    assert inbox(joint.leader_c) == told_before + 1  # the award on notice
    page = login(joint.leader_c).get(reverse("projects:project", args=[project.pk]))
    assert reverse("projects:object", args=[project.pk]) in page.content.decode()
    notice = notices.open_notice(project)
    grounds = "中标机构的服务团队与申报材料不符，请核实其人员与资质情况。"
    objection = notices.lodge_objection(
        notice=notice, organisation=joint.member_c, grounds=grounds, by=joint.leader_c
    )
    assert objection.organisation == joint.member_c
    # The winner's side cannot object to its own award.
    says = refused(
        lambda: notices.lodge_objection(
            notice=notice, organisation=joint.outsider, grounds=grounds, by=joint.outsider_leader
        )
    )
    assert "the one proposed for the award" in says


def test_the_rounds_rules_apply_to_every_member(world, personas, joint, territory, login):
    round_ = world.round
    round_.min_star_rating, round_.min_platform_grade = 3, "B"
    round_.save()
    for org, stars in ((world.bidder_a, 4), (joint.member_b, 4), (joint.member_c, 2)):
        org.star_rating = stars
        org.save()
    joint.member_b.rectification_due_on = date(2027, 1, 1)
    joint.member_b.save()
    platform = Platform.objects.create(name="新城街道孵化中心", area=territory.street_a, venue="x")
    Platform.objects.filter(pk=platform.pk).update(grade="A")
    weak = Platform.objects.create(name="金水社区孵化点", area=territory.community_a1, venue="y")
    Platform.objects.filter(pk=weak.pk).update(grade="C")
    for org, place in ((world.bidder_a, platform), (joint.member_c, weak)):
        residency.admit(
            platform=place, organisation=org, on=date(2026, 1, 1), by=personas.street_a_officer
        )
    # Naming them says nothing about them; each member hears its own reasons.
    the_bid = joint_bid(world, personas, members_of(joint))
    says = refused(lambda: accept(the_bid, world.leader_b))
    assert "The organisation is under rectification" in says
    assert "graded B or better; the organisation neither runs" in says
    says = refused(lambda: accept(the_bid, joint.leader_c))
    assert "This round asks for at least 3 stars" in says
    assert "This round asks for a platform graded B or better" in says and "is graded C" in says
    assert not BidMember.objects.accepted().exists()

    # Put right, the same joint bid goes in; the lead's A platform counts.
    Organisation.objects.filter(pk=joint.member_b.pk).update(rectification_due_on=None)
    Organisation.objects.filter(pk=joint.member_c.pk).update(star_rating=3)
    Platform.objects.filter(pk=weak.pk).update(grade="B")
    Platform.objects.filter(pk=platform.pk).update(operator=joint.member_b)
    joint.member_b.refresh_from_db()
    joint.member_c.refresh_from_db()
    accept(the_bid, world.leader_b, joint.leader_c)
    assert joint_bid(world, personas, members_of(joint)).star_rating == 3
    # Revising, the lead's bid is checked again for every accepted member.
    Organisation.objects.filter(pk=joint.member_c.pk).update(star_rating=2)
    says = refused(lambda: joint_bid(world, personas, members_of(joint), proposal="改"))
    assert "金水社工服务中心: This round asks for at least 3 stars" in says
    assert Bid.objects.get(pk=the_bid.pk).proposal == SECRET
    Organisation.objects.filter(pk=joint.member_c.pk).update(star_rating=3)
    # The office sees each party's platform grade next to the ranking.
    project = close(world.project)
    page = login(personas.community_worker).get(reverse("projects:project", args=[project.pk]))
    assert "金水社工服务中心：B" in page.content.decode()
    assert "绿城社区助老服务队：A" in page.content.decode()
