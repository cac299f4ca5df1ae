"""Claims (认领), as Tianyuan's 社区大党委 does them: a party member, a unit
stationed in the area or a department claims a 微心愿 directly, the community
confirms it, and it is fulfilled (or withdrawn, and the need reopens)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.models import Claim, ClaimantKind, ClaimStatus
from lib import clock
from orgs.models import Provider, ProviderClerk, ProviderKind
from projects.models import Need, NeedStatus
from projects.services import needs as need_services
from projects.services import tenders
from tests.factories import PersonFactory

MEMBER_PHONE = "13903715501"
PROJECT = {
    "title": "为老服务",
    "description": "为独居老人上门服务。",
    "deliverables": "上门10次。",
    "beneficiaries": 10,
    "budget_ceiling": Decimal("5000"),
    "starts_on": date(2026, 12, 20),
    "ends_on": date(2027, 1, 20),
}


def wish(community, by, title="独居老人王奶奶想要一台收音机"):
    return need_services.post_need(
        community=community, by=by, title=title, requester_name="王秀英", people_affected=1
    )


@pytest.fixture
def member(territory):
    return PersonFactory(
        name="刘建军", phone=MEMBER_PHONE, community=territory.community_a1, is_party_member=True
    )


def test_a_wish_claimed_by_a_party_member_is_confirmed_and_fulfilled(personas, territory, member):
    need = wish(territory.community_a1, personas.community_worker)
    claim = services.claim_as_resident(
        need_id=need.pk, phone=MEMBER_PHONE, plan="周六上门送收音机", as_unit=False
    )
    assert claim.kind == ClaimantKind.PARTY_MEMBER
    assert claim.person == member and not claim.declared_party_member
    assert claim.claimant_name == "刘建军"
    need.refresh_from_db()
    assert need.status == NeedStatus.CLAIMED

    services.confirm(claim=claim, by=personas.community_worker)
    services.fulfil(claim=claim, note="收音机已送到，教会了使用", on=clock.today())

    claim.refresh_from_db()
    need.refresh_from_db()
    assert claim.status == ClaimStatus.FULFILLED
    assert claim.fulfilment_note == "收音机已送到，教会了使用"
    assert need.status == NeedStatus.FULFILLED


def test_a_resident_not_on_the_ledger_declares_and_gives_a_name(personas, territory):
    need = wish(territory.community_a1, personas.community_worker)
    with pytest.raises(ValidationError):
        services.claim_as_resident(need_id=need.pk, phone="13903715599", plan="送", as_unit=False)
    claim = services.claim_as_resident(
        need_id=need.pk, phone="13903715599", plan="送一台收音机", as_unit=False, name="陈立"
    )
    assert claim.declared_party_member and claim.person is None


def test_one_phone_holds_three_live_claims_at_most(personas, territory, member):
    """A claim keeps its need out of the projects: one signed-in number may
    not lock a district's list (issue 24's review)."""
    wishes = [wish(territory.community_a1, personas.community_worker, f"心愿{n}") for n in range(4)]
    for need in wishes[:3]:
        services.claim_as_resident(need_id=need.pk, phone=MEMBER_PHONE, plan="送", as_unit=False)
    with pytest.raises(ValidationError) as error:
        services.claim_as_resident(
            need_id=wishes[3].pk, phone=MEMBER_PHONE, plan="送", as_unit=False
        )
    assert "3" in " ".join(error.value.messages)
    wishes[3].refresh_from_db()
    assert wishes[3].status == NeedStatus.OPEN


def test_a_unit_claims_through_its_clerk_in_the_area_it_serves(personas, territory):
    unit = Provider.objects.create(
        name="惠济区人民医院",
        kind=ProviderKind.UNIT,
        area=territory.street_a,
        contact_name="张主任",
        contact_phone="13903715600",
    )
    ProviderClerk.objects.create(provider=unit, name="张护士", phone="13903715601")
    here = wish(territory.community_a2, personas.community_worker, "义诊量血压")
    there = wish(territory.community_b1, personas.community_worker, "长兴社区义诊")
    claim = services.claim_as_resident(
        need_id=here.pk, phone="13903715601", plan="每月义诊一次", as_unit=True
    )
    assert claim.kind == ClaimantKind.UNIT and claim.provider == unit
    with pytest.raises(ValidationError):
        services.claim_as_resident(need_id=there.pk, phone="13903715601", plan="义诊", as_unit=True)
    with pytest.raises(ValidationError):  # a party member's phone is no unit's clerk
        services.claim_as_resident(need_id=there.pk, phone=MEMBER_PHONE, plan="x", as_unit=True)


def test_one_live_claim_per_need_and_a_withdrawal_reopens_it(personas, territory, departments):
    need = wish(territory.community_a1, personas.community_worker)
    claim = services.claim_as_department(
        need_id=need.pk, user=departments.youth_account, plan="团员志愿者送上门"
    )
    with pytest.raises(ValidationError):
        services.claim_as_resident(
            need_id=need.pk, phone="13903715599", plan="我来", as_unit=False, name="陈立"
        )
    services.withdraw(claim=claim, reason="志愿者临时有事")
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    again = services.claim_as_resident(
        need_id=need.pk, phone="13903715599", plan="我来", as_unit=False, name="陈立"
    )
    assert again.status == ClaimStatus.CLAIMED


def test_a_refusal_says_why_and_reopens_the_need(personas, territory, departments):
    need = wish(territory.community_a1, personas.community_worker)
    claim = services.claim_as_department(need_id=need.pk, user=departments.youth_account, plan="送")
    with pytest.raises(ValidationError):
        services.refuse(claim=claim, by=personas.community_worker, reason=" ")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CLAIMED
    services.refuse(claim=claim, by=personas.community_worker, reason="家属已经买了")
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_fulfilled_only_once_confirmed_and_not_in_the_future(personas, territory, member):
    need = wish(territory.community_a1, personas.community_worker)
    claim = services.claim_as_resident(
        need_id=need.pk, phone=MEMBER_PHONE, plan="送", as_unit=False
    )
    with pytest.raises(ValidationError):
        services.fulfil(claim=claim, note="送到了", on=clock.today())
    services.confirm(claim=claim, by=personas.community_worker)
    with pytest.raises(ValidationError):
        services.fulfil(claim=claim, note="送到了", on=clock.today() + timedelta(days=1))
    assert Need.objects.get(pk=need.pk).status == NeedStatus.CLAIMED


def test_a_department_claims_only_in_its_area(personas, territory, departments):
    need = wish(territory.community_a1, personas.community_worker)
    with pytest.raises(ValidationError):
        services.claim_as_department(need_id=need.pk, user=departments.culture_b_account, plan="送")
    assert Need.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_a_claimed_need_cannot_be_drafted_and_a_drafted_one_cannot_be_claimed(
    personas, territory, departments, world
):
    claimed = wish(territory.community_a1, personas.community_worker)
    services.claim_as_department(need_id=claimed.pk, user=departments.youth_account, plan="送")
    with pytest.raises(ValidationError):
        tenders.draft_project(
            community=territory.community_a1,
            needs=[claimed],
            by=personas.community_worker,
            round=world.round,
            **PROJECT,
        )
    drafted = wish(territory.community_a1, personas.community_worker, "楼道照明")
    tenders.draft_project(
        community=territory.community_a1,
        needs=[drafted],
        by=personas.community_worker,
        round=world.round,
        **PROJECT,
    )
    with pytest.raises(ValidationError):
        services.claim_as_department(need_id=drafted.pk, user=departments.youth_account, plan="送")
    assert Need.objects.get(pk=drafted.pk).status == NeedStatus.IN_PROJECT
    assert Need.objects.get(pk=claimed.pk).project_id is None
