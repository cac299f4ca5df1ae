"""The door-to-door visits' figures (assessments/rollups/visits.py) add up
from the communities to the district, for a month, a quarter and a year,
and the dashboard shows them in a block of their own."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from lib.periods import Month, Quarter, Year
from orgs.models import Talent
from tests.factories import PersonFactory, UserFactory
from visits.models import ElderKind, FindingKind, Outcome, Visit, VisitFinding

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
FIGURES = [Figure.VISITS, Figure.VISIT_ORGANISATIONS_FOUND, Figure.VISIT_PEOPLE_REGISTERED]


def _visits(community, n, by):
    """n + 1 visits in October, one in December; on the first, a group and
    n + 1 elders, n of them registered in October and one in November."""
    for day in range(n + 1):
        Visit.objects.create(
            community=community, visited_on=date(2026, 10, 1 + day), address="楼院", recorded_by=by
        )
    late = Visit.objects.create(
        community=community, visited_on=date(2026, 12, 3), address="楼院", recorded_by=by
    )
    first = Visit.objects.filter(community=community).order_by("visited_on").first()
    VisitFinding.objects.create(
        visit=first, kind=FindingKind.SELF_ORGANISATION, name="太极拳队", contact_name="孙"
    )
    VisitFinding.objects.create(
        visit=late, kind=FindingKind.SELF_ORGANISATION, name="象棋队", contact_name="吴"
    )
    for i in range(n + 1):
        elder = VisitFinding.objects.create(
            visit=first, kind=FindingKind.ELDER, name=f"老{i}", elder_kind=ElderKind.TEACHER
        )
        month = 10 if i < n else 11
        person = PersonFactory(name=elder.name, community=community)
        talent = Talent.objects.create(
            person=person, skills="老教师", listed_on=date(2026, month, 20), listed_by=by
        )
        VisitFinding.objects.filter(pk=elder.pk).update(
            outcome=Outcome.TALENT,
            person=person,
            talent=talent,
            turned_at=timezone.make_aware(datetime(2026, month, 20, 10)),
        )


def _values(area, period) -> dict:
    return {
        figure: value
        for figure, value in Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, key="", figure__in=FIGURES
        ).values_list("figure", "value")
    }


@pytest.fixture
def counted(territory, db):
    t = territory
    by = UserFactory(username="walker")
    for n, community in enumerate([t.community_a1, t.community_a2, t.community_b1, t.community_b2]):
        _visits(community, n, by)
    for period in PERIODS:
        compute_indicators(period)
    return t


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_the_visit_figures_add_up_from_communities_to_the_district(counted, period):
    t = counted
    for street, communities in (
        (t.street_a, [t.community_a1, t.community_a2]),
        (t.street_b, [t.community_b1, t.community_b2]),
    ):
        expected = {}
        for community in communities:
            for figure, value in _values(community, period).items():
                expected[figure] = expected.get(figure, 0) + value
        assert _values(street, period) == expected, street.name
    district = {}
    for street in (t.street_a, t.street_b):
        for figure, value in _values(street, period).items():
            district[figure] = district.get(figure, 0) + value
    assert _values(t.district_a, period) == district


def test_the_district_counts_the_months_visits_groups_and_people(counted):
    october = _values(counted.district_a, Month(2026, 10))
    year = _values(counted.district_a, Year(2026))
    assert october == {
        "visits": 1 + 2 + 3 + 4,
        "visit_organisations_found": 4,
        "visit_people_registered": 0 + 1 + 2 + 3,
    }
    assert year == {
        "visits": 10 + 4,
        "visit_organisations_found": 8,
        "visit_people_registered": 1 + 2 + 3 + 4,
    }


def test_the_dashboard_shows_them(counted, personas, login):
    client = login(personas.district_officer)
    response = client.get(reverse("assessments:dashboard"), {"kind": "month", "period": "2026-10"})
    html = response.content.decode()
    assert 'data-figure="visits"' in html
    block = html[html.index('data-figure="visits"') :]
    assert "<strong>10</strong>" in block[:400]
