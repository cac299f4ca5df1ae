"""A resident reports a problem through the public form, the community
handles it, and the resident rates the resolution through the signed link,
all in Chromium without an account."""

import pytest
from django.core.cache import cache

from grids import services
from grids.models import Ticket, TicketStatus
from tests.grid_helpers import photo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_report_follow_and_rate_in_a_browser(
    personas, grids, browser, live_server, screenshot, tmp_path
):
    cache.clear()
    context = browser.new_context(locale="zh-CN", viewport={"width": 414, "height": 900})
    page = context.new_page()  # a phone-sized screen, as residents use it

    page.goto(f"{live_server.url}/public/tickets/new/")
    page.get_by_label("所在社区").select_option(str(grids.a1.community.pk))
    page.get_by_label("问题类型").select_option(str(grids.hazard.pk))
    page.get_by_label("遇到了什么问题？").fill("小区东门路灯坏了一周，晚上很黑。")
    page.get_by_label("在什么地方？").fill("小区东门")
    page.get_by_label("您的姓名").fill("王女士")
    # A wrong phone: the form comes back with the error and what was typed.
    page.get_by_label("您的电话").fill("12345")
    page.get_by_role("button", name="提交").click()
    page.get_by_role("alert").first.wait_for()
    assert page.get_by_label("遇到了什么问题？").input_value() == "小区东门路灯坏了一周，晚上很黑。"
    assert not Ticket.objects.exists()
    screenshot(page, "ticket-report-error")

    picture = tmp_path / "lamp.jpg"
    picture.write_bytes(photo().read())
    page.get_by_label("您的电话").fill("13903710001")
    page.get_by_label("照片").set_input_files(str(picture))
    page.get_by_role("button", name="提交").click()
    page.get_by_role("heading", name="我反映的问题").wait_for()
    ticket = Ticket.objects.get()
    assert ticket.photos.count() == 1
    assert page.get_by_text("已上报").first.is_visible()
    follow_url = page.url

    # The community accepts, assigns and resolves it.
    worker = personas.community_worker
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.resolve(ticket=ticket, by=worker, resolution="已更换灯具，恢复照明。")

    # The resident's follow page now offers the rating.
    page.goto(follow_url)
    page.get_by_role("link", name="评价办理结果").click()
    page.get_by_text("已更换灯具，恢复照明。").wait_for()
    page.get_by_role("button", name="提交评价").click()  # no stars chosen
    page.get_by_role("alert").first.wait_for()
    page.get_by_label("4 — 满意").check()
    page.get_by_label("还有什么想说的？").fill("谢谢社区")
    screenshot(page, "ticket-rate")
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("评价已记录，问题已销号。").wait_for()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.rating, ticket.rating_comment) == (
        TicketStatus.CLOSED,
        4,
        "谢谢社区",
    )
    rate_url = page.url

    # The link works once.
    page.goto(rate_url)
    page.get_by_text("该链接已使用过。").wait_for()
    screenshot(page, "ticket-rating-used", full_page=True)
    context.close()
