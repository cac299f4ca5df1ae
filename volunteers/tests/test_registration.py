"""Registering on /me/volunteer/register/: a resident signed in by phone
gives a real name, an ID number, a community, skills and availability. Every
bad input is refused in Chinese and changes nothing."""

from datetime import date

import pytest
from django.urls import reverse

from notifications.models import TextMessage
from orgs.models import Person
from residents.tests.conftest import last_code
from volunteers import services
from volunteers.models import Volunteer, VolunteerStatus

from .helpers import ADULT_ID, MINOR_ID, id_number, registered, sign_in

pytestmark = pytest.mark.django_db

# The one refusal for an ID number that is taken, or recorded under another
# name or in another community: it does not tell which.
NOT_HERE = "无法在线登记这些信息"

PHONE = "13903710001"
URL = reverse("volunteers:register")


def form(territory, **changes):
    data = {
        "name": "陈志远",
        "id_number": ADULT_ID,
        "community": territory.community_a1.pk,
        "skills": "理发、修家电",
        "availability": ["weekday_evening", "weekend"],
        "guardian_name": "",
        "guardian_phone": "",
    }
    return {**data, **changes}


def refused(client, data, message):
    before = (Volunteer.objects.count(), Person.objects.count(), TextMessage.objects.count())
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        Volunteer.objects.count(),
        Person.objects.count(),
        TextMessage.objects.count(),
    ) == before


def test_a_visitor_not_signed_in_is_sent_through_the_residents_sign_in_and_back(client, territory):
    response = client.get(URL)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("residents:sign_in") + "?next=%2Fme%2Fvolunteer%2Fregister%2F"
    )
    sign_in_url = response["Location"]
    client.post(sign_in_url, {"step": "send", "phone": PHONE, "next": URL})
    back = client.post(sign_in_url, {"step": "verify", "code": last_code(PHONE), "next": URL})
    assert back["Location"] == URL
    assert "真实姓名" in client.get(URL).content.decode()
    assert client.post(URL, form(territory)).status_code == 302
    assert Volunteer.objects.get().phone == PHONE


def test_posting_without_signing_in_registers_nothing(client, territory):
    response = client.post(URL, form(territory))
    assert response.status_code == 302 and "/me/?next=" in response["Location"]
    assert not Volunteer.objects.exists()


def test_an_adult_registers_and_waits_for_the_community(client, territory):
    sign_in(client, PHONE)
    response = client.post(URL, form(territory))
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:home")
    volunteer = Volunteer.objects.select_related("person").get()
    assert volunteer.status == VolunteerStatus.PENDING
    assert volunteer.phone == PHONE
    assert volunteer.birth_date == date(1990, 3, 1)
    assert volunteer.availability == ["weekday_evening", "weekend"]
    assert volunteer.person.name == "陈志远" and volunteer.person.id_number == ADULT_ID
    assert volunteer.person.community == territory.community_a1 and volunteer.person.phone == PHONE
    page = client.get(reverse("volunteers:home")).content.decode()
    assert 'data-volunteer-status="pending"' in page and "社区将尽快审核您的注册" in page


def test_the_person_already_recorded_with_the_id_number_is_reused(client, territory):
    person = Person.objects.create(
        name="陈志远", id_number=ADULT_ID, community=territory.community_a1, phone=""
    )
    sign_in(client, PHONE)
    client.post(URL, form(territory))
    person.refresh_from_db()
    assert Volunteer.objects.get().person == person
    # The number goes on the record when the community confirms, not before.
    assert person.phone == "" and person.community == territory.community_a1
    assert Person.objects.count() == 1


def test_registering_with_another_s_record_changes_nothing_on_it_until_confirmed(
    client, territory, personas
):
    """Knowing a neighbour's name, ID number and community does not put the
    stranger's number on their record nor show them the record's points,
    attendance or sign-ups: only the community's confirmation does."""
    from activities import services as activities

    neighbour = Person.objects.create(
        name="陈志远", id_number=ADULT_ID, community=territory.community_a1, phone="13900001111"
    )
    sign_in(client, PHONE)
    assert client.post(URL, form(territory)).status_code == 302
    neighbour.refresh_from_db()
    assert neighbour.phone == "13900001111"
    assert activities.person_for_phone(PHONE) is None  # a newcomer, not the neighbour
    page = client.get(reverse("volunteers:home")).content.decode()
    assert "积分" not in page and "服务时长" not in page
    volunteer = Volunteer.objects.get()
    services.confirm(volunteer, by=personas.community_worker)
    neighbour.refresh_from_db()
    assert neighbour.phone == PHONE
    assert activities.person_for_phone(PHONE) == neighbour


def test_a_person_recorded_in_another_community_is_not_moved_by_the_form(client, territory):
    person = Person.objects.create(
        name="陈志远", id_number=ADULT_ID, community=territory.community_a2, phone="13900001111"
    )
    sign_in(client, PHONE)
    refused(client, form(territory), NOT_HERE)
    person.refresh_from_db()
    assert person.community == territory.community_a2 and person.phone == "13900001111"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "410108199003011235"}, "身份证号最后一位校验码不正确"),
        ({"id_number": "41010819900301"}, "身份证号应为 18 位"),
        ({"id_number": "41010819901301123X"}, "出生日期或格式有误"),
        ({"name": "  "}, "真实姓名"),
        ({"community": "999999"}, "请从列表中选择您所在的社区"),
        ({"availability": ["nights"]}, "nights 不在可用的选项中"),
        ({"id_number": MINOR_ID}, "请填写监护人姓名和手机号"),
        (
            {"id_number": MINOR_ID, "guardian_name": "陈父", "guardian_phone": "12345"},
            "请填写 11 位手机号码",
        ),
        ({"id_number": id_number(date(2020, 1, 1))}, "志愿者须年满 8 周岁"),
        (
            {"id_number": MINOR_ID, "guardian_name": "陈父", "guardian_phone": PHONE},
            "不能与您登录的号码相同",
        ),
    ],
    ids=[
        "bad check digit",
        "too short",
        "bad birth date",
        "no name",
        "unknown community",
        "unknown availability",
        "minor without guardian",
        "guardian phone invalid",
        "too young",
        "guardian phone is own",
    ],
)
def test_bad_input_is_refused_in_chinese_and_changes_nothing(client, territory, changes, message):
    sign_in(client, PHONE)
    refused(client, form(territory, **changes), message)


def test_a_second_registration_for_the_same_phone_is_refused(client, territory):
    registered(territory.community_a1, phone=PHONE)
    sign_in(client, PHONE)
    response = client.get(URL)
    assert response.status_code == 302  # the page says they are registered already
    with pytest.raises(Exception, match="已注册为志愿者|already registered"):
        registered(territory.community_a1, phone=PHONE, number=id_number(date(1980, 1, 1)))
    assert Volunteer.objects.count() == 1


def test_a_second_registration_for_the_same_id_number_is_refused(client, territory):
    registered(territory.community_a1, phone="13903710002")
    sign_in(client, PHONE)
    refused(client, form(territory), NOT_HERE)


def test_an_id_number_recorded_under_another_name_is_refused(client, territory):
    Person.objects.create(name="王某", id_number=ADULT_ID, community=territory.community_a1)
    sign_in(client, PHONE)
    refused(client, form(territory), NOT_HERE)


def test_a_minor_registers_and_the_guardian_is_texted_a_consent_link(client, territory):
    sign_in(client, PHONE)
    data = form(territory, id_number=MINOR_ID, guardian_name="陈建国", guardian_phone="13903710088")
    assert client.post(URL, data).status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.AWAITING_GUARDIAN
    assert services.is_minor(volunteer)
    sent = TextMessage.objects.get(phone="13903710088")
    assert sent.template == "guardian" and sent.params["link"]


def test_an_adult_s_guardian_fields_are_dropped(territory):
    volunteer = registered(
        territory.community_a1, guardian_name="某人", guardian_phone="13903710088"
    )
    assert volunteer.guardian_name == "" and volunteer.guardian_phone == ""
    assert not TextMessage.objects.exists()


def test_the_service_api_finds_a_volunteer_by_phone(territory):
    assert services.volunteer_for_phone(PHONE) is None
    volunteer = registered(territory.community_a1, phone=PHONE)
    assert services.volunteer_for_phone(PHONE) == volunteer
    assert not Volunteer.objects.confirmed().filter(phone=PHONE).exists()
