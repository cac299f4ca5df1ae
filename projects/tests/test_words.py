"""The words on needs and projects: each has its own status (需求状态,
项目状态), never the organisation's (组织状态), and a need the community
confirmed reads as confirmed, not as a file "opened" (打开)."""

import pytest
from django.urls import reverse

from projects.services import needs


@pytest.fixture
def posted(world, personas, territory):
    return needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="楼道照明维修",
        requester_name="王阿姨",
    )


def test_the_needs_list_names_the_needs_status_and_a_new_need_is_confirmed(posted, personas, login):
    html = login(personas.community_worker).get(reverse("projects:needs")).content.decode()
    assert "需求状态" in html and "组织状态" not in html
    assert "已确认" in html and "打开" not in html


def test_the_needs_admin_names_the_needs_status(posted, personas, login):
    html = (
        login(personas.street_a_officer)
        .get(reverse("admin:projects_need_changelist"))
        .content.decode()
    )
    assert "需求状态" in html and "组织状态" not in html and "打开" not in html


def test_the_projects_list_names_the_projects_status(world, personas, login):
    html = login(personas.street_a_officer).get(reverse("projects:list")).content.decode()
    assert "项目状态" in html and "组织状态" not in html


def test_a_resident_follows_the_needs_status(client, world, territory):
    response = client.post(
        reverse("public_needs:form"),
        {
            "community": territory.community_a1.pk,
            "title": "老年人智能手机培训",
            "people_affected": 20,
            "requester_name": "刘阿姨",
            "requester_phone": "139 0371 0003",
        },
    )
    html = client.get(response["Location"]).content.decode()
    assert "需求状态" in html and "组织状态" not in html
