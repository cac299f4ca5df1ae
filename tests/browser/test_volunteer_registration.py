"""Issue 21, volunteers, as they meet it on a phone (375 px): a resident
opens the registration, is sent through the residents' sign-in (the code
read in the outbox, as the embedded default keeps it) and back, registers;
the community worker confirms from the workbench's to-do and issues the
certificate; the volunteer sees "confirmed", the hours and points, and opens
the certificate to print."""

import re
from datetime import date

import pytest
from django.core.cache import cache

from orgs.services import volunteering
from tests.browser.test_resident_flow import PHONE_VIEW, sign_in_by_code
from tests.browser.test_resident_flow import outbox as outbox
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "13903710001"
ID_NUMBER = "410108199003011236"


def test_register_confirm_and_print_the_certificate_on_a_phone(
    personas, territory, browser, live_server, outbox, sign_in, screenshot, settings
):
    settings.PLATFORM_TODAY = date(2026, 12, 7)
    cache.clear()
    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW)
    page = context.new_page()
    page.goto(f"{live_server.url}/me/volunteer/register/")
    sign_in_by_code(page, outbox, PHONE)
    page.get_by_role("heading", name="注册志愿者").wait_for()
    page.get_by_label("真实姓名").fill("陈志远")
    page.get_by_label("居民身份证号码").fill(ID_NUMBER)
    page.get_by_label("所在社区").select_option(str(territory.community_a1.pk))
    page.get_by_label("特长技能").fill("修家电")
    page.get_by_label("周末").check()
    screenshot(page, "volunteer-register")
    page.get_by_role("button", name="注册", exact=True).click()
    page.get_by_role("heading", name="我的志愿服务").wait_for()
    assert "社区将尽快审核您的注册" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    volunteer = Volunteer.objects.get(phone=PHONE)
    assert volunteer.status == VolunteerStatus.PENDING

    # The community worker: the workbench's to-do, the list, confirm.
    worker = personas.community_worker
    desk = sign_in(worker)
    desk.get_by_role("link", name=re.compile("待确认的志愿者")).first.click()
    desk.locator("input[name=_selected_action]").first.check()
    desk.locator("select[name=action]").select_option("confirm_selected")
    desk.get_by_role("button", name="执行").click()
    desk.get_by_text("已确认 1 名志愿者").wait_for()
    volunteering.record_service(
        person=volunteer.person,
        served_on=date(2026, 11, 28),
        hours=3,
        activity="义务维修小家电",
        by=worker,
    )
    desk.goto(f"{live_server.url}/admin/volunteers/volunteer/?status__exact=confirmed")
    desk.locator("input[name=_selected_action]").first.check()
    desk.locator("select[name=action]").select_option("issue_certificates")
    desk.get_by_role("button", name="执行").click()
    desk.get_by_text(re.compile("已出具证明")).wait_for()

    # The volunteer: confirmed, hours and points, the certificate to print.
    page.goto(f"{live_server.url}/me/volunteer/")
    assert page.locator("[data-volunteer-status=confirmed]").count() == 1
    assert "累计 3.0 小时" in page.content()
    screenshot(page, "volunteer-home")
    page.get_by_role("link", name=re.compile("证明 ")).click()
    page.get_by_role("heading", name="志愿服务证明").wait_for()
    assert "410108********1236" in page.content() and ID_NUMBER not in page.content()
    assert page.get_by_role("button", name="打印").count() == 1
    # Measured once its style sheets and fonts are in, as the volunteer sees it
    # (measured earlier, a CI run once read 465 px).
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the certificate is {width} px wide on a 375 px phone"
    page.emulate_media(media="print")
    assert page.get_by_role("button", name="打印").is_hidden()
    screenshot(page, "volunteer-certificate", full_page=True)
    context.close()
