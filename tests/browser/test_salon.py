"""Issue 21's salon, at a phone's width (375 px): a 书记沙龙 held with the
residents' needs it discussed and its secretaries signed in (the sign-in
rows are made here directly: the QR flow has its own browser test), the
minutes recorded on the page, then "draft a project from these needs" makes
the draft project with those needs."""

from datetime import date

import pytest

from activities import meetings
from activities.tests.meeting_helpers import held, need, residents
from activities.tests.meeting_helpers import sign_in as signed_in
from incubators.models import Fund
from projects.models import NeedStatus, Project, ProjectStatus
from tests.fixtures import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_VIEW = {"width": 375, "height": 812}


def test_a_salon_with_sign_ins_records_minutes_and_drafts_a_project(
    personas, territory, browser, live_server, screenshot
):
    officer = personas.street_a_officer
    fund = Fund.objects.create(
        name="新城街道社区治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    salon = held(territory.street_a, officer)
    needs = [
        need(territory.community_a1, personas.community_worker, title)
        for title in ("3号院停车秩序", "老楼加装扶手")
    ]
    meetings.link_needs(activity=salon, needs=needs, by=officer)
    signed_in(salon, *residents(territory.community_a1, 3))

    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(officer.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/activities/{salon.pk}/minutes/")
    assert page.locator("#sign-in-count").inner_text() == "3"
    page.get_by_label("会议纪要").fill("各社区书记交流停车与适老化改造经验。")
    page.get_by_label("成果").fill("两项需求合并制单，报街道审核。")
    page.get_by_role("button", name="保存纪要").click()
    page.get_by_text("纪要已保存。").wait_for()
    screenshot(page, "salon-minutes-375")

    page.get_by_role("link", name="根据这些需求拟定项目").click()
    page.get_by_label("预算上限（元）").fill("20000")
    page.get_by_label("基金").select_option(str(fund.pk))
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(f"{live_server.url}/projects/*/")
    screenshot(page, "salon-draft-project-375", full_page=True)
    landed = page.url
    context.close()

    salon.refresh_from_db()
    assert salon.minutes == "各社区书记交流停车与适老化改造经验。"
    project = Project.objects.get()
    assert project.status == ProjectStatus.DRAFT
    assert set(project.needs.all()) == set(needs)
    assert {n.status for n in project.needs.all()} == {NeedStatus.IN_PROJECT}
    assert salon.record.drafted_project == project
    assert landed.endswith(f"/projects/{project.pk}/")
