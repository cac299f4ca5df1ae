"""A small district for the deployment test, written into its database.

Run as `python -m tests.deployment.seed` with the deployment's environment
(production settings): the accounts get real password hashes, and the test
then logs in through the pages like anyone else.
"""

import json

import django

django.setup()

from grids.models import Grid, TicketCategory  # noqa: E402
from orgs.models import User  # noqa: E402
from orgs.roles import Role  # noqa: E402
from tests.factories import OrganisationFactory, make_area  # noqa: E402

PASSWORD = "Deploy-Test-2026"


def user(username, role, **kwargs):
    account = User(username=username, name=username, role=role, **kwargs)
    account.set_password(PASSWORD)
    account.full_clean(exclude=["password"])
    account.save()
    return account


def seed() -> dict:
    city = make_area("4101", "郑州市")
    district = make_area("410108", "惠济区", city)
    street_a = make_area("410108001", "新城街道", district)
    street_b = make_area("410108002", "长兴路街道", district)
    community_a = make_area("410108001001", "英才社区", street_a)
    community_b = make_area("410108002001", "长兴社区", street_b)
    organisation = OrganisationFactory(name="英才社区夕阳红合唱团", area=community_a)
    OrganisationFactory(name="长兴社区广场舞队", area=community_b)
    grid_member = user("grid", Role.GRID_MEMBER, area=community_a)
    grid = Grid.objects.create(community=community_a, number=1, name="第一网格")
    grid.leader = grid_member
    grid.save()
    grid.members.add(grid_member)
    category, _ = TicketCategory.objects.get_or_create(
        name="安全隐患", defaults={"deadline_days": 2}
    )
    user("street_a", Role.STREET_OFFICER, area=street_a)
    user("street_b", Role.STREET_OFFICER, area=street_b)
    user("community", Role.COMMUNITY_WORKER, area=community_a)
    user("district", Role.DISTRICT_STAFF, area=district)
    user("leader", Role.ORG_LEADER, organisation=organisation)
    return {
        "grid": grid.pk,
        "category": category.pk,
        "community": community_a.pk,
        "password": PASSWORD,
    }


if __name__ == "__main__":
    print(json.dumps(seed()))
