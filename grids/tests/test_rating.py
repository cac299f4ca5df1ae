"""The resident's verdict: a signed, single-use link to rate 1-5; a low
rating reopens the ticket; no answer in time is not satisfaction."""

import json
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from grids import services
from grids.models import Ticket, TicketEvent, TicketRating, TicketStatus
from grids.tasks import close_unanswered as close_task
from notifications.models import Notification
from tests.fixtures import on_postgres
from tests.grid_helpers import found, from_resident, resolved

# Run on PostgreSQL too (CI, -m postgres): a single-use link, two answers racing.
pytestmark = pytest.mark.postgres


@pytest.fixture
def done(personas, grids):
    """A resident's report, resolved by the community worker."""
    return resolved(from_resident(grids.a1.community, grids.hazard, grid=grids.a1), personas)


def rate_url(ticket):
    return reverse("public_tickets:rate", args=[services.rating_token(ticket)])


def test_the_resident_rates_through_the_link_and_the_ticket_closes(client, done):
    url = rate_url(done)
    page = client.get(url)
    assert page.status_code == 200
    assert "已清理杂物" in page.content.decode()  # what was done, shown before rating
    response = client.post(url, {"rating": "5", "comment": "很及时"})
    assert response.status_code == 200
    assert "已销号" in response.content.decode()
    done.refresh_from_db()
    assert (done.status, done.rating, done.rating_comment) == (TicketStatus.CLOSED, 5, "很及时")
    assert done.closed_at and done.rated_at
    event = TicketEvent.objects.get(ticket=done, transition="close")
    assert event.by is None and "5/5" in event.note
    assert TicketRating.objects.get(ticket=done).stars == 5


def test_a_used_link_does_not_work_again(client, done):
    url = rate_url(done)
    client.post(url, {"rating": "4"})
    again = client.post(url, {"rating": "1"})
    assert again.status_code == 410
    assert "已使用" in again.content.decode()
    done.refresh_from_db()
    assert done.rating == 4 and done.status == TicketStatus.CLOSED
    assert TicketRating.objects.count() == 1


def test_a_tampered_link_is_refused(client, personas, done):
    token = services.rating_token(done)
    forged = token.replace(token[5], "A" if token[5] != "A" else "B", 1)
    response = client.get(reverse("public_tickets:rate", args=[forged]))
    assert response.status_code == 404
    assert "链接无效" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.rate(token=forged, rating=5)
    assert refused.value.code == "invalid"
    # The signature covers the ticket number: pointing it at another ticket fails.
    other = resolved(from_resident(done.community, done.category), personas)
    payload, stamp, signature = token.split(":")
    data = json.loads(signing.b64_decode(payload.encode()))
    data.update(t=other.pk, n=Ticket.objects.get(pk=other.pk).rating_nonce)
    moved = signing.b64_encode(json.dumps(data, separators=(",", ":")).encode()).decode()
    with pytest.raises(ValidationError):
        services.rate(token=f"{moved}:{stamp}:{signature}", rating=5)
    # Nor is the resident's tracking link a rating link.
    with pytest.raises(ValidationError):
        services.rate(token=services.tracking_token(done), rating=5)
    for ticket in (done, other):
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.RESOLVED


def test_an_expired_link_is_refused(client, done, settings):
    url = rate_url(done)
    later = timezone.now() + timedelta(days=settings.TICKET_RATING_LINK_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        response = client.post(url, {"rating": "5"})
    assert response.status_code == 410
    assert "过期" in response.content.decode()
    done.refresh_from_db()
    assert done.status == TicketStatus.RESOLVED and done.rating is None


def test_a_low_rating_reopens_the_ticket_and_tells_the_community(client, personas, done):
    first_link = rate_url(done)
    response = client.post(first_link, {"rating": "2", "comment": "又堆回来了"})
    assert "退回社区" in response.content.decode()
    done.refresh_from_db()
    assert done.status == TicketStatus.ASSIGNED  # back to the worker it was given to
    assert done.reopen_count == 1 and done.rating == 2
    assert Notification.objects.filter(
        user=personas.community_worker, title__contains="重办"
    ).exists()
    # Resolved again: a new link; the old one no longer works.
    services.start(ticket=done, by=personas.community_worker)
    services.resolve(ticket=done, by=personas.community_worker, resolution="彻底清理并加装挡板")
    done.refresh_from_db()
    assert client.post(first_link, {"rating": "5"}).status_code == 410
    client.post(rate_url(done), {"rating": "5"})
    done.refresh_from_db()
    assert done.status == TicketStatus.CLOSED and done.rating == 5
    # Both verdicts are kept: the satisfaction rate counts each rating.
    assert list(TicketRating.objects.values_list("stars", flat=True)) == [2, 5]


def test_the_rating_form_keeps_the_comment_when_no_stars_are_chosen(client, done):
    response = client.post(rate_url(done), {"comment": "还行吧"})
    assert response.status_code == 200
    assert "还行吧" in response.content.decode()
    assert "该字段是必填项" in response.content.decode()
    done.refresh_from_db()
    assert done.status == TicketStatus.RESOLVED


def test_the_residents_follow_page_offers_the_rating_once_resolved(client, personas, grids):
    ticket = from_resident(grids.a1.community, grids.hazard)
    follow = reverse("public_tickets:status", args=[services.tracking_token(ticket)])
    assert "评价办理结果" not in client.get(follow).content.decode()
    resolved(ticket, personas)
    page = client.get(follow).content.decode()
    assert "评价办理结果" in page
    assert "已清理杂物" in page  # the resolution note is public
    assert personas.community_worker.name not in page  # the office's names are not


def test_unrated_tickets_close_as_no_answer_after_the_waiting_days(personas, grids, settings):
    ticket = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    today = timezone.localdate()
    assert services.close_unanswered(today=today + timedelta(days=6)) == 0
    assert services.close_unanswered(today=today + timedelta(days=8)) == 1
    assert services.close_unanswered(today=today + timedelta(days=9)) == 0  # once
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CLOSED and ticket.no_answer and ticket.rating is None
    with pytest.raises(ValidationError) as refused:
        services.ticket_for_rating(services.rating_token(ticket))
    assert refused.value.code == "used"


def test_the_nightly_task_closes_unanswered_tickets(personas, grids):
    ticket = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=8))
    assert close_task.delay().get() == 1
    assert close_task.delay().get() == 0


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_the_same_link_make_one_rating(personas, grids):
    ticket = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    token = services.rating_token(ticket)
    results, barrier = [], threading.Barrier(2)

    def submit(stars):
        barrier.wait()
        try:
            services.rate(token=token, rating=stars)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(s,)) for s in (5, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "used"]
    assert TicketRating.objects.filter(ticket=ticket).count() == 1
    assert (
        TicketEvent.objects.filter(ticket=ticket, transition__in=["close", "reopen"]).count() == 1
    )
