"""居民点单、社区制单、组织接单: a community worker posts a need and drafts a
project, the street publishes it, an organisation bids, and the project is
awarded, all through the real pages in Chromium."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import Bid, BidStatus, Need, Project, ProjectStatus
from projects.services import notices

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_need_to_award_through_the_pages(world, personas, sign_in, live_server, screenshot):
    # The community worker posts a resident's need...
    worker = sign_in(personas.community_worker)
    worker.goto(f"{live_server.url}/projects/needs/new/")
    worker.get_by_label("需求内容").fill("独居老人助餐")
    worker.get_by_label("具体情况").fill("楼里几位独居老人做饭不方便。")
    worker.get_by_label("涉及人数").fill("12")
    worker.get_by_label("紧急程度").select_option("high")
    worker.get_by_label(re.compile(r"^提出人\s*\*?$")).fill("王阿姨")
    worker.get_by_label("提出人电话").fill("13903710008")
    worker.get_by_role("button", name="录入").click()
    worker.get_by_text("需求已录入").wait_for()
    need = Need.objects.get(title="独居老人助餐")

    # ...and drafts a project from it.
    worker.get_by_label("选择“独居老人助餐”").check()
    worker.get_by_role("button", name="用所选需求制定项目").click()
    assert worker.get_by_label("独居老人助餐").is_checked()
    worker.get_by_label("标题").fill("暖心助餐")
    worker.get_by_label("项目内容").fill("组织志愿者为独居老人送餐。")
    worker.get_by_label("服务成果").fill("送餐不少于60次。")
    worker.get_by_label("计划受益人数").fill("12")
    worker.get_by_label("预算上限（元）").fill("15000")
    worker.get_by_label("服务开始日期").fill("2027-01-05")
    worker.get_by_label("服务结束日期").fill("2027-04-05")
    worker.get_by_label("批次").select_option(str(world.round.pk))
    worker.get_by_role("button", name="保存草稿").click()
    worker.get_by_text("待街道审核发布").wait_for()
    project = Project.objects.get(title="暖心助餐")
    assert project.status == ProjectStatus.DRAFT
    assert list(project.needs.all()) == [need]

    # The street officer approves and publishes it.
    street = sign_in(personas.street_a_officer)
    street.goto(f"{live_server.url}/projects/{project.pk}/")
    street.get_by_role("button", name="审核并发布").click()
    street.get_by_text("已发布。").wait_for()
    project.refresh_from_db()
    assert project.status == ProjectStatus.BIDDING

    # An organisation finds it among the open tenders and bids.
    leader = sign_in(world.leader_b)
    leader.goto(f"{live_server.url}/projects/tenders/")
    leader.get_by_role("link", name="暖心助餐").click()
    leader.get_by_role("link", name="申报该项目").click()
    leader.get_by_label("项目方案").fill("每周三次上门送餐，建立助餐档案。")
    leader.get_by_label("团队").fill("负责人1名，志愿者6名。")
    leader.get_by_label("进度安排").fill("1月走访，2-4月送餐。")
    leader.get_by_label("预算科目 1").fill("食材")
    leader.get_by_label("金额（元） 1").fill("9000")
    leader.get_by_label("预算科目 2").fill("志愿者餐补")
    leader.get_by_label("金额（元） 2").fill("3000")
    # The member picker lists the whole district: a search box narrows it.
    names = leader.locator("select.member-select").first.evaluate(
        "s => Array.from(s.options).filter(o => o.value).map(o => o.textContent)"
    )
    assert names and all("（" in name for name in names)  # each with its community
    search = leader.get_by_label("按名称或社区查找组织")
    search.fill(names[0][:3])
    shown = leader.locator("select.member-select").first.evaluate(
        "s => Array.from(s.options).filter(o => o.value && !o.hidden).map(o => o.textContent)"
    )
    assert names[0] in shown and all(names[0][:3] in name for name in shown)
    search.fill("没有这样的组织")
    assert (
        leader.locator("select.member-select").first.evaluate(
            "s => Array.from(s.options).filter(o => o.value && !o.hidden).length"
        )
        == 0
    )
    search.fill("")
    screenshot(leader, "project-bid-form")
    leader.get_by_role("button", name="提交申报").click()
    leader.get_by_text("申报已保存").wait_for()
    bid = Bid.objects.get(project=project, organisation=world.bidder_b)

    # Before closing, the community worker sees that there is a bid, not what it says.
    worker.goto(f"{live_server.url}/projects/{project.pk}/")
    assert worker.locator("#bid-count").inner_text() == "1"
    assert "每周三次上门送餐" not in worker.content()

    # Bidding closes; the community worker awards the project.
    Project.objects.filter(pk=project.pk).update(
        bids_close_at=timezone.now() - timedelta(seconds=1)
    )
    worker.goto(f"{live_server.url}/projects/{project.pk}/")
    assert "每周三次上门送餐" in worker.content()
    worker.get_by_text("确定中标", exact=True).click()
    worker.get_by_label("中标金额（元）").fill("12000")
    worker.get_by_label("选择理由").fill("方案贴合老人需求。")
    worker.get_by_role("button", name="确定由“绿城社区助老服务队”中标").click()
    worker.get_by_text("拟由“绿城社区助老服务队”中标，已进入公示。").wait_for()
    screenshot(worker, "project-awarded", full_page=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.NOTICE  # on public notice (公示)

    # The notice period passes with no objection: the award takes effect.
    notices.take_effect(project=project, now=project.notices.get().ends_at)
    project.refresh_from_db()
    bid.refresh_from_db()
    assert (project.status, bid.status, project.awarded_amount) == (
        ProjectStatus.AWARDED,
        BidStatus.AWARDED,
        12000,
    )

    # The organisation sees the result.
    leader.goto(f"{live_server.url}/projects/bids/")
    assert "已中标" in leader.content()
