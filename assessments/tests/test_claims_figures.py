"""The claims' figures (认领, issue 24) add up from the communities to the
district: claims made (a refused one not counted), fulfilled, and by the
kind of claimant."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from claims.models import Claim, ClaimantKind, ClaimStatus
from lib.periods import Month, Quarter, Year
from orgs.models import Department, DepartmentKind, Provider, ProviderKind
from projects.models import Need, NeedStatus

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
FIGURES = {Figure.CLAIMS, Figure.CLAIMS_FULFILLED, Figure.CLAIMS_BY_ACTOR}


def _claim(community, n, kind, status, **claimant):
    need = Need.objects.create(
        community=community,
        title=f"微心愿{n}",
        requester_name="王秀英",
        status=NeedStatus.FULFILLED if status == ClaimStatus.FULFILLED else NeedStatus.CLAIMED,
    )
    claim = Claim.objects.create(
        need=need,
        kind=kind,
        claimant_name="刘建军",
        plan="送上门",
        status=status,
        fulfilled_on=date(2026, 10, 20) if status == ClaimStatus.FULFILLED else None,
        **claimant,
    )
    Claim.objects.filter(pk=claim.pk).update(
        claimed_at=timezone.make_aware(datetime(2026, 10, 10, 9))
    )


@pytest.fixture
def estate(territory):
    t = territory
    league = Department.objects.create(
        name="惠济区团委", kind=DepartmentKind.MASS, area=t.district_a
    )
    unit = Provider.objects.create(
        name="惠济区人民医院",
        kind=ProviderKind.UNIT,
        area=t.street_a,
        contact_name="张主任",
        contact_phone="13903715600",
    )
    communities = [t.community_a1, t.community_a2, t.community_b1, t.community_b2]
    for n, community in enumerate(communities):
        _claim(community, n * 10, ClaimantKind.PARTY_MEMBER, ClaimStatus.FULFILLED)
        _claim(
            community, n * 10 + 1, ClaimantKind.DEPARTMENT, ClaimStatus.CONFIRMED, department=league
        )
        _claim(
            community, n * 10 + 2, ClaimantKind.DEPARTMENT, ClaimStatus.REFUSED, department=league
        )
        if n < 2:
            _claim(community, n * 10 + 3, ClaimantKind.UNIT, ClaimStatus.CLAIMED, provider=unit)
    for period in PERIODS:
        compute_indicators(period)
    return t


def _values(area, period) -> dict:
    return {
        (figure, key): value
        for figure, key, value in Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, figure__in=FIGURES
        ).values_list("figure", "key", "value")
    }


def _sum(areas, period) -> dict:
    total: dict = {}
    for area in areas:
        for item, value in _values(area, period).items():
            total[item] = total.get(item, 0) + value
    return total


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_the_claims_add_up_from_communities_to_the_district(estate, period):
    t = estate
    assert _values(t.street_a, period) == _sum([t.community_a1, t.community_a2], period)
    assert _values(t.street_b, period) == _sum([t.community_b1, t.community_b2], period)
    assert _values(t.district_a, period) == _sum([t.street_a, t.street_b], period)


def test_the_district_reads_its_claims(estate):
    year = {item: int(v) for item, v in _values(estate.district_a, Year(2026)).items()}
    assert year[(Figure.CLAIMS, "")] == 4 + 4 + 2  # the refused four not counted
    assert year[(Figure.CLAIMS_FULFILLED, "")] == 4
    assert year[(Figure.CLAIMS_BY_ACTOR, ClaimantKind.PARTY_MEMBER)] == 4
    assert year[(Figure.CLAIMS_BY_ACTOR, ClaimantKind.DEPARTMENT)] == 4
    assert year[(Figure.CLAIMS_BY_ACTOR, ClaimantKind.UNIT)] == 2
    assert _values(estate.district_a, Month(2026, 11)) == {}


def test_the_dashboard_shows_the_claims_block(estate, personas, login):
    page = login(personas.street_a_officer).get(
        reverse("assessments:dashboard"), {"kind": "year", "period": "2026"}
    )
    assert page.context["f"][Figure.CLAIMS] == 6  # street A: two communities of 3 each
    assert dict(page.context["claims_by_actor"]) == {
        str(ClaimantKind.PARTY_MEMBER.label): 2,
        str(ClaimantKind.DEPARTMENT.label): 2,
        str(ClaimantKind.UNIT.label): 2,
    }
    assert 'data-figure="claims"' in page.content.decode()
