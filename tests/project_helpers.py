"""Moving a test project along: bids, closing, scoring, awarding."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from projects.models import Project
from projects.services import bids, notices, review, tenders

LINES = [
    ("活动物料", Decimal("8000"), ""),
    ("志愿者餐补", Decimal("6000"), ""),
    ("宣传印刷", Decimal("2000"), ""),
]


def bid(project, organisation, leader, lines=LINES, proposal="三个阶段开展助餐服务。"):
    return bids.submit_bid(
        project=project,
        organisation=organisation,
        by=leader,
        lines=lines,
        proposal=proposal,
        team="负责人1名，志愿者6名。",
        schedule="每周二、四送餐。",
    )


def close(project):
    """Bidding time passes; the project moves on as the schedule would move it."""
    Project.objects.filter(pk=project.pk).update(
        bids_close_at=timezone.now() - timedelta(seconds=1)
    )
    return tenders.close_bidding(project=project)


def score_all(project, reviewers, points_by_org: dict):
    """Every reviewer gives each bid the same share of each criterion's maximum."""
    for reviewer in reviewers:
        for one in project.bids.select_related("organisation"):
            share = points_by_org[one.organisation_id]
            review.score_bid(
                bid=one,
                reviewer=reviewer,
                points={c.pk: Decimal(c.max_points) * share for c in project.criteria.all()},
            )


def to_review(world, personas):
    """Both bidders bid; bidding closes."""
    a = bid(world.project, world.bidder_a, personas.org_leader)
    b = bid(world.project, world.bidder_b, world.leader_b)
    return close(world.project), a, b


def on_notice(world, personas, amount="16000"):
    """Both bid, bidding closes, the award to A goes on public notice."""
    project, a, b = to_review(world, personas)
    project = tenders.award(project=project, bid=a, amount=amount, by=personas.community_worker)
    return project, a, b


def take_effect(project):
    """The notice period passes with no objection: the award takes effect."""
    notice = notices.open_notice(project)
    return notices.take_effect(project=project, now=notice.ends_at)


def awarded(world, personas, amount="16000"):
    """On notice, then in effect at the period's end."""
    project, a, b = on_notice(world, personas, amount)
    project = take_effect(project)
    a.refresh_from_db()
    b.refresh_from_db()
    return project, a, b


def in_delivery_with_a_photo(world, personas, *, day, size=(40, 30), caption=""):
    """The world's project awarded to organisation A1, in delivery, paid an
    advance of 6,000 yuan on `day`, with an activity report and one private
    photo: what the public pages have to say something about."""
    from projects.models import ActivityPhoto, ActivityReport
    from projects.services import delivery
    from tests.grid_helpers import photo

    project, _a, _b = awarded(world, personas)
    project = delivery.start_delivery(project=project, by=personas.org_leader)
    delivery.pay(
        project=project,
        amount="6000",
        kind="advance",
        occurred_on=day,
        voucher_number="P-1",
        by=personas.street_a_officer,
    )
    report = ActivityReport.objects.create(
        project=project,
        held_on=day,
        title="第一次送餐",
        description="为独居老人送餐上门。",
        participants=8,
        beneficiaries=30,
        reported_by=personas.org_leader,
    )
    shot = ActivityPhoto.objects.create(report=report, image=photo(size=size), caption=caption)
    return project, shot
