"""Bidding past its closing time: every page reads the project as closed at
once, and none of them writes; the move, its event and its notifications
are stored by the schedule or by the next write on the project, once."""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from projects import urls as project_urls
from projects.exports import project_rows
from projects.models import (
    Bid,
    Need,
    NeedStatus,
    Project,
    ProjectEvent,
    ProjectStatus,
    Round,
    RoundStatus,
)
from projects.services import needs, tenders
from projects.tasks import close_bidding as close_bidding_task
from tests.fixtures import on_postgres
from tests.project_helpers import bid, score_all

# Run on PostgreSQL too (CI, -m postgres): the derived status is SQL of its own
# (EXISTS over live bids), and the schedule races an award under row locks.
pytestmark = pytest.mark.postgres

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
# The one write a read may make: the record that personal data was read
# (a need's requester, in its admin history), which is the read itself.
READ_RECORD = 'INSERT INTO "orgs_accesslog"'


def past_its_time(project):
    """The clock passes the closing time; nothing runs (no beat)."""
    Project.objects.filter(pk=project.pk).update(
        bids_close_at=timezone.now() - timedelta(minutes=1)
    )
    Round.objects.filter(pk=project.round_id).update(
        bids_close_at=timezone.now() - timedelta(minutes=1)
    )


def stored(project):
    return Project.objects.get(pk=project.pk).status


def traces():
    """What a stored close leaves behind: events, notifications, history rows."""
    return (
        ProjectEvent.objects.count(),
        Notification.objects.count(),
        Project.history.count(),
        Need.history.count(),
        list(Round.objects.values_list("status", flat=True)),
    )


def portal_urls(project, one_bid):
    """Every route of the projects portal, for this project."""
    values = {
        "pk": project.pk,
        "bid_pk": one_bid.pk,
        "name": "cancel",
        "decision": "confirm",
        "objection_pk": 987654,  # none: the answer is a POST, refused on a GET
        "activity_photo_pk": 987655,  # none: publishing is a POST, refused on a GET
    }
    for pattern in project_urls.urlpatterns:
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        yield reverse(f"projects:{pattern.name}", kwargs=kwargs)
    yield reverse("projects:list") + "?status=under_review"
    yield reverse("projects:needs") + "?status=open"


# Each list filtered by the status its row reads as.
FILTERS = {
    Project: "?status=under_review",
    Round: "?status=reviewing",
    Need: "?status=in_project",
    Bid: "?status__exact=submitted",
}


def admin_urls(rows):
    """Every admin page of these rows, and their lists, filtered too."""
    for row in rows:
        opts = row._meta
        assert type(row) in admin.site._registry
        base = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{base}_changelist")
        yield reverse(f"{base}_changelist") + FILTERS[type(row)]
        yield reverse(f"{base}_change", args=[row.pk])
        yield reverse(f"{base}_history", args=[row.pk])


@pytest.fixture
def due(world, personas, territory):
    """A bid in, a need answered by the project, and the closing time just
    passed: the project reads as under review, stored still open."""
    need = needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="助餐",
        requester_name="王",
    )
    Need.objects.filter(pk=need.pk).update(project=world.project, status=NeedStatus.IN_PROJECT)
    a = bid(world.project, world.bidder_a, personas.org_leader)
    past_its_time(world.project)
    return a


def test_no_page_writes_after_the_deadline_and_every_page_reads_closed(due, world, personas, login):
    project = world.project
    before = traces()
    users = [
        personas.community_worker,
        personas.street_a_officer,
        personas.district_officer,
        personas.platform_admin,
        personas.reviewer,
        personas.org_leader,
        world.leader_b,  # did not bid
    ]
    need = Need.objects.get()
    admin_rows = [project, world.round, due, need]
    writes, pages = [], {}
    for user in users:
        client = login(user)  # the session is written here, outside what is counted
        urls = [*portal_urls(project, due), *admin_urls(admin_rows)]
        with CaptureQueriesContext(connection) as queries:
            for url in urls:
                pages[user.username, url] = client.get(url)
        writes += [
            (user.username, q["sql"])
            for q in queries.captured_queries
            if WRITE.match(q["sql"]) and not q["sql"].startswith(READ_RECORD)
        ]
    assert writes == []
    assert traces() == before
    assert stored(project) == ProjectStatus.BIDDING

    def page(user, name, *args, query=""):
        return pages[user.username, reverse(name, args=args) + query]

    # The project page, for everyone it concerns: closed, under review.
    for user in users[:-1]:
        html = page(user, "projects:project", project.pk).content.decode()
        assert '<span class="badge status-under_review">评审中</span>' in html, user
        assert 'id="bidding"' not in html  # no bid form
    # The office's list and its filter; the reviewer's panels and scoring.
    listed = page(personas.community_worker, "projects:list", query="?status=under_review")
    assert [p.get_current_status_display() for p in listed.context["projects"]] == ["评审中"]
    panels = page(personas.reviewer, "projects:panels").context["projects"]
    assert [p.current_status for p in panels] == [ProjectStatus.UNDER_REVIEW]
    review = page(personas.reviewer, "projects:review", project.pk)
    assert review.context["can_score"] and len(review.context["rows"]) == 1  # unsealed
    # The bidder: its bids list, and the bid form refusing.
    mine = page(personas.org_leader, "projects:my_bids").context["bids"]
    assert [b.project.current_status for b in mine] == [ProjectStatus.UNDER_REVIEW]
    form = page(personas.org_leader, "projects:bid", project.pk).content.decode()
    assert "该项目申报已截止" in form
    # An organisation that did not bid: the tender is gone from its list.
    assert project not in page(world.leader_b, "projects:tenders").context["projects"]
    # The admin lists, filtered by the status as it reads.
    for row in (project, world.round, need):
        url = reverse(f"admin:projects_{row._meta.model_name}_changelist") + FILTERS[type(row)]
        response = pages[personas.platform_admin.username, url]
        assert list(response.context["cl"].result_list) == [row]
    assert project not in Project.objects.in_status(ProjectStatus.BIDDING)
    closed_round = world.round
    closed_round.refresh_from_db()
    assert closed_round.current_status == RoundStatus.REVIEWING
    # The export, and the need (still answered: there are bids).
    rows = list(project_rows(Project.objects.filter(pk=project.pk), personas.platform_admin))
    assert rows[0][3] == "评审中"
    assert need.current_status == NeedStatus.IN_PROJECT


def test_a_project_without_bids_reads_as_no_bids_and_its_needs_as_open(
    world, personas, territory, login
):
    need = needs.post_need(
        by=personas.community_worker,
        community=territory.community_a1,
        title="助餐",
        requester_name="王",
    )
    Need.objects.filter(pk=need.pk).update(project=world.project, status=NeedStatus.IN_PROJECT)
    past_its_time(world.project)
    project = Project.objects.get(pk=world.project.pk)
    assert project.current_status == ProjectStatus.NO_BIDS
    assert list(Project.objects.in_status(ProjectStatus.NO_BIDS)) == [project]
    assert not Project.objects.in_status(ProjectStatus.BIDDING).exists()
    assert Need.objects.get(pk=need.pk).current_status == NeedStatus.OPEN
    assert list(Need.objects.in_status(NeedStatus.OPEN)) == [need]
    client = login(personas.community_worker)
    before = traces()
    page = client.get(reverse("projects:needs"))
    assert [n.current_status for n in page.context["needs"]] == [NeedStatus.OPEN]
    assert f'name="need" value="{need.pk}"' in page.content.decode()  # to be chosen again
    # No cancelling what reads as closed without bids: not offered, and refused.
    steps = client.get(reverse("projects:project", args=[project.pk])).context["steps"]
    assert "cancel" not in [name for name, _label, _reason in steps]
    assert traces() == before
    assert client.post(reverse("projects:step", args=[project.pk, "cancel"])).status_code == 403
    # Drafting a new project from the need is the next write: it closes the old one first.
    again = tenders.draft_project(
        community=territory.community_a1,
        needs=[need],
        by=personas.community_worker,
        round=world.round,
        title="助餐二期",
        description="x",
        deliverables="x",
        budget_ceiling="3000",
        starts_on=project.starts_on,
        ends_on=project.ends_on,
    )
    need.refresh_from_db()
    assert stored(project) == ProjectStatus.NO_BIDS and need.project == again


def test_the_schedule_stores_the_close_and_notifies_once(due, world, personas, login):
    reviewers_told = Notification.objects.filter(title__startswith="待评审")
    staff_told = Notification.objects.filter(title__startswith="申报已截止")
    login(personas.community_worker).get(reverse("projects:project", args=[world.project.pk]))
    assert not reviewers_told.exists() and not staff_told.exists()
    assert close_bidding_task.delay().get() == 1
    assert close_bidding_task.delay().get() == 0
    assert stored(world.project) == ProjectStatus.UNDER_REVIEW
    assert world.project.events.filter(transition="close_bidding", by=None).count() == 1
    assert sorted(reviewers_told.values_list("user", flat=True)) == sorted(
        r.pk for r in world.reviewers
    )
    assert sorted(staff_told.values_list("user", flat=True)) == sorted(
        [personas.community_worker.pk, personas.street_a_officer.pk]
    )
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.REVIEWING


def test_the_next_write_stores_the_close_first_even_when_it_is_refused(due, world, personas):
    with pytest.raises(ValidationError):  # above the ceiling
        tenders.award(
            project=world.project, bid=due, amount="20000.01", by=personas.community_worker
        )
    assert stored(world.project) == ProjectStatus.UNDER_REVIEW
    tenders.award(project=world.project, bid=due, amount="15000", by=personas.community_worker)
    assert [e.transition for e in world.project.events.all()] == [
        "publish",
        "open_bidding",
        "close_bidding",
        "award",
    ]
    assert Notification.objects.filter(title__startswith="待评审").count() == len(world.reviewers)
    assert close_bidding_task.delay().get() == 0


def test_a_reviewers_score_is_a_next_write_too(due, world, personas, login):
    response = login(personas.reviewer).post(
        reverse("projects:score", args=[world.project.pk, due.pk]),
        {f"c{c.pk}": c.max_points for c in world.project.criteria.all()},
    )
    assert response.status_code == 302
    assert stored(world.project) == ProjectStatus.UNDER_REVIEW
    assert due.scores.filter(reviewer=personas.reviewer).count() == world.project.criteria.count()
    score_all(world.project, world.reviewers[1:], {world.bidder_a.pk: 1})
    assert world.project.events.filter(transition="close_bidding").count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_the_schedule_and_an_award_at_once_close_once_and_award_once(due, world, personas):
    """The row lock in `close_bidding` holds whoever comes first: one close
    event, one notification per reviewer, one award."""
    barrier = threading.Barrier(2)
    failed = []

    def at_once(work):
        try:
            barrier.wait(timeout=10)
            work()
        except BaseException as exc:  # re-raised below
            failed.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=at_once, args=(tenders.close_due,)),
        threading.Thread(
            target=at_once,
            args=(
                lambda: tenders.award(
                    project=world.project, bid=due, amount="15000", by=personas.community_worker
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert stored(world.project) == ProjectStatus.NOTICE  # the award on public notice
    assert world.project.events.filter(transition="close_bidding").count() == 1
    assert world.project.events.filter(transition="award").count() == 1
    assert Notification.objects.filter(title__startswith="待评审").count() == len(world.reviewers)
