"""The resident's pages through the test client: sign in by phone and code,
"my reports" with exactly the phone's tickets and needs, messages off and on,
sign out; a visitor not signed in is sent to sign in."""

import pytest
from django.test import override_settings
from django.urls import reverse

from grids import services
from grids.models import Source, TicketStatus
from notifications import texts
from projects.services import needs
from residents.tests.conftest import last_code
from tests.grid_helpers import from_resident, resolved

PHONE = "13903710001"  # tests.grid_helpers.from_resident's
OTHER = "13903710099"

pytestmark = pytest.mark.django_db


def someone_elses(community, category):
    return services.report(
        community=community,
        category=category,
        description="别人的问题不该出现",
        location="小区西门",
        source=Source.RESIDENT,
        resident_name="李先生",
        resident_phone=OTHER,
    )


def signed_in(client, phone=PHONE, next_url=""):
    sign_in = reverse("residents:sign_in") + (f"?next={next_url}" if next_url else "")
    sent = client.post(sign_in, {"step": "send", "phone": phone})
    assert sent.status_code == 302, sent.content.decode()
    return client.post(sign_in, {"step": "verify", "code": last_code(phone), "next": next_url})


def test_a_visitor_not_signed_in_is_sent_to_sign_in(client):
    response = client.get(reverse("residents:reports"))
    assert response.status_code == 302
    assert response["Location"] == reverse("residents:sign_in") + "?next=%2Fme%2Freports%2F"


def test_sign_in_by_phone_and_code_then_my_reports(client, grids, territory):
    page = client.get(reverse("residents:sign_in")).content.decode()
    assert "您的手机号仅用于接收验证码和办理进度通知" in page
    assert reverse("residents:privacy") in page
    response = signed_in(client)
    assert response.status_code == 302 and response["Location"] == reverse("residents:reports")
    assert client.get(reverse("residents:reports")).status_code == 200


def test_the_code_step_says_when_a_new_code_may_be_asked_for(client):
    client.post(reverse("residents:sign_in"), {"step": "send", "phone": PHONE})
    page = client.get(reverse("residents:sign_in")).content.decode()
    assert "139****0001" in page
    assert "秒后可重新获取验证码" in page
    again = client.post(reverse("residents:sign_in"), {"step": "resend"}, follow=True)
    assert "秒后再获取" in again.content.decode()


def test_a_wrong_code_is_refused_on_the_form(client):
    client.post(reverse("residents:sign_in"), {"step": "send", "phone": PHONE})
    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = client.post(reverse("residents:sign_in"), {"step": "verify", "code": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("residents:reports")).status_code == 302


def test_next_is_followed_only_to_a_local_path(client):
    assert signed_in(client, next_url="/public/")["Location"] == "/public/"
    client.logout()
    other = client.__class__()
    response = signed_in(other, phone=OTHER, next_url="https://evil.example/")
    assert response["Location"] == reverse("residents:reports")


def test_my_reports_lists_the_phones_tickets_and_needs_only(client, grids, territory, personas):
    mine = from_resident(territory.community_a1, grids.hazard)
    done = resolved(from_resident(territory.community_a1, grids.dispute), personas)
    theirs = someone_elses(territory.community_a1, grids.hazard)
    wish = needs.submit_public_need(
        community=territory.community_a1,
        title="楼道加装扶手",
        people_affected=3,
        requester_name="王女士",
        requester_phone=PHONE,
    )
    needs.submit_public_need(
        community=territory.community_a1,
        title="别人的心愿",
        people_affected=3,
        requester_name="李先生",
        requester_phone=OTHER,
    )
    signed_in(client)
    response = client.get(reverse("residents:reports"))
    page = response.content.decode()
    assert [r.id for r in response.context["tickets"]] == [done.pk, mine.pk]  # newest first
    assert [r.id for r in response.context["needs"]] == [wish.pk]
    assert "别人的问题不该出现" not in page and "别人的心愿" not in page
    assert f"#{theirs.pk}<" not in page
    assert done.status == TicketStatus.RESOLVED
    assert reverse("public_tickets:status", args=[services.tracking_token(mine)]) in page
    assert reverse("public_tickets:rate", args=[services.rating_token(done)]) in page
    assert reverse("public_needs:status", args=[needs.tracking_token(wish)]) in page
    assert "已上报" in page and "待社区确认" in page


def test_messages_off_and_on(client):
    signed_in(client)
    page = client.get(reverse("residents:reports")).content.decode()
    assert "不再接收短信通知" in page
    client.post(reverse("residents:messages"), {"messages": "off"})
    assert texts.is_opted_out(PHONE)
    assert "恢复短信通知" in client.get(reverse("residents:reports")).content.decode()
    client.post(reverse("residents:messages"), {"messages": "on"})
    assert not texts.is_opted_out(PHONE)


def test_messages_switch_needs_a_signed_in_phone(client):
    response = client.post(reverse("residents:messages"), {"messages": "off"})
    assert response.status_code == 302
    assert not texts.is_opted_out(PHONE)


def test_sign_out(client):
    signed_in(client)
    assert client.get(reverse("residents:sign_out")).status_code == 405
    client.post(reverse("residents:sign_out"))
    assert client.get(reverse("residents:reports")).status_code == 302


def test_the_privacy_page_says_what_who_how_long_and_how_to_stop(client):
    page = client.get(reverse("residents:privacy")).content.decode()
    for words in ("收集", "用途", "谁能看到", "保存多久", "退订", "删除"):
        assert words in page, words


def test_the_public_forms_carry_the_phone_notice(client):
    for name in ("public_tickets:form", "public_needs:form"):
        page = client.get(reverse(name)).content.decode()
        assert "您的手机号仅用于接收验证码和办理进度通知" in page, name
        assert reverse("residents:privacy") in page


@override_settings(DEBUG=True, SMS_BACKEND="outbox")
def test_in_development_the_page_says_where_the_code_is(client):
    client.post(reverse("residents:sign_in"), {"step": "send", "phone": PHONE})
    page = client.get(reverse("residents:sign_in")).content.decode()
    assert "开发模式：短信未真正发出，请到 /notifications/outbox/ 查看验证码" in page


def test_no_development_hint_in_production(client):
    page = client.get(reverse("residents:sign_in")).content.decode()
    assert "开发模式" not in page
