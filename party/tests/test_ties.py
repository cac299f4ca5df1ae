"""Huiji's "1+6+N" (1个党员分包6户居民开展N项服务): a party member linked to
six households, with the services they rendered, counted in the month."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from lib.periods import Month
from party import services
from party.models import HouseholdService, HouseholdTie
from tests.factories import PersonFactory

from .conftest import OCTOBER


def month_figures(area, month):
    return dict(
        Indicator.objects.filter(area=area, kind=month.kind, period=month.key, key="").values_list(
            "figure", "value"
        )
    )


def test_a_party_member_with_six_households_and_their_services_counts_in_the_month(
    personas, territory, party_member, households
):
    worker = personas.community_worker
    for home in households[:6]:
        services.link_household(
            by=worker, party_member=party_member, household=home, started_on=OCTOBER
        )
        services.record_household_service(
            by=worker,
            household=home,
            served_by=party_member,
            served_on=date(2026, 10, 20),
            description="上门走访，帮助申请高龄津贴",
        )
    # A service in November is not October's.
    services.record_household_service(
        by=worker,
        household=households[0],
        served_by=party_member,
        served_on=date(2026, 11, 2),
        description="维修楼道灯",
    )
    assert HouseholdTie.objects.live().filter(party_member=party_member).count() == 6
    compute_indicators(Month(2026, 10))
    for area in (territory.community_a1, territory.street_a, territory.district_a):
        figures = month_figures(area, Month(2026, 10))
        assert figures[Figure.PARTY_HOUSEHOLDS] == 6, area.name
        assert figures[Figure.PARTY_HOUSEHOLD_SERVICES] == 6, area.name


def test_a_seventh_household_is_allowed_and_the_page_shows_over_six(
    personas, party_member, households, login
):
    worker = personas.community_worker
    for home in households[:7]:
        services.link_household(
            by=worker, party_member=party_member, household=home, started_on=OCTOBER
        )
    under = PersonFactory(name="魏党员", community=party_member.community, is_party_member=True)
    services.link_household(
        by=worker, party_member=under, household=households[7], started_on=OCTOBER
    )
    response = login(worker).get("/party/ties/")
    rows = {person.name: (person.households, status) for person, status in response.context["rows"]}
    assert rows["韩党员"] == (7, "over")
    assert rows["魏党员"] == (1, "under")


def test_a_household_has_one_party_member_at_a_time(personas, party_member, households):
    worker = personas.community_worker
    other = PersonFactory(name="魏党员", community=party_member.community, is_party_member=True)
    tie = services.link_household(
        by=worker, party_member=party_member, household=households[0], started_on=OCTOBER
    )
    with pytest.raises(ValidationError, match="已有联系党员"):
        services.link_household(
            by=worker, party_member=other, household=households[0], started_on=OCTOBER
        )
    services.end_tie(by=worker, tie=tie, ended_on=date(2026, 10, 31))
    services.link_household(
        by=worker, party_member=other, household=households[0], started_on=date(2026, 11, 1)
    )
    assert HouseholdTie.objects.filter(household=households[0]).count() == 2


def test_only_a_party_member_of_the_community_is_linked(personas, territory, households):
    worker = personas.community_worker
    resident = PersonFactory(name="普通居民", community=territory.community_a1)
    with pytest.raises(ValidationError, match="未登记为党员"):
        services.link_household(
            by=worker, party_member=resident, household=households[0], started_on=OCTOBER
        )
    elsewhere = PersonFactory(community=territory.community_a2, is_party_member=True)
    with pytest.raises(ValidationError, match="同一社区"):
        services.link_household(
            by=personas.street_a_officer,
            party_member=elsewhere,
            household=households[0],
            started_on=OCTOBER,
        )
    assert not HouseholdTie.objects.exists()


def test_another_streets_officer_cannot_link_or_serve_a_household(
    personas, party_member, households
):
    outsider = personas.street_b_officer
    with pytest.raises(ValidationError):
        services.link_household(
            by=outsider, party_member=party_member, household=households[0], started_on=OCTOBER
        )
    with pytest.raises(ValidationError):
        services.record_household_service(
            by=outsider,
            household=households[0],
            served_by=party_member,
            served_on=OCTOBER,
            description="x",
        )
    assert not HouseholdTie.objects.exists() and not HouseholdService.objects.exists()


def test_the_tie_admin_refuses_a_household_already_linked_with_a_clear_message(
    personas, party_member, households, login
):
    worker = personas.community_worker
    services.link_household(
        by=worker, party_member=party_member, household=households[0], started_on=OCTOBER
    )
    other = PersonFactory(name="魏党员", community=party_member.community, is_party_member=True)
    response = login(worker).post(
        "/admin/party/householdtie/add/",
        {"party_member": other.pk, "household": households[0].pk, "started_on": "2026-10-09"},
    )
    assert response.status_code == 200
    assert HouseholdTie.objects.count() == 1
    assert response.context["adminform"].form.errors


def test_household_heads_are_masked_for_the_district_and_full_for_the_community(
    personas, households, login
):
    home = households[0]
    url = f"/admin/party/household/{home.pk}/change/"
    full = login(personas.community_worker).get(url).content.decode()
    assert home.head_name in full and home.head_phone in full
    masked = login(personas.district_officer).get(url).content.decode()
    assert home.head_name not in masked and home.head_phone not in masked
    assert home.head_name_masked in masked
    listing = login(personas.district_officer).get("/admin/party/household/").content.decode()
    assert home.head_phone not in listing and home.address not in listing
    # Another street's officer gets nothing.
    assert login(personas.street_b_officer).get(url).status_code == 404


def test_the_household_in_other_pages_shows_no_personal_data(households):
    assert households[0].head_name not in str(households[0])


def test_the_worker_chooses_a_household_by_its_address(personas, households, login):
    page = login(personas.community_worker).get("/admin/party/householdtie/add/")
    html = page.content.decode()
    assert f"{households[0].address} · {households[0].head_name}" in html
