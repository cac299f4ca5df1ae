"""The party pages: the party committee for social organisations sees party
building across its district, the offices their own areas; others are
refused and records outside the jurisdiction are not found."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from orgs.models import PartyOrgType
from party import services
from party.models import DualRegistration, VenueCheck, VenueItem
from tests.factories import OrganisationFactory, PersonFactory

SIX = ["有场所", "有设施", "有标志", "有党旗", "有书报", "有制度"]


@pytest.fixture
def branch_org(territory):
    return OrganisationFactory(
        name="英才社区红马甲志愿服务队",
        area=territory.community_a1,
        party_org_type=PartyOrgType.INDEPENDENT,
        party_member_count=5,
        leader_is_party_member=True,
    )


def test_the_six_haves_are_shipped_in_order(db):
    assert list(VenueItem.objects.values_list("name", flat=True)) == SIX


def test_an_organisation_with_all_six_ticked_is_up_to_standard(personas, branch_org, login):
    worker = personas.community_worker
    items = list(VenueItem.objects.all())
    for item in items[:5]:
        services.tick(by=worker, organisation=branch_org, item=item, ticked_on=date(2026, 6, 1))
    url = f"/party/organisations/{branch_org.pk}/"
    page = login(worker).get(url)
    assert page.context["standard"] is False
    services.tick(
        by=worker,
        organisation=branch_org,
        item=items[5],
        ticked_on=date(2026, 6, 2),
        note="制度上墙",
    )
    page = login(worker).get(url)
    assert page.context["standard"] is True
    assert "制度上墙" in page.content.decode()


def test_an_item_is_ticked_once_and_only_for_a_party_organisation(personas, branch_org, territory):
    worker = personas.community_worker
    item = VenueItem.objects.first()
    services.tick(by=worker, organisation=branch_org, item=item, ticked_on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="已经记录达标"):
        services.tick(by=worker, organisation=branch_org, item=item, ticked_on=date(2026, 6, 2))
    plain = OrganisationFactory(area=territory.community_a1)
    with pytest.raises(ValidationError, match="尚未建立党组织"):
        services.tick(by=worker, organisation=plain, item=item, ticked_on=date(2026, 6, 1))
    assert VenueCheck.objects.count() == 1


def test_the_party_committee_sees_party_building_across_its_district(
    committee, personas, branch_org, login
):
    client = login(committee)
    page = client.get("/party/")
    assert page.status_code == 200
    assert branch_org in page.context["page"].object_list
    assert page.context["ledger"]["party"] == 1
    assert client.get(f"/party/organisations/{branch_org.pk}/").status_code == 200
    # District B's organisation is not found; the committee keeps no ledger in the admin.
    other = OrganisationFactory(area=personas.organisation_b1.area)
    assert client.get(f"/party/organisations/{other.pk}/").status_code == 200
    far = OrganisationFactory(
        area=personas.outsider.area.children.first() or personas.outsider.area
    )
    assert client.get(f"/party/organisations/{far.pk}/").status_code == 404
    assert client.get("/admin/party/householdtie/").status_code in (302, 403)


@pytest.mark.parametrize("role", ["org_leader", "grid_member", "operator", "reviewer"])
def test_roles_without_party_work_are_refused(role, personas, login):
    client = login(getattr(personas, role))
    for url in ("/party/", "/party/ties/"):
        assert client.get(url).status_code == 403, url


def test_a_working_party_member_registers_with_one_community_at_a_time(personas, territory):
    worker = personas.community_worker
    member = PersonFactory(name="周在职", community=territory.community_a1, is_party_member=True)
    services.register(
        by=worker,
        person=member,
        employer="惠济区税务局",
        community=territory.community_a1,
        registered_on=date(2026, 3, 1),
    )
    with pytest.raises(ValidationError, match="已向社区报到"):
        services.register(
            by=worker,
            person=member,
            employer="惠济区税务局",
            community=territory.community_a1,
            registered_on=date(2026, 4, 1),
        )
    resident = PersonFactory(community=territory.community_a1)
    with pytest.raises(ValidationError, match="未登记为党员"):
        services.register(
            by=worker,
            person=resident,
            employer="某单位",
            community=territory.community_a1,
            registered_on=date(2026, 4, 1),
        )
    assert DualRegistration.objects.count() == 1


def test_a_cadre_is_an_account_or_a_person_and_a_grid_has_one_live_branch(
    personas, territory, households
):
    from party.models import CadreAssignment, GridBranch

    person = PersonFactory(community=territory.community_a1, is_party_member=True)
    both = CadreAssignment(
        account=personas.district_officer,
        person=person,
        sent_from="惠济区民政局",
        community=territory.community_a1,
        starts_on=date(2026, 9, 1),
    )
    with pytest.raises(ValidationError, match="二者只选其一"):
        both.full_clean()
    grid = households[0].grid
    GridBranch.objects.create(
        grid=grid, name="一支部", secretary=person, founded_on=date(2026, 5, 1)
    )
    second = GridBranch(grid=grid, name="二支部", secretary=person, founded_on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="已有临时党支部"):
        second.full_clean()


def test_the_party_committee_reads_party_building_and_nothing_else_of_its_area(
    committee, personas, branch_org, grids, login
):
    """Its jurisdiction is an area, but only for party building: no ticket,
    bid, need or resident of the district (a finding of issue 24's review)."""
    from grids.models import Ticket
    from orgs.models import Organisation, Person
    from projects.models import Need, Project
    from tests.grid_helpers import from_resident

    ticket = from_resident(grids.a1.community, grids.hazard, grid=grids.a1)
    assert Organisation.objects.for_user(committee).filter(pk=branch_org.pk).exists()
    for model in (Ticket, Project, Need, Person):
        assert not model.objects.for_user(committee).exists(), model.__name__
    client = login(committee)
    assert client.get(f"/grids/tickets/{ticket.pk}/").status_code in (403, 404)
    listed = client.get("/grids/")
    assert listed.status_code in (403, 404) or ticket.location not in listed.content.decode()
