"""Meetings for the tests: a held 书记沙龙 of street A with needs and people."""

from datetime import timedelta

from activities.models import Activity, ActivityKind, ActivityStatus, Attendance
from lib import clock
from projects.services.needs import post_need
from tests.factories import PersonFactory


def held(area, by, *, kind=ActivityKind.SALON, days_ago=1, organisation=None, **extra):
    starts = clock.now() - timedelta(days=days_ago)
    return Activity.objects.create(
        kind=kind,
        title=extra.pop("title", "第27期书记沙龙：老旧小区加装电梯"),
        area=area,
        organisation=organisation,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=extra.pop("status", ActivityStatus.PUBLISHED),
        created_by=by,
        **extra,
    )


def need(community, by, title="3号楼加装电梯"):
    return post_need(by=by, community=community, title=title, requester_name="王秀兰")


def sign_in(activity, *people):
    return [
        Attendance.objects.create(activity=activity, person=p, checked_in_at=activity.starts_at)
        for p in people
    ]


def residents(community, n=2):
    return [PersonFactory(community=community) for _ in range(n)]
