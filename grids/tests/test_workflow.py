"""A ticket from report to closure: every step, every guard, every event."""

import pytest
from django.core.exceptions import ValidationError

from grids import services
from grids.models import Source, Ticket, TicketEvent, TicketStatus
from grids.workflow import MACHINE, STEPS
from notifications.models import Notification
from tests.factories import OrganisationFactory, UserFactory
from tests.grid_helpers import found, from_resident, photo, resolved

# Run on PostgreSQL too (CI, -m postgres): each step locks its ticket.
pytestmark = pytest.mark.postgres

S = TicketStatus


def timeline(ticket):
    return list(
        TicketEvent.objects.filter(ticket=ticket).values_list(
            "transition", "from_status", "to_status", "by__username"
        )
    )


def test_a_ticket_found_on_patrol_goes_all_the_way_and_every_step_is_logged(personas, grids):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member, photos=[photo()])
    assert ticket.status == S.REPORTED
    assert ticket.photos.get().kind == "report"
    # The community hears of it.
    assert Notification.objects.filter(user=worker, title__contains="3号楼2单元").exists()

    services.accept(ticket=ticket, by=worker)
    ticket.refresh_from_db()
    assert ticket.status == S.ACCEPTED and ticket.due_on and ticket.accepted_at
    services.assign(ticket=ticket, by=worker, organisation=personas.organisation_a1)
    services.start(ticket=ticket, by=personas.org_leader)
    services.resolve(
        ticket=ticket, by=personas.org_leader, resolution="已清理。", photo=photo("after.jpg")
    )
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED and ticket.resolved_at and ticket.rating_nonce
    assert ticket.photos.filter(kind="resolution").count() == 1
    services.close(ticket=ticket, by=worker, note="电话回访，居民满意")
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED and ticket.closed_at
    assert ticket.rating_nonce == ""  # no rating link works any more

    assert timeline(ticket) == [
        ("report", "", S.REPORTED, "grid"),
        ("accept", S.REPORTED, S.ACCEPTED, "community"),
        ("assign", S.ACCEPTED, S.ASSIGNED, "community"),
        ("start", S.ASSIGNED, S.IN_PROGRESS, "leader"),
        ("resolve", S.IN_PROGRESS, S.RESOLVED, "leader"),
        ("close", S.RESOLVED, S.CLOSED, "community"),
    ]
    # The organisation's leader heard it was given to them.
    assert Notification.objects.filter(user=personas.org_leader).exists()
    # The field-by-field history records who changed the ticket.
    assert ticket.history.first().history_user == worker


def test_rejecting_needs_a_reason_and_ends_the_ticket(personas, grids):
    ticket = from_resident(grids.a1.community, grids.hazard)
    with pytest.raises(ValidationError):
        services.reject(ticket=ticket, by=personas.community_worker, reason="  ")
    services.reject(ticket=ticket, by=personas.community_worker, reason="属物业合同纠纷，已告知")
    ticket.refresh_from_db()
    assert ticket.status == S.REJECTED
    assert ticket.rejection_reason == "属物业合同纠纷，已告知"
    with pytest.raises(ValidationError, match="不能|not possible"):
        services.accept(ticket=ticket, by=personas.community_worker)


def test_reporting_checks_the_grid_and_the_residents_contact(personas, grids, territory):
    with pytest.raises(ValidationError):
        services.report(
            community=territory.community_a2,
            grid=grids.a1,  # a grid of another community
            category=grids.hazard,
            description="x",
            location="y",
            source=Source.GRID,
            reporter=personas.grid_member,
        )
    with pytest.raises(ValidationError):
        services.report(
            community=territory.community_a1,
            category=grids.hazard,
            description="x",
            location="y",
            source=Source.RESIDENT,
            resident_name="王女士",
        )
    assert not Ticket.objects.exists()


def test_assignment_goes_to_exactly_one_assignee_within_reach(personas, grids, territory):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    with pytest.raises(ValidationError, match="不能|not possible"):
        services.assign(ticket=ticket, by=worker, user=worker)  # not accepted yet
    services.accept(ticket=ticket, by=worker)
    with pytest.raises(ValidationError):
        services.assign(ticket=ticket, by=worker)
    with pytest.raises(ValidationError):
        services.assign(ticket=ticket, by=worker, user=worker, department="城管")
    with pytest.raises(ValidationError):  # a street officer of another street
        services.assign(ticket=ticket, by=worker, user=personas.street_b_officer)
    elsewhere = OrganisationFactory(name="黄河社区志愿队", area=territory.community_c1)
    with pytest.raises(ValidationError):  # an organisation of another district
        services.assign(ticket=ticket, by=worker, organisation=elsewhere)
    services.assign(ticket=ticket, by=worker, department="城管执法中队")
    services.assign(ticket=ticket, by=worker, user=personas.street_a_officer)  # reassigned
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED
    assert ticket.assigned_user == personas.street_a_officer
    assert ticket.assigned_department == ""
    assert ticket.assignee == str(personas.street_a_officer)


def test_hold_needs_a_reason_and_resume_returns_to_where_it_was(personas, grids):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.start(ticket=ticket, by=worker)
    with pytest.raises(ValidationError):
        services.hold(ticket=ticket, by=worker, reason="")
    services.hold(ticket=ticket, by=worker, reason="等待配件到货")
    ticket.refresh_from_db()
    assert ticket.status == S.ON_HOLD and ticket.hold_started_on
    for step in ("resolve", "start", "assign", "hold"):
        assert not MACHINE.allows(ticket, step)
    with pytest.raises(ValidationError):
        services.resolve(ticket=ticket, by=worker, resolution="修好了")
    services.resume(ticket=ticket, by=worker)
    ticket.refresh_from_db()
    assert ticket.status == S.IN_PROGRESS
    assert ticket.hold_started_on is None


def test_resolving_needs_a_note_and_someone_working_on_it(personas, grids):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=worker)
    with pytest.raises(ValidationError, match="不能|not possible"):
        services.resolve(ticket=ticket, by=worker, resolution="修好了")  # nobody assigned
    services.assign(ticket=ticket, by=worker, user=worker)
    with pytest.raises(ValidationError):
        services.resolve(ticket=ticket, by=worker, resolution=" ")
    services.resolve(ticket=ticket, by=worker, resolution="修好了")  # straight from assigned
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED


def test_reopening_sends_it_back_to_its_assignee_with_a_new_deadline(personas, grids):
    worker = personas.community_worker
    ticket = resolved(found(grids.a1, grids.hazard, by=personas.grid_member), personas)
    services.close(ticket=ticket, by=worker)
    with pytest.raises(ValidationError):
        services.reopen(ticket=ticket, by=worker, reason="")
    services.reopen(ticket=ticket, by=worker, reason="居民反映杂物又堆回来了")
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED
    assert ticket.assigned_user == worker
    assert ticket.reopen_count == 1
    assert ticket.closed_at is None and ticket.resolved_at is None
    assert ticket.due_on is not None


@pytest.mark.parametrize(
    "status",
    [S.REPORTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.RESOLVED, S.CLOSED],
)
def test_only_the_steps_of_the_machine_are_possible_from_each_state(personas, grids, status):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    path = {
        S.ACCEPTED: ["accept"],
        S.ASSIGNED: ["accept", "assign"],
        S.IN_PROGRESS: ["accept", "assign", "start"],
        S.ON_HOLD: ["accept", "assign", "start", "hold"],
        S.RESOLVED: ["accept", "assign", "start", "resolve"],
        S.CLOSED: ["accept", "assign", "start", "resolve", "close"],
    }.get(status, [])
    calls = {
        "accept": lambda: services.accept(ticket=ticket, by=worker),
        "assign": lambda: services.assign(ticket=ticket, by=worker, user=worker),
        "start": lambda: services.start(ticket=ticket, by=worker),
        "hold": lambda: services.hold(ticket=ticket, by=worker, reason="等待"),
        "resolve": lambda: services.resolve(ticket=ticket, by=worker, resolution="好了"),
        "close": lambda: services.close(ticket=ticket, by=worker),
        "reject": lambda: services.reject(ticket=ticket, by=worker, reason="不是问题"),
        "resume": lambda: services.resume(ticket=ticket, by=worker),
        "reopen": lambda: services.reopen(ticket=ticket, by=worker, reason="又坏了"),
    }
    for step in path:
        calls[step]()
    ticket.refresh_from_db()
    assert ticket.status == status
    events = TicketEvent.objects.count()
    for step, rule in STEPS.items():
        if step == "escalate" or status in rule.sources:
            continue
        with pytest.raises(ValidationError):
            calls[step]()
        assert Ticket.objects.get(pk=ticket.pk).status == status
    assert TicketEvent.objects.count() == events  # a refused step leaves no trace


def test_a_grid_member_in_another_street_cannot_be_given_the_ticket(personas, grids):
    other = UserFactory(username="far", role="community_worker", area=grids.b1.community)
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    services.accept(ticket=ticket, by=personas.community_worker)
    with pytest.raises(ValidationError):
        services.assign(ticket=ticket, by=personas.community_worker, user=other)
