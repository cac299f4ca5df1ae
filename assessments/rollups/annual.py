"""The annual rollup: organisations' annual assessments and star ratings,
interviews for low ratings, platforms' grades, and the year's indicators.

Its number of queries does not depend on the number of organisations or
platforms (assessments/tests/test_rollups.py pins it): the stars are one
INSERT … SELECT upsert (assessments/rollups/stars.py), the rest grouped
aggregates in, bulk upserts and subquery updates out.
"""

from django.conf import settings
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.utils import timezone

from incubators.models import MonthlyReport, Platform, Review, ReviewKind
from lib.periods import Year
from orgs import public_cache

from .. import rules
from ..models import (
    AnnualAssessment,
    Interview,
    InterviewKind,
    PlatformGrade,
    RollupKind,
)
from .indicators import compute_indicators
from .quarterly import reports_due
from .runs import recorded
from .stars import assess, rate


def run_annual(year: Year, *, by=None, unless_finished_since=None) -> dict:
    with recorded(
        RollupKind.ANNUAL, year.key, unless_finished_since=unless_finished_since
    ) as counts:
        counts["assessed"], counts["rated"] = _assess(year)
        # The stars went onto organisations by update(), which no signal
        # reports: the public pages that show them are redone.
        public_cache.organisations_changed()
        counts["interviews_raised"] = _low_star_interviews(year)
        counts["platforms_graded"] = _grade_platforms(year)
        counts["indicators"] = compute_indicators(year)
    return counts


def _assess(year: Year) -> tuple[int, int]:
    """The year's assessments and stars, and the stars written on the
    organisations: two set-based statements (see stars.py)."""
    return assess(year), rate(year)


def _low_star_interviews(year: Year) -> int:
    """Three stars or fewer: an interview and a rectification deadline."""
    low = AnnualAssessment.objects.filter(
        year=year.year, stars__lte=settings.ASSESSMENT_LOW_STARS
    ).exclude(
        organisation__in=Interview.objects.filter(
            kind=InterviewKind.LOW_STARS, year=year.year
        ).values("organisation")
    )
    created = Interview.objects.bulk_create(
        [
            Interview(
                organisation_id=row["organisation"],
                platform_id=row["platform"],
                kind=InterviewKind.LOW_STARS,
                year=year.year,
                number=1,
                evidence=[{"year": year.year, "score": str(row["total"]), "stars": row["stars"]}],
            )
            for row in low.values("organisation", "platform", "total", "stars")
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(created)


def _grade_platforms(year: Year) -> int:
    reports = dict(
        MonthlyReport.objects.filter(year=year.year)
        .values("platform")
        .annotate(n=Count("pk"))
        .values_list("platform", "n")
    )
    reviews: dict[int, dict[str, object]] = {}
    for row in (
        Review.objects.filter(year=year.year)
        .values("platform", "kind")
        .annotate(average=Avg("score"))
    ):
        reviews.setdefault(row["platform"], {})[row["kind"]] = rules.tenth(row["average"])
    now = timezone.now()
    rows = []
    for platform in Platform.objects.filter(
        Q(is_active=True) | Q(pk__in=[*reports, *reviews])
    ).select_related("area"):
        due = reports_due(platform, 12)
        received = reports.get(platform.pk, 0)
        scores = reviews.get(platform.pk, {})
        total = rules.platform_total(
            reports_share=min(received, due) / due if due else None,
            quarterly=scores.get(ReviewKind.QUARTERLY),
            half_year=scores.get(ReviewKind.HALF_YEAR),
            annual=scores.get(ReviewKind.ANNUAL),
        )
        rows.append(
            PlatformGrade(
                platform=platform,
                year=year.year,
                reports_received=received,
                reports_due=due,
                quarterly_average=scores.get(ReviewKind.QUARTERLY),
                half_year_average=scores.get(ReviewKind.HALF_YEAR),
                annual_score=scores.get(ReviewKind.ANNUAL),
                total=total,
                grade=rules.grade_for(total),
                computed_at=now,
            )
        )
    PlatformGrade.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["platform", "year"],
        update_fields=[
            "reports_received",
            "reports_due",
            "quarterly_average",
            "half_year_average",
            "annual_score",
            "total",
            "grade",
            "computed_at",
        ],
    )
    graded = PlatformGrade.objects.filter(year=year.year).exclude(grade="")
    newest = graded.filter(platform=OuterRef("pk")).values("grade")[:1]
    Platform.objects.filter(pk__in=graded.values("platform")).exclude(
        grades__year__gt=year.year
    ).update(grade=Subquery(newest))
    return len(rows)
