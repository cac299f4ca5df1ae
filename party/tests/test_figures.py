"""The party figures add up from the communities to the district, for a
month, a quarter and a year (as assessments/tests/test_headline_figures.py
checks the issue-23 figures), and each counts what the seeds count."""

from datetime import date

import pytest

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from grids.models import Grid
from lib.periods import Month, Quarter, Year
from orgs.models import PartyOrgType
from party.models import (
    CadreAssignment,
    DualRegistration,
    GridBranch,
    HouseholdService,
    HouseholdTie,
    VenueCheck,
    VenueItem,
)
from tests.factories import OrganisationFactory, PersonFactory

from .conftest import household

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
PARTY = [
    Figure.PARTY_HOUSEHOLDS,
    Figure.PARTY_HOUSEHOLD_SERVICES,
    Figure.PARTY_REGISTERED,
    Figure.CADRES_SENT,
    Figure.GRID_BRANCHES,
    Figure.PARTY_VENUES_STANDARD,
]


def _community(community, n, by):
    """n+1 linked households with a service each in October, one ended in
    September; a registration; a cadre sent down in October; a grid branch;
    a party organisation with all six items ticked and one with five."""
    grid = Grid.objects.create(community=community, number=1, name="一网格")
    member = PersonFactory(community=community, is_party_member=True)
    for i in range(n + 1):
        home = household(community, i, grid)
        HouseholdTie.objects.create(
            party_member=member, household=home, started_on=date(2026, 3, 1)
        )
        HouseholdService.objects.create(
            household=home, served_by=member, served_on=date(2026, 10, 5), description="走访"
        )
    gone = household(community, 7, grid)
    HouseholdTie.objects.create(
        party_member=member, household=gone, started_on=date(2026, 1, 1), ended_on=date(2026, 9, 1)
    )
    DualRegistration.objects.create(
        person=member, employer="区税务局", community=community, registered_on=date(2026, 4, 1)
    )
    CadreAssignment.objects.create(
        person=PersonFactory(community=community),
        sent_from="区民政局",
        community=community,
        starts_on=date(2026, 10, 1),
        ends_on=date(2026, 12, 31),
    )
    GridBranch.objects.create(
        grid=grid, name="一网格临时党支部", secretary=member, founded_on=date(2026, 2, 1)
    )
    items = list(VenueItem.objects.filter(active=True))
    for ticks in (items, items[:5]):
        org = OrganisationFactory(
            area=community, party_org_type=PartyOrgType.JOINT, founded_on=date(2020, 1, 1)
        )
        for item in ticks:
            VenueCheck.objects.create(organisation=org, item=item, ticked_on=date(2026, 6, 1))


@pytest.fixture
def estate(territory, personas):
    t = territory
    for n, community in enumerate([t.community_a1, t.community_a2, t.community_b1, t.community_b2]):
        _community(community, n, personas.district_officer)
    for period in PERIODS:
        compute_indicators(period)
    return t


def _values(area, period) -> dict:
    return dict(
        Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, key="", figure__in=PARTY
        ).values_list("figure", "value")
    )


def _sum(areas, period) -> dict:
    total: dict = {}
    for area in areas:
        for figure, value in _values(area, period).items():
            total[figure] = total.get(figure, 0) + value
    return total


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_the_party_figures_add_up_from_communities_to_the_district(estate, period):
    t = estate
    assert _values(t.street_a, period) == _sum([t.community_a1, t.community_a2], period)
    assert _values(t.street_b, period) == _sum([t.community_b1, t.community_b2], period)
    assert _values(t.district_a, period) == _sum([t.street_a, t.street_b], period)


def test_the_district_reads_what_the_seeds_count(estate):
    month = {f: int(v) for f, v in _values(estate.district_a, Month(2026, 10)).items()}
    assert month == {
        Figure.PARTY_HOUSEHOLDS: 1 + 2 + 3 + 4,  # the tie ended in September is not counted
        Figure.PARTY_HOUSEHOLD_SERVICES: 10,
        Figure.PARTY_REGISTERED: 4,
        Figure.CADRES_SENT: 4,
        Figure.GRID_BRANCHES: 4,
        Figure.PARTY_VENUES_STANDARD: 4,  # five of six ticked is not up to standard
    }
    # In March the cadres had not come, nor the registrations, nor the ticks.
    compute_indicators(Month(2026, 3))
    march = {f: int(v) for f, v in _values(estate.district_a, Month(2026, 3)).items()}
    assert march == {Figure.PARTY_HOUSEHOLDS: 14, Figure.GRID_BRANCHES: 4}


def test_the_dashboard_shows_the_party_block(estate, personas, login):
    response = login(personas.district_officer).get(
        "/dashboard/", {"kind": "month", "period": "2026-10"}
    )
    html = response.content.decode()
    assert 'data-figure="party_households"' in html
    assert 'data-figure="party_venues_standard"' in html


def test_the_party_committee_reads_the_party_block_of_its_district(estate, territory):
    from django.test import Client

    from orgs.roles import Role
    from tests.factories import UserFactory

    committee = UserFactory(role=Role.PARTY_COMMITTEE, area=territory.district_a)
    client = Client()
    client.force_login(committee)
    response = client.get("/dashboard/", {"kind": "month", "period": "2026-10"})
    assert response.status_code == 200 and response.context["area"] == territory.district_a
    assert 'data-figure="party_households"' in response.content.decode()
    other = client.get("/dashboard/", {"area": territory.district_b.pk})
    assert other.status_code == 404
