"""Issue 21, part 2, on a phone (375 px): a confirmed volunteer signs in by
the code texted (read in the outbox), signs up to serve, and checks in and
out by the organiser's rotating code; the hours and points land in the
ledger.

No camera is tested: the test reads the link the QR code encodes from the
organiser's page (the same link is printed under the code for people
without a camera) and opens it on the phone, as the camera or WeChat would.
The platform's clock (lib.clock.now) is pinned, then moved two hours on for
the check-out, when the page shows a new code.
"""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from activities.models import Activity, ActivityStatus, Attendance, Registration
from orgs.services.volunteering import balance
from tests.browser import test_resident_flow as resident_flow
from tests.factories import PersonFactory
from volunteers.models import Volunteer, VolunteerStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "13903710021"
PHONE_VIEW = resident_flow.PHONE_VIEW
sign_in_by_code = resident_flow.sign_in_by_code
# The outbox page read as the phone shows a text (the resident flow's fixture).
outbox = resident_flow.outbox


@pytest.fixture
def moment(monkeypatch):
    """The platform's now, pinned: `moment.set(dt)` moves it."""

    class Pinned:
        value = None

        def set(self, value):
            self.value = value

    pinned = Pinned()
    monkeypatch.setattr("lib.clock.now", lambda: pinned.value)
    monkeypatch.setattr("lib.clock.today", lambda: timezone.localdate(pinned.value))
    return pinned


def test_volunteer_signs_up_checks_in_and_out_by_the_rotating_code(
    personas, territory, browser, live_server, outbox, sign_in, moment, screenshot, settings
):
    cache.clear()
    settings.VOLUNTEER_POINTS_PER_HOUR = 10
    zone = timezone.get_current_timezone()
    moment.set(datetime(2026, 12, 7, 8, 40, tzinfo=zone))
    person = PersonFactory(name="李秀英", phone=PHONE, community=territory.community_a1)
    Volunteer.objects.create(person=person, phone=PHONE, status=VolunteerStatus.CONFIRMED)
    activity = Activity.objects.create(
        title="敬老院志愿服务",
        area=territory.community_a1,
        venue="英才社区养老服务站",
        starts_at=datetime(2026, 12, 7, 9, 0, tzinfo=zone),
        ends_at=datetime(2026, 12, 7, 11, 0, tzinfo=zone),
        places=20,
        volunteer_places=3,
        status=ActivityStatus.PUBLISHED,
        created_by=personas.community_worker,
    )

    # The volunteer, on the phone: the activity's page, signed in by code.
    phone = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW).new_page()
    phone.goto(f"{live_server.url}/public/activities/{activity.pk}/")
    phone.get_by_role("link", name="用手机号登录后报名").click()
    sign_in_by_code(phone, outbox, PHONE)
    phone.get_by_role("heading", name="敬老院志愿服务").wait_for()
    phone.get_by_role("button", name="报名做志愿者").click()
    phone.get_by_text("您已报名作为志愿者参与服务。").first.wait_for()
    assert Registration.objects.get(person=person).as_volunteer
    screenshot(phone, "activity-signed-up")

    # The organiser's code page; the link the QR code carries.
    moment.set(datetime(2026, 12, 7, 8, 55, tzinfo=zone))
    organiser = sign_in(personas.community_worker)
    organiser.goto(f"{live_server.url}/activities/{activity.pk}/code/")
    assert organiser.locator("svg.qr").count() == 1
    link = organiser.locator("[data-check-link]").get_attribute("href")
    assert f"/activities/{activity.pk}/check/" in link

    phone.goto(link)
    phone.get_by_role("button", name="签到").click()
    phone.locator('[data-check-result="in"]').wait_for()
    assert Attendance.objects.get(person=person).checked_out_at is None
    screenshot(phone, "activity-checked-in")

    # Two hours later the page shows another code; it checks out.
    moment.set(datetime(2026, 12, 7, 10, 58, tzinfo=zone))
    organiser.reload()
    later = organiser.locator("[data-check-link]").get_attribute("href")
    assert later != link
    phone.goto(later)
    phone.get_by_role("button", name="签退").click()
    phone.locator('[data-check-result="out"]').wait_for()
    assert "2.0" in phone.content()

    # The old code is refused now.
    phone.goto(link)
    assert phone.get_by_role("button", name="签退").count() == 0
    assert "已过期" in phone.content()

    attendance = Attendance.objects.get(person=person)
    assert attendance.service_record.hours == Decimal("2.0")
    assert balance(person) == 20
    phone.goto(f"{live_server.url}/activities/mine/")
    assert "服务 2.0 小时" in phone.content()
    assert "积分" in phone.content()
    screenshot(phone, "activity-mine", full_page=True)
    phone.context.close()
