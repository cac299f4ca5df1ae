"""What waits in this app (lib/todos.py): drafts to approve, needs to
confirm, deliveries to accept, calls to bid on, milestones and delivery,
bids to score, rounds to open or publish."""

from datetime import timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lib import clock
from lib.todos import SOON_DAYS, Todo, admin_list, one_or_many
from orgs.roles import DECIDING_OFFICERS, Role

from .models import (
    Bid,
    BidStatus,
    ConflictDeclaration,
    Milestone,
    Need,
    NeedStatus,
    NoticeStatus,
    Objection,
    ObjectionStatus,
    Project,
    ProjectStatus,
    Round,
    RoundStatus,
    Score,
)

_COUNTED = {"n": Count("pk"), "last": Max("pk")}


def _project_page(pk):
    return reverse("projects:project", args=[pk])


def _projects(many_status: str):
    return reverse("projects:list") + f"?status={many_status}"


def _date(moment):
    return timezone.localtime(moment).date() if moment else None


def street(user, today):
    """The street approves and publishes the projects its communities draft."""
    if user.role != Role.STREET_OFFICER:
        return []
    found = Project.objects.for_user(user).filter(status=ProjectStatus.DRAFT).aggregate(**_COUNTED)
    return [
        Todo(
            "projects.publish",
            _("Projects to approve and publish"),
            found["n"],
            one_or_many(found, _project_page, _projects(ProjectStatus.DRAFT)),
            order=20,
        )
    ]


def community(user, today):
    """The community confirms residents' needs and accepts what was delivered."""
    if user.role != Role.COMMUNITY_WORKER:
        return []
    needs = Need.objects.for_user(user).filter(status=NeedStatus.AWAITING).aggregate(n=Count("pk"))
    delivered = (
        Project.objects.for_user(user).filter(status=ProjectStatus.DELIVERED).aggregate(**_COUNTED)
    )
    return [
        Todo(
            "projects.needs",
            _("Residents' needs to confirm"),
            needs["n"],
            reverse("projects:needs") + f"?status={NeedStatus.AWAITING}",
            order=20,
        ),
        Todo(
            "projects.accept",
            _("Deliveries to accept"),
            delivered["n"],
            one_or_many(delivered, _project_page, _projects(ProjectStatus.DELIVERED)),
            order=30,
        ),
    ]


def leader(user, today):
    """An organisation's leader: calls it has not bid on yet, its bids on
    calls closing soon, and the delivery of what it won."""
    if user.role != Role.ORG_LEADER or not user.organisation_id:
        return []
    organisation = user.organisation_id
    now = clock.now()
    ours = Bid.objects.filter(organisation=organisation).live()
    calls = (
        Project.objects.for_user(user)
        .open_for_bids()
        .exclude(pk__in=ours.values("project_id"))
        .aggregate(n=Count("pk"), due=Min("bids_close_at"))
    )
    closing = (
        Project.objects.open_for_bids()
        .filter(pk__in=ours.values("project_id"), bids_close_at__lte=now + timedelta(SOON_DAYS))
        .aggregate(n=Count("pk"), due=Min("bids_close_at"))
    )
    won = Project.objects.filter(
        bids__organisation=organisation,
        bids__status=BidStatus.AWARDED,
        status__in=(ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY),
    ).aggregate(n=Count("pk"), last=Max("pk"), due=Min("ends_on"))
    milestones = (
        Milestone.objects.for_user(user)
        .filter(
            done_on__isnull=True,
            due_on__lte=today + timedelta(SOON_DAYS),
            project__status__in=(ProjectStatus.AWARDED, ProjectStatus.IN_DELIVERY),
        )
        .aggregate(
            milestones=Count("pk"),
            n=Count("project", distinct=True),
            last=Max("project_id"),
            due=Min("due_on"),
        )
    )
    my_bids = reverse("projects:my_bids")
    return [
        Todo(
            "projects.milestones",
            _("Milestones due"),
            milestones["milestones"],
            one_or_many(milestones, _project_page, my_bids),
            due=milestones["due"],
            order=10,
        ),
        Todo(
            "projects.closing",
            _("Your bids: bidding closes soon, revise them before it does"),
            closing["n"],
            my_bids,
            due=_date(closing["due"]),
            order=20,
            optional=True,  # a bid is in already; revising it is a choice
        ),
        Todo(
            "projects.calls",
            _("Open calls your organisation has not bid on"),
            calls["n"],
            reverse("projects:tenders"),
            due=_date(calls["due"]),
            order=30,
            optional=True,
        ),
        Todo(
            "projects.deliver",
            _("Projects to deliver: report activities, then completion"),
            won["n"],
            one_or_many(won, _project_page, my_bids),
            due=won["due"],
            order=40,
        ),
    ]


def reviewer(user, today):
    """The projects of the reviewer's panels under review with a bid the
    reviewer has neither scored nor declared a tie with."""
    if user.role != Role.REVIEWER:
        return []
    unscored = (
        Bid.objects.filter(project=OuterRef("pk"), status=BidStatus.SUBMITTED)
        .exclude(Exists(Score.objects.filter(bid=OuterRef("pk"), reviewer=user)))
        .exclude(
            Exists(
                ConflictDeclaration.objects.filter(
                    project=OuterRef("project_id"),
                    reviewer=user,
                    organisation=OuterRef("organisation_id"),
                )
            )
        )
    )
    found = (
        Project.objects.filter(reviewers=user)
        .in_status(ProjectStatus.UNDER_REVIEW)
        .filter(Exists(unscored))
        .aggregate(**_COUNTED, due=Min("round__review_ends_on"))
    )
    return [
        Todo(
            "projects.score",
            _("Projects to score"),
            found["n"],
            one_or_many(
                found, lambda pk: reverse("projects:review", args=[pk]), reverse("projects:panels")
            ),
            due=found["due"],
            order=10,
        )
    ]


def district(user, today):
    """The district opens its rounds and publishes their results."""
    if user.role not in (Role.DISTRICT_STAFF, Role.PLATFORM_ADMIN):
        return []
    now = clock.now()
    to_open = Q(status=RoundStatus.DRAFT)
    to_publish = Q(status=RoundStatus.REVIEWING) | Q(
        status=RoundStatus.OPEN, bids_close_at__lte=now
    )
    found = (
        Round.objects.for_user(user)
        .filter(to_open | to_publish)
        .aggregate(
            open_n=Count("pk", filter=to_open),
            open_due=Min("opens_on", filter=to_open),
            publish_n=Count("pk", filter=to_publish),
            publish_due=Min("results_on", filter=to_publish),
        )
    )
    return [
        Todo(
            "projects.open_rounds",
            _("Project rounds to open"),
            found["open_n"],
            admin_list(Round, f"status={RoundStatus.DRAFT}"),
            due=found["open_due"],
            order=40,
        ),
        Todo(
            "projects.publish_rounds",
            _("Project rounds whose results are to publish"),
            found["publish_n"],
            admin_list(Round, f"status={RoundStatus.REVIEWING}"),
            due=found["publish_due"],
            order=40,
        ),
    ]


def objections(user, today):
    """The street and the district answer objections to awards on notice."""
    if not (user.sees_everything or user.role in DECIDING_OFFICERS):
        return []
    found = (
        Objection.objects.for_user(user)
        .filter(status=ObjectionStatus.PENDING, notice__status=NoticeStatus.OPEN)
        .aggregate(n=Count("pk"), last=Max("notice__project_id"))
    )
    return [
        Todo(
            "projects.objections",
            _("Objections to awards to answer"),
            found["n"],
            one_or_many(found, _project_page, _projects(ProjectStatus.NOTICE)),
            order=15,
        )
    ]


PROVIDERS = [street, community, leader, reviewer, district, objections]
