"""Grids in the admin, the portal and the public form: queues, bulk work,
jurisdiction on every list, page and export, and bad input."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grids import services
from grids.admin.tickets import TicketAdmin
from grids.models import Source, Ticket, TicketStatus
from grids.views import portal
from lib import paginators
from notifications.models import Notification
from tests.admin_forms import form_data
from tests.grid_helpers import found, from_resident, photo
from tests.spreadsheets import read_rows


def queue(client, query=""):
    response = client.get(reverse("admin:grids_ticket_changelist") + query)
    assert response.status_code == 200
    return {t.pk for t in response.context["cl"].result_list}


def test_each_account_sees_only_its_jurisdictions_tickets(personas, grids, login):
    a1 = found(grids.a1, grids.hazard, by=personas.grid_member)
    a2 = found(grids.a2, grids.hazard, by=personas.grid_member)
    b1 = from_resident(grids.b1.community, grids.hazard)
    c1 = from_resident(grids.c1.community, grids.hazard)
    assert queue(login(personas.district_officer)) == {a1.pk, a2.pk, b1.pk}
    assert queue(login(personas.street_a_officer)) == {a1.pk, a2.pk}
    assert queue(login(personas.community_worker)) == {a1.pk}
    assert queue(login(personas.outsider)) == {c1.pk}
    assert set(Ticket.objects.for_user(personas.grid_member)) == {a1}
    assert not Ticket.objects.for_user(personas.reviewer).exists()
    # Another street's ticket opened by its address: not found, nor its steps.
    client = login(personas.street_b_officer)
    assert client.get(reverse("admin:grids_ticket_change", args=[a1.pk])).status_code == 404
    step = reverse("admin:grids_ticket_step", args=[a1.pk, "accept"])
    assert client.post(step).status_code == 404
    assert client.get(reverse("grids:ticket", args=[a1.pk])).status_code == 404
    a1.refresh_from_db()
    assert a1.status == TicketStatus.REPORTED


def test_an_organisation_sees_what_it_reported_and_what_it_was_given(personas, grids, login):
    theirs = services.report(
        community=grids.a1.community,
        grid=grids.a1,
        category=grids.hazard,
        description="井盖松动",
        location="东门",
        source=Source.ORGANISATION,
        reporter=personas.org_leader,
        reporter_organisation=personas.organisation_a1,
    )
    given = from_resident(grids.a2.community, grids.hazard)
    services.accept(ticket=given, by=personas.street_a_officer)
    services.assign(
        ticket=given, by=personas.street_a_officer, organisation=personas.organisation_a1
    )
    from_resident(grids.a1.community, grids.dispute)  # neither: not theirs to see
    assert set(Ticket.objects.for_user(personas.org_leader)) == {theirs, given}
    page = login(personas.org_leader).get(reverse("grids:index"))
    assert {t.pk for t in page.context["page"]} == {theirs.pk, given.pk}


def test_the_queue_filters_overdue_and_the_worker_moves_a_ticket_on(personas, grids, login):
    client = login(personas.community_worker)
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    late = found(grids.a1, grids.dispute, by=personas.grid_member)
    services.accept(ticket=late, by=personas.community_worker)
    Ticket.objects.filter(pk=late.pk).update(due_on="2026-01-05")
    assert queue(client, "?overdue=yes") == {late.pk}
    assert queue(client, "?status__exact=reported") == {ticket.pk}

    page = client.get(reverse("admin:grids_ticket_change", args=[ticket.pk]))
    assert "受理" in page.content.decode()
    client.post(reverse("admin:grids_ticket_step", args=[ticket.pk, "accept"]))
    client.post(
        reverse("admin:grids_ticket_step", args=[ticket.pk, "assign"]),
        {"department": "城管执法中队"},
    )
    response = client.post(
        reverse("admin:grids_ticket_step", args=[ticket.pk, "resolve"]),
        {"note": "", "photo": ""},
        follow=True,
    )
    assert "请填写办理结果" in response.content.decode()  # refused, said why
    client.post(
        reverse("admin:grids_ticket_step", args=[ticket.pk, "resolve"]),
        {"note": "城管已清理", "photo": photo()},
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    assert ticket.assigned_department == "城管执法中队"
    assert ticket.photos.filter(kind="resolution").exists()
    page = client.get(reverse("admin:grids_ticket_change", args=[ticket.pk])).content.decode()
    assert "/public/tickets/rate/" in page  # the link to send the resident
    assert "办理记录" in page and "城管已清理" in page  # the timeline, for whoever sees it
    assert 'value="销号"' in page  # the step that closes a ticket, in the officers' word

    # Done with: off the default queue, still under "all" and by its status.
    services.close(ticket=ticket, by=personas.community_worker)
    assert ticket.pk not in queue(client)
    assert ticket.pk in queue(client, "?queue=all")
    assert ticket.pk in queue(client, "?status__exact=closed")


def test_a_photo_that_is_not_an_image_is_refused_with_the_reason(personas, grids, login):
    client = login(personas.community_worker)
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=personas.community_worker)
    services.assign(ticket=ticket, by=personas.community_worker, department="物业")
    fake = SimpleUploadedFile("evil.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(
        reverse("admin:grids_ticket_step", args=[ticket.pk, "resolve"]),
        {"note": "好了", "photo": fake},
        follow=True,
    )
    assert "图片" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ASSIGNED


def test_bulk_accept_and_assign_touch_only_what_they_may(personas, grids, login):
    client = login(personas.street_a_officer)
    tickets = [found(grids.a1, grids.hazard, by=personas.grid_member) for _ in range(3)]
    changelist = reverse("admin:grids_ticket_changelist")
    pks = [t.pk for t in tickets]
    client.post(changelist, {"action": "accept_selected", "_selected_action": pks})
    assert set(Ticket.objects.values_list("status", flat=True)) == {TicketStatus.ACCEPTED}
    form = client.post(changelist, {"action": "assign_selected", "_selected_action": pks})
    assert "派发问题" in form.content.decode()
    client.post(
        changelist,
        {
            "action": "assign_selected",
            "_selected_action": pks,
            "confirm": "1",
            "organisation": personas.organisation_a1.pk,
        },
    )
    assert set(Ticket.objects.values_list("assigned_organisation", flat=True)) == {
        personas.organisation_a1.pk
    }
    # Someone else's organisation is not among the choices.
    refused = client.post(
        changelist,
        {
            "action": "assign_selected",
            "_selected_action": pks,
            "confirm": "1",
            "organisation": personas.organisation_b1.pk,  # street B's
        },
    )
    assert refused.status_code == 200  # the form again, with its error
    assert set(Ticket.objects.values_list("assigned_organisation", flat=True)) == {
        personas.organisation_a1.pk
    }


def test_the_ticket_register_export_is_scoped_and_masks_phones(personas, grids, login):
    mine = from_resident(grids.a1.community, grids.hazard)
    from_resident(grids.b1.community, grids.hazard)
    from_resident(grids.c1.community, grids.hazard)

    def export(user):
        response = login(user).get(reverse("admin:grids_ticket_export"))
        assert response.status_code == 200
        return read_rows(b"".join(response.streaming_content))

    worker_rows = export(personas.community_worker)
    assert [r[0] for r in worker_rows[1:]] == [mine.pk]
    phone_column = worker_rows[0].index("群众电话")
    assert worker_rows[1][phone_column] == "13903710001"  # the community calls back
    district_rows = export(personas.district_officer)
    assert len(district_rows) == 3
    assert {r[phone_column] for r in district_rows[1:]} == {"139****0001"}


def test_a_grid_member_reports_from_the_portal_and_follows_it(personas, grids, login):
    client = login(personas.grid_member)
    form = client.get(reverse("grids:report"))
    grid_field = form.context["form"].fields["grid"]
    assert set(grid_field.queryset) == {grids.a1}  # the grids they patrol
    response = client.post(
        reverse("grids:report"),
        {
            "grid": grids.a1.pk,
            "category": grids.hazard.pk,
            "description": "电动车飞线充电",
            "location": "5号楼",
            "latitude": "34.85",
            "longitude": "113.61",
            "photos": [photo("a.jpg"), photo("b.jpg")],
        },
    )
    ticket = Ticket.objects.get()
    assert response.url == reverse("grids:ticket", args=[ticket.pk])
    assert (ticket.source, ticket.reporter, ticket.community) == (
        Source.GRID,
        personas.grid_member,
        grids.a1.community,
    )
    assert ticket.photos.count() == 2
    page = client.get(reverse("grids:index")).content.decode()
    assert "5号楼" in page and "第一网格" in page


def test_the_portal_form_keeps_what_was_typed_and_refuses_other_grids(personas, grids, login):
    client = login(personas.grid_member)
    response = client.post(
        reverse("grids:report"),
        {"grid": grids.b1.pk, "category": grids.hazard.pk, "description": "楼道堆物"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "楼道堆物" in html
    assert response.context["form"].errors.keys() >= {"grid", "location"}
    response = client.post(
        reverse("grids:report"),
        {
            "grid": grids.a1.pk,
            "category": grids.hazard.pk,
            "description": "楼道堆物",
            "location": "1号楼",
            "latitude": "34.85",
        },
    )
    assert "同时填写" in response.content.decode()
    too_many = [photo(f"{n}.jpg") for n in range(5)]
    response = client.post(
        reverse("grids:report"),
        {
            "grid": grids.a1.pk,
            "category": grids.hazard.pk,
            "description": "楼道堆物",
            "location": "1号楼",
            "photos": too_many,
        },
    )
    assert "最多上传 4 张照片" in response.content.decode()
    assert not Ticket.objects.exists()
    assert login(personas.reviewer).get(reverse("grids:report")).status_code == 403


def test_the_organisation_works_a_ticket_given_to_it_from_the_portal(personas, grids, login):
    ticket = from_resident(grids.a1.community, grids.hazard)
    services.accept(ticket=ticket, by=personas.community_worker)
    services.assign(
        ticket=ticket, by=personas.community_worker, organisation=personas.organisation_a1
    )
    leader = login(personas.org_leader)
    page = leader.get(reverse("grids:ticket", args=[ticket.pk]))
    assert page.context["can_start"]
    # Given the ticket, the organisation still reaches the resident through the platform.
    shown = page.content.decode()
    assert "13903710001" not in shown and "王女士" not in shown
    assert "139****0001" in shown and "王**" in shown
    leader.post(reverse("grids:step", args=[ticket.pk, "start"]))
    leader.post(reverse("grids:step", args=[ticket.pk, "resolve"]), {"resolution": ""})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS  # no resolution note, no resolution
    leader.post(
        reverse("grids:step", args=[ticket.pk, "resolve"]),
        {"resolution": "志愿者协助清理", "photo": photo()},
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    # The grid member may follow it, but it is not theirs to resolve.
    member = login(personas.grid_member)
    page = member.get(reverse("grids:ticket", args=[ticket.pk]))
    assert page.status_code == 200 and not page.context["can_resolve"]
    assert page.context["resident_phone"] == "139****0001"  # in no grid of theirs
    assert member.post(reverse("grids:step", args=[ticket.pk, "hold"])).status_code == 403


def test_a_resident_reports_without_an_account(client, grids):
    cache.clear()
    response = client.post(
        reverse("public_tickets:form"),
        {
            "community": grids.a1.community.pk,
            "category": grids.hazard.pk,
            "description": "路灯坏了",
            "location": "小区东门",
            "resident_name": "王女士",
            "resident_phone": "139 0371 0001",
            "photos": [photo()],
        },
    )
    ticket = Ticket.objects.get()
    assert response.url == reverse("public_tickets:status", args=[services.tracking_token(ticket)])
    assert (ticket.source, ticket.resident_phone, ticket.grid) == (
        Source.RESIDENT,
        "13903710001",
        None,
    )
    page = client.get(response.url).content.decode()
    assert "路灯坏了" in page and "已上报" in page
    assert "已上报 → 已上报" not in page  # the report is one step, not a move to itself
    forged = client.get(reverse("public_tickets:status", args=["abc:def"]))
    assert forged.status_code == 404


def test_the_public_form_keeps_what_was_typed_and_refuses_robots_and_floods(client, grids):
    cache.clear()
    data = {
        "community": grids.a1.community.pk,
        "category": grids.hazard.pk,
        "description": "路灯坏了",
        "location": "小区东门",
        "resident_name": "王女士",
        "resident_phone": "12345",
    }
    response = client.post(reverse("public_tickets:form"), data)
    assert response.status_code == 200
    assert "路灯坏了" in response.content.decode()
    assert "resident_phone" in response.context["form"].errors
    client.post(
        reverse("public_tickets:form"),
        {**data, "resident_phone": "13903710001", "website": "http://spam"},
    )
    assert not Ticket.objects.exists()  # the honeypot was filled in
    for _ in range(10):
        client.post(reverse("public_tickets:form"), {**data, "resident_phone": "13903710001"})
    assert Ticket.objects.count() == 10
    flood = client.post(reverse("public_tickets:form"), {**data, "resident_phone": "13903710001"})
    assert "提交次数过多" in flood.content.decode()
    assert Ticket.objects.count() == 10


def test_the_grid_admin_keeps_grids_in_their_community(personas, grids, login):
    client = login(personas.community_worker)
    changelist = client.get(reverse("admin:grids_grid_changelist"))
    assert {g.pk for g in changelist.context["cl"].result_list} == {grids.a1.pk, grids.a1_second.pk}
    assert client.get(reverse("admin:grids_grid_change", args=[grids.b1.pk])).status_code == 404
    page = client.get(reverse("admin:grids_grid_change", args=[grids.a1.pk]))
    data = form_data(page)
    data["households"] = "420"
    response = client.post(reverse("admin:grids_grid_change", args=[grids.a1.pk]), data)
    assert response.status_code == 302
    grids.a1.refresh_from_db()
    assert grids.a1.households == 420


def _links(response, rel):
    """The href of the page's link with this rel (next / prev), or None."""
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.text)
    return found and found.group(1).replace("&amp;", "&")


def test_the_portal_pages_tickets_by_next_and_previous_links(personas, grids, login, monkeypatch):
    """Thirty a page in the queue's order (due first, undated last): "Next"
    walks every ticket once, "Previous" walks back (no page numbers: nothing
    counts the tickets)."""
    monkeypatch.setattr(portal, "PAGE_SIZE", 2)
    tickets = [from_resident(grids.a1.community, grids.hazard) for _ in range(5)]
    for ticket, due in zip(tickets[:3], ["2026-03-02", "2026-03-01", "2026-03-02"], strict=True):
        services.accept(ticket=ticket, by=personas.street_a_officer)
        Ticket.objects.filter(pk=ticket.pk).update(due_on=due)
    order = [tickets[1].pk, tickets[2].pk, tickets[0].pk, tickets[4].pk, tickets[3].pk]
    client = login(personas.street_a_officer)
    response = client.get(reverse("grids:index"))
    assert _links(response, "prev") is None
    pages = [[t.pk for t in response.context["page"]]]
    while next_link := _links(response, "next"):
        response = client.get(reverse("grids:index") + next_link)
        pages.append([t.pk for t in response.context["page"]])
    assert pages == [order[0:2], order[2:4], order[4:]]
    back = []
    while previous := _links(response, "prev"):
        response = client.get(reverse("grids:index") + previous)
        back.append([t.pk for t in response.context["page"]])
    assert back == [order[2:4], order[0:2]]


def test_a_deep_admin_page_read_by_its_ids_first_shows_the_same_tickets(
    personas, grids, login, monkeypatch
):
    for _ in range(5):
        from_resident(grids.a1.community, grids.hazard)
    client = login(personas.street_a_officer)
    monkeypatch.setattr(TicketAdmin, "list_per_page", 2)
    pages = [queue(client, f"?queue=all&p={n}") for n in (1, 2, 3)]
    monkeypatch.setattr(paginators, "IDS_FIRST_FROM", 1)
    assert [queue(client, f"?queue=all&p={n}") for n in (1, 2, 3)] == pages
    assert set().union(*pages) == set(Ticket.objects.values_list("pk", flat=True))


def test_the_queue_is_searched_by_number_or_the_start_of_the_place(personas, grids, login):
    """A number (with or without #) finds that ticket; other words, the tickets
    whose place starts with them (on an index, not a scan of every
    description)."""
    patrol = found(grids.a1, grids.hazard, by=personas.grid_member)  # 3号楼2单元
    resident = from_resident(grids.a1.community, grids.hazard)  # 小区东门
    client = login(personas.street_a_officer)
    assert queue(client, "?q=3号楼") == {patrol.pk}
    assert queue(client, "?q=小区") == {resident.pk}
    assert queue(client, "?q=东门") == set()  # inside the place: no longer found
    assert queue(client, f"?q=%23{resident.pk}") == {resident.pk}
    assert queue(client, f"?q={patrol.pk}") == {patrol.pk}


def test_a_view_only_admin_page_says_close_where_django_means_close(personas, grids, login):
    # Django's "Close" leaves a page that cannot be edited; the ticket step
    # "Close" (销号) is another word in another context.
    client = login(personas.street_a_officer)  # sees the ticket categories, may not change them
    change = reverse("admin:grids_ticketcategory_change", args=[grids.hazard.pk])
    page = client.get(change).content.decode()
    assert 'class="closelink">关闭</a>' in page
    assert "销号" not in page


def test_each_ticket_notice_links_to_a_page_its_recipient_can_open(personas, grids, client):
    """The community worker works the queue in the admin; the leader whose
    organisation is given the ticket has no admin, and opens it in the portal."""
    worker, leader = personas.community_worker, personas.org_leader
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, organisation=personas.organisation_a1)
    for user in (worker, leader):
        note = Notification.objects.filter(user=user).latest("created_at")
        client.force_login(user)
        response = client.get(note.link)
        assert response.status_code == 200, (user.role, note.link)
        assert f"#{ticket.pk}" in response.content.decode()
    assert Notification.objects.get(user=leader).link == reverse("grids:ticket", args=[ticket.pk])


@pytest.mark.parametrize("reader", ["community_worker", "platform_admin"])
def test_a_tickets_admin_page_costs_the_same_queries_however_long_its_history(
    personas, grids, login, reader
):
    """Each event's account is checked once per page (the read-only links
    lead only where the reader may go), not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    worker = personas.community_worker
    client = login(getattr(personas, reader))

    def queries_for(ticket):
        url = reverse("admin:grids_ticket_change", args=[ticket.pk])
        client.get(url)  # warm the session and the caches
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    short = found(grids.a1, grids.hazard, by=personas.grid_member)
    long = found(grids.a1, grids.hazard, by=personas.grid_member)
    for ticket in (short, long):  # the same state, the same form
        services.accept(ticket=ticket, by=worker)
        services.assign(ticket=ticket, by=worker, user=worker)
    for _ in range(4):  # four more events by the same account
        services.hold(ticket=long, reason="等待配件", by=worker)
        services.resume(ticket=long, by=worker)
    assert queries_for(long) == queries_for(short)
