"""Who sees which rows: `for_user` per role, the one queryset API everything uses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from grids.models import Grid
from orgs.models import Area, Organisation, User
from orgs.scoping import get_for_user_or_404

# Run on PostgreSQL too (CI, -m postgres): who sees which rows is SQL (code prefixes).
pytestmark = pytest.mark.postgres

DISTRICT_A = {"惠济区", "新城街道", "长兴路街道", "英才社区", "绿城社区", "长兴社区", "开元社区"}
STREET_A = {"新城街道", "英才社区", "绿城社区"}
STREET_B = {"长兴路街道", "长兴社区", "开元社区"}
DISTRICT_B = {"金水区", "经八路街道", "丰产路街道", "黄河社区", "农科社区"}


def visible_area_names(user):
    return set(Area.objects.for_user(user).values_list("name", flat=True))


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("district_officer", DISTRICT_A),
        ("street_a_officer", STREET_A),
        ("street_b_officer", STREET_B),
        ("community_worker", {"英才社区"}),
        ("grid_member", {"英才社区"}),
        ("outsider", DISTRICT_B),
        ("org_leader", set()),
    ],
)
def test_each_role_sees_the_areas_of_its_jurisdiction(personas, persona, expected):
    assert visible_area_names(getattr(personas, persona)) == expected


def test_the_platform_admin_sees_every_area(personas):
    assert visible_area_names(personas.platform_admin) == {"郑州市"} | DISTRICT_A | DISTRICT_B


def test_an_organisation_leader_sees_only_their_own_organisation(personas):
    assert list(Organisation.objects.for_user(personas.org_leader)) == [personas.organisation_a1]


def test_a_street_officer_sees_only_the_organisations_of_their_street(personas):
    assert list(Organisation.objects.for_user(personas.street_a_officer)) == [
        personas.organisation_a1
    ]
    assert list(Organisation.objects.for_user(personas.street_b_officer)) == [
        personas.organisation_b1
    ]
    assert list(Organisation.objects.for_user(personas.outsider)) == []


def test_reviewers_see_no_organisations_until_the_projects_app_grants_them(personas):
    # Reviewers see the bids of the panels they sit on: the projects app registers that rule.
    assert not Organisation.objects.for_user(personas.reviewer).exists()


def test_an_operator_without_residents_sees_only_its_own_agency(personas):
    assert list(Organisation.objects.for_user(personas.operator)) == [personas.agency]


def test_accounts_are_scoped_like_everything_else(personas):
    visible = set(
        User.objects.for_user(personas.street_a_officer).values_list("username", flat=True)
    )
    assert visible == {"street_a", "community", "grid"}


def test_grids_follow_their_community(personas, territory):
    Grid.objects.create(community=territory.community_a1, number=1, name="第一网格")
    Grid.objects.create(community=territory.community_b1, number=1, name="第一网格")
    assert [g.community for g in Grid.objects.for_user(personas.street_a_officer)] == [
        territory.community_a1
    ]


def test_anonymous_and_deactivated_accounts_see_nothing(personas):
    assert not Area.objects.for_user(AnonymousUser()).exists()
    personas.district_officer.is_active = False
    assert not Area.objects.for_user(personas.district_officer).exists()


def test_a_row_outside_the_jurisdiction_is_a_404(personas, territory):
    officer = personas.street_a_officer
    assert get_for_user_or_404(Area.objects, officer, pk=territory.community_a1.pk)
    with pytest.raises(Http404):
        get_for_user_or_404(Area.objects, officer, pk=territory.community_b1.pk)
    with pytest.raises(Http404):
        get_for_user_or_404(Area.objects, officer, pk="not-a-number")
