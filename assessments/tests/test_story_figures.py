"""The library's and the community types' figures (issue 24, items 5 and 6)
add up from the communities to the district, as the seeds' headlines do
(test_headline_figures.py): stories published in the period where each
belongs, communities by type (every community once, untyped ones under
"none"), organisations by their community's type; and the dashboard shows
them."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Figure, Indicator
from assessments.rollups.indicators import compute_indicators
from assessments.rollups.stories import NO_TYPE
from lib.periods import Month, Quarter, Year
from orgs.models import CommunityType
from stories.models import Story, StoryStatus
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.postgres  # grouped SQL on both databases

PERIODS = [Month(2026, 10), Quarter(2026, 4), Year(2026)]
FIGURES = {Figure.STORIES, Figure.COMMUNITIES_BY_TYPE, Figure.ORGANISATIONS_BY_TYPE}


def _published(area, author, when, title):
    return Story.objects.create(
        title=title,
        summary="摘要",
        body="正文",
        area=area,
        author=author,
        status=StoryStatus.PUBLISHED,
        published_at=timezone.make_aware(when),
    )


@pytest.fixture
def estate(territory, personas):
    t = territory
    old, city, village = (
        CommunityType.objects.get(name=n) for n in ("老旧小区", "城市社区", "村改居")
    )
    for community, kind in (
        (t.community_a1, old),
        (t.community_a2, city),
        (t.community_b1, village),
    ):  # community B2 has no type yet
        community.community_type = kind
        community.save()
    for n, community in enumerate([t.community_a1, t.community_a2, t.community_b1, t.community_b2]):
        for i in range(n + 1):
            OrganisationFactory(
                name=f"{community.name}队{i}", area=community, founded_on=date(2020, 1, 1)
            )
        _published(community, personas.community_worker, datetime(2026, 10, 5 + n), f"故事{n}")
    # A street's own story counts at the street; a draft and November's do not count in October.
    _published(t.street_a, personas.street_a_officer, datetime(2026, 10, 20), "七步培育法")
    _published(t.street_b, personas.street_b_officer, datetime(2026, 11, 20), "五步流程")
    Story.objects.create(
        title="草稿", summary="s", body="b", area=t.community_a1, author=personas.community_worker
    )
    for period in PERIODS:
        compute_indicators(period)
    return t


def _values(area, period) -> dict:
    return {
        (figure, key): value
        for figure, key, value in Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, figure__in=[str(f) for f in FIGURES]
        ).values_list("figure", "key", "value")
    }


def _sum(areas, period, own=None) -> dict:
    total = dict(own or {})
    for area in areas:
        for item, value in _values(area, period).items():
            total[item] = total.get(item, 0) + value
    return total


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_the_figures_add_up_from_communities_to_the_district(estate, period):
    t = estate
    street_a_own = {("stories", ""): 1}
    street_b_own = {("stories", ""): 1} if period.kind != "month" else {}
    assert _values(t.street_a, period) == _sum(
        [t.community_a1, t.community_a2], period, street_a_own
    )
    assert _values(t.street_b, period) == _sum(
        [t.community_b1, t.community_b2], period, street_b_own
    )
    assert _values(t.district_a, period) == _sum([t.street_a, t.street_b], period)


def test_the_district_reads_its_communities_by_type(estate):
    t = estate
    month = {item: int(v) for item, v in _values(t.district_a, Month(2026, 10)).items()}
    types = {
        n: str(CommunityType.objects.get(name=n).pk) for n in ("老旧小区", "城市社区", "村改居")
    }
    assert month[("stories", "")] == 5  # four communities' and street A's; not November's
    by_type = {k: v for (f, k), v in month.items() if f == "communities_by_type"}
    assert by_type == {types["老旧小区"]: 1, types["城市社区"]: 1, types["村改居"]: 1, NO_TYPE: 1}
    assert sum(by_type.values()) == 4  # every community of the district, once
    orgs = {k: v for (f, k), v in month.items() if f == "organisations_by_type"}
    # 1, 2, 3 and 4 founded by then (the personas' were entered after October).
    assert orgs == {types["老旧小区"]: 1, types["城市社区"]: 2, types["村改居"]: 3, NO_TYPE: 4}
    year = {item: int(v) for item, v in _values(t.district_a, Year(2026)).items()}
    assert year[("stories", "")] == 6


def test_the_dashboard_shows_them(estate, personas, login):
    client = login(personas.district_officer)
    response = client.get(reverse("assessments:dashboard"), {"kind": "month", "period": "2026-10"})
    block = response.context["story_block"]
    assert [row["name"] for row in block["rows"]] == [
        "城市社区",
        "老旧小区",
        "村改居",
        "未设置类型",
    ]
    assert block["communities"] == 4 and block["organisations"] == 10
    html = response.content.decode()
    assert 'data-figure="communities_by_type"' in html and "三长共治" in html
