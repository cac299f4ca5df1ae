"""The monthly rule of seed 001 (月规范): three months in a row below 6 →
an interview; not rectified → ordered to leave the platform."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import (
    Amendment,
    Interview,
    InterviewKind,
    InterviewStatus,
    MonthlyScore,
    ScoreTemplate,
)
from assessments.rollups import run_monthly
from assessments.services import interviews, scores
from incubators.models import ResidencyStatus
from lib.periods import Month
from tests.assessment_helpers import TODAY, admit, points_for, score, signed_in, template
from tests.factories import OrganisationFactory

# Run on PostgreSQL too (CI, -m postgres): constraints and locked score rows behind the monthly rule.
pytestmark = pytest.mark.postgres


@pytest.fixture
def resident(personas, platforms):
    admit(personas.organisation_a1, platforms.street_a, personas.operator)
    return personas.organisation_a1


def low_run(org, by, totals, start=(2026, 8)):
    month = Month(*start)
    for total in totals:
        if total is not None:
            score(org, month.year, month.number, total, by)
        month = month.next()


def raised(org):
    return list(Interview.objects.filter(organisation=org, kind=InterviewKind.LOW_MONTHLY))


def test_three_low_months_open_an_interview_with_the_evidence(resident, personas, platforms):
    low_run(resident, personas.operator, [5.5, 4, 5.9])
    counts = run_monthly(Month(2026, 10))
    [interview] = raised(resident)
    assert counts["interviews_raised"] == 1
    assert (interview.year, interview.number, interview.status) == (2026, 10, "reminded")
    assert interview.platform == platforms.street_a
    assert [(e["month"], e["score"]) for e in interview.evidence] == [
        ("2026-08", "5.5"),
        ("2026-09", "4.0"),
        ("2026-10", "5.9"),
    ]
    # The operator hears of it.
    assert personas.operator.notifications.filter(title__contains="2026").exists()


def test_two_low_months_are_not_enough(resident, personas):
    low_run(resident, personas.operator, [8, 5, 5])
    run_monthly(Month(2026, 10))
    assert raised(resident) == []


def test_exactly_six_is_not_below_six(resident, personas):
    low_run(resident, personas.operator, [5, 6, 5])
    run_monthly(Month(2026, 10))
    assert raised(resident) == []


def test_a_missing_month_breaks_the_run(resident, personas):
    low_run(resident, personas.operator, [5, None, 5, 5])  # Aug, (Sep), Oct, Nov
    run_monthly(Month(2026, 10))
    run_monthly(Month(2026, 11))
    assert raised(resident) == []
    score(resident, 2026, 12, 5, personas.operator)  # Oct, Nov, Dec: a run
    run_monthly(Month(2026, 12))
    assert [(i.year, i.number) for i in raised(resident)] == [(2026, 12)]


def test_a_run_raises_one_reminder_however_long_it_lasts(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5, 5, 5])  # Aug..Dec
    for number in (10, 11, 12):
        run_monthly(Month(2026, number))
    run_monthly(Month(2026, 10))  # a rerun
    assert len(raised(resident)) == 1


def test_the_threshold_and_run_length_are_settings(resident, personas, settings):
    settings.ASSESSMENT_LOW_SCORE = 7
    settings.ASSESSMENT_LOW_MONTHS = 2
    low_run(resident, personas.operator, [9, 6.5, 6.5])
    run_monthly(Month(2026, 10))
    assert len(raised(resident)) == 1


def interviewed(org, by, deadline):
    [interview] = raised(org)
    return interviews.record_interview(
        interview=interview,
        held_on=date(2026, 11, 6),
        interviewers="新城街道 李主任；孵化中心 张社工",
        rectification="补齐活动记录，每月按时提交工作计划",
        deadline=deadline,
        by=by,
    )


def test_an_interview_puts_the_organisation_under_rectification(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5])
    run_monthly(Month(2026, 10))
    interview = interviewed(resident, personas.street_a_officer, date(2026, 11, 30))
    resident.refresh_from_db()
    assert interview.status == InterviewStatus.INTERVIEWED
    assert resident.rectification_due_on == date(2026, 11, 30)
    with pytest.raises(ValidationError):
        interviewed(resident, personas.street_a_officer, date(2026, 12, 31))  # recorded once


def test_interview_needs_a_deadline_after_it(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5])
    run_monthly(Month(2026, 10))
    with pytest.raises(ValidationError) as error:
        interviewed(resident, personas.street_a_officer, date(2026, 11, 1))
    assert "deadline" in error.value.message_dict
    assert raised(resident)[0].status == InterviewStatus.REMINDED


def test_still_low_the_month_after_the_deadline_orders_it_out(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5])  # Aug-Oct
    run_monthly(Month(2026, 10))
    interviewed(resident, personas.street_a_officer, date(2026, 11, 30))
    score(resident, 2026, 11, 5, personas.operator)  # before the deadline: not the test
    run_monthly(Month(2026, 11))
    assert raised(resident)[0].status == InterviewStatus.INTERVIEWED
    score(resident, 2026, 12, 5.5, personas.operator)  # the month after the deadline
    counts = run_monthly(Month(2026, 12))
    interview = raised(resident)[0]
    residency = resident.residencies.get()
    resident.refresh_from_db()
    assert counts["ordered_out"] == 1
    assert interview.status == InterviewStatus.FAILED
    assert residency.status == ResidencyStatus.ORDERED_OUT
    assert residency.ended_on == date(2026, 12, 31)
    assert "5.5" in residency.outcome
    assert resident.rectification_due_on is None
    # A rerun orders nobody out twice.
    assert run_monthly(Month(2026, 12))["ordered_out"] == 0


def test_at_the_line_the_month_after_the_deadline_is_rectified(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5])
    run_monthly(Month(2026, 10))
    interviewed(resident, personas.street_a_officer, date(2026, 11, 30))
    score(resident, 2026, 12, 6, personas.operator)
    run_monthly(Month(2026, 12))
    resident.refresh_from_db()
    assert raised(resident)[0].status == InterviewStatus.RECTIFIED
    assert resident.rectification_due_on is None
    assert resident.residencies.get().status == ResidencyStatus.RESIDENT


def test_a_rectification_marked_failed_orders_it_out(resident, personas):
    low_run(resident, personas.operator, [5, 5, 5])
    run_monthly(Month(2026, 10))
    interview = interviewed(resident, personas.street_a_officer, date(2026, 11, 30))
    with pytest.raises(ValidationError):  # a failure needs its reason
        interviews.conclude(
            interview=interview, rectified=False, on=date(2026, 11, 20), note="", by=None
        )
    interviews.conclude(
        interview=interview,
        rectified=False,
        on=date(2026, 11, 20),
        note="拒不整改，活动长期停滞",
        by=personas.street_a_officer,
    )
    residency = resident.residencies.get()
    assert residency.status == ResidencyStatus.ORDERED_OUT
    assert "拒不整改" in residency.outcome
    assert residency.ended_on == date(2026, 11, 20)


# --- scoring and locking ------------------------------------------------------------------


def test_a_month_is_scored_item_by_item(resident, personas):
    month = Month(2026, 10)
    points = points_for(7.5, month)
    signed_in(resident, month, personas.operator)
    saved = scores.record_score(
        organisation=resident, month=month, points=points, by=personas.operator, today=TODAY
    )
    assert saved.total == Decimal("7.5")
    assert saved.items.count() == template().items.count()


def test_bad_points_are_refused_and_nothing_is_saved(resident, personas):
    month = Month(2026, 10)
    points = points_for(7.5, month)
    first, last = list(points)[0], list(points)[-1]
    points[first] = Decimal("9")  # above the item's maximum
    points[last] = "abc"
    with pytest.raises(ValidationError) as error:
        scores.record_score(
            organisation=resident, month=month, points=points, by=personas.operator, today=TODAY
        )
    assert len(error.value.messages) == 2
    assert not MonthlyScore.objects.exists()


def test_only_residents_are_scored_and_only_once_a_month(resident, personas):
    outsider = OrganisationFactory(area=resident.area)
    with pytest.raises(ValidationError, match="未入驻"):
        score(outsider, 2026, 10, 8, personas.operator)
    score(resident, 2026, 10, 8, personas.operator)
    with pytest.raises(ValidationError, match="已有评分"):
        score(resident, 2026, 10, 7, personas.operator)
    first = MonthlyScore.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        MonthlyScore.objects.create(
            organisation=resident,
            platform=first.platform,
            year=2026,
            month=10,
            template=first.template,
            total=5,
            scored_by=personas.operator,
        )


def test_a_future_month_cannot_be_scored(resident, personas):
    with pytest.raises(ValidationError, match="尚未开始"):
        scores.record_score(
            organisation=resident,
            month=Month(2026, 12),
            points=points_for(8, Month(2026, 12)),
            by=personas.operator,
            today=date(2026, 11, 24),
        )


def test_a_closed_month_rejects_edits_and_takes_amendments_with_a_reason(resident, personas):
    saved = score(resident, 2026, 10, 5, personas.operator)
    # Open: a plain edit, no amendment.
    scores.change_score(score=saved, points=points_for(5.5, Month(2026, 10)), by=personas.operator)
    assert not Amendment.objects.exists()
    run_monthly(Month(2026, 10))
    saved.refresh_from_db()
    assert saved.is_locked
    with pytest.raises(ValidationError, match="更正理由"):
        scores.change_score(
            score=saved, points=points_for(8, Month(2026, 10)), by=personas.operator
        )
    saved.refresh_from_db()
    assert saved.total == Decimal("5.5")
    with pytest.raises(ValidationError, match="已结账"):
        score(OrganisationFactory(area=resident.area), 2026, 10, 8, personas.operator)
    scores.change_score(
        score=saved,
        points=points_for(8, Month(2026, 10)),
        by=personas.street_a_officer,
        reason="活动记录补交核实",
    )
    saved.refresh_from_db()
    amendment = saved.amendments.get()
    assert saved.total == Decimal("8")
    assert (amendment.total_before, amendment.total_after) == (Decimal("5.5"), Decimal("8"))
    assert amendment.amended_by == personas.street_a_officer and amendment.changes


def test_a_past_month_keeps_the_template_it_was_scored_with(resident, personas):
    old = template()
    score(resident, 2026, 10, 8, personas.operator)
    new = ScoreTemplate.objects.create(
        name="月规范评分表（2026修订）", valid_from=date(2026, 11, 1)
    )
    new.items.create(name="工作计划与总结", max_points=5, position=1)
    new.items.create(name="活动与台账", max_points=5, position=2)
    score(resident, 2026, 11, 9, personas.operator)
    october, november = MonthlyScore.objects.order_by("month")
    assert (october.template, november.template) == (old, new)
    assert november.items.count() == 2 and october.items.count() == old.items.count()
    assert old.in_use


def test_rerunning_the_month_that_ordered_it_out_changes_nothing(resident, personas):
    """Found in review: once the month after the deadline had ordered the
    organisation out, its interview read as concluded, so a rerun of that
    month took the low run ending there for a new one: a second reminder,
    and the operator notified again."""
    low_run(resident, personas.operator, [5, 5, 5])  # Aug-Oct 2026
    run_monthly(Month(2026, 10))
    interviewed(resident, personas.street_a_officer, date(2027, 1, 31))
    low_run(resident, personas.operator, [5, 5, 5, 5], start=(2026, 11))  # Nov-Feb, still low
    for month in (Month(2026, 11), Month(2026, 12), Month(2027, 1), Month(2027, 2)):
        run_monthly(month)
    [interview] = raised(resident)
    assert interview.status == InterviewStatus.FAILED
    assert resident.residencies.get().status == ResidencyStatus.ORDERED_OUT

    def state():
        resident.refresh_from_db()
        return (
            sorted(Interview.objects.values_list("kind", "year", "number", "status")),
            sorted(personas.operator.notifications.values_list("key", "title")),
            list(resident.residencies.values_list("status", "ended_on", "outcome")),
            resident.rectification_due_on,
        )

    before = state()
    counts = run_monthly(Month(2027, 2))
    assert state() == before
    assert (counts["interviews_raised"], counts["ordered_out"]) == (0, 0)
