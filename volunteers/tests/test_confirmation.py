"""The community (and its street) confirms or does not confirm a volunteer:
in the admin, from the workbench's to-do; another street's officer does not
see the volunteer, and a district's staff only reads."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from lib import todos
from volunteers import services
from volunteers.models import Volunteer, VolunteerStatus

from .helpers import registered, sign_in

pytestmark = pytest.mark.django_db

LIST = reverse("admin:volunteers_volunteer_changelist")


def act(client, volunteer, action, **extra):
    return client.post(
        LIST, {"action": action, ACTION_CHECKBOX_NAME: [volunteer.pk], **extra}, follow=True
    )


def test_the_community_worker_sees_the_to_do_and_confirms(client, personas, territory):
    volunteer = registered(territory.community_a1)
    worker = personas.community_worker
    found = {t.key: t for t in todos.gather(worker)}
    assert found["volunteers.confirm"].count == 1
    client.force_login(worker)
    listing = client.get(found["volunteers.confirm"].url)
    assert listing.status_code == 200 and "陈志远" in listing.content.decode()
    page = act(client, volunteer, "confirm_selected").content.decode()
    assert "已确认 1 名志愿者" in page
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CONFIRMED and volunteer.decided_by == worker
    assert Volunteer.objects.confirmed().filter(phone=volunteer.phone).exists()
    assert "volunteers.confirm" not in {t.key for t in todos.gather(worker)}
    # The volunteer sees the decision on their page.
    client.logout()
    sign_in(client, volunteer.phone)
    page = client.get(reverse("volunteers:home")).content.decode()
    assert 'data-volunteer-status="confirmed"' in page
    # Confirmed, the page leads to the community's opportunities and their own sign-ups.
    assert f"/public/activities/?area={territory.community_a1.code}" in page
    assert "/activities/mine/" in page


def test_not_confirming_needs_a_reason_which_the_volunteer_reads(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.street_a_officer)
    asked = act(client, volunteer, "refuse_selected", confirm="1", reason="  ")
    assert "请说明不予确认的原因" in asked.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
    act(client, volunteer, "refuse_selected", confirm="1", reason="不在本社区居住")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.REFUSED
    assert volunteer.refusal_reason == "不在本社区居住"
    client.logout()
    sign_in(client, volunteer.phone)
    page = client.get(reverse("volunteers:home")).content.decode()
    assert "社区未确认您的注册" in page and "不在本社区居住" in page


def test_another_street_s_officer_neither_lists_nor_opens_nor_decides(client, personas, territory):
    volunteer = registered(territory.community_a1)
    officer = personas.street_b_officer
    assert "volunteers.confirm" not in {t.key for t in todos.gather(officer)}
    client.force_login(officer)
    assert "陈志远" not in client.get(LIST).content.decode()
    change = reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])
    assert client.get(change).status_code == 404
    act(client, volunteer, "confirm_selected")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.confirm(volunteer, officer)


def test_district_staff_read_but_do_not_decide(personas, territory):
    volunteer = registered(territory.community_a1)
    with pytest.raises(ValidationError, match="只有社区可以确认志愿者"):
        services.confirm(volunteer, personas.district_officer)
    with pytest.raises(ValidationError):
        services.refuse(volunteer, personas.district_officer, "不行")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING


def test_only_a_pending_volunteer_is_decided(personas, territory):
    volunteer = registered(territory.community_a1)
    services.confirm(volunteer, personas.community_worker)
    with pytest.raises(ValidationError, match="不在待社区确认状态"):
        services.refuse(volunteer, personas.community_worker, "重复")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CONFIRMED


def test_the_admin_masks_the_phone_for_district_staff(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.district_officer)
    page = client.get(LIST).content.decode()
    assert "139****0001" in page and volunteer.phone not in page
    client.force_login(personas.community_worker)
    assert volunteer.phone in client.get(LIST).content.decode()


def test_the_admin_form_says_when_they_serve_in_chinese(client, personas, territory):
    volunteer = registered(territory.community_a1, availability=["weekday_evening", "weekend"])
    client.force_login(personas.community_worker)
    page = client.get(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]))
    text = page.content.decode()
    assert "工作日晚上、周末" in text and "weekend" not in text
