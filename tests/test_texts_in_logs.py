"""No phone number, sign-in code or message text in a log line or in the
address of a request (what the access log writes), through the flows that
send texts: a resident reports through the public form, the ticket is
resolved, the resident follows the short link and rates; a leader is
reminded of a deadline; a sign-in code is sent. The short link's address
(/t/<code>) may be logged: its code is neither a phone nor a sign-in code."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from grids import services
from grids.models import Ticket
from lib.sms.templates import render
from notifications import texts
from notifications.models import TextMessage, TextStatus
from notifications.texts import Text
from projects.models import Project
from projects.tasks import remind_deadlines
from tests.project_helpers import bid

RESIDENT = "13903710001"
LEADER = "13700000001"
CODE = "246810"


def test_the_text_flows_log_no_phone_code_or_text(
    client, caplog, grids, personas, world, settings, django_capture_on_commit_callbacks
):
    cache.clear()
    capture = django_capture_on_commit_callbacks
    addresses = []

    def asked(response):
        for url, _status in response.redirect_chain:
            addresses.append(url)
        addresses.append(response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"])
        return response

    with caplog.at_level(logging.DEBUG):
        with capture(execute=True):
            asked(
                client.post(
                    reverse("public_tickets:form"),
                    {
                        "community": grids.a1.community.pk,
                        "category": grids.hazard.pk,
                        "description": "路灯坏了",
                        "location": "小区东门",
                        "resident_name": "王女士",
                        "resident_phone": "139 0371 0001",
                    },
                    follow=True,
                )
            )
        ticket = Ticket.objects.get()
        worker = personas.community_worker
        with capture(execute=True):
            services.accept(ticket=ticket, by=worker)
            services.assign(ticket=ticket, by=worker, user=worker)
            services.start(ticket=ticket, by=worker)
            services.resolve(ticket=ticket, by=worker, resolution="已修好")
        rating = TextMessage.objects.get(template="rating")
        page = asked(client.get(f"/t/{rating.params['link']}", follow=True))
        assert page.status_code == 200
        rate_url = page.redirect_chain[-1][0]
        asked(client.post(rate_url, {"rating": "5", "comment": "很好"}, follow=True))

        settings.BID_REMINDER_DAYS = 2
        leader = personas.org_leader
        leader.phone = LEADER
        leader.save()
        bid(world.project, world.bidder_a, leader)
        Project.objects.filter(pk=world.project.pk).update(
            bids_close_at=timezone.now() + timedelta(days=1)
        )
        with capture(execute=True):
            remind_deadlines()
            texts.text([RESIDENT], Text("code", {"code": CODE, "minutes": "5"}))

    sent = TextMessage.objects.filter(status=TextStatus.SENT)
    assert set(sent.values_list("template", flat=True)) == {
        "tracking",
        "rating",
        "reminder",
        "code",
    }
    ticket.refresh_from_db()
    assert ticket.rating == 5
    words = [render(m.template, m.params) for m in sent]
    secrets = [RESIDENT, LEADER, "139 0371 0001", CODE, *words]
    logged = [
        "\n".join(
            [record.getMessage(), str(record.args), record.exc_text or "", str(record.__dict__)]
        )
        for record in caplog.records
    ]
    assert any("send_text" in line for line in logged)  # the tasks did log
    leaks = [(s, line) for s in secrets for line in [*logged, *addresses] if s in line]
    assert leaks == []
