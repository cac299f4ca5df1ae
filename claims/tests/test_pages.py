"""The claims' pages: a department's (/claims/), the claimant's by phone
(/me/claims/), the community worker's steps in the admin, and the tickets
assigned to a department on the grids portal."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimStatus, DepartmentOffer
from grids import services as tickets
from grids.models import Ticket, TicketStatus
from lib import clock
from notifications.models import Notification
from projects.models import Need, NeedStatus
from projects.services import needs as need_services
from residents.session import SESSION_KEY
from tests.factories import PersonFactory
from tests.grid_helpers import from_resident

PHONE = "13903715501"


@pytest.fixture
def need(personas, territory):
    return need_services.post_need(
        community=territory.community_a1,
        by=personas.community_worker,
        title="独居老人王奶奶想要一台收音机",
        description="联系人电话13903719999",
        requester_name="王秀英",
        requester_phone="13903719999",
    )


@pytest.fixture
def as_phone(client):
    def sign_in(phone):
        session = client.session
        session[SESSION_KEY] = phone
        session.save()
        return client

    return sign_in


def test_a_party_member_claims_a_wish_on_the_phone_page_and_the_community_confirms(
    personas, territory, need, as_phone, login
):
    PersonFactory(
        name="刘建军", phone=PHONE, community=territory.community_a1, is_party_member=True
    )
    client = as_phone(PHONE)
    page = client.get("/me/claims/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "独居老人王奶奶想要一台收音机" in body
    assert "13903719999" not in body and "王秀英" not in body  # the asker's own data stays theirs
    client.post(f"/me/claims/needs/{need.pk}/claim/", {"plan": "周六上门送收音机", "as_unit": "0"})
    claim = Claim.objects.get(need=need)
    assert claim.claimant_name == "刘建军"
    assert Notification.objects.filter(user=personas.community_worker).exists()

    worker = login(personas.community_worker)
    change = reverse("admin:claims_claim_change", args=[claim.pk])
    page = worker.get(change)
    assert page.status_code == 200
    # Refusing and withdrawing both ask for a reason: each box is its own
    # step's, under its own heading (issue 24's trial found them misread).
    html = page.content.decode()
    assert 'id="id_refuse_reason"' in html and 'id="id_withdraw_reason"' in html
    assert 'id="id_reason"' not in html
    worker.post(reverse("admin:claims_claim_step", args=[claim.pk, "confirm"]))
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CONFIRMED

    client = as_phone(PHONE)
    mine = client.get("/me/claims/").content.decode()
    assert "周六上门送收音机" in mine and "fulfil" in mine  # the step open to the claimant
    client.post(
        f"/me/claims/{claim.pk}/fulfil/", {"note": "收音机已送到", "on": clock.today().isoformat()}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.FULFILLED
    assert Need.objects.get(pk=need.pk).status == NeedStatus.FULFILLED


def test_a_refusal_without_a_reason_changes_nothing(personas, need, departments, login):
    from claims import services

    claim = services.claim_as_department(
        need_id=need.pk, user=departments.youth_account, plan="团员上门"
    )
    worker = login(personas.community_worker)
    worker.post(reverse("admin:claims_claim_step", args=[claim.pk, "refuse"]), {"reason": ""})
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CLAIMED
    outsider = login(personas.street_b_officer)
    step = reverse("admin:claims_claim_step", args=[claim.pk, "confirm"])
    assert outsider.post(step).status_code == 404
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.CLAIMED


def test_another_phone_cannot_touch_my_claim(need, departments, as_phone):
    from claims import services

    claim = services.claim_as_resident(
        need_id=need.pk, phone=PHONE, plan="送", as_unit=False, name="陈立"
    )
    response = as_phone("13903715555").post(
        f"/me/claims/{claim.pk}/withdraw/", {"reason": "不想了"}
    )
    assert response.status_code == 404
    assert Claim.objects.get(pk=claim.pk).is_live


def test_a_department_claims_and_offers_on_its_page(need, departments, login):
    client = login(departments.youth_account)
    page = client.get("/claims/")
    assert page.status_code == 200
    assert "独居老人王奶奶想要一台收音机" in page.content.decode()
    assert "13903719999" not in page.content.decode()
    client.post(f"/claims/needs/{need.pk}/claim/", {"plan": "团员志愿者送上门"})
    assert Claim.objects.get(need=need).department == departments.youth_league
    assert "团员志愿者送上门" in client.get("/claims/").content.decode()
    client.post("/claims/offers/", {"title": "青少年暑期托管", "capacity": "每年1期"})
    assert DepartmentOffer.objects.get().department == departments.youth_league
    client.post("/claims/offers/", {"title": ""})  # refused, clearly, and nothing saved
    assert DepartmentOffer.objects.count() == 1
    # District B's department sees none of it.
    other = login(departments.culture_b_account)
    assert "独居老人王奶奶想要一台收音机" not in other.get("/claims/").content.decode()
    assert other.post(f"/claims/needs/{need.pk}/claim/", {"plan": "x"}).status_code == 404


def test_staff_are_not_departments(personas, login):
    assert login(personas.community_worker).get("/claims/").status_code == 403


def test_a_department_handles_a_ticket_assigned_to_it_and_sees_no_other(
    personas, grids, departments, login
):
    given = from_resident(grids.a1.community, grids.hazard)
    other = from_resident(grids.a1.community, grids.dispute)
    tickets.accept(ticket=given, by=personas.community_worker)
    tickets.assign(
        ticket=given, by=personas.community_worker, department_on_platform=departments.youth_league
    )
    assert Notification.objects.filter(user=departments.youth_account).exists()
    assert set(Ticket.objects.for_user(departments.youth_account)) == {given}

    client = login(departments.youth_account)
    listed = client.get(reverse("grids:index"), {"show": "todo"})
    assert {t.pk for t in listed.context["page"]} == {given.pk}
    assert client.get(reverse("grids:ticket", args=[other.pk])).status_code == 404
    client.post(reverse("grids:step", args=[given.pk, "start"]))
    client.post(
        reverse("grids:step", args=[given.pk, "resolve"]), {"resolution": "团员志愿者已修好"}
    )
    given.refresh_from_db()
    assert given.status == TicketStatus.RESOLVED
    # Another district's department gets nothing of it.
    outsider = login(departments.culture_b_account)
    assert outsider.get(reverse("grids:ticket", args=[given.pk])).status_code == 404


def test_a_ticket_goes_only_to_a_department_serving_its_community(personas, grids, departments):
    from django.core.exceptions import ValidationError

    ticket = from_resident(grids.a1.community, grids.hazard)
    tickets.accept(ticket=ticket, by=personas.community_worker)
    with pytest.raises(ValidationError):
        tickets.assign(
            ticket=ticket,
            by=personas.community_worker,
            department_on_platform=departments.culture_b,
        )
    assert Ticket.objects.get(pk=ticket.pk).department_id is None


def test_the_admin_assign_step_offers_the_departments_of_the_area(
    personas, grids, departments, login
):
    ticket = from_resident(grids.a1.community, grids.hazard)
    tickets.accept(ticket=ticket, by=personas.community_worker)
    client = login(personas.community_worker)
    page = client.get(reverse("admin:grids_ticket_change", args=[ticket.pk]))
    choices = page.context["assign_form"].fields["department_on_platform"].queryset
    assert list(choices) == [departments.youth_league]
    client.post(
        reverse("admin:grids_ticket_step", args=[ticket.pk, "assign"]),
        {"department_on_platform": departments.youth_league.pk},
    )
    assert Ticket.objects.get(pk=ticket.pk).department == departments.youth_league


def test_the_workbench_says_what_waits_for_the_community_and_the_department(
    personas, need, departments
):
    from claims import services
    from lib import todos

    claim = services.claim_as_department(
        need_id=need.pk, user=departments.youth_account, plan="团员上门"
    )
    (waiting,) = [t for t in todos.gather(personas.community_worker) if t.key == "claims.confirm"]
    assert waiting.count == 1
    assert waiting.url == reverse("admin:claims_claim_change", args=[claim.pk])
    services.confirm(claim=claim, by=personas.community_worker)
    (to_fulfil,) = [t for t in todos.gather(departments.youth_account) if t.key == "claims.fulfil"]
    assert to_fulfil.count == 1
