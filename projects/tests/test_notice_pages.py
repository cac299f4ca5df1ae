"""The award notice on the project page: the office's award form, the
bidder's objection form, the answer forms, and refusals as messages."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects.models import NoticeStatus, ObjectionStatus, ProjectStatus
from projects.services import notices
from tests.project_helpers import on_notice, to_review

GROUNDS = "中标单位的预算明细与方案不符，餐补标准明显高于本区规定。"


def page(client, project):
    return client.get(reverse("projects:project", args=[project.pk]))


def said(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def notice(world, personas):
    project, _a, _b = on_notice(world, personas)
    return project.notices.get()


def test_the_award_form_says_it_starts_a_public_notice(world, personas, login):
    project, _a, _b = to_review(world, personas)
    world.round.notice_days = 7
    world.round.save()
    html = page(login(personas.community_worker), project).content.decode()
    assert "公示 7 个工作日" in html


def test_a_losing_bidder_objects_from_the_page_once(notice, world, personas, login):
    client = login(world.leader_b)
    response = page(client, notice.project)
    assert response.context["objection_form"] is not None
    html = response.content.decode()
    assert "拟中标组织" in html and personas.organisation_a1.name in html
    response = client.post(
        reverse("projects:object", args=[notice.project_id]), {"grounds": GROUNDS}, follow=True
    )
    assert notice.objections.get().organisation == world.bidder_b
    assert "objection_form" not in response.context  # one per organisation
    assert GROUNDS in response.content.decode()
    response = client.post(
        reverse("projects:object", args=[notice.project_id]), {"grounds": GROUNDS}
    )
    assert any("已对本次中标公示提出过质疑" in m for m in said(response))
    assert notice.objections.count() == 1


def test_the_proposed_winner_has_no_form_and_is_refused(notice, personas, login):
    client = login(personas.org_leader)
    assert "objection_form" not in page(client, notice.project).context
    response = client.post(
        reverse("projects:object", args=[notice.project_id]), {"grounds": GROUNDS}
    )
    assert response.status_code == 302
    assert any("拟中标" in m for m in said(response))
    assert not notice.objections.exists()


def test_empty_grounds_are_refused_in_chinese(notice, world, login):
    response = login(world.leader_b).post(
        reverse("projects:object", args=[notice.project_id]), {"grounds": ""}
    )
    assert said(response) and not notice.objections.exists()
    response = login(world.leader_b).post(
        reverse("projects:object", args=[notice.project_id]), {"grounds": "不服"}
    )
    assert any("质疑理由" in m for m in said(response))


def test_an_office_user_off_the_answering_roles_cannot_answer(notice, world, personas, login):
    objection = notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )
    answer = reverse("projects:answer_objection", args=[notice.project_id, objection.pk])
    worker = login(personas.community_worker)
    assert "答复质疑" not in page(worker, notice.project).content.decode()
    assert worker.post(answer, {}).status_code == 403
    assert login(world.leader_b).post(answer, {}).status_code == 403
    assert login(personas.outsider).post(answer, {}).status_code == 404
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING


def test_the_street_answers_from_the_page(notice, world, personas, login):
    objection = notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )
    client = login(personas.street_a_officer)
    assert "答复质疑" in page(client, notice.project).content.decode()
    answer = reverse("projects:answer_objection", args=[notice.project_id, objection.pk])
    prefix = f"objection-{objection.pk}"
    response = client.post(answer, {f"{prefix}-decision": "upheld", f"{prefix}-answer": " "})
    assert said(response)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    client.post(
        answer, {f"{prefix}-decision": "upheld", f"{prefix}-answer": "评分汇总有误，重新评审。"}
    )
    objection.refresh_from_db()
    notice.refresh_from_db()
    assert (objection.status, notice.status) == (ObjectionStatus.UPHELD, NoticeStatus.WITHDRAWN)
    notice.project.refresh_from_db()
    assert notice.project.status == ProjectStatus.UNDER_REVIEW
    html = page(client, notice.project).content.decode()
    assert "评分汇总有误" in html and "已撤销" in html


def test_the_public_record_of_an_award_follows_its_notice(world, personas, settings):
    from datetime import timedelta
    from decimal import Decimal

    from projects import disclosure

    project, _a, _b = on_notice(world, personas)
    notice = project.notices.get()
    award = disclosure.awards([project.pk])[project.pk]
    assert (award.organisation_id, award.amount, award.on_notice) == (
        personas.organisation_a1.pk,
        Decimal("16000.00"),
        True,
    )
    settings.PLATFORM_TODAY = notice.last_day + timedelta(days=1)
    assert not disclosure.awards([project.pk])[project.pk].on_notice  # reads as in effect
    notices.take_effect(project=project)
    award = disclosure.awards([project.pk])[project.pk]
    assert (award.on_notice, award.notice, award.amount) == (False, notice, Decimal("16000.00"))


def test_a_pending_objection_waits_on_the_street_and_the_district(notice, world, personas):
    from lib import todos

    notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )
    page_url = reverse("projects:project", args=[notice.project_id])
    for user in (personas.street_a_officer, personas.district_officer, personas.platform_admin):
        found = {t.key: t for t in todos.gather(user)}
        assert (found["projects.objections"].count, found["projects.objections"].url) == (
            1,
            page_url,
        )
    for user in (personas.community_worker, personas.street_b_officer, personas.outsider):
        assert "projects.objections" not in {t.key for t in todos.gather(user)}


def test_the_admin_shows_the_notices_read_only(notice, world, personas, login):
    notices.lodge_objection(
        notice=notice, organisation=world.bidder_b, grounds=GROUNDS, by=world.leader_b
    )
    change = reverse("admin:projects_project_change", args=[notice.project_id])
    html = login(personas.district_officer).get(change).content.decode()
    assert "绿城社区助老服务队（待答复）" in html
    assert 'name="notices-0-amount"' not in html  # shown, not editable


def test_pages_read_the_award_in_effect_after_the_period_and_write_nothing(
    notice, world, personas, login, settings
):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PLATFORM_TODAY = notice.last_day + timedelta(days=1)
    for user in (personas.community_worker, personas.org_leader, world.leader_b):
        client = login(user)
        with CaptureQueriesContext(connection) as queries:
            html = page(client, notice.project).content.decode()
            listed = client.get(reverse("projects:list") + "?status=awarded")
        assert not [
            q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))
        ]
        assert "status-awarded" in html and "objection_form" not in listed.context
    assert [p.pk for p in listed.context["projects"]] == [notice.project_id]
    notice.project.refresh_from_db()
    assert notice.project.status == ProjectStatus.NOTICE
    # The winner may start delivery; that write stores the award first.
    winner = page(login(personas.org_leader), notice.project)
    assert any(name == "start_delivery" for name, *_ in winner.context["steps"])
