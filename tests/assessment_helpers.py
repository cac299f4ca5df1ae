"""Helpers for the assessment tests: residency, and a month scored to a total."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from assessments.models import ScoreTemplate
from assessments.services import scores
from devdata.demo.assessments import fill_points
from incubators.models import Residency
from lib.periods import Month

TODAY = date(2027, 3, 15)  # every month the tests score has begun by then


def template() -> ScoreTemplate:
    """The template the migration ships (made again if a transactional test
    flushed the tables)."""
    found = ScoreTemplate.objects.for_month(Month(2026, 1))
    if found is None:
        found = ScoreTemplate.objects.create(name="月规范评分表", valid_from=date(2024, 1, 1))
        for position, (name, points) in enumerate(
            [
                ("工作计划", 2),
                ("卫生清洁", 1.5),
                ("活动开展与记录", 2.5),
                ("制度与台账", 1.5),
                ("党建工作", 1.5),
                ("安全与纪律", 1),
            ]
        ):
            found.items.create(name=name, max_points=Decimal(str(points)), position=position)
    return found


def admit(organisation, platform, by, entered_on=date(2025, 1, 1)) -> Residency:
    return Residency.objects.create(
        organisation=organisation, platform=platform, entered_on=entered_on, recorded_by=by
    )


def points_for(total, month: Month) -> dict:
    """Item points adding up to `total`: each item filled up in turn."""
    items = (ScoreTemplate.objects.for_month(month) or template()).items.all()
    found = {item.pk: points for item, points in fill_points(items, Decimal(str(total))).items()}
    assert sum(found.values()) == Decimal(str(total)), "more than the full marks"
    return found


def signed_in(organisation, period: Month, by, people: int = 1):
    """An activity of the organisation in the month with sign-in records:
    what the template's activity item asks for (签到齐全) before it may get
    more than half its points."""
    from datetime import time, timedelta

    from activities.models import Activity, ActivityStatus, Attendance
    from tests.factories import PersonFactory

    when = timezone.make_aware(datetime.combine(period.start + timedelta(days=9), time(9)))
    activity = Activity.objects.create(
        title="月度志愿服务活动",
        area=organisation.area,
        organisation=organisation,
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        status=ActivityStatus.PUBLISHED,
        created_by=by,
    )
    for _ in range(people):
        Attendance.objects.create(
            activity=activity, person=PersonFactory(community=organisation.area), checked_in_at=when
        )
    return activity


def score(organisation, year, month, total, by):
    template()
    period = Month(year, month)
    if not scores.sign_in_evidence(organisation, period):
        signed_in(organisation, period, by)
    return scores.record_score(
        organisation=organisation,
        month=period,
        points=points_for(total, period),
        by=by,
        today=TODAY,
    )


def residents_paper(organisation, year, average, by=None, forms=None):
    """The residents' part as a batch of paper forms: enough of them to be
    assessed unless `forms` says otherwise (ASSESSMENT_RESIDENTS_MIN_ANSWERS)."""
    from django.conf import settings

    from assessments.models import PaperSurvey

    return PaperSurvey.objects.create(
        organisation=organisation,
        year=year,
        forms=forms or max(1, settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS),
        average=Decimal(str(average)),
        reason="纸质问卷",
        recorded_by=by,
    )
