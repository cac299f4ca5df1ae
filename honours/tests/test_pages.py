"""The pages: the leader records its own members' qualifications on the
portal; the district decides a reward in the workbench and a refusal shows
on the form; the public honours page names organisations and people."""

from datetime import date

from django.urls import reverse

from orgs.models import Commendation

from ..models import Qualification, Reward
from .conftest import qualify


def _form(person, kind, number="B2026410100777"):
    return {
        "person": person.pk,
        "kind": kind.pk,
        "certificate_number": number,
        "obtained_on": "2026-06-20",
        "issued_by": "人力资源和社会保障部、民政部",
    }


def test_a_leader_records_a_members_qualification_once(honours, personas, login):
    client = login(personas.org_leader)
    url = reverse("honours:new_qualification")
    response = client.post(url, _form(honours.worker, honours.social_worker))
    assert response.status_code == 302
    listed = client.get(reverse("honours:qualifications")).content.decode()
    assert "王晓燕" in listed and "B2026410100777" in listed
    again = client.post(url, _form(honours.worker, honours.social_worker, "X"))
    assert again.status_code == 200
    assert "王晓燕的社会工作师资格已登记" in again.content.decode()
    assert Qualification.objects.count() == 1


def test_a_leader_cannot_record_for_someone_not_a_member(honours, personas, login):
    response = login(personas.org_leader).post(
        reverse("honours:new_qualification"), _form(honours.other, honours.social_worker)
    )
    assert response.status_code == 200  # the person is not a choice
    assert not Qualification.objects.exists()


def test_a_community_lists_only_its_residents_qualifications(honours, personas, login):
    qualify(honours.worker, honours.social_worker, personas.community_worker)
    qualify(honours.other, honours.social_worker, personas.street_b_officer, "B-OTHER")
    html = login(personas.community_worker).get(reverse("honours:qualifications")).content
    assert "王晓燕" in html.decode() and "李红梅" not in html.decode()


def test_the_district_decides_a_reward_in_the_workbench_and_a_second_is_refused(
    honours, personas, login
):
    qualification = qualify(honours.worker, honours.social_worker, personas.community_worker)
    client = login(personas.district_officer)
    url = reverse("admin:honours_reward_add")
    data = {"qualification": qualification.pk, "amount": "2000", "decided_on": "2026-09-01"}
    assert client.post(url, {**data, "paid_on": "", "note": ""}).status_code == 302
    refused = client.post(url, {**data, "paid_on": "", "note": ""})
    assert refused.status_code == 200
    assert "该职业资格已给予过奖补" in refused.content.decode()
    assert Reward.objects.count() == 1


def test_the_public_page_shows_commended_organisations_and_people(honours, personas, client):
    Commendation.objects.create(
        organisation=personas.organisation_a1,
        title="2025年度优秀社区社会组织",
        awarded_by="惠济区民政局",
        awarded_on=date(2026, 1, 15),
    )
    Commendation.objects.create(
        person=honours.worker,
        title="优秀社会工作者",
        awarded_by="惠济区民政局",
        awarded_on=date(2026, 1, 15),
    )
    qualify(honours.worker, honours.social_worker, personas.community_worker)
    html = client.get(reverse("public_honours:list")).content.decode()
    assert "英才社区夕阳红合唱团" in html and "王晓燕" in html and "优秀社会工作者" in html
    # The person's name and community only: no phone, no certificate.
    assert honours.worker.phone not in html and "B2026410100123" not in html
    assert "社会工作师" in html  # counted, never named


def test_the_dashboard_shows_the_block(honours, personas, login):
    from assessments.rollups.indicators import compute_indicators
    from lib.periods import Month

    qualify(honours.worker, honours.social_worker, personas.community_worker)
    compute_indicators(Month(2026, 6))
    response = login(personas.district_officer).get(
        reverse("assessments:dashboard"), {"kind": "month", "period": "2026-06"}
    )
    block = response.context["honours"]
    assert block["qualified"] == 1 and block["by_kind"] == [("社会工作师", 1)]
