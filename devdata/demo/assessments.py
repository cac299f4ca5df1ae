"""Demo assessments: a year and more of monthly scores for every resident,
rolled up month by month as beat would have done, with the stories the
seeds tell: an organisation three months below 6 (its interview is due),
one that did not rectify and was ordered to leave its platform, last year's
annual assessment with star ratings, and the platforms' grades.

Scores are written in bulk (the rules live in the rollups, which run for
real); dates are fixed around the demo's "today" (devdata.demo.orgs.TODAY).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings

from assessments.models import (
    AnnualAssessment,
    Interview,
    ItemScore,
    MonthlyScore,
    PaperSurvey,
    PeerRating,
    ScoreTemplate,
)
from assessments.rollups import run_annual, run_monthly, run_quarterly
from assessments.services import interviews
from devdata.demo.meetings import sign_ins_for_scores
from devdata.demo.orgs import TODAY
from incubators.models import Residency
from lib.periods import Month, Quarter, Year

FIRST = Month(2025, 1)
LAST_CLOSED = Month.of(TODAY).previous()  # October: closed on 5 November
LOW_RUN = [Month(2026, 8), Month(2026, 9), Month(2026, 10)]  # interview due now
LEAVER_RUN = [Month(2026, 4), Month(2026, 5), Month(2026, 6)]  # then August still low


def build(demo):
    if MonthlyScore.objects.exists():
        return
    rng = demo.rng("assessments")
    stays = list(
        Residency.objects.filter(platform__area__level="street")
        .select_related("platform", "organisation")
        .order_by("platform__area__code", "organisation_id")
    )
    current = [s for s in stays if s.status == "resident" and s.entered_on <= date(2026, 3, 1)]
    low, leaver = current[0], current[3]
    scores = []
    month = FIRST
    while month <= Month.of(TODAY):
        template = ScoreTemplate.objects.for_month(month)
        items = list(template.items.all())
        for stay in stays:
            ended = stay.ended_on or date.max
            if stay.entered_on > month.end or ended < month.start:
                continue
            if stay == leaver and month > Month(2026, 8):
                continue
            if month == Month.of(TODAY) and rng.random() < 0.6:
                continue  # November is being scored now
            if stay == low and month in LOW_RUN:
                target = Decimal(rng.choice(["4.5", "5.0", "5.5", "5.8"]))
            elif stay == leaver and (month in LEAVER_RUN or month == Month(2026, 8)):
                target = Decimal(rng.choice(["4.0", "4.5", "5.0", "5.5"]))
            else:
                target = Decimal(
                    rng.choice(["9.5", "9.0", "8.5", "8.5", "8.0", "8.0", "7.5", "7.0", "6.5"])
                )
            scores.append((stay, month, template, fill_points(items, target)))
        month = month.next()
    # An activity item asking for sign-in records (签到齐全) gets more than
    # half its points only for a month with such an activity: give them one.
    sign_ins_for_scores(
        [
            (stay.organisation, month)
            for stay, month, _template, points in scores
            if any(
                item.needs_sign_in and value > item.max_points / 2 for item, value in points.items()
            )
        ],
        by=demo.actor,
    )
    made = MonthlyScore.objects.bulk_create(
        MonthlyScore(
            organisation=stay.organisation,
            platform=stay.platform,
            year=month.year,
            month=month.number,
            template=template,
            total=sum(points.values(), start=Decimal(0)),
            scored_by=demo.actor,
            note="卫生、台账需加强" if sum(points.values()) < 6 else "",
        )
        for stay, month, template, points in scores
    )
    ItemScore.objects.bulk_create(
        ItemScore(score=score, item=item, points=value)
        for score, (_stay, _month, _template, points) in zip(made, scores, strict=True)
        for item, value in points.items()
    )
    _year_end_inputs(demo, rng, 2025)

    # Roll up as beat would have: each month on the 5th, each quarter on the 6th.
    month = FIRST
    while month <= LAST_CLOSED:
        run_monthly(month, by=demo.actor)
        if month == LEAVER_RUN[-1]:
            interview = Interview.objects.get(organisation=leaver.organisation, number=6)
            interviews.record_interview(
                interview=interview,
                held_on=date(2026, 7, 8),
                interviewers="街道社区建设办 王主任；孵化中心 李社工",
                rectification="每月按时提交工作计划，补齐活动记录与照片，保持活动室卫生。",
                deadline=date(2026, 7, 31),
                by=demo.actor,
            )
        if month.number % 3 == 0:
            run_quarterly(month.quarter, by=demo.actor)
        if month == Month(2025, 12):
            run_annual(Year(2025), by=demo.actor)
        month = month.next()
    run_quarterly(Quarter(2026, 3), by=demo.actor)


def fill_points(items, target: Decimal) -> dict:
    """Item points adding up to the target, each within its maximum."""
    left, points = target, {}
    for item in items:
        given = min(item.max_points, left)
        points[item] = given
        left -= given
    return points


def _year_end_inputs(demo, rng, year):
    """Self, residents' and party-building scores, and peer ratings among the
    residents of each platform, for everyone scored that year."""
    scored = (
        MonthlyScore.objects.filter(year=year)
        .values_list("organisation", "platform")
        .distinct()
        .order_by("organisation")
    )
    by_platform: dict[int, list[int]] = {}
    rows, papers = [], []
    for organisation, platform in scored:
        by_platform.setdefault(platform, []).append(organisation)
        rows.append(
            AnnualAssessment(
                organisation_id=organisation,
                year=year,
                party_score=Decimal(rng.choice([98, 95, 92, 90, 88, 85, 80, 72, 55])),
                self_score=Decimal(rng.randint(82, 98)),
            )
        )
        # The residents' part (群众评) of 2025, before the survey went online:
        # paper forms, enough to be assessed but for one organisation in
        # nine, whose part reads "not assessed" (counted as 0).
        short = len(rows) % 9 == 5
        papers.append(
            PaperSurvey(
                organisation_id=organisation,
                year=year,
                forms=(
                    settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS - 8
                    if short
                    else rng.randint(settings.ASSESSMENT_RESIDENTS_MIN_ANSWERS, 60)
                ),
                average=Decimal(rng.randint(68, 98)),
                reason="入户回收问卷不足" if short else "老年居民填写纸质问卷",
            )
        )
    AnnualAssessment.objects.bulk_create(rows, ignore_conflicts=True)
    PaperSurvey.objects.bulk_create(papers)
    ratings = []
    for members in by_platform.values():
        for rater in members:
            for rated in rng.sample([m for m in members if m != rater], min(2, len(members) - 1)):
                ratings.append(
                    PeerRating(
                        year=year,
                        rater_id=rater,
                        rated_id=rated,
                        score=Decimal(rng.randint(70, 98)),
                        recorded_by=demo.actor,
                    )
                )
    PeerRating.objects.bulk_create(ratings, ignore_conflicts=True)
