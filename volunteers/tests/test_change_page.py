"""The volunteer's own admin page: the real-name details the community
checks, and for a pending volunteer 确认 or 不予确认 (with a reason) there."""

import pytest
from django.urls import reverse

from volunteers.models import VolunteerStatus

from .helpers import ADULT_ID, registered

pytestmark = pytest.mark.django_db


def change_url(volunteer):
    return reverse("admin:volunteers_volunteer_change", args=[volunteer.pk])


def test_the_worker_checks_the_details_and_confirms_on_the_page(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.community_worker)
    page = client.get(change_url(volunteer)).content.decode()
    assert "陈志远" in page and ADULT_ID in page  # the worker sees the ID number in full
    assert territory.community_a1.name in page and "13903710001" in page
    assert 'value="确认"' in page and 'value="不予确认"' in page
    done = client.post(change_url(volunteer), {"decide": "confirm"}, follow=True)
    assert done.redirect_chain[-1][0] == change_url(volunteer)
    assert "已确认陈志远" in done.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CONFIRMED
    assert 'value="确认"' not in client.get(change_url(volunteer)).content.decode()


def test_not_confirming_without_a_reason_changes_nothing(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.community_worker)
    page = client.post(change_url(volunteer), {"decide": "refuse", "reason": " "})
    assert "请说明不予确认的原因" in page.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
    done = client.post(change_url(volunteer), {"decide": "refuse", "reason": "不在本社区居住"})
    assert done.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.REFUSED
    assert volunteer.refusal_reason == "不在本社区居住"


def test_the_district_reads_the_id_number_masked(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.district_officer)
    page = client.get(change_url(volunteer)).content.decode()
    assert ADULT_ID not in page and "13903710001" not in page
    assert 'value="确认"' not in page


def test_another_street_s_officer_gets_404_and_decides_nothing(client, personas, territory):
    volunteer = registered(territory.community_a1)
    client.force_login(personas.street_b_officer)
    assert client.get(change_url(volunteer)).status_code == 404
    assert client.post(change_url(volunteer), {"decide": "confirm"}).status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.PENDING
