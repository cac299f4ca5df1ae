"""The mall's pages: the volunteer's (/me/mall/), the clerk's (/mall/provider/)
and the staff's statements (/mall/statements/), with their jurisdiction."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from orgs.services import volunteering
from residents.session import SESSION_KEY
from volunteers.models import VolunteerStatus

from .. import services, tasks
from ..models import Exchange, ExchangeStatus, Offer
from .conftest import CLERK_PHONE, VOLUNTEER_PHONE

HOME = "/me/mall/"
PROVIDER = "/mall/provider/"
STATEMENTS = "/mall/statements/"


@pytest.fixture
def as_phone(client):
    def sign_in(phone):
        session = client.session
        session[SESSION_KEY] = phone
        session.save()
        return client

    return sign_in


def text(response) -> str:
    return response.content.decode()


def test_the_mall_asks_to_sign_in_first(client, mall):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("residents:sign_in") + "?next=")
    assert client.get(PROVIDER).status_code == 302


def test_a_confirmed_volunteer_exchanges_and_sees_the_code(as_phone, mall):
    client = as_phone(VOLUNTEER_PHONE)
    page = text(client.get(HOME))
    assert "理发一次" in page and "食用油一桶" in page and "血压计" not in page
    assert "每月最多兑换三次" in page and "data-balance>50<" in page
    assert 'rel="manifest"' in page  # part of the installable web app
    response = client.post(reverse("my_mall:exchange", args=[mall.haircut.pk]), follow=True)
    made = Exchange.objects.get()
    assert made.code in text(response)
    assert "data-balance>30<" in text(response)


def test_a_refused_exchange_says_why_in_chinese(as_phone, mall):
    Offer.objects.filter(pk=mall.haircut.pk).update(stock=0)
    client = as_phone(VOLUNTEER_PHONE)
    response = client.post(
        reverse("my_mall:exchange", args=[mall.haircut.pk]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "库存" in text(response)
    assert not Exchange.objects.exists()


def test_an_unconfirmed_volunteer_sees_no_offers(as_phone, mall):
    mall.volunteer.status = VolunteerStatus.PENDING
    mall.volunteer.save()
    client = as_phone(VOLUNTEER_PHONE)
    assert "理发一次" not in text(client.get(HOME))
    client.post(reverse("my_mall:exchange", args=[mall.haircut.pk]))
    assert not Exchange.objects.exists()


def test_the_volunteer_cancels_from_the_page(as_phone, mall):
    made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    client = as_phone(VOLUNTEER_PHONE)
    client.post(reverse("my_mall:cancel", args=[made.pk]))
    made.refresh_from_db()
    assert made.status == ExchangeStatus.CANCELLED
    assert volunteering.balance(mall.volunteer.person) == 50


def test_a_phone_that_is_no_clerk_is_turned_away(as_phone, mall):
    assert as_phone(VOLUNTEER_PHONE).get(PROVIDER).status_code == 403


def test_the_clerk_confirms_a_pickup_by_code(as_phone, mall):
    made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    client = as_phone(CLERK_PHONE)
    page = text(client.get(PROVIDER))
    assert "陈**" in page and "陈志远" not in page  # the volunteer's name, masked
    response = client.post(PROVIDER, {"code": made.code}, follow=True)
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.status == ExchangeStatus.PICKED_UP
    again = client.post(PROVIDER, {"code": made.code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 400 and "已使用" in text(again)
    statement = text(client.get(reverse("mall:provider_statement")))
    assert "理发一次" in statement and "陈**" in statement and "陈志远" not in statement


def test_staff_read_the_statements_of_their_jurisdiction(login, personas, mall):
    made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    services.confirm_pickup(phone=CLERK_PHONE, code=made.code)
    client = login(personas.community_worker)
    page = text(client.get(STATEMENTS))
    assert "小李理发" in page and "长兴药店" not in page
    detail = client.get(STATEMENTS, {"provider": mall.barber.pk})
    assert detail.status_code == 200 and "理发一次" in text(detail)
    assert "陈**" in text(detail) and "陈志远" not in text(detail)
    assert client.get(STATEMENTS, {"provider": mall.far.pk}).status_code == 404


def test_another_streets_statement_is_a_404(login, personas, mall):
    client = login(personas.street_b_officer)
    assert client.get(STATEMENTS, {"provider": mall.barber.pk}).status_code == 404
    assert "小李理发" not in text(client.get(STATEMENTS))
    assert client.get(STATEMENTS, {"provider": mall.far.pk}).status_code == 200
    outsider = login(personas.outsider)
    assert outsider.get(STATEMENTS, {"provider": mall.barber.pk}).status_code == 404


def test_roles_without_the_mall_get_no_statements(login, client, personas, mall):
    assert client.get(STATEMENTS).status_code == 302  # to log in
    assert login(personas.org_leader).get(STATEMENTS).status_code == 403


def test_staff_admin_of_providers_is_scoped(login, personas, mall):
    client = login(personas.street_b_officer)
    url = reverse("admin:orgs_provider_change", args=[mall.barber.pk])
    assert client.get(url).status_code == 404
    assert login(personas.community_worker).get(url).status_code == 200
    offer = reverse("admin:mall_offer_change", args=[mall.haircut.pk])
    assert login(personas.street_b_officer).get(offer).status_code == 404
    assert login(personas.community_worker).get(offer).status_code == 200


def test_the_exports_are_in_the_download_centre(login, personas, mall):
    from lib.spreadsheets import exporters

    keys = {e.key for e in exporters.available(personas.community_worker)}
    assert {"mall_exchanges", "mall_statements"} <= keys
    assert "mall_exchanges" not in {e.key for e in exporters.available(personas.org_leader)}


def test_the_statement_ledger_sums_each_providers_month(
    personas, mall, django_capture_on_commit_callbacks
):
    import io

    import openpyxl

    from downloads.services import request_download

    for _ in range(2):
        made = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
        services.confirm_pickup(phone=CLERK_PHONE, code=made.code)
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user=personas.street_a_officer, kind="mall_statements")
    download.refresh_from_db()
    assert download.status == "done", download.error
    sheet = openpyxl.load_workbook(io.BytesIO(download.file.open("rb").read())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1:] == ("小李理发", "英才社区", "理发一次", 2, 40)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2026-13", "x", "1999-12", "2101-01"])
def test_a_month_out_of_range_shows_this_month_and_says_why(as_phone, login, personas, mall, month):
    staff = login(personas.community_worker)
    clerk = as_phone(CLERK_PHONE)
    pages = [
        staff.get(STATEMENTS, {"month": month}, HTTP_ACCEPT_LANGUAGE="zh-hans"),
        staff.get(
            STATEMENTS, {"provider": mall.barber.pk, "month": month}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        ),
        clerk.get(
            reverse("mall:provider_statement"), {"month": month}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        assert 'role="alert"' in text(page) and "本月" in text(page)


def test_an_offer_out_of_reach_says_why_and_looks_disabled(as_phone, mall):
    Offer.objects.filter(pk=mall.oil.pk).update(points=80)  # 50 points: 30 short
    Offer.objects.filter(pk=mall.haircut.pk).update(stock=0)
    page = text(as_phone(VOLUNTEER_PHONE).get(HOME, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "积分不足（还差 30 分）" in page and "已兑完" in page
    assert page.count("disabled aria-describedby") == 2
    assert 'class="primary" disabled' not in page  # not the bright button, greyed out


def test_the_pickup_rule_is_stated_once_and_only_an_open_exchange_shows_its_code(as_phone, mall):
    cancelled = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    services.cancel(phone=VOLUNTEER_PHONE, exchange_id=cancelled.pk)
    expired = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.haircut.pk)
    Exchange.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    tasks.expire_exchanges()
    open_ = services.exchange(phone=VOLUNTEER_PHONE, offer_id=mall.oil.pk)
    page = text(as_phone(VOLUNTEER_PHONE).get(HOME, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert page.count("7 天") + page.count("7天") == 1
    assert open_.code in page
    assert cancelled.code not in page and expired.code not in page
    assert page.count("data-code") == 1
