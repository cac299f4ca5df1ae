"""一社一策 and 居民公约 on a community's public page: its type and the
type's governance approach, its conventions in force (not one withdrawn),
its published stories; and the area admin where the district sets a type."""

from datetime import date

import pytest
from django.urls import reverse

from orgs.models import CommunityType
from stories import services
from stories.models import AdoptedBy, Convention, Story


@pytest.fixture
def old_estate(territory):
    """英才社区 as a 老旧小区, with a convention in force and an older one
    replaced."""
    community = territory.community_a1
    community.community_type = CommunityType.objects.get(name="老旧小区")
    community.save()
    Convention.objects.create(
        community=community,
        title="英才社区居民公约",
        text="一、爱护楼院环境。\n\n二、邻里互助。",
        adopted_on=date(2026, 3, 1),
        adopted_by=AdoptedBy.REPRESENTATIVES,
        adoption_note="95名居民代表中86名赞成",
    )
    Convention.objects.create(
        community=community,
        title="旧版公约",
        text="旧条款",
        adopted_on=date(2019, 3, 1),
        in_force=False,
    )
    return community


def test_the_community_page_shows_its_type_approach_and_conventions(old_estate, personas, client):
    story = Story.objects.create(
        title="楼栋长的一天",
        summary="无物业小区的自治。",
        body="正文",
        area=old_estate,
        author=personas.community_worker,
    )
    services.publish(story=story, by=personas.street_a_officer)
    page = client.get(reverse("public_stories:community", args=[old_estate.pk]))
    html = page.content.decode()
    assert "老旧小区" in html and "三长共治" in html and "楼栋长的一天" in html
    assert "英才社区居民公约" in html and "邻里互助" in html and "86名赞成" in html
    assert "旧版公约" not in html
    assert personas.organisation_a1.name in html
    # The organisation's public page leads to its community's.
    org_page = client.get(reverse("public:organisation", args=[personas.organisation_a1.pk]))
    assert reverse("public_stories:community", args=[old_estate.pk]) in org_page.content.decode()


def test_a_street_or_a_missing_community_has_no_community_page(territory, client):
    assert (
        client.get(reverse("public_stories:community", args=[territory.street_a.pk])).status_code
        == 404
    )
    assert client.get(reverse("public_stories:community", args=[99999])).status_code == 404


def test_the_district_sets_a_communitys_type_in_the_area_admin(territory, personas, login):
    client = login(personas.district_officer)
    url = reverse("admin:orgs_area_change", args=[territory.community_a2.pk])
    form = client.get(url).context["adminform"].form
    assert "community_type" in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None and k != "level"}
    data["parent"] = territory.street_a.pk
    data["community_type"] = CommunityType.objects.get(name="新建社区").pk
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    territory.community_a2.refresh_from_db()
    assert territory.community_a2.community_type.name == "新建社区"


def test_a_community_worker_keeps_the_conventions_of_their_community_only(
    old_estate, territory, personas, login
):
    client = login(personas.community_worker)
    listing = client.get(reverse("admin:stories_convention_changelist")).content.decode()
    assert "英才社区居民公约" in listing
    other = Convention.objects.create(
        community=territory.community_b1,
        title="长兴社区公约",
        text="x",
        adopted_on=date(2026, 1, 1),
    )
    url = reverse("admin:stories_convention_change", args=[other.pk])
    assert client.get(url).status_code == 404


def test_a_street_is_given_no_community_type(territory, personas, login):
    client = login(personas.district_officer)
    url = reverse("admin:orgs_area_change", args=[territory.street_a.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "level"}
    data["parent"] = territory.district_a.pk
    data["community_type"] = CommunityType.objects.get(name="城市社区").pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert "community_type" in response.context["adminform"].form.errors
    territory.street_a.refresh_from_db()
    assert territory.street_a.community_type is None
