"""The quarterly rollup: each platform's quarter (monthly reports received,
the on-site supervision score, supervision orders and lagging checklist
tasks), and the quarter's indicators."""

from django.db.models import Count, Q
from django.utils import timezone

from incubators.models import MonthlyReport, Platform, ProgressEntry, Review, SupervisionOrder
from incubators.models.progress import ProgressStatus
from incubators.models.reviews import ReviewKind
from lib.periods import Quarter
from orgs.models import AreaLevel

from ..models import PlatformQuarter, RollupKind
from .indicators import compute_indicators
from .runs import recorded


def months_of(quarter: Quarter) -> Q:
    first = 3 * quarter.number - 2
    return Q(year=quarter.year, month__gte=first, month__lte=first + 2)


def reports_due(platform: Platform, months: int) -> int:
    """Street platforms report monthly to the district (月汇报)."""
    return months if platform.area.level == AreaLevel.STREET else 0


def run_quarterly(quarter: Quarter, *, by=None, unless_finished_since=None) -> dict:
    with recorded(
        RollupKind.QUARTERLY, quarter.key, unless_finished_since=unless_finished_since
    ) as counts:
        counts["platforms"] = _platform_quarters(quarter)
        counts["indicators"] = compute_indicators(quarter)
    return counts


def _platform_quarters(quarter: Quarter) -> int:
    begin, stop = quarter.bounds
    reports = dict(
        MonthlyReport.objects.filter(months_of(quarter))
        .values("platform")
        .annotate(n=Count("pk"))
        .values_list("platform", "n")
    )
    reviews = dict(
        Review.objects.filter(
            kind=ReviewKind.QUARTERLY, year=quarter.year, number=quarter.number
        ).values_list("platform", "score")
    )
    orders = dict(
        SupervisionOrder.objects.filter(issued_at__gte=begin, issued_at__lt=stop)
        .values("platform")
        .annotate(n=Count("pk"))
        .values_list("platform", "n")
    )
    lagging = dict(
        ProgressEntry.objects.filter(task__due_on__gte=quarter.start, task__due_on__lte=quarter.end)
        .exclude(status=ProgressStatus.DONE, done_on__lte=quarter.end)
        .values("report__platform")
        .annotate(n=Count("pk"))
        .values_list("report__platform", "n")
    )
    now = timezone.now()
    rows = [
        PlatformQuarter(
            platform=platform,
            year=quarter.year,
            quarter=quarter.number,
            reports_received=reports.get(platform.pk, 0),
            reports_due=reports_due(platform, 3),
            review_score=reviews.get(platform.pk),
            supervision_orders=orders.get(platform.pk, 0),
            lagging_tasks=lagging.get(platform.pk, 0),
            computed_at=now,
        )
        for platform in Platform.objects.filter(
            Q(is_active=True) | Q(pk__in=[*reports, *reviews, *orders, *lagging])
        ).select_related("area")
    ]
    PlatformQuarter.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["platform", "year", "quarter"],
        update_fields=[
            "reports_received",
            "reports_due",
            "review_score",
            "supervision_orders",
            "lagging_tasks",
            "computed_at",
        ],
    )
    return len(rows)
