"""What waits in this app (lib/todos.py): monthly scores (月规范) to enter,
interviews (约谈) to hold, rectifications to conclude."""

from datetime import date, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from incubators.models import Residency
from lib.periods import Month
from lib.todos import SOON_DAYS, Todo, admin_change, admin_list, one_or_many
from orgs.roles import Role

from .models import Interview, InterviewStatus, MonthlyScore
from .services.scores import month_closed

# The monthly rollup closes last month's scores on this day of the month
# (config/celery.py, "assessments-monthly-rollup").
MONTH_CLOSES_ON_DAY = 5
# From this day a month's own scores are worth entering (its activities are
# mostly done), so the month in course joins the operator's to-dos.
SCORING_STARTS_ON_DAY = 20


def monthly_scores(user, today):
    """The operator scores last month's residents until the month closes on
    the 5th; once it has closed, the month in course waits from its
    SCORING_STARTS_ON_DAY on, due on the 5th of the next month."""
    if user.role != Role.INCUBATOR_OPERATOR:
        return []
    month = Month.of(today).previous()
    closes = date(today.year, today.month, MONTH_CLOSES_ON_DAY)
    if month_closed(month):
        if today.day < SCORING_STARTS_ON_DAY:
            return []
        month = Month.of(today)
        following = month.end + timedelta(days=1)
        closes = date(following.year, following.month, MONTH_CLOSES_ON_DAY)
    scored = MonthlyScore.objects.filter(
        organisation=OuterRef("organisation_id"), year=month.year, month=month.number
    )
    found = (
        Residency.objects.for_user(user)
        .current()
        .filter(entered_on__lte=month.end)
        .exclude(Exists(scored))
        .aggregate(n=Count("organisation", distinct=True))
    )
    return [
        Todo(
            "assessments.scores",
            _("Monthly scores to enter for %(month)s") % {"month": month},
            found["n"],
            reverse("admin:assessments_monthlyscore_add"),
            due=closes,
            order=10,
        )
    ]


def interviews(user, today):
    """Interviews to hold, and rectification deadlines near or past, for
    the street and the platform's operator (both record them)."""
    if user.role not in (Role.STREET_OFFICER, Role.INCUBATOR_OPERATOR):
        return []
    to_hold = Q(status=InterviewStatus.REMINDED)
    to_conclude = Q(status=InterviewStatus.INTERVIEWED, deadline__lte=today + timedelta(SOON_DAYS))
    found = (
        Interview.objects.for_user(user)
        .filter(to_hold | to_conclude)
        .aggregate(
            hold_n=Count("pk", filter=to_hold),
            hold_last=Max("pk", filter=to_hold),
            conclude_n=Count("pk", filter=to_conclude),
            conclude_last=Max("pk", filter=to_conclude),
            conclude_due=Min("deadline", filter=to_conclude),
        )
    )

    def link(prefix, status):
        return one_or_many(
            {"n": found[f"{prefix}_n"], "last": found[f"{prefix}_last"]},
            lambda pk: admin_change(Interview, pk),
            admin_list(Interview, f"status__exact={status}"),
        )

    return [
        Todo(
            "assessments.hold",
            _("Interviews (约谈) to hold"),
            found["hold_n"],
            link("hold", InterviewStatus.REMINDED),
            order=20,
        ),
        Todo(
            "assessments.conclude",
            _("Rectifications to conclude"),
            found["conclude_n"],
            link("conclude", InterviewStatus.INTERVIEWED),
            due=found["conclude_due"],
            order=25,
        ),
    ]


PROVIDERS = [monthly_scores, interviews]
