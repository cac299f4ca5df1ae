"""The organisers' and the residents' pages: jurisdiction, sign-up, the QR link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from activities import checkin
from activities.models import Activity, ActivityStatus, Attendance, Registration
from orgs.models import AccessLog, Person

from .conftest import at, make_activity


def phone_signed_in(client, phone):
    session = client.session
    session["resident_phone"] = phone
    session.save()
    return client


# --- organisers ----------------------------------------------------------------------


def test_the_calendar_lists_the_jurisdictions_month(login, activity, territory, personas):
    make_activity(territory.community_b1, personas.street_b_officer, title="长兴活动")
    page = login(personas.street_a_officer).get("/activities/?month=2026-12").content.decode()
    assert "敬老院志愿服务" in page and "长兴活动" not in page


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2101-01"])
def test_an_extreme_month_shows_the_current_one_on_both_calendars(
    login, client, activity, personas, month
):
    public = client.get(f"/public/activities/?month={month}")
    assert public.status_code == 200
    assert public.context["month"] == at(8).date().replace(day=1)
    private = login(personas.street_a_officer).get(f"/activities/?month={month}")
    assert private.status_code == 200
    assert private.context["month"] == at(8).date().replace(day=1)


def test_another_streets_activity_is_404(login, activity, personas):
    client = login(personas.street_b_officer)
    for suffix in ("", "edit/", "code/", "code/now/"):
        assert client.get(f"/activities/{activity.pk}/{suffix}").status_code == 404
    assert client.post(f"/activities/{activity.pk}/cancel/").status_code == 404
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PUBLISHED


def test_a_grid_member_is_no_organiser(login, activity, personas):
    assert login(personas.grid_member).get("/activities/").status_code == 403


def test_a_leader_creates_their_organisations_activity(login, personas, clock_at):
    clock_at(at(8) - timedelta(days=3))
    client = login(personas.org_leader)
    response = client.post(
        "/activities/new/",
        {
            "kind": "activity",
            "title": "合唱团周末演出",
            "starts_at": "2026-12-12T09:00",
            "ends_at": "2026-12-12T11:00",
            "places": "30",
            "volunteer_places": "2",
            # Not the leader's to choose: ignored.
            "area": str(personas.organisation_b1.area.pk),
        },
    )
    assert response.status_code == 302
    made = Activity.objects.get()
    assert made.organisation == personas.organisation_a1
    assert made.area == personas.organisation_a1.area
    assert made.status == ActivityStatus.DRAFT and made.created_by == personas.org_leader
    client.post(f"/activities/{made.pk}/publish/")
    made.refresh_from_db()
    assert made.status == ActivityStatus.PUBLISHED


def test_an_activity_ending_before_it_starts_is_refused(login, personas, territory):
    response = login(personas.community_worker).post(
        "/activities/new/",
        {
            "kind": "salon",
            "title": "书记沙龙",
            "area": str(territory.community_a1.pk),
            "starts_at": "2026-12-12T11:00",
            "ends_at": "2026-12-12T09:00",
            "places": "0",
            "volunteer_places": "0",
        },
    )
    assert response.status_code == 200
    assert "结束" in response.content.decode() or "ends after" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_street_officer_cannot_place_an_activity_in_another_street(login, personas, territory):
    response = login(personas.street_a_officer).post(
        "/activities/new/",
        {
            "kind": "activity",
            "title": "越界",
            "area": str(territory.community_b1.pk),
            "starts_at": "2026-12-12T09:00",
            "ends_at": "2026-12-12T11:00",
            "places": "0",
            "volunteer_places": "0",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_the_code_page_shows_the_link_the_qr_encodes(login, activity, personas, clock_at):
    clock_at(at(9))
    client = login(personas.community_worker)
    page = client.get(f"/activities/{activity.pk}/code/").content.decode()
    code = checkin.current_code(activity.pk, at(9))
    link = f"http://testserver/activities/{activity.pk}/check/{code}/"
    assert f'href="{link}"' in page and "<svg" in page
    state = client.get(f"/activities/{activity.pk}/code/now/").json()
    assert state["link"] == link and state["svg"].startswith("<svg")


def test_sign_up_phones_follow_the_mask_table(login, activity, volunteer, personas):
    Registration.objects.create(activity=activity, person=volunteer.person, as_volunteer=True)
    page = login(personas.district_officer).get(f"/activities/{activity.pk}/").content.decode()
    assert "李秀英" in page
    assert volunteer.phone not in page and "139****0001" in page
    assert not AccessLog.objects.exists()
    page = login(personas.community_worker).get(f"/activities/{activity.pk}/").content.decode()
    assert volunteer.phone in page
    assert AccessLog.objects.get().user == personas.community_worker


# --- residents ------------------------------------------------------------------------


def test_the_public_calendar_shows_published_activities_only(client, activity, territory, personas):
    make_activity(
        territory.community_a1, personas.community_worker, title="草稿", status=ActivityStatus.DRAFT
    )
    page = client.get("/public/activities/?month=2026-12").content.decode()
    assert "敬老院志愿服务" in page and "草稿" not in page
    assert client.get(f"/public/activities/{activity.pk}/").status_code == 200


def test_a_draft_has_no_public_page(client, activity):
    activity.status = ActivityStatus.DRAFT
    activity.save()
    assert client.get(f"/public/activities/{activity.pk}/").status_code == 404


def test_signing_up_asks_for_the_phone_first(client, activity):
    response = client.post(f"/public/activities/{activity.pk}/sign-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/me/?next=")
    assert not Registration.objects.exists()


def test_a_volunteer_signs_up_to_serve(client, activity, volunteer):
    phone_signed_in(client, volunteer.phone)
    client.post(f"/public/activities/{activity.pk}/sign-up/", {"as_volunteer": "1"})
    assert Registration.objects.get().as_volunteer
    page = client.get(f"/public/activities/{activity.pk}/").content.decode()
    assert "志愿者" in page
    again = client.post(
        f"/public/activities/{activity.pk}/sign-up/", {"as_volunteer": "1"}, follow=True
    )
    assert "已经报名" in again.content.decode()
    assert Registration.objects.count() == 1


def test_a_newcomer_gives_their_name_once(client, activity, territory):
    phone_signed_in(client, "13700000077")
    bad = client.post(
        f"/public/activities/{activity.pk}/sign-up/",
        {"name": "", "community": territory.community_a1.pk},
        follow=True,
    )
    assert not Person.objects.filter(phone="13700000077").exists()
    assert bad.status_code == 200
    client.post(
        f"/public/activities/{activity.pk}/sign-up/",
        {"name": "王芳", "community": territory.community_a1.pk, "as_volunteer": "0"},
    )
    person = Person.objects.get(phone="13700000077")
    assert person.name == "王芳" and person.community == territory.community_a1
    assert Registration.objects.get().person == person


def test_a_refused_newcomer_sign_up_leaves_no_person(client, activity, territory):
    """The newcomer's person is made in the sign-up's transaction: a full
    activity refuses and leaves nobody behind."""
    activity.places = 0
    activity.save()
    phone_signed_in(client, "13700000078")
    refused = client.post(
        f"/public/activities/{activity.pk}/sign-up/",
        {"name": "王芳", "community": territory.community_a1.pk},
        follow=True,
    )
    assert "不接受报名" in refused.content.decode()
    assert not Person.objects.filter(phone="13700000078").exists()
    assert not Registration.objects.exists()


def test_a_newcomer_s_double_tap_makes_one_person(activity, territory):
    """Two taps that both found no person for the phone (neither had
    committed): the second reuses the first's person and is refused."""
    from django.core.exceptions import ValidationError

    from activities import services

    newcomer = {"phone": "13700000079", "name": "王芳", "community": territory.community_a1}
    services.sign_up(activity_id=activity.pk, newcomer=newcomer)
    with pytest.raises(ValidationError, match="已经报名"):
        services.sign_up(activity_id=activity.pk, newcomer=newcomer)
    assert Person.objects.filter(phone="13700000079").count() == 1
    assert Registration.objects.count() == 1


def test_my_activities_lists_mine_only(client, activity, volunteer, territory):
    other = Person.objects.create(
        name="别人", phone="13600000000", community=territory.community_a1
    )
    Registration.objects.create(activity=activity, person=other)
    assert client.get("/activities/mine/").status_code == 302
    phone_signed_in(client, volunteer.phone)
    page = client.get("/activities/mine/").content.decode()
    assert "敬老院志愿服务" not in page
    mine = Registration.objects.create(activity=activity, person=volunteer.person)
    assert "敬老院志愿服务" in client.get("/activities/mine/").content.decode()
    client.post(f"/activities/mine/{mine.pk}/cancel/")
    mine.refresh_from_db()
    assert mine.cancelled_at is not None
    theirs = Registration.objects.get(person=other)
    client.post(f"/activities/mine/{theirs.pk}/cancel/")
    theirs.refresh_from_db()
    assert theirs.cancelled_at is None


def check_url(activity, moment):
    return reverse(
        "activities:check", args=[activity.pk, checkin.current_code(activity.pk, moment)]
    )


def test_the_link_checks_in_then_out(client, activity, volunteer, clock_at):
    Registration.objects.create(activity=activity, person=volunteer.person, as_volunteer=True)
    phone_signed_in(client, volunteer.phone)
    clock_at(at(9))
    url = check_url(activity, at(9))
    assert client.get(url).status_code == 200
    assert not Attendance.objects.exists()  # a GET never writes
    page = client.post(url).content.decode()
    assert 'data-check-result="in"' in page
    clock_at(at(11))
    page = client.post(check_url(activity, at(11))).content.decode()
    assert 'data-check-result="out"' in page
    assert Attendance.objects.get().service_record.hours == 2
    # A third scan: no button, the check-out it already made.
    clock_at(at(11, 30))
    again = client.get(check_url(activity, at(11, 30))).content.decode()
    assert "11:00 签退" in again and 'type="submit" class="primary"' not in again
    refused = client.post(check_url(activity, at(11, 30)), follow=True).content.decode()
    assert "您已签退此活动" in refused
    assert Attendance.objects.get().service_record.hours == 2


def test_an_expired_link_is_refused_in_chinese(client, activity, volunteer, clock_at):
    phone_signed_in(client, volunteer.phone)
    url = check_url(activity, at(9))
    clock_at(at(9, 5))
    response = client.post(url)
    assert response.status_code == 400
    assert re.search("过期|另一", response.content.decode())
    assert not Attendance.objects.exists()


def test_a_scan_before_signing_in_keeps_its_code_through_the_sign_in(
    client, activity, volunteer, clock_at
):
    clock_at(at(9))
    url = check_url(activity, at(9))
    response = client.get(url)
    assert response["Location"].startswith("/me/?next=")
    clock_at(at(9, 4))  # the code has changed twice while they signed in
    phone_signed_in(client, volunteer.phone)
    client.post(url)
    assert Attendance.objects.filter(person=volunteer.person).exists()


def test_a_code_for_an_unknown_activity_is_404(client, volunteer):
    phone_signed_in(client, volunteer.phone)
    assert client.get("/activities/999999/check/abcdefghij/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "sign-up/"])
def test_public_pages_of_a_cancelled_activity(client, activity, suffix):
    activity.status = ActivityStatus.CANCELLED
    activity.save()
    assert client.get(f"/public/activities/{activity.pk}/").status_code == 404
