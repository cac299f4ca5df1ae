"""Issue 21's acceptance end to end, on a phone (375 px), through the pages
each person uses: a resident registers as a volunteer (signed in by the code
texted, read in the outbox), the community worker confirms them, they sign
up to serve, check in and out by the organiser's rotating code, see the
hours and points, exchange the points in the mall, and the provider's clerk
confirms the pickup. (The salon whose minutes draft a project is
tests/browser/test_salon.py.)

No camera is tested: the test reads the link the QR code encodes from the
organiser's page and opens it on the phone, as the camera or WeChat would.
The platform's clock is pinned, then moved on for the check-out, when the
organiser's page shows another code.
"""

import re
from datetime import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities.models import Activity, ActivityStatus
from mall.models import Exchange, ExchangeStatus, Offer
from orgs.models import Provider, ProviderClerk, ProviderKind
from orgs.services.volunteering import balance
from tests.browser.test_activity_checkin import moment as moment
from tests.browser.test_resident_flow import PHONE_VIEW, sign_in_by_code
from tests.browser.test_resident_flow import outbox as outbox
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "13903710031"
ID_NUMBER = "410108199003011236"
CLERK = "13903710039"


def fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide on a 375 px phone"


def test_register_serve_earn_and_exchange_on_a_phone(
    personas, territory, browser, live_server, outbox, sign_in, moment, screenshot, settings
):
    cache.clear()
    settings.VOLUNTEER_POINTS_PER_HOUR = 10
    zone = timezone.get_current_timezone()
    moment.set(datetime(2026, 12, 7, 7, 30, tzinfo=zone))
    community = territory.community_a1
    worker = personas.community_worker
    activity = Activity.objects.create(
        title="英才社区助老义剪",
        area=community,
        venue="英才社区党群服务中心",
        starts_at=datetime(2026, 12, 7, 9, 0, tzinfo=zone),
        ends_at=datetime(2026, 12, 7, 11, 0, tzinfo=zone),
        places=0,
        volunteer_places=2,
        status=ActivityStatus.PUBLISHED,
        created_by=worker,
    )

    # The resident registers, through the sign-in by code.
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW).new_page()
    phone.goto(f"{live_server.url}/me/volunteer/register/")
    sign_in_by_code(phone, outbox, PHONE)
    phone.get_by_role("heading", name="注册志愿者").wait_for()
    phone.get_by_label("真实姓名").fill("陈志远")
    phone.get_by_label("居民身份证号码").fill(ID_NUMBER)
    phone.get_by_label("所在社区").select_option(str(community.pk))
    phone.get_by_label("特长技能").fill("理发")
    phone.get_by_label("周末").check()
    phone.get_by_role("button", name="注册", exact=True).click()
    phone.get_by_role("heading", name="我的志愿服务").wait_for()
    fits(phone)
    volunteer = Volunteer.objects.get(phone=PHONE)
    assert volunteer.status == VolunteerStatus.PENDING

    # Not yet confirmed: no way to sign up to serve, and the page says why.
    phone.goto(f"{live_server.url}/public/activities/{activity.pk}/")
    assert phone.get_by_role("button", name="报名做志愿者").count() == 0
    assert "等待社区确认" in phone.locator("[data-volunteer-note]").inner_text()

    # The community worker confirms from the workbench's to-do.
    desk = sign_in(worker)
    desk.get_by_role("link", name=re.compile("待确认的志愿者")).first.click()
    desk.locator("input[name=_selected_action]").first.check()
    desk.locator("select[name=action]").select_option("confirm_selected")
    desk.get_by_role("button", name="执行").click()
    desk.get_by_text("已确认 1 名志愿者").wait_for()

    # Confirmed, the volunteer finds the opportunity from their page and signs up.
    phone.goto(f"{live_server.url}/me/volunteer/")
    phone.get_by_role("link", name="本社区的志愿服务与活动").click()
    phone.get_by_role("link", name="英才社区助老义剪").click()
    phone.get_by_role("button", name="报名做志愿者").click()
    phone.get_by_text("您已报名作为志愿者参与服务。").first.wait_for()
    fits(phone)

    # At the activity: the organiser's rotating code checks in, a later one out.
    moment.set(datetime(2026, 12, 7, 8, 55, tzinfo=zone))
    desk.goto(f"{live_server.url}/activities/{activity.pk}/code/")
    link = desk.locator("[data-check-link]").get_attribute("href")
    phone.goto(link)
    phone.get_by_role("button", name="签到").click()
    phone.locator('[data-check-result="in"]').wait_for()
    moment.set(datetime(2026, 12, 7, 10, 58, tzinfo=zone))
    desk.reload()
    later = desk.locator("[data-check-link]").get_attribute("href")
    assert later != link
    phone.goto(later)
    phone.get_by_role("button", name="签退").click()
    phone.locator('[data-check-result="out"]').wait_for()
    fits(phone)

    # The hours and points, on the volunteer's page.
    phone.goto(f"{live_server.url}/me/volunteer/")
    assert "累计 2.0 小时" in phone.content()
    assert balance(volunteer.person) == 20
    screenshot(phone, "journey-volunteer-home")

    # The mall: a haircut for 20 points, one left in stock.
    barber = Provider.objects.create(
        name="老周理发",
        kind=ProviderKind.BUSINESS,
        area=community,
        contact_name="周建国",
        contact_phone="13903710019",
    )
    ProviderClerk.objects.create(provider=barber, name="周小军", phone=CLERK)
    Offer.objects.create(provider=barber, name="理发一次", points=20, stock=1)
    phone.goto(f"{live_server.url}/me/mall/")
    assert phone.locator("[data-balance]").inner_text() == "20"
    phone.locator("[data-offer]").filter(has_text="理发一次").get_by_role(
        "button", name="兑换"
    ).click()
    phone.get_by_text("兑换成功").wait_for()
    made = Exchange.objects.get()
    assert phone.locator(f"[data-exchange='{made.pk}'] [data-code]").inner_text() == made.code
    assert phone.locator("[data-balance]").inner_text() == "0"
    fits(phone)

    # The provider's clerk, on their own phone, confirms the pickup.
    clerk = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW).new_page()
    clerk.goto(f"{live_server.url}/mall/provider/")
    sign_in_by_code(clerk, outbox, CLERK)
    clerk.get_by_role("heading", name="老周理发").wait_for()
    clerk.get_by_label("领取码").fill(made.code)
    clerk.get_by_role("button", name="确认领取").click()
    clerk.get_by_text("已核销领取").wait_for()
    fits(clerk)

    phone.reload()
    assert phone.locator(f"[data-exchange='{made.pk}'] [data-status]").inner_text() == "已领取"
    made.refresh_from_db()
    offer = Offer.objects.get()
    assert (made.status, offer.stock, balance(volunteer.person)) == (
        ExchangeStatus.PICKED_UP,
        0,
        0,
    )
    screenshot(phone, "journey-mall-picked-up")
    phone.context.close()
    clerk.context.close()
