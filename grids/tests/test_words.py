"""The words officers and residents read on grid pages: a ticket's category
is a kind of problem (问题类别), never an organisation's category, and the
resident attaches photos of the problem, not activity photos."""

from django.urls import reverse

from grids import services
from tests.grid_helpers import found


def content(page) -> str:
    """The page without the admin's menu (which lists 组织类别 as the model it is)."""
    return page.content.decode().split('id="content"')[1]


def test_the_ticket_queue_and_its_filter_name_the_problem_category(personas, grids, login):
    found(grids.a1, grids.hazard, by=personas.grid_member)
    page = login(personas.street_a_officer).get(reverse("admin:grids_ticket_changelist"))
    html = content(page)
    # The column, and the filter's heading, both read from the field's own name.
    assert html.count("问题类别") >= 2
    assert "组织类别" not in html


def test_the_ticket_form_names_the_problem_category_and_the_step_it_moved_to(
    personas, grids, login
):
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=personas.street_a_officer)
    page = login(personas.street_a_officer).get(
        reverse("admin:grids_ticket_change", args=[ticket.pk])
    )
    html = content(page)
    assert "问题类别" in html and "组织类别" not in html
    # The history of steps: from which status to which, not "to whom".
    assert "新状态" in html and "接收人" not in html


def test_the_residents_form_asks_for_photos_of_the_problem(client, grids):
    html = client.get(reverse("public_tickets:form")).content.decode()
    assert "现场照片" in html
    assert "活动照片" not in html


def test_the_assign_step_offers_an_organisation_to_handle_it(personas, grids, login):
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=personas.community_worker)
    page = login(personas.community_worker).get(
        reverse("admin:grids_ticket_change", args=[ticket.pk])
    )
    html = content(page)
    assert 'name="organisation"' in html  # the assign form is on the page
    assert "承办组织" in html and "所属组织" not in html
