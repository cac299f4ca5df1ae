"""What a new user's trial found missing: the ways between the pages
(activity ↔ minutes, volunteer page ↔ mall, the mall's statements for
staff), and pages that say where things stand before anyone presses a
button (sign-up closed, check-in outside its hours, a stay too short to
count)."""

from django.urls import reverse

from activities.models import ActivityKind, Registration
from volunteers.models import VolunteerStatus

from .conftest import at, make_volunteer
from .test_pages import check_url, phone_signed_in


def test_the_activity_leads_to_its_minutes_and_back(login, activity, personas):
    client = login(personas.community_worker)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    minutes = reverse("activities:minutes", args=[activity.pk])
    assert f'href="{minutes}"' in page and "纪要、签到与照片" in page
    back = client.get(minutes).content.decode()
    assert f'href="{reverse("activities:detail", args=[activity.pk])}"' in back


def test_a_started_activity_says_sign_up_has_closed_and_offers_no_button(
    client, activity, volunteer, clock_at
):
    phone_signed_in(client, volunteer.phone)
    url = reverse("public_activities:activity", args=[activity.pk])
    clock_at(at(8))
    before = client.get(url).content.decode()
    assert "报名做志愿者" in before and "data-sign-up-closed" not in before
    clock_at(at(9, 5))
    after = client.get(url).content.decode()
    assert "报名已截止" in after and "报名做志愿者" not in after


def test_serving_is_offered_only_to_a_confirmed_volunteer(client, activity, territory, clock_at):
    pending = make_volunteer(territory.community_a1, "13900000002", VolunteerStatus.PENDING)
    phone_signed_in(client, pending.phone)
    clock_at(at(8))
    page = client.get(reverse("public_activities:activity", args=[activity.pk])).content.decode()
    assert "报名做志愿者" not in page and "等待社区确认" in page


def test_the_code_page_names_the_check_in_hours_outside_them(login, activity, personas, clock_at):
    client = login(personas.community_worker)
    url = reverse("activities:code", args=[activity.pk])
    clock_at(at(7))
    early = client.get(url).content.decode()
    assert "data-checkin-closed" in early and "08:30 至 13:00" in early
    clock_at(at(9))
    assert "data-checkin-closed" not in client.get(url).content.decode()


def test_a_stay_too_short_to_count_says_so(client, activity, volunteer, clock_at):
    Registration.objects.create(activity=activity, person=volunteer.person, as_volunteer=True)
    phone_signed_in(client, volunteer.phone)
    clock_at(at(9))
    client.post(check_url(activity, at(9)))
    clock_at(at(9, 12))
    page = client.post(check_url(activity, at(9, 12))).content.decode()
    assert 'data-check-result="out"' in page
    assert "不足一刻钟，未计入时长和积分" in page


def test_an_activity_of_the_plain_kind_reads_as_an_activity():
    assert str(ActivityKind.ACTIVITY.label) == "活动"


def test_the_volunteer_page_leads_to_the_mall_and_staff_to_its_statements(
    client, login, volunteer, personas
):
    phone_signed_in(client, volunteer.phone)
    page = client.get(reverse("volunteers:home")).content.decode()
    assert f'href="{reverse("my_mall:home")}"' in page
    mine = client.get(reverse("activities:mine")).content.decode()
    assert f'href="{reverse("my_mall:home")}"' in mine
    mall = client.get(reverse("my_mall:home")).content.decode()
    assert f'href="{reverse("volunteers:home")}"' in mall
    staff = login(personas.community_worker).get(reverse("activities:calendar")).content.decode()
    assert f'href="{reverse("mall:statements")}"' in staff
