"""The monthly rollup: close the month, apply the low-score rule, settle the
rectifications that ended the month before, and compute the indicators."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.periods import Month
from notifications.services import notify
from notifications.texts import Text, month_day
from orgs.models import User
from orgs.roles import Role

from .. import rules
from ..models import Interview, InterviewKind, InterviewStatus, MonthlyScore, RollupKind
from ..services.interviews import conclude, refresh_rectification
from .indicators import compute_indicators
from .runs import recorded


def _window(month: Month, length: int) -> list[Month]:
    months = [month]
    while len(months) < length:
        months.append(months[-1].previous())
    return months[::-1]


def _in_months(months, year="year", number="month") -> Q:
    q = Q(pk__in=[])
    for m in months:
        q |= Q(**{year: m.year, number: m.number})
    return q


def run_monthly(month: Month, *, by=None, unless_finished_since=None) -> dict:
    """Close `month` and apply its rules; returns what it did."""
    with recorded(
        RollupKind.MONTHLY, month.key, unless_finished_since=unless_finished_since
    ) as counts:
        counts["locked"] = (
            MonthlyScore.objects.of_month(month)
            .filter(locked_at__isnull=True)
            .update(locked_at=timezone.now())
        )
        counts["interviews_raised"] = _raise_interviews(month)
        rectified, ordered_out = _settle_rectifications(month, by)
        counts["rectified"], counts["ordered_out"] = rectified, ordered_out
        counts["indicators"] = compute_indicators(month)
    return counts


def _raise_interviews(month: Month) -> int:
    """Three (ASSESSMENT_LOW_MONTHS) scored months in a row below the line,
    ending with `month`, raise an interview reminder, unless one was already
    raised for any of those months or one was still running at the end of
    `month`. A month without a score breaks the run. One grouped query finds
    them, one fetches the evidence.

    "Still running" is read from the interviews' dates, not their status
    now: raised for `month` or before, and not concluded before its last
    day. So a rerun answers as the first run did, after this month's own
    rollup (or a person, later) has concluded the interview."""
    months = _window(month, settings.ASSESSMENT_LOW_MONTHS)
    window = _in_months(months)
    low = rules.low_score()
    runs = (
        MonthlyScore.objects.filter(window)
        .values("organisation")
        .annotate(low=Count("pk", filter=Q(total__lt=low)))
        .filter(low=len(months))
        .values("organisation")
    )
    raised_by_then = Q(year__lt=month.year) | Q(year=month.year, number__lte=month.number)
    running = Q(concluded_on__isnull=True) | Q(concluded_on__gte=month.end)
    already = Interview.objects.filter(kind=InterviewKind.LOW_MONTHLY).filter(
        (raised_by_then & running) | _in_months(months, number="number")
    )
    scores = (
        MonthlyScore.objects.filter(window, organisation__in=runs)
        .exclude(organisation__in=already.values("organisation"))
        .select_related("platform")
        .order_by("organisation_id", "year", "month")
    )
    evidence = defaultdict(list)
    platform = {}
    for score in scores:
        evidence[score.organisation_id].append(
            {
                "month": score.period.key,
                "score": str(score.total),
                "platform": str(score.platform),
            }
        )
        platform[score.organisation_id] = score.platform
    created = Interview.objects.bulk_create(
        [
            Interview(
                organisation_id=org,
                platform=platform[org],
                kind=InterviewKind.LOW_MONTHLY,
                year=month.year,
                number=month.number,
                evidence=rows,
            )
            for org, rows in evidence.items()
        ],
        ignore_conflicts=True,
    )
    _notify_operators({platform[org] for org in evidence}, month)
    return len(created)


def _notify_operators(platforms, month: Month) -> None:
    """Tell each platform's operator accounts that interviews are due, in
    the platform and by text message to those with a phone."""
    operators = {p.operator_id: p for p in platforms if p.operator_id}
    if not operators:
        return
    users = User.objects.filter(
        role=Role.INCUBATOR_OPERATOR, organisation_id__in=operators, is_active=True
    )
    for user in users:
        notify(
            [user],
            _("Interviews due after %(month)s's scores") % {"month": month},
            _("Organisations resident in your platform scored below %(line)s three months running.")
            % {"line": settings.ASSESSMENT_LOW_SCORE},
            link="/admin/assessments/interview/?status__exact=reminded",
            key=f"interviews-{month.key}-{user.organisation_id}",
            # By text message too, to hold within the month after the one
            # scored (the month the rollup runs in).
            text=Text("reminder", {"what": "约谈低分组织", "date": month_day(month.next().end)}),
        )


def _settle_rectifications(month: Month, by) -> tuple[int, int]:
    """Low-score interviews whose deadline fell in the month before: this
    month's score decides. Still below the line: the rectification failed
    and the organisation is ordered out of its platform. At or above it:
    rectified. No score yet: left for a person to conclude."""
    previous = month.previous()
    due = list(
        Interview.objects.filter(
            kind=InterviewKind.LOW_MONTHLY,
            status=InterviewStatus.INTERVIEWED,
            deadline__gte=previous.start,
            deadline__lte=previous.end,
        )
    )
    score_of = dict(
        MonthlyScore.objects.of_month(month)
        .filter(organisation__in=[i.organisation_id for i in due])
        .values_list("organisation_id", "total")
    )
    low = rules.low_score()
    scored = [i for i in due if i.organisation_id in score_of]
    passed = [i for i in scored if score_of[i.organisation_id] >= low]
    failed = [i for i in scored if score_of[i.organisation_id] < low]
    rectified = Interview.objects.filter(pk__in=[i.pk for i in passed]).update(
        status=InterviewStatus.RECTIFIED,
        concluded_on=month.end,
        conclusion=_("%(month)s scored at or above %(line)s after the deadline.")
        % {"month": month, "line": settings.ASSESSMENT_LOW_SCORE},
    )
    refresh_rectification([i.organisation_id for i in passed])
    # Orders to leave are rare and each ends a residency with its own audit
    # entry, so they go through the incubators service one by one.
    for interview in failed:
        conclude(
            interview=interview,
            rectified=False,
            on=month.end,
            note=_("%(month)s scored %(score)s, still below %(line)s after the deadline.")
            % {
                "month": month,
                "score": score_of[interview.organisation_id],
                "line": settings.ASSESSMENT_LOW_SCORE,
            },
            by=by,
        )
    return rectified, len(failed)
