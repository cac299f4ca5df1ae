"""The volunteer-service certificate: issued by the community for a
confirmed volunteer on the hours recorded, with the content 民政部's rules
prescribe, numbered and verifiable; the volunteer opens and prints it."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from orgs.models import ServiceRecord
from volunteers import certificates, services
from volunteers.models import VolunteerCertificate

from .helpers import ADULT_ID, registered, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(personas, territory):
    volunteer = registered(territory.community_a1)
    services.confirm(volunteer, personas.community_worker)
    for day, hours, activity in [
        (date(2026, 3, 5), "2.5", "学雷锋义诊"),
        (date(2026, 6, 1), "3", "六一儿童节游园"),
        (date(2026, 9, 10), "1.5", "学雷锋义诊"),
    ]:
        ServiceRecord.objects.create(
            person=volunteer.person,
            served_on=day,
            hours=Decimal(hours),
            activity=activity,
            recorded_by=personas.community_worker,
        )
    return volunteer


def test_a_certificate_says_what_the_rules_ask(volunteer, personas):
    personas.community_worker.phone = "0371-63001234"
    certificate = certificates.issue(volunteer, personas.community_worker)
    assert certificate.number == "20260010010001"
    assert certificate.name == "陈志远"
    assert certificate.id_number_shown == ADULT_ID[:6] + "********" + ADULT_ID[-4:]
    assert (certificate.period_start, certificate.period_end) == (
        date(2026, 3, 5),
        date(2026, 9, 10),
    )
    assert certificate.hours == Decimal("7.0")
    assert certificate.content == "学雷锋义诊、六一儿童节游园"
    assert certificate.issuer == "新城街道英才社区"
    assert "0371-63001234" in certificate.contact
    assert certificates.issue(volunteer, personas.community_worker).number == "20260010010002"


def test_the_volunteer_opens_and_prints_it_and_a_copy_is_verified(client, volunteer, personas):
    certificate = certificates.issue(volunteer, personas.community_worker)
    url = reverse("volunteers:certificate", args=[certificate.number])
    assert client.get(url).status_code == 404  # not signed in
    sign_in(client, "13900000000")
    assert client.get(url).status_code == 404  # someone else
    sign_in(client, volunteer.phone)
    home = client.get(reverse("volunteers:home")).content.decode()
    assert url in home and "7.0" in home
    page = client.get(url).content.decode()
    for text in [
        "志愿服务证明",
        certificate.number,
        "陈志远",
        certificate.id_number_shown,
        "2026年3月5日至2026年9月10日",
        "累计 7.0 小时",
        "学雷锋义诊、六一儿童节游园",
        "新城街道英才社区",
        "出具日期",
        "data-print",
        certificate.check_code,
    ]:
        assert text in page, text
    assert ADULT_ID not in page
    verify = reverse("volunteers:verify", args=[certificates.verify_token(certificate)])
    client.logout()
    checked = client.get(verify)
    assert checked.status_code == 200 and "真实有效" in checked.content.decode()
    assert "陈**" in checked.content.decode()
    wrong = reverse("volunteers:verify", args=[f"{certificate.number}-ZZZZZZ"])
    assert client.get(wrong).status_code == 404


def test_the_community_issues_from_the_admin_another_street_cannot(client, volunteer, personas):
    changelist = reverse("admin:volunteers_volunteer_changelist")
    data = {"action": "issue_certificates", ACTION_CHECKBOX_NAME: [volunteer.pk]}
    client.force_login(personas.street_b_officer)
    client.post(changelist, data)
    assert not VolunteerCertificate.objects.exists()
    client.force_login(personas.community_worker)
    page = client.post(changelist, data, follow=True).content.decode()
    certificate = VolunteerCertificate.objects.get()
    assert reverse("volunteers:certificate", args=[certificate.number]) in page
    url = reverse("volunteers:certificate", args=[certificate.number])
    assert client.get(url).status_code == 200
    client.force_login(personas.street_b_officer)
    assert client.get(url).status_code == 404


def test_no_certificate_for_an_unconfirmed_volunteer_or_without_hours(personas, territory):
    pending = registered(
        territory.community_a1, phone="13903710002", name="李四", number="410108198506155675"
    )
    with pytest.raises(ValidationError, match="不是已确认的志愿者"):
        certificates.issue(pending, personas.community_worker)
    services.confirm(pending, personas.community_worker)
    with pytest.raises(ValidationError, match="还没有服务记录"):
        certificates.issue(pending, personas.community_worker)
    assert not VolunteerCertificate.objects.exists()


def test_wrong_certificate_codes_from_one_address_are_limited(client, db):
    """Numbers are sequential and codes short: misses are counted per
    address, and the check stops answering with a Chinese 429 page."""
    from django.core.cache import cache

    from volunteers.views import MISSES_PER_HOUR

    cache.clear()  # no other test's misses
    for n in range(MISSES_PER_HOUR):
        url = reverse("volunteers:verify", args=[f"2026{n:04d}-ZZZZZZ"])
        assert client.get(url).status_code == 404
    response = client.get(reverse("volunteers:verify", args=["20260001-ZZZZZZ"]))
    assert response.status_code == 429 and "请一小时后再试" in response.content.decode()


def test_the_contact_is_a_name_and_phone_or_the_community_and_the_page_leads_back(
    client, volunteer, personas
):
    worker = personas.community_worker
    worker.name, worker.phone = "张丽", ""
    certificate = certificates.issue(volunteer, worker)
    assert certificate.contact == "张丽（新城街道英才社区）"
    worker.phone = "0371-63001234"
    assert certificates.issue(volunteer, worker).contact == "张丽 0371-63001234"
    # One issued with a name alone, before: the community beside it.
    VolunteerCertificate.objects.filter(pk=certificate.pk).update(contact="张丽")
    sign_in(client, volunteer.phone)
    page = client.get(reverse("volunteers:certificate", args=[certificate.number]))
    page = page.content.decode()
    assert "联系方式：张丽（新城街道英才社区）" in page
    back = reverse("volunteers:home")
    assert f'<p class="screen-only"><a class="back" href="{back}">返回</a>' in page
