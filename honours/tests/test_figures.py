"""The honours figures add up from the communities to the district, for a
month, a quarter and a year (like assessments/tests/test_headline_figures.py)."""

from datetime import date
from decimal import Decimal

import pytest

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from lib.periods import Month, Quarter, Year
from orgs.models import Commendation
from tests.factories import OrganisationFactory, PersonFactory

from .. import services
from ..models import QualificationKind
from .conftest import qualify

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
FIGURES = {
    Figure.QUALIFIED_PEOPLE,
    Figure.QUALIFICATIONS_BY_KIND,
    Figure.REWARDS_PAID,
    Figure.COMMENDATIONS,
}


@pytest.fixture
def estate(honours, territory, personas):
    """In each community: a 社会工作师 who also holds 助理社会工作师 (counted
    once), rewarded and paid in October; a 心理咨询师; a commended person and
    organisation. The last community's organisation is commended in December."""
    t = territory
    communities = [t.community_a1, t.community_a2, t.community_b1, t.community_b2]
    for n, community in enumerate(communities):
        worker = PersonFactory(name=f"社工{n}", community=community)
        qualification = qualify(worker, honours.social_worker, None, f"S{n}", date(2026, 3, 1))
        qualify(worker, honours.assistant, None, f"A{n}", date(2025, 3, 1))
        counsellor = PersonFactory(name=f"咨询师{n}", community=community)
        qualify(counsellor, QualificationKind.objects.get(name="心理咨询师"), None)
        services.award(
            qualification=qualification,
            amount=Decimal(1000 + 500 * n),
            decided_on=date(2026, 9, 15),
            paid_on=date(2026, 10, 8),
            by=None,
        )
        Commendation.objects.create(
            person=worker, title="优秀社工", awarded_by="惠济区民政局", awarded_on=date(2026, 10, 1)
        )
        Commendation.objects.create(
            organisation=OrganisationFactory(name=f"队{n}", area=community),
            title="优秀社区社会组织",
            awarded_by="惠济区民政局",
            awarded_on=date(2026, 12, 1) if n == 3 else date(2026, 10, 20),
        )
    for period in PERIODS:
        compute_indicators(period)
    return territory


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
def test_the_honours_figures_add_up_from_communities_to_the_district(estate, period):
    t = estate
    for street, communities in (
        (t.street_a, [t.community_a1, t.community_a2]),
        (t.street_b, [t.community_b1, t.community_b2]),
    ):
        assert _values(street, period) == _sum(communities, period), street.name
    assert _values(t.district_a, period) == _sum([t.street_a, t.street_b], period)


def test_the_district_reads_its_honours(estate):
    month = {item: int(v) for item, v in _values(estate.district_a, Month(2026, 10)).items()}
    year = {item: int(v) for item, v in _values(estate.district_a, Year(2026)).items()}
    assert month[("qualified_people", "")] == 4  # two levels, one person
    assert month[("qualifications_by_kind", "social-worker")] == 4
    assert month[("qualifications_by_kind", "assistant-social-worker")] == 4
    assert month[("qualifications_by_kind", "counsellor")] == 4
    assert month[("rewards_paid", "")] == 1000 + 1500 + 2000 + 2500
    assert month[("commendations", "")] == 7  # the December one is in the year
    assert year[("commendations", "")] == 8
