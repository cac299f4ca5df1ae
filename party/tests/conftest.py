from datetime import date

import pytest

from grids.models import Grid
from orgs.roles import Role
from party.models import Household
from tests.factories import PersonFactory, UserFactory

ADDRESSES = [f"英才社区3号楼{n}单元10{n}" for n in range(1, 9)]
HEADS = ["王秀兰", "李桂英", "张建华", "赵玉珍", "陈国强", "刘淑芬", "孙德明", "周凤英"]


def household(community, n, grid=None):
    return Household.objects.create(
        community=community,
        grid=grid,
        address=ADDRESSES[n % len(ADDRESSES)],
        head_name=HEADS[n % len(HEADS)],
        head_phone=f"1390371{n:04d}",
    )


@pytest.fixture
def party_member(territory):
    return PersonFactory(name="韩党员", community=territory.community_a1, is_party_member=True)


@pytest.fixture
def households(territory):
    grid = Grid.objects.create(community=territory.community_a1, number=9, name="英才九网格")
    return [household(territory.community_a1, n, grid) for n in range(8)]


@pytest.fixture
def committee(territory):
    """The party committee for social organisations of district A (社会组织党委)."""
    return UserFactory(
        username="committee", name="党委委员", role=Role.PARTY_COMMITTEE, area=territory.district_a
    )


OCTOBER = date(2026, 10, 8)
