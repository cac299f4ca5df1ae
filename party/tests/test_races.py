"""Two officers linking the same household at once (PostgreSQL): one
party member gets it, the other is told it is taken."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from party import services
from party.models import GridBranch, HouseholdTie
from tests.factories import PersonFactory
from tests.fixtures import on_postgres
from tests.races import at_once

pytestmark = pytest.mark.postgres


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_household_linked_twice_at_once_goes_to_one_party_member(personas, territory, households):
    first, second = (
        PersonFactory(name=name, community=territory.community_a1, is_party_member=True)
        for name in ("韩党员", "魏党员")
    )
    home = households[0]
    results = at_once(
        lambda: services.link_household(
            by=personas.community_worker,
            party_member=first,
            household=home,
            started_on=date(2026, 10, 8),
        ),
        lambda: services.link_household(
            by=personas.street_a_officer,
            party_member=second,
            household=home,
            started_on=date(2026, 10, 8),
        ),
    )
    linked = [r for r in results if isinstance(r, HouseholdTie)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(linked), len(refused)) == (1, 1), results
    assert "已有联系党员" in refused[0].messages[0]
    assert HouseholdTie.objects.live().filter(household=home).count() == 1


@on_postgres
@pytest.mark.django_db
def test_the_database_holds_one_live_tie_and_one_live_branch(personas, territory, households):
    """Past the services, the constraints themselves."""
    member = PersonFactory(community=territory.community_a1, is_party_member=True)
    HouseholdTie.objects.create(
        party_member=member, household=households[0], started_on=date(2026, 1, 1)
    )
    with pytest.raises(IntegrityError):
        HouseholdTie.objects.create(
            party_member=member, household=households[0], started_on=date(2026, 2, 1)
        )


@on_postgres
@pytest.mark.django_db
def test_one_live_branch_per_grid(territory, households):
    grid = households[0].grid
    secretary = PersonFactory(community=territory.community_a1, is_party_member=True)
    GridBranch.objects.create(
        grid=grid, name="一支部", secretary=secretary, founded_on=date(2026, 3, 1)
    )
    with pytest.raises(IntegrityError):
        GridBranch.objects.create(
            grid=grid, name="二支部", secretary=secretary, founded_on=date(2026, 4, 1)
        )
