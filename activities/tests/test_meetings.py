"""Minutes, attendance and a salon's draft project: the services' rules and
the organiser's page, with jurisdiction."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import meetings
from activities.models import ActivityKind, Attendance
from activities.tests.meeting_helpers import held, need, residents, sign_in
from lib import clock
from projects.models import NeedStatus, Project, ProjectStatus

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "英才社区加装电梯协调项目",
    "description": "协调居民意见，推进加装电梯。",
    "deliverables": "完成意见征集和方案公示",
    "beneficiaries": 60,
    "budget_ceiling": Decimal("20000"),
    "starts_on": clock.today() + timedelta(days=30),
    "ends_on": clock.today() + timedelta(days=120),
}


@pytest.fixture
def salon(personas, territory):
    return held(territory.street_a, personas.street_a_officer)


@pytest.fixture(autouse=True)
def fund(territory):
    """The street's fund: a project outside a round names the fund that pays it."""
    from incubators.models import Fund

    found = Fund.objects.create(
        name="新城街道社区治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    DRAFT["fund"] = found
    yield found
    DRAFT.pop("fund")


def minutes_url(activity):
    return reverse("activities:minutes", args=[activity.pk])


# --- minutes and attendance --------------------------------------------------------


def test_the_organiser_records_minutes_outcomes_and_a_headcount(salon, personas, login):
    client = login(personas.street_a_officer)
    assert client.get(minutes_url(salon)).status_code == 200
    response = client.post(
        minutes_url(salon),
        {"minutes": "各社区书记交流加装电梯经验。", "outcomes": "形成项目清单", "headcount": "12"},
    )
    assert response.status_code == 302
    salon.refresh_from_db()
    assert (salon.minutes, salon.outcomes, salon.record.headcount) == (
        "各社区书记交流加装电梯经验。",
        "形成项目清单",
        12,
    )
    assert salon.record.recorded_by == personas.street_a_officer


def test_a_negative_headcount_is_refused_and_nothing_changes(salon, personas, login):
    response = login(personas.street_a_officer).post(
        minutes_url(salon), {"minutes": "x", "outcomes": "", "headcount": "-1"}
    )
    assert response.status_code == 200
    assert response.context["minutes_form"].errors
    salon.refresh_from_db()
    assert salon.minutes == ""


def test_minutes_wait_until_the_meeting_is_held(personas, territory):
    future = held(territory.street_a, personas.street_a_officer, days_ago=-3)
    with pytest.raises(ValidationError, match="尚未举行"):
        meetings.record_minutes(
            activity=future, minutes="x", outcomes="", headcount=0, by=personas.street_a_officer
        )


def test_named_attendees_of_the_area_are_added_once(salon, personas, territory, login):
    ours = residents(territory.community_a1)
    theirs = residents(territory.community_b1, 1)
    client = login(personas.street_a_officer)
    url = reverse("activities:attendees", args=[salon.pk])
    assert client.post(url, {"people": [p.pk for p in ours]}).status_code == 302
    assert salon.attendances.count() == 2
    # Someone of another street is not offered, and is refused by the service.
    assert client.post(url, {"people": [theirs[0].pk]}).status_code == 200
    with pytest.raises(ValidationError, match="不是本活动所在区域的居民"):
        meetings.add_attendees(activity=salon, people=theirs, by=personas.street_a_officer)
    with pytest.raises(ValidationError, match="已签到"):
        meetings.add_attendees(activity=salon, people=ours[:1], by=personas.street_a_officer)
    assert salon.attendances.count() == 2


def test_person_times_count_sign_ins_or_the_larger_headcount(salon, personas, territory):
    sign_in(salon, *residents(territory.community_a1, 3))
    assert meetings.person_times(type(salon).objects.all()) == 3
    meetings.record_minutes(
        activity=salon, minutes="", outcomes="", headcount=20, by=personas.street_a_officer
    )
    assert meetings.person_times(type(salon).objects.all()) == 20
    joint = held(territory.street_a, personas.street_a_officer, kind=ActivityKind.JOINT)
    sign_in(joint, *residents(territory.community_a1, 4))
    assert meetings.person_times(type(salon).objects.all()) == 20  # not a training


def test_another_street_gets_404_and_a_non_organiser_403(salon, personas, login):
    for user in (personas.street_b_officer, personas.outsider, personas.org_leader):
        client = login(user)
        assert client.get(minutes_url(salon)).status_code == 404
        assert client.post(reverse("activities:needs", args=[salon.pk])).status_code == 404
    # The grid member sees the community's activities but did not organise this one.
    community_meeting = held(
        salon.area.children.order_by("code").first(), personas.community_worker
    )
    assert login(personas.grid_member).get(minutes_url(community_meeting)).status_code == 403


def test_an_organisation_leader_records_its_own_activity(personas, territory, login):
    own = held(
        territory.community_a1,
        personas.org_leader,
        kind=ActivityKind.ACTIVITY,
        organisation=personas.organisation_a1,
    )
    client = login(personas.org_leader)
    response = client.post(
        minutes_url(own), {"minutes": "合唱排练", "outcomes": "", "headcount": "8"}
    )
    assert response.status_code == 302
    assert not client.get(minutes_url(own)).context["may_publish"]


def test_attendees_are_found_by_name_among_those_the_user_may_see(personas, territory, login):
    """No list of everyone in the area: a name search, within the user's
    jurisdiction (an organisation's leader: its members), at most 20 shown."""
    from orgs.models import Membership
    from tests.factories import PersonFactory

    own = held(
        territory.community_a1,
        personas.org_leader,
        kind=ActivityKind.ACTIVITY,
        organisation=personas.organisation_a1,
    )
    member = PersonFactory(community=territory.community_a1, name="张秀兰")
    Membership.objects.create(person=member, organisation=personas.organisation_a1)
    neighbour = PersonFactory(community=territory.community_a1, name="张建国")
    client = login(personas.org_leader)
    page = client.get(minutes_url(own)).content.decode()
    assert "张秀兰" not in page and "张建国" not in page  # nothing until searched
    found = client.get(minutes_url(own) + "?q=张").content.decode()
    assert "张秀兰" in found and "张建国" not in found
    # The service refuses someone outside the leader's view, too.
    url = reverse("activities:attendees", args=[own.pk])
    assert client.post(url, {"people": [neighbour.pk]}).status_code == 200
    assert not own.attendances.exists()
    assert client.post(url, {"people": [member.pk]}).status_code == 302
    assert own.attendances.get().person == member


def test_a_broad_search_shows_twenty_and_says_so(salon, personas, territory, login):
    from tests.factories import PersonFactory

    for n in range(meetings.PEOPLE_SHOWN + 3):
        PersonFactory(community=territory.community_a1, name=f"王{n:02d}")
    response = login(personas.street_a_officer).get(minutes_url(salon) + "?q=王")
    form = response.context["attendees_form"]
    assert len(form.matches) == meetings.PEOPLE_SHOWN and form.more
    assert response.content.decode().count('name="people"') == meetings.PEOPLE_SHOWN
    assert "请输入更多" in response.content.decode()


# --- a salon drafts a project ----------------------------------------------------------------


def test_a_salon_drafts_a_project_of_the_needs_it_discussed(salon, personas, territory, login):
    needs = [
        need(territory.community_a1, personas.community_worker, t) for t in ("加装电梯", "楼道照明")
    ]
    client = login(personas.street_a_officer)
    response = client.post(
        reverse("activities:needs", args=[salon.pk]), {"needs": [n.pk for n in needs]}
    )
    assert response.status_code == 302
    page = client.get(reverse("activities:draft_project", args=[salon.pk]))
    assert page.status_code == 200
    data = {
        **DRAFT,
        "fund": DRAFT["fund"].pk,
        "starts_on": DRAFT["starts_on"].isoformat(),
        "ends_on": DRAFT["ends_on"].isoformat(),
    }
    response = client.post(reverse("activities:draft_project", args=[salon.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:project", args=[project.pk])
    assert project.status == ProjectStatus.DRAFT
    assert project.community == territory.community_a1
    assert set(project.needs.all()) == set(needs)
    assert all(n.status == NeedStatus.IN_PROJECT for n in project.needs.all())
    assert salon.title in project.description
    salon.record.refresh_from_db()
    assert salon.record.drafted_project == project
    with pytest.raises(ValidationError, match="已经"):
        meetings.draft_project(activity=salon, by=personas.street_a_officer, **DRAFT)


def test_draft_refusals_change_nothing(salon, personas, territory):
    by = personas.street_a_officer
    with pytest.raises(ValidationError, match="先记下"):
        meetings.draft_project(activity=salon, by=by, **DRAFT)
    joint = held(territory.street_a, by, kind=ActivityKind.JOINT)
    with pytest.raises(ValidationError, match="书记沙龙"):
        meetings.draft_project(activity=joint, by=by, **DRAFT)
    with pytest.raises(ValidationError, match="书记沙龙"):
        meetings.link_needs(activity=joint, needs=[], by=by)
    future = held(territory.street_a, by, days_ago=-2)
    meetings.link_needs(activity=future, needs=[need(territory.community_a1, by)], by=by)
    with pytest.raises(ValidationError, match="尚未举行"):
        meetings.draft_project(activity=future, by=by, **DRAFT)
    # A need of another street is not linked.
    with pytest.raises(ValidationError, match="其他区域"):
        meetings.link_needs(
            activity=salon, needs=[need(territory.community_b1, personas.street_b_officer)], by=by
        )
    # Needs of two communities make no single project.
    meetings.link_needs(
        activity=salon,
        needs=[need(territory.community_a1, by, "甲"), need(territory.community_a2, by, "乙")],
        by=by,
    )
    with pytest.raises(ValidationError, match="多个社区"):
        meetings.draft_project(activity=salon, by=by, **DRAFT)
    assert not Project.objects.exists()


def test_a_need_already_in_a_project_is_refused(salon, personas, territory):
    by = personas.street_a_officer
    taken = need(territory.community_a1, by)
    meetings.link_needs(activity=salon, needs=[taken], by=by)
    from projects.services.tenders import draft_project

    draft_project(community=territory.community_a1, needs=[taken], by=by, **DRAFT)
    with pytest.raises(ValidationError, match="已在项目中"):
        meetings.draft_project(activity=salon, by=by, **DRAFT)
    assert Project.objects.count() == 1


def test_only_office_staff_with_the_grant_draft(salon, personas, login):
    assert (
        login(personas.district_officer)
        .get(reverse("activities:draft_project", args=[salon.pk]))
        .status_code
        == 403
    )


def test_hand_added_sign_ins_are_removed_and_the_removal_is_in_the_history(
    salon, personas, territory, login
):
    officer = personas.street_a_officer
    (row,) = meetings.add_attendees(
        activity=salon, people=residents(territory.community_a1, 1), by=officer
    )
    assert row.by_hand
    client = login(officer)
    url = reverse("activities:attendee_remove", args=[salon.pk, row.pk])
    assert client.post(url).status_code == 302
    assert not Attendance.objects.exists()
    gone = Attendance.history.get(id=row.pk, history_type="-")
    assert gone.history_user == officer


def test_a_qr_sign_in_is_never_removed_by_hand(salon, personas, territory, login):
    """A sign-in by the code (not added on this page) stays, with a reason."""
    (row,) = sign_in(salon, *residents(territory.community_a1, 1))
    client = login(personas.street_a_officer)
    url = reverse("activities:attendee_remove", args=[salon.pk, row.pk])
    page = client.post(url, follow=True).content.decode()
    assert "扫码签到" in page
    assert Attendance.objects.filter(pk=row.pk).exists()


def test_a_sign_in_with_service_hours_is_never_removed(salon, personas, territory):
    from orgs.services.volunteering import record_service

    officer = personas.street_a_officer
    (row,) = meetings.add_attendees(
        activity=salon, people=residents(territory.community_a1, 1), by=officer
    )
    row.service_record = record_service(
        person=row.person, served_on=clock.today(), hours=1, activity="x", by=officer
    )
    row.save()
    with pytest.raises(ValidationError, match="服务时长"):
        meetings.remove_attendee(attendance=row, by=officer)
    assert Attendance.objects.filter(pk=row.pk).exists()
