"""Texts to the resident: the tracking link when they report, the rating
link when the ticket is resolved (a new one each resolution); the worker's
ticket page says whether the rating link went by text message, and the
to-do counts only the tickets whose link must go by hand."""

import pytest
from django.urls import reverse

from grids import services
from grids.models import Source
from grids.services.reporting import send_tracking_text
from grids.todos import community
from lib import clock
from notifications import texts
from notifications.models import ShortLink, SkipReason, TextMessage, TextStatus
from tests.grid_helpers import found, from_resident, resolved

PHONE = "13903710001"  # tests.grid_helpers.from_resident's
RATE = "/public/tickets/rate/"  # the start of a rating link


def reported(grids, capture, **extra):
    with capture(execute=True):
        return from_resident(grids.a1.community, grids.hazard, grid=grids.a1, **extra)


def resolved_now(ticket, personas, capture):
    with capture(execute=True):
        return resolved(ticket, personas)


@pytest.mark.django_db
def test_a_residents_report_texts_the_tracking_link_once(grids, django_capture_on_commit_callbacks):
    ticket = reported(grids, django_capture_on_commit_callbacks)
    message = TextMessage.objects.get()
    assert (message.phone, message.template, message.key, message.status) == (
        PHONE,
        "tracking",
        f"ticket-tracking:{ticket.pk}",
        TextStatus.SENT,  # through the outbox, after the commit
    )
    assert message.params["number"] == str(ticket.pk)
    link = ShortLink.objects.get(code=message.params["link"])
    assert link.target == reverse("public_tickets:status", args=[services.tracking_token(ticket)])
    with django_capture_on_commit_callbacks(execute=True):  # again: the key holds it
        send_tracking_text(ticket)
    assert TextMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_patrol_report_texts_nobody(grids, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        found(grids.a1, grids.hazard, by=personas.grid_member)
    assert not TextMessage.objects.exists()


@pytest.mark.django_db
def test_an_opted_out_resident_gets_no_tracking_text(grids, django_capture_on_commit_callbacks):
    texts.opt_out(PHONE)
    reported(grids, django_capture_on_commit_callbacks)
    message = TextMessage.objects.get()
    assert (message.status, message.skipped_because) == (
        TextStatus.SKIPPED,
        SkipReason.OPTED_OUT,
    )
    assert "link" not in message.params and not ShortLink.objects.exists()


@pytest.mark.django_db
def test_resolving_texts_the_rating_link_and_again_after_a_reopening(
    grids, personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket = resolved_now(reported(grids, capture), personas, capture)
    first = TextMessage.objects.get(template="rating")
    assert first.key == f"ticket-rating:{ticket.pk}:{ticket.rating_nonce}"
    assert first.params["number"] == str(ticket.pk) and first.status == TextStatus.SENT
    target = ShortLink.objects.get(code=first.params["link"]).target
    assert target == reverse("public_tickets:rate", args=[services.rating_token(ticket)])
    worker = personas.community_worker
    with capture(execute=True):
        services.reopen(ticket=ticket, by=worker, reason="居民反映灯又坏了")
        services.start(ticket=ticket, by=worker)
        ticket = services.resolve(ticket=ticket, by=worker, resolution="已更换灯泡")
    second = TextMessage.objects.filter(template="rating").exclude(pk=first.pk).get()
    assert second.key == f"ticket-rating:{ticket.pk}:{ticket.rating_nonce}" != first.key
    assert ShortLink.objects.get(code=second.params["link"]).target == reverse(
        "public_tickets:rate", args=[services.rating_token(ticket)]
    )


@pytest.mark.django_db
def test_a_resolved_patrol_ticket_texts_nobody(grids, personas, django_capture_on_commit_callbacks):
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    resolved_now(ticket, personas, django_capture_on_commit_callbacks)
    assert not TextMessage.objects.exists()


def ticket_page(client, personas, ticket) -> str:
    client.force_login(personas.community_worker)
    response = client.get(reverse("admin:grids_ticket_change", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_worker_sees_the_rating_text_was_sent_and_no_link_to_send(
    client, grids, personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket = resolved_now(reported(grids, capture), personas, capture)
    page = ticket_page(client, personas, ticket)
    assert "已短信发送（已发送）" in page
    assert RATE not in page
    assert [t.key for t in community(personas.community_worker, clock.today())] == [
        "grids.accept",
        "grids.rating",
    ]
    assert community(personas.community_worker, clock.today())[1].count == 0


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["no mobile", "opted out", "failed"])
def test_the_worker_sends_the_link_by_hand_when_the_text_could_not_go(
    how, client, grids, personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ticket = reported(grids, capture)
    if how == "no mobile":
        ticket.resident_phone = "0371-66661234"
        ticket.save()
    if how == "opted out":
        texts.opt_out(PHONE)
    ticket = resolved_now(ticket, personas, capture)
    if how == "failed":
        TextMessage.objects.filter(template="rating").update(status=TextStatus.FAILED)
    page = ticket_page(client, personas, ticket)
    # (The token itself carries the second it was signed: the page's is its own.)
    assert RATE in page
    assert {
        "no mobile": "没有发送短信（无手机号码）",
        "opted out": "退订",
        "failed": "短信发送失败",
    }[how] in page
    [_accept, rating] = community(personas.community_worker, clock.today())
    assert rating.count == 1


@pytest.mark.django_db
def test_the_todo_counts_only_the_tickets_whose_link_goes_by_hand(
    grids, personas, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    texted = resolved_now(reported(grids, capture), personas, capture)
    by_hand = resolved_now(
        found(grids.a1, grids.hazard, by=personas.grid_member), personas, capture
    )
    assert texted.source == Source.RESIDENT
    rating = community(personas.community_worker, clock.today())[1]
    assert rating.count == 1
    assert rating.url == reverse("admin:grids_ticket_change", args=[by_hand.pk])
