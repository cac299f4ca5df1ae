"""The points mall on a phone (375 px): a confirmed volunteer with points
signs in by the code texted (read in the outbox), exchanges an offer and
sees the pickup code; the provider's clerk, in another browser, signs in by
their own phone and confirms the pickup with that code; the volunteer then
sees it picked up and the balance lowered."""

import re
from datetime import date

import pytest
from django.core.cache import cache

from mall.models import Exchange, ExchangeRule, ExchangeStatus, Offer
from orgs.models import Provider, ProviderClerk, ProviderKind
from orgs.services import volunteering
from tests.browser.test_resident_flow import sign_in_by_code
from tests.factories import PersonFactory
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VOLUNTEER = "13903710001"
CLERK = "13903710009"
PHONE_VIEW = {"width": 375, "height": 812}


@pytest.fixture
def outbox(settings, live_server):
    """The DEBUG outbox, read as in tests/browser/test_resident_flow.py."""
    settings.DEBUG = True

    def read(page, phone, pattern):
        page.goto(f"{live_server.url}/notifications/outbox/")
        for row in page.locator("table.outbox tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            if cells[1] == phone and (found := re.search(pattern, cells[2])):
                return found
        raise AssertionError(f"no message matching {pattern!r} in the outbox")

    return read


def test_exchange_and_pickup_on_phones(
    personas, territory, browser, live_server, outbox, screenshot
):
    cache.clear()
    community = territory.community_a1
    person = PersonFactory(name="陈志远", community=community, phone=VOLUNTEER)
    Volunteer.objects.create(person=person, phone=VOLUNTEER, status=VolunteerStatus.CONFIRMED)
    volunteering.record_service(
        person=person,
        served_on=date(2026, 11, 20),
        hours=5,
        activity="社区环境整治",
        by=personas.community_worker,
    )  # 50 points
    barber = Provider.objects.create(
        name="老周理发",
        kind=ProviderKind.BUSINESS,
        area=community,
        contact_name="周建国",
        contact_phone="13903710019",
    )
    ProviderClerk.objects.create(provider=barber, name="周小军", phone=CLERK)
    Offer.objects.create(provider=barber, name="理发一次", points=30, stock=3)
    ExchangeRule.objects.create(community=community, note="兑换后7天内到店领取")

    volunteer = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW).new_page()
    volunteer.goto(f"{live_server.url}/me/mall/")
    sign_in_by_code(volunteer, outbox, VOLUNTEER)  # back to the mall after
    volunteer.get_by_role("heading", name="贡享超市").wait_for()
    assert volunteer.locator("[data-balance]").inner_text() == "50"
    assert "兑换后7天内到店领取" in volunteer.content()
    volunteer.locator("[data-offer]").filter(has_text="理发一次").get_by_role(
        "button", name="兑换"
    ).click()
    volunteer.get_by_text("兑换成功").wait_for()
    made = Exchange.objects.get()
    card = volunteer.locator(f"[data-exchange='{made.pk}']")
    assert card.locator("[data-code]").inner_text() == made.code
    assert volunteer.locator("[data-balance]").inner_text() == "20"
    assert volunteer.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(volunteer, "mall-volunteer-code")

    clerk = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW).new_page()
    clerk.goto(f"{live_server.url}/mall/provider/")
    sign_in_by_code(clerk, outbox, CLERK)
    clerk.get_by_role("heading", name="老周理发").wait_for()
    assert "陈**" in clerk.content() and "陈志远" not in clerk.content()
    clerk.get_by_label("领取码").fill(made.code)
    clerk.get_by_role("button", name="确认领取").click()
    clerk.get_by_text("已核销领取").wait_for()
    # The same code again: refused, in Chinese.
    clerk.get_by_label("领取码").fill(made.code)
    clerk.get_by_role("button", name="确认领取").click()
    clerk.get_by_text("这个领取码已使用").first.wait_for()
    screenshot(clerk, "mall-clerk-pickup")
    made.refresh_from_db()
    assert made.status == ExchangeStatus.PICKED_UP

    volunteer.reload()
    assert card.locator("[data-status]").inner_text() == "已领取"
    assert volunteer.locator("[data-balance]").inner_text() == "20"
    assert volunteering.balance(person) == 20
    volunteer.context.close()
    clerk.context.close()
