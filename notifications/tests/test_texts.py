"""Text messages: recorded for each phone and sent by the configured backend
after the commit; once per key; not to a number that opted out (but a code
it asked for); at most SMS_PER_PHONE_PER_DAY a day; the link a short one
that opens the page while it lasts; the outbox page only with DEBUG on; no
phone, code or text in the logs."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from lib import clock
from notifications import texts
from notifications.models import ShortLink, SkipReason, TextMessage, TextStatus
from notifications.services import notify
from notifications.texts import Text

PHONE = "13912345678"


def sent(django_capture_on_commit_callbacks, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return texts.text(*args, **kwargs)


@pytest.mark.django_db
def test_a_message_is_recorded_and_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [record] = texts.text(
            [" 139-1234-5678 "], Text("tracking", {"number": "7"}, link="/public/tickets/x/")
        )
        assert TextMessage.objects.get().status == TextStatus.QUEUED  # not before the commit
    record.refresh_from_db()
    assert (record.phone, record.status, record.backend, record.attempts) == (
        PHONE,
        TextStatus.SENT,
        "outbox",
        1,
    )
    link = ShortLink.objects.get(code=record.params["link"])
    assert link.target == "/public/tickets/x/"


@pytest.mark.django_db
def test_a_keyed_message_goes_once_and_landlines_get_none(django_capture_on_commit_callbacks):
    sent(
        django_capture_on_commit_callbacks,
        [PHONE, "0371-12345678"],
        Text("reminder", {"what": "投标截止", "date": "12月9日"}),
        key="bid:1",
    )
    assert (
        sent(
            django_capture_on_commit_callbacks,
            [PHONE],
            Text("reminder", {"what": "x", "date": "y"}),
            key="bid:1",
        )
        == []
    )
    assert TextMessage.objects.count() == 1


@pytest.mark.django_db
def test_an_opted_out_number_gets_no_notice_but_the_code_it_asked_for(
    django_capture_on_commit_callbacks,
):
    texts.opt_out(PHONE)
    [notice] = sent(
        django_capture_on_commit_callbacks, [PHONE], Text("rating", {"number": "7"}, link="/x/")
    )
    assert (notice.status, notice.skipped_because) == (TextStatus.SKIPPED, SkipReason.OPTED_OUT)
    assert "link" not in notice.params  # no page opened for a message not sent
    [code] = sent(
        django_capture_on_commit_callbacks,
        [PHONE],
        Text("code", {"code": "123456", "minutes": "5"}),
    )
    code.refresh_from_db()
    assert code.status == TextStatus.SENT
    texts.opt_in(PHONE)
    assert not texts.is_opted_out(PHONE)


@pytest.mark.django_db
def test_a_number_gets_at_most_the_days_limit(settings, django_capture_on_commit_callbacks):
    settings.SMS_PER_PHONE_PER_DAY = 2
    for number in "123":
        sent(
            django_capture_on_commit_callbacks,
            [PHONE],
            Text("tracking", {"number": number}, link="/x/"),
        )
    statuses = list(TextMessage.objects.order_by("pk").values_list("status", "skipped_because"))
    assert statuses == [
        (TextStatus.SENT, ""),
        (TextStatus.SENT, ""),
        (TextStatus.SKIPPED, SkipReason.DAILY_LIMIT),
    ]


@pytest.mark.django_db
def test_notify_texts_users_with_a_phone_and_residents(
    personas, django_capture_on_commit_callbacks
):
    leader = personas.org_leader
    leader.phone = "13700000001"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [leader, personas.community_worker],
            "投标即将截止",
            key="bid-closing:3",
            text=Text("reminder", {"what": "投标截止", "date": "12月9日"}),
            phones=[PHONE],
        )
    phones = set(TextMessage.objects.values_list("phone", flat=True))
    assert "13700000001" in phones and PHONE in phones


@pytest.mark.django_db
def test_a_short_link_opens_its_page_until_it_expires(client):
    link = texts.short_link("/public/tickets/abc/")
    assert client.get(f"/t/{link.code}")["Location"] == "/public/tickets/abc/"
    assert client.get("/t/zzzzzzzz").status_code == 404
    ShortLink.objects.filter(pk=link.pk).update(expires_at=clock.now() - timedelta(seconds=1))
    response = client.get(f"/t/{link.code}")
    assert response.status_code == 410
    assert "已过期" in response.content.decode()


@pytest.mark.django_db
def test_wrong_short_links_from_one_address_are_limited(client):
    for _ in range(30):
        client.get("/t/zzzzzzzz")
    assert client.get("/t/zzzzzzzz").status_code == 429


@pytest.mark.django_db
def test_the_outbox_page_shows_only_with_debug_on(
    client, settings, django_capture_on_commit_callbacks
):
    sent(
        django_capture_on_commit_callbacks,
        [PHONE],
        Text("code", {"code": "246810", "minutes": "5"}),
    )
    assert client.get(reverse("notifications:outbox")).status_code == 404
    settings.DEBUG = True
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "246810" in page and PHONE in page


@pytest.mark.django_db
def test_a_failed_message_is_retried_then_failed_and_no_log_line_carries_it(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "notifications.tests.test_texts.Failing"
    with caplog.at_level(logging.DEBUG):
        [record] = sent(
            django_capture_on_commit_callbacks,
            [PHONE],
            Text("code", {"code": "135790", "minutes": "5"}),
        )
    record.refresh_from_db()
    assert (record.status, record.attempts, record.params) == (TextStatus.FAILED, 5, {})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "timed out" in logged
    for secret in (PHONE, "135790", "验证码"):
        assert secret not in logged


class Failing:
    name = "failing"

    def send(self, phone, template, params):
        from lib.sms import SendError

        raise SendError("provider timed out", retryable=True)


def test_every_template_has_a_name_for_staff():
    from lib.sms.templates import TEMPLATES
    from notifications.models import TextKind

    assert set(TextKind.values) == set(TEMPLATES)
