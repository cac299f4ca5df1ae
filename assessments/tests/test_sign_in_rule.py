"""Meetings in the assessments: a scoring item that asks for sign-in
records (签到齐全), the training person-times indicator and the dashboard's
counts of activities and meetings."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind, ActivityStatus, Attendance
from assessments.models import Figure, Indicator, ScoreItem
from assessments.rollups.indicators import compute_indicators
from assessments.services import scores
from lib.periods import Month
from tests.assessment_helpers import TODAY, admit, points_for, signed_in, template
from tests.factories import PersonFactory

OCTOBER = Month(2026, 10)


@pytest.fixture(autouse=True)
def rule_from_september(settings):
    """The rule as an office that recorded sign-ins from September 2026 has it."""
    settings.ASSESSMENT_SIGN_IN_RULE_FROM = Month(2026, 9).start


@pytest.fixture
def resident(personas, platforms):
    admit(personas.organisation_a1, platforms.street_a, personas.operator)
    template()
    return personas.organisation_a1


def activity_item():
    return ScoreItem.objects.get(template=template(), name="活动开展与记录")


def test_a_month_before_the_platform_recorded_sign_ins_is_scored_without_the_rule(
    resident, personas, settings
):
    settings.ASSESSMENT_SIGN_IN_RULE_FROM = Month(2026, 11).start
    score = scores.record_score(
        organisation=resident,
        month=OCTOBER,
        points=points_for(10, OCTOBER),
        by=personas.operator,
        today=TODAY,
    )
    assert score.total == 10


def test_the_migration_marks_the_default_templates_activity_item(db):
    assert activity_item().needs_sign_in
    assert not ScoreItem.objects.filter(needs_sign_in=True).exclude(name="活动开展与记录").exists()


def test_without_sign_ins_the_activity_item_gets_at_most_half(resident, personas):
    points = points_for(8, OCTOBER)
    item = activity_item()
    assert points[item.pk] == Decimal("2.5")
    with pytest.raises(ValidationError, match="没有有签到记录的活动"):
        scores.record_score(
            organisation=resident, month=OCTOBER, points=points, by=personas.operator, today=TODAY
        )
    points[item.pk] = Decimal("1.2")
    saved = scores.record_score(
        organisation=resident, month=OCTOBER, points=points, by=personas.operator, today=TODAY
    )
    assert saved.total == Decimal("6.7")


def test_an_activity_with_sign_ins_in_the_month_allows_full_points(resident, personas):
    signed_in(resident, OCTOBER, personas.operator, people=3)
    saved = scores.record_score(
        organisation=resident,
        month=OCTOBER,
        points=points_for(8, OCTOBER),
        by=personas.operator,
        today=TODAY,
    )
    assert saved.total == 8
    (evidence,) = scores.sign_in_evidence(resident, OCTOBER)
    assert evidence.signed == 3


def test_sign_ins_of_another_month_or_organisation_do_not_count(resident, personas):
    signed_in(resident, Month(2026, 9), personas.operator)
    signed_in(personas.organisation_b1, OCTOBER, personas.operator)
    with pytest.raises(ValidationError):
        scores.check_score(
            organisation=resident, month=OCTOBER, points=points_for(8, OCTOBER), today=TODAY
        )


def test_the_scoring_form_shows_the_evidence(resident, personas, login):
    signed_in(resident, OCTOBER, personas.operator, people=2)
    url = reverse("admin:assessments_monthlyscore_add")
    page = login(personas.operator).get(
        url, {"organisation": resident.pk, "year": 2026, "month": 10}
    )
    assert "有签到记录的活动" in page.text and "签到 2 人" in page.text
    other = login(personas.operator).get(
        url, {"organisation": resident.pk, "year": 2026, "month": 9}
    )
    assert "本项最多得一半分" in other.text


def _meeting(area, by, kind, day, people=0, headcount=0):
    when = timezone.make_aware(datetime(2026, 10, day, 9, 0))
    activity = Activity.objects.create(
        kind=kind,
        title=str(kind),
        area=area,
        starts_at=when,
        ends_at=when.replace(hour=11),
        status=ActivityStatus.PUBLISHED,
        created_by=by,
    )
    for _ in range(people):
        Attendance.objects.create(
            activity=activity,
            person=PersonFactory(
                community=area if area.level == "community" else area.children.first() or area
            ),
            checked_in_at=when,
        )
    if headcount:
        from activities.meeting_models import MeetingRecord

        MeetingRecord.objects.create(activity=activity, headcount=headcount)
    return activity


@pytest.fixture
def october_meetings(personas, territory):
    by = personas.street_a_officer
    _meeting(territory.street_a, by, ActivityKind.SALON, 10, people=3)
    _meeting(territory.community_a1, by, ActivityKind.PARTY, 12, people=2, headcount=25)
    _meeting(territory.community_a1, by, ActivityKind.JOINT, 14, people=6)  # not training
    _meeting(territory.street_c, personas.outsider, ActivityKind.SALON, 15, people=4)


def test_sign_ins_of_salons_and_party_lessons_are_training_person_times(
    october_meetings, territory
):
    compute_indicators(OCTOBER)

    def person_times(area):
        row = Indicator.objects.filter(
            area=area, kind="month", period=OCTOBER.key, figure=Figure.PERSON_TIMES
        ).first()
        return row.value if row else 0

    assert person_times(territory.street_a) == 3 + 25
    assert person_times(territory.community_a1) == 25
    assert person_times(territory.district_a) == 28
    assert person_times(territory.district_b) == 4


def test_the_dashboard_counts_meetings_in_the_jurisdiction(october_meetings, personas, login):
    compute_indicators(OCTOBER)
    page = login(personas.street_a_officer).get(
        reverse("assessments:dashboard"), {"kind": "month", "period": OCTOBER.key}
    )
    counted = page.context["meetings"]
    assert counted["held"] == 3
    assert counted["person_times"] == 28
    assert dict(counted["by_kind"]) == {
        ActivityKind.SALON.label: 1,
        ActivityKind.PARTY.label: 1,
        ActivityKind.JOINT.label: 1,
    }
