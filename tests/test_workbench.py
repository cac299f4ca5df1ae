"""The workbench (待办, lib/todos.py): what `/` shows each role, with counts and
links that role can open, most urgent first; an item leaves once its work is
done through the service; a small fixed number of queries per role."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from assessments.models import Interview, InterviewKind, RollupKind, RollupRun
from assessments.services import scores
from grids import services as tickets
from grids.models import EscalationLevel, Ticket
from incubators.models import Fund, Task, TaskList
from incubators.services import checklists
from lib import clock, todos
from lib.periods import Month
from orgs.services import filing
from projects.models import ActivityReport, Round
from projects.services import delivery, needs, review, tenders
from tests.assessment_helpers import admit, points_for, signed_in, template
from tests.factories import OrganisationFactory
from tests.grid_helpers import found, from_resident, resolved
from tests.project_helpers import awarded, bid, to_review

pytestmark = pytest.mark.django_db


def workbench(client) -> dict:
    """The items `/` lists for the client's account, by key."""
    response = client.get("/")
    assert response.status_code == 200
    items = response.context["todos"]
    return {todo.key: todo for todo in items}


def assert_open(client, items):
    for todo in items.values():
        response = client.get(todo.url)
        assert response.status_code == 200, (todo.key, todo.url, response.status_code)


def counts(items) -> dict:
    return {key: todo.count for key, todo in items.items()}


def draft(territory, personas, title="楼道微更新"):
    fund = Fund.objects.create(
        name="新城街道治理基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    today = clock.today()
    return tenders.draft_project(
        community=territory.community_a1,
        by=personas.community_worker,
        fund=fund,
        title=title,
        description="清理楼道，粉刷墙面。",
        deliverables="完成三栋楼的楼道整治。",
        beneficiaries=120,
        budget_ceiling=Decimal("8000"),
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=90),
        bids_close_at=timezone.now() + timedelta(days=20),
    )


def lagging(personas, territory):
    """A task list issued to the street platforms and left undone past its due date."""
    task_list = TaskList.objects.create(
        district=territory.district_a, year=2026, quarter=4, title="2026年第四季度任务清单"
    )
    Task.objects.create(task_list=task_list, title="更新组织台账", due_on=date(2026, 10, 31))
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    checklists.issue_supervision_orders(today=date(2026, 12, 1))
    return task_list


def test_street_officer(personas, territory, platforms, grids, login):
    officer = personas.street_a_officer
    a2 = OrganisationFactory(name="绿城社区书画社", area=territory.community_a2)
    applications = [
        filing.submit_filing(organisation=org, by=officer) for org in (personas.organisation_a1, a2)
    ]
    filing.submit_filing(organisation=personas.organisation_b1, by=personas.street_b_officer)
    project = draft(territory, personas)
    ticket = from_resident(territory.community_a1, grids.hazard)
    Ticket.objects.filter(pk=ticket.pk).update(escalation=EscalationLevel.STREET)
    lagging(personas, territory)
    Interview.objects.create(
        organisation=personas.organisation_a1, kind=InterviewKind.LOW_MONTHLY, year=2026, number=10
    )
    client = login(officer)

    items = workbench(client)
    assert counts(items) == {
        "orgs.filings": 2,  # street B's is not theirs
        "projects.publish": 1,
        "grids.escalated": 1,
        "incubators.answer": 1,  # street A's platform; street B's has its own
        "assessments.hold": 1,
    }
    assert items["orgs.filings"].url == "/admin/orgs/filingapplication/?status__exact=submitted"
    assert items["projects.publish"].url == f"/projects/{project.pk}/"
    assert items["grids.escalated"].url == f"/admin/grids/ticket/{ticket.pk}/change/"
    assert_open(client, items)
    # The answer is due in a few days: it comes first, with its date.
    assert next(iter(items)) == "incubators.answer"
    assert items["incubators.answer"].due is not None

    for application in applications:
        filing.approve_filing(application=application, by=officer)
    tenders.publish(project=project, by=officer)
    assert {"orgs.filings", "projects.publish"}.isdisjoint(workbench(client))


def test_community_worker(personas, territory, world, grids, login):
    worker = personas.community_worker
    reported = from_resident(territory.community_a1, grids.hazard)
    from_resident(territory.community_b1, grids.hazard)  # not their community
    resolved(found(grids.a1, grids.dispute, by=personas.grid_member), personas)
    need = needs.submit_public_need(
        community=territory.community_a1,
        title="独居老人助餐",
        requester_name="李阿姨",
        requester_phone="13903710002",
    )
    project, winner, _other = awarded(world, personas)
    delivery.start_delivery(project=project, by=personas.org_leader)
    ActivityReport.objects.create(
        project=project,
        held_on=clock.today(),
        title="首次助餐",
        description="为12位老人送餐。",
        reported_by=personas.org_leader,
    )
    delivery.deliver(project=project, by=personas.org_leader)
    client = login(worker)

    items = workbench(client)
    assert counts(items) == {
        "grids.accept": 1,
        "grids.rating": 1,
        "projects.needs": 1,
        "projects.accept": 1,
    }
    assert items["grids.accept"].url == f"/admin/grids/ticket/{reported.pk}/change/"
    assert items["projects.needs"].url == "/projects/needs/?status=awaiting"
    assert items["projects.accept"].url == f"/projects/{project.pk}/"
    assert_open(client, items)

    tickets.accept(ticket=reported, by=worker)
    needs.confirm_need(need=need, by=worker)
    delivery.accept(project=project, beneficiaries_reached=12, by=worker)
    assert set(workbench(client)) == {"grids.rating"}


def test_organisation_leader(personas, territory, world, grids, login):
    leader = personas.org_leader
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    tickets.accept(ticket=ticket, by=personas.community_worker)
    tickets.assign(
        ticket=ticket, by=personas.community_worker, organisation=personas.organisation_a1
    )
    client = login(leader)

    items = workbench(client)
    assert counts(items) == {"projects.calls": 1, "grids.handle": 1}
    assert items["projects.calls"].url == "/projects/tenders/"
    assert items["grids.handle"].url == f"/grids/tickets/{ticket.pk}/"
    assert items["grids.handle"].due == Ticket.objects.get(pk=ticket.pk).due_on
    assert_open(client, items)
    # No street or community counts for an organisation.
    home = client.get("/")
    assert "street_count" not in home.context
    # The open call is an opportunity: listed, but the header counts the ticket only.
    assert '<span class="count" aria-label="1 项待办">1</span>' in home.content.decode()

    bid(world.project, personas.organisation_a1, leader)
    tickets.start(ticket=ticket, by=leader)
    tickets.resolve(ticket=ticket, resolution="已清理。", by=leader)
    assert workbench(client) == {}


def test_organisation_leader_delivering(personas, world, login):
    project, _winner, _other = awarded(world, personas)
    project.milestones.create(title="完成首批助餐", due_on=clock.today() - timedelta(days=1))
    client = login(personas.org_leader)

    items = workbench(client)
    assert counts(items) == {"projects.milestones": 1, "projects.deliver": 1}
    assert items["projects.milestones"].overdue
    assert next(iter(items)) == "projects.milestones"  # overdue first
    assert items["projects.deliver"].url == f"/projects/{project.pk}/"
    assert_open(client, items)


def test_grid_member(personas, territory, grids, login):
    member = personas.grid_member
    ticket = found(grids.a1, grids.hazard, by=member)
    tickets.accept(ticket=ticket, by=personas.community_worker)
    tickets.assign(ticket=ticket, by=personas.community_worker, user=member)
    client = login(member)

    items = workbench(client)
    assert counts(items) == {"grids.handle": 1}
    assert items["grids.handle"].url == f"/grids/tickets/{ticket.pk}/"
    assert_open(client, items)
    assert "street_count" not in client.get("/").context

    tickets.start(ticket=ticket, by=member)
    tickets.resolve(ticket=ticket, resolution="已清理。", by=member)
    assert workbench(client) == {}


def test_several_tickets_link_to_a_list_of_exactly_those(personas, territory, grids, login):
    member, worker = personas.grid_member, personas.community_worker
    given = [found(grids.a1, grids.hazard, by=member) for _ in range(2)]
    for ticket in given:
        tickets.accept(ticket=ticket, by=worker)
        tickets.assign(ticket=ticket, by=worker, user=member)
    found(grids.a1, grids.hazard, by=member)  # reported by the member, not given to them
    client = login(member)

    item = workbench(client)["grids.handle"]
    assert (item.count, item.url) == (2, "/grids/?show=todo")
    listed = client.get(item.url).context["page"]
    assert sorted(t.pk for t in listed) == sorted(t.pk for t in given)


def test_reviewer(personas, world, login):
    project, bid_a, bid_b = to_review(world, personas)
    client = login(personas.reviewer)

    items = workbench(client)
    assert counts(items) == {"projects.score": 1}
    assert items["projects.score"].url == f"/projects/{project.pk}/review/"
    assert_open(client, items)
    # The incubator tree has nothing for a reviewer: not offered.
    assert b'href="/incubators/"' not in client.get("/").content

    for each in (bid_a, bid_b):
        review.score_bid(
            bid=each,
            reviewer=personas.reviewer,
            points={c.pk: c.max_points for c in project.criteria.all()},
        )
    assert workbench(client) == {}


def test_incubator_operator(personas, territory, platforms, login):
    operator = personas.operator
    template()
    admit(personas.organisation_a1, platforms.street_a, by=operator)
    admit(personas.organisation_b1, platforms.street_b, by=operator)  # another agency's
    task_list = TaskList.objects.create(
        district=territory.district_a, year=2026, quarter=4, title="2026年第四季度任务清单"
    )
    Task.objects.create(task_list=task_list, title="更新组织台账", due_on=clock.today())
    checklists.issue_task_list(task_list=task_list, by=personas.district_officer)
    client = login(operator)

    items = workbench(client)
    # Street A's progress report (street B's platform is another agency's);
    # one organisation to score for last month, by the day the month closes.
    assert counts(items) == {"incubators.progress": 1, "assessments.scores": 1}
    assert items["assessments.scores"].url == "/admin/assessments/monthlyscore/add/"
    assert_open(client, items)

    month = Month.of(clock.today()).previous()
    signed_in(personas.organisation_a1, month, operator)
    scores.record_score(
        organisation=personas.organisation_a1,
        month=month,
        points=points_for(8, month),
        by=operator,
    )
    report = task_list.progress_reports.get(platform=platforms.street_a)
    checklists.submit_progress(report=report, by=operator)
    assert workbench(client) == {}


def test_once_last_month_closed_the_operator_scores_the_month_in_course_from_its_20th(
    personas, platforms, login, settings
):
    template()
    admit(personas.organisation_a1, platforms.street_a, by=personas.operator)
    RollupRun.objects.create(
        kind=RollupKind.MONTHLY, period="2026-10", started_at=timezone.now(),
        finished_at=timezone.now(),
    )  # fmt: skip
    client = login(personas.operator)
    settings.PLATFORM_TODAY = date(2026, 11, 19)
    assert "assessments.scores" not in workbench(client)  # October closed, November not yet
    settings.PLATFORM_TODAY = date(2026, 11, 24)
    item = workbench(client)["assessments.scores"]
    assert (item.count, item.due) == (1, date(2026, 12, 5))
    assert "2026年11月" in item.label


def test_district_staff(personas, territory, platforms, world, grids, login):
    district = personas.district_officer
    lagging(personas, territory)
    late = found(grids.a1, grids.hazard, by=personas.grid_member)
    tickets.accept(ticket=late, by=personas.community_worker)
    Ticket.objects.filter(pk=late.pk).update(due_on=clock.today() - timedelta(days=2))
    draft_round = Round.objects.create(
        title="2027年公益创投",
        district=territory.district_a,
        fund=world.fund,
        budget=Decimal("50000"),
        opens_on=clock.today() + timedelta(days=2),
        bids_close_at=timezone.now() + timedelta(days=20),
        review_ends_on=clock.today() + timedelta(days=30),
        results_on=clock.today() + timedelta(days=40),
    )
    client = login(district)

    items = workbench(client)
    assert counts(items) == {
        "incubators.lagging": 2,  # both street platforms lag
        "grids.overdue": 1,
        "projects.open_rounds": 1,
    }
    assert items["grids.overdue"].overdue
    assert list(items)[0] == "grids.overdue"
    assert items["projects.open_rounds"].soon
    assert items["projects.open_rounds"].url == "/admin/projects/round/?status=draft"
    assert_open(client, items)
    # District B's staff see none of district A's work.
    assert workbench(login(personas.outsider)) == {}

    tickets.assign(ticket=late, by=personas.community_worker, user=personas.grid_member)
    tickets.start(ticket=late, by=personas.grid_member)
    tickets.resolve(ticket=late, resolution="已处理。", by=personas.grid_member)
    assert "grids.overdue" not in workbench(login(district))
    assert draft_round.pk


def test_the_admin_index_is_headed_by_the_same_list_and_its_header_counts_it(
    personas, territory, login
):
    officer = personas.street_a_officer
    filing.submit_filing(organisation=personas.organisation_a1, by=officer)
    cache.clear()  # straight to the admin, no home page seen before
    body = login(officer).get("/admin/").content.decode()
    assert 'id="todos"' in body
    assert "/admin/orgs/filingapplication/" in body
    assert 'href="/#todos">待办 <span class="count" aria-label="1 项待办">1</span>' in body


def test_the_header_counts_what_waits(personas, territory, login):
    officer = personas.street_a_officer
    filing.submit_filing(organisation=personas.organisation_a1, by=officer)
    client = login(officer)
    body = client.get("/").content.decode()
    assert 'href="/#todos">待办 <span class="count"' in body
    # The next pages show the count the home page kept, without asking again.
    body = client.get("/downloads/").content.decode()
    assert 'href="/#todos">待办 <span class="count" aria-label="1 项待办">1</span>' in body


# Queries per role, whatever the number of rows (gathered for an account
# fresh from the database, as a request's is):
#   street      its area (the code its scope matches), filings, drafts,
#               escalated tickets, supervision orders, interviews,
#               volunteers to confirm, objections to awards to answer,
#               visits' findings to turn                                         9
#   community   its area, tickets to accept, tickets resolved (and their
#               rating texts, when there are some), needs, deliveries,
#               volunteers to confirm, visits' findings to turn, claims to
#               confirm                                                          8
#   leader      its organisation and that one's area (the open-tenders scope),
#               calls, bids closing, projects won, milestones, tickets           7
#   grid        its area, tickets                                                2
#   reviewer    projects with a bid still to score                               1
#   operator    progress reports, supervision orders, is last month closed,
#               residents unscored, interviews                                   5
#   district    its area, supervision orders, rounds, overdue tickets,
#               objections to awards to answer                                   5
#   admin       supervision orders, rounds, overdue tickets, objections
#               (sees everything)                                                4
QUERIES = {
    "street_a_officer": 8 + 2,  # issue 24: visits' findings to turn, subsidies to decide
    "community_worker": 6 + 2,  # issue 24: visits' findings to turn, claims to confirm
    "org_leader": 7 + 1,  # issue 24: activity subsidies to settle
    "grid_member": 2,
    "reviewer": 1,
    "operator": 5,
    "district_officer": 5 + 1,  # issue 24: activity subsidies to decide
    "platform_admin": 4,
}


@pytest.mark.parametrize("persona", QUERIES)
def test_queries_per_role_are_few_and_fixed(
    persona, personas, territory, platforms, world, grids, django_assert_num_queries
):
    lagging(personas, territory)
    for _ in range(3):  # more rows cost no more queries
        from_resident(territory.community_a1, grids.hazard)
    user = type(getattr(personas, persona)).objects.get(pk=getattr(personas, persona).pk)
    with django_assert_num_queries(QUERIES[persona]):
        todos.gather(user)


def test_the_front_door_for_residents():
    response = Client().get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for form in ("/public/tickets/new/", "/public/needs/new/", "/public/organisations/"):
        assert f'href="{form}"' in body
    assert 'href="/accounts/login/"' in body
    # The same page for every visitor: from the cache, with no query.
    Client().get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/").status_code == 200
    assert len(queries) == 0
