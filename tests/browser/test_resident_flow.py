"""Issue 20's acceptance, as residents meet it on a phone (375 px): a report
with a phone brings a text with a short link (read in the outbox, as the
embedded default keeps it); "my reports" signs in by the code texted; the
rating link comes by text once the community resolves it; the survey,
answered by enough verified phones, feeds the annual stars, and too few
leave the residents' part not assessed."""

import re

import pytest
from django.core.cache import cache

from assessments.models import AnnualAssessment, SurveyAnswer
from assessments.rollups.annual import run_annual
from grids import services
from grids.models import Ticket, TicketStatus
from lib import clock
from lib.periods import Year
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = "13903710001"
PHONE_VIEW = {"width": 375, "height": 812}


@pytest.fixture
def outbox(settings, live_server):
    """The outbox page (DEBUG only) read as a phone would show a message:
    `outbox(page, phone, pattern)` finds the newest message to `phone`
    matching `pattern` and returns the match."""
    settings.DEBUG = True

    def read(page, phone, pattern):
        page.goto(f"{live_server.url}/notifications/outbox/")
        for row in page.locator("table.outbox tbody tr").all():
            cells = row.locator("td").all_inner_texts()
            if cells[1] == phone and (found := re.search(pattern, cells[2])):
                return found
        raise AssertionError(f"no message matching {pattern!r} in the outbox")

    return read


def sign_in_by_code(page, outbox, phone):
    """On the sign-in page: ask for a code, read it in the outbox, type it."""
    signing_in = page.url
    page.get_by_label("您的手机号").fill(phone)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信里的验证码").wait_for()
    code = outbox(page, phone, r"验证码为(\d{6})").group(1)
    page.goto(signing_in)
    page.get_by_label("短信里的验证码").fill(code)
    page.get_by_role("button", name="登录").click()


def test_report_text_my_reports_and_rate_on_a_phone(
    personas, grids, browser, live_server, outbox, screenshot
):
    cache.clear()
    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW)
    page = context.new_page()
    page.goto(f"{live_server.url}/public/tickets/new/")
    page.get_by_label("所在社区").select_option(str(grids.a1.community.pk))
    page.get_by_label("问题类型").select_option(str(grids.hazard.pk))
    page.get_by_label("遇到了什么问题？").fill("单元门禁坏了，外人随意进出。")
    page.get_by_label("在什么地方？").fill("3号楼1单元")
    page.get_by_label("您的姓名").fill("王女士")
    page.get_by_label("您的电话").fill(PHONE)
    page.get_by_role("button", name="提交").click()
    page.get_by_role("heading", name="我反映的问题").wait_for()
    ticket = Ticket.objects.get()

    # The tracking text: the ticket's number and a short link that opens it.
    found = outbox(page, PHONE, rf"编号{ticket.pk}）.*?(/t/\w+)")
    page.goto(f"{live_server.url}{found.group(1)}")
    page.get_by_role("heading", name="我反映的问题").wait_for()

    # "My reports", by the code texted to the phone: a wrong code first.
    page.goto(f"{live_server.url}/me/reports/")
    page.get_by_label("您的手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.get_by_label("短信里的验证码").fill("000000")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("alert").first.wait_for()
    assert "验证码" in page.get_by_role("alert").first.inner_text()
    code = outbox(page, PHONE, r"验证码为(\d{6})").group(1)
    page.goto(f"{live_server.url}/me/")
    page.get_by_label("短信里的验证码").fill(code)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="我的反映").wait_for()
    assert "单元门禁坏了" in page.content()
    screenshot(page, "resident-my-reports")

    # Resolved: the rating link comes by text and shows on "my reports".
    worker = personas.community_worker
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.resolve(ticket=ticket, by=worker, resolution="已更换门禁模块。")
    assert outbox(page, PHONE, r"已处理完毕.*?(/t/\w+)")
    page.goto(f"{live_server.url}/me/reports/")
    page.get_by_role("link", name="评价办理结果").click()
    page.get_by_label("5 — 非常满意").check()
    page.get_by_role("button", name="提交评价").click()
    page.get_by_text("评价已记录，问题已销号。").wait_for()
    ticket.refresh_from_db()
    assert (ticket.status, ticket.rating) == (TicketStatus.CLOSED, 5)
    context.close()


def answer(browser, live_server, outbox, organisation, phone):
    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW)
    page = context.new_page()
    page.goto(f"{live_server.url}/public/survey/{organisation.pk}/")
    sign_in_by_code(page, outbox, phone)  # sent back to the survey after
    page.get_by_role("heading", name=re.compile(organisation.name)).wait_for()
    for question in page.locator("fieldset").all():
        question.get_by_label("很满意").check()
    page.get_by_role("button", name="提交问卷").click()
    page.get_by_role("heading", name="谢谢您").wait_for()
    return page


def test_enough_verified_phones_feed_the_stars_and_too_few_leave_the_part_unassessed(
    territory, browser, live_server, outbox, settings, screenshot
):
    cache.clear()
    settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS = 3
    counted = OrganisationFactory(area=territory.community_a1, name="英才社区书香读书会")
    short = OrganisationFactory(area=territory.community_a1, name="英才社区太极拳队")
    for index in range(3):
        page = answer(browser, live_server, outbox, counted, f"1390371020{index}")
    # The same phone again: thanked, not counted twice.
    page.goto(f"{live_server.url}/public/survey/{counted.pk}/")
    page.get_by_text("已经").first.wait_for()
    screenshot(page, "resident-survey-answered")
    page.context.close()
    answer(browser, live_server, outbox, short, "13903710209").context.close()
    assert SurveyAnswer.objects.filter(organisation=counted).count() == 3

    year = clock.today().year
    run_annual(Year(year))
    assessed = AnnualAssessment.objects.get(organisation=counted, year=year)
    unassessed = AnnualAssessment.objects.get(organisation=short, year=year)
    assert (assessed.residents_score, assessed.residents_answers) == (100, 3)
    assert (unassessed.residents_score, unassessed.residents_answers) == (None, 1)
    assert unassessed.residents_shown() == "未评（1 份，不足 3 份，按 0 分计）"
