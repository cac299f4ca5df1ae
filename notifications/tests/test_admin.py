"""Texts and opt-outs in the admin: the message list for platform
administrators only, read-only, never a variable nor the text; a failed
message sent again; opt-outs recorded by the street and the community,
every number masked, deleted to opt back in."""

import pytest
from django.urls import reverse

from notifications import texts
from notifications.models import PhoneOptOut, TextMessage, TextStatus
from notifications.texts import Text

PHONE = "13912345678"
MASKED = "139****5678"
LIST = "admin:notifications_textmessage_changelist"
OPT_OUTS = "admin:notifications_phoneoptout_changelist"

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [message] = texts.text([PHONE], Text("code", {"code": "246810", "minutes": "5"}))
    return message


def test_administrators_read_the_messages_masked_without_their_variables(login, personas, code):
    client = login(personas.platform_admin)
    for url in (reverse(LIST), reverse("admin:notifications_textmessage_change", args=[code.pk])):
        page = client.get(url).content.decode()
        assert MASKED in page and "outbox" in page
        assert PHONE not in page and "246810" not in page and "您的验证码为" not in page
    assert MASKED in client.get(reverse(LIST) + f"?q={PHONE}").content.decode()
    assert MASKED not in client.get(reverse(LIST) + "?q=139").content.decode()
    assert MASKED not in client.get(reverse(LIST) + "?status__exact=failed").content.decode()
    assert client.get(reverse(LIST) + "?template=code").status_code == 200
    assert client.get(reverse("admin:notifications_textmessage_add")).status_code == 403


@pytest.mark.parametrize(
    "persona", ["district_officer", "street_a_officer", "community_worker", "operator"]
)
def test_no_one_else_reads_the_messages(login, personas, code, persona):
    assert login(getattr(personas, persona)).get(reverse(LIST)).status_code == 403


def test_a_failed_message_is_sent_again(login, personas, code, django_capture_on_commit_callbacks):
    TextMessage.objects.filter(pk=code.pk).update(status=TextStatus.FAILED, error="timed out")
    client = login(personas.platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(LIST), {"action": "send_again", "_selected_action": [code.pk]}, follow=True
        )
    assert "已重新发送 1 条短信" in response.content.decode()
    code.refresh_from_db()
    assert (code.status, code.attempts) == (TextStatus.SENT, 2)


def test_a_sent_message_is_not_sent_again(personas, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert texts.resend([code]) == 0
    code.refresh_from_db()
    assert code.attempts == 1


@pytest.mark.parametrize("persona", ["community_worker", "street_a_officer", "street_b_officer"])
def test_the_community_records_an_opt_out_and_sees_it_masked(login, personas, persona):
    user = getattr(personas, persona)
    client = login(user)
    response = client.post(
        reverse("admin:notifications_phoneoptout_add"), {"phone": "139 1234 5678"}
    )
    assert response.status_code == 302
    opt_out = PhoneOptOut.objects.get()
    assert (opt_out.phone, opt_out.recorded_by) == (PHONE, user)
    assert texts.is_opted_out(PHONE)
    for url in (
        reverse(OPT_OUTS),
        reverse("admin:notifications_phoneoptout_change", args=[opt_out.pk]),
        reverse("admin:notifications_phoneoptout_history", args=[opt_out.pk]),
    ):
        page = client.get(url).content.decode()
        assert MASKED in page and PHONE not in page, url
    assert MASKED not in client.get(reverse(OPT_OUTS) + "?q=139").content.decode()
    assert MASKED in client.get(reverse(OPT_OUTS) + f"?q={PHONE}").content.decode()
    client.post(
        reverse("admin:notifications_phoneoptout_delete", args=[opt_out.pk]), {"post": "yes"}
    )
    assert not texts.is_opted_out(PHONE)  # opted back in


def test_a_number_opts_out_once(login, personas):
    texts.opt_out(PHONE)
    client = login(personas.community_worker)
    response = client.post(reverse("admin:notifications_phoneoptout_add"), {"phone": PHONE})
    assert "该号码已退订短信" in response.content.decode()
    response = client.post(
        reverse("admin:notifications_phoneoptout_add"), {"phone": "0371-6666123"}
    )
    assert "请输入 11 位手机号码" in response.content.decode()


@pytest.mark.parametrize("persona", ["district_officer", "operator"])
def test_others_do_not_see_the_opt_outs(login, personas, persona):
    texts.opt_out(PHONE)
    assert login(getattr(personas, persona)).get(reverse(OPT_OUTS)).status_code == 403
