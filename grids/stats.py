"""Ticket statistics as the reports count them (Huiji: "830+ found, 780+
closed, satisfaction above 95%"), for any area and period, and grouped by
grid, community, street or district.

    found         reported in the period
    closed        closed in the period (rejected ones are not counted)
    on_time       closed in the period, resolved by the deadline
    overdue       found in the period and past the deadline: resolved late or still open
    days_to_close average days from report to closure, of those closed in the period
    rated         residents' ratings given in the period (each one: a ticket rated
                  low, reopened and rated again counts twice)
    satisfied     of those, TICKET_SATISFIED_FROM stars or more
    no_answer     closed in the period with no rating after the waiting days
    satisfaction  satisfied / rated: unrated tickets count neither way

Each figure comes from one aggregate query over tickets and one over ratings,
whatever the number of groups. The period is one value (lib.periods): a
month, a quarter, a year, or any span of days.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import Substr

from lib import clock
from lib.periods import Period
from orgs.models import Area

from .models import CLOCK_RUNNING, Grid, TicketRating, TicketStatus

GROUP_CODE_LENGTH = {"district": 6, "street": 9, "community": 12}


@dataclass
class Stats:
    found: int = 0
    closed: int = 0
    on_time: int = 0
    overdue: int = 0
    days_to_close: float | None = None
    rated: int = 0
    satisfied: int = 0
    no_answer: int = 0

    @property
    def satisfaction(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None

    @property
    def satisfaction_percent(self) -> float | None:
        return round(self.satisfied * 100 / self.rated, 1) if self.rated else None

    @property
    def closure_rate(self) -> float | None:
        return self.closed / self.found if self.found else None


def _aggregates(period: Period, today: date):
    begin, stop = period.bounds
    found = Q(reported_at__gte=begin, reported_at__lt=stop)
    closed = Q(status=TicketStatus.CLOSED, closed_at__gte=begin, closed_at__lt=stop)
    open_late = Q(due_on__lt=min(today, period.end), status__in=CLOCK_RUNNING)
    resolved_late = Q(
        resolved_at__isnull=False, due_on__isnull=False, resolved_at__date__gt=F("due_on")
    )
    return {
        "found": Count("pk", filter=found),
        "closed": Count("pk", filter=closed),
        "on_time": Count("pk", filter=closed & Q(resolved_at__date__lte=F("due_on"))),
        "overdue": Count("pk", filter=found & (open_late | resolved_late)),
        "days_to_close": Avg(
            ExpressionWrapper(F("closed_at") - F("reported_at"), output_field=DurationField()),
            filter=closed,
        ),
        "no_answer": Count("pk", filter=closed & Q(no_answer=True)),
    }


def _in_period(tickets, period: Period):
    """Only tickets found or closed in the period count for anything."""
    begin, stop = period.bounds
    return tickets.filter(
        Q(reported_at__gte=begin, reported_at__lt=stop)
        | Q(closed_at__gte=begin, closed_at__lt=stop)
    )


def _rating_aggregates():
    return {
        "rated": Count("pk"),
        "satisfied": Count("pk", filter=Q(stars__gte=settings.TICKET_SATISFIED_FROM)),
    }


def _ratings(tickets, period: Period):
    begin, stop = period.bounds
    return TicketRating.objects.filter(
        ticket__in=tickets.values("pk"), rated_at__gte=begin, rated_at__lt=stop
    )


def _stats(row, ratings=None) -> Stats:
    duration = row["days_to_close"]
    days = duration.total_seconds() / 86400 if duration is not None else None
    ratings = ratings or {}
    return Stats(
        found=row["found"],
        closed=row["closed"],
        on_time=row["on_time"],
        overdue=row["overdue"],
        days_to_close=round(days, 1) if days is not None else None,
        rated=ratings.get("rated", 0),
        satisfied=ratings.get("satisfied", 0),
        no_answer=row["no_answer"],
    )


def ticket_stats(tickets, period: Period, today: date | None = None) -> Stats:
    """The figures for `tickets` (already scoped) over a period."""
    today = today or clock.today()
    return _stats(
        _in_period(tickets, period).aggregate(**_aggregates(period, today)),
        _ratings(tickets, period).aggregate(**_rating_aggregates()),
    )


EMPTY = {"found": 0, "closed": 0, "on_time": 0, "overdue": 0, "days_to_close": None, "no_answer": 0}


def _grouped_by_code(tickets, ratings, length, period, today):
    rows = {
        r["group"]: r
        for r in tickets.annotate(group=Substr("community__code", 1, length))
        .values("group")
        .annotate(**_aggregates(period, today))
    }
    rated = {
        r["group"]: r
        for r in ratings.annotate(group=Substr("ticket__community__code", 1, length))
        .values("group")
        .annotate(**_rating_aggregates())
    }
    return rows, rated


def ticket_stats_by_community(
    tickets, period: Period, today: date | None = None
) -> dict[str, Stats]:
    """The figures of each community (by area code) that has any: two queries."""
    today = today or clock.today()
    ratings = _ratings(tickets, period)
    rows, rated = _grouped_by_code(
        _in_period(tickets, period), ratings, GROUP_CODE_LENGTH["community"], period, today
    )
    return {code: _stats(rows.get(code, EMPTY), rated.get(code)) for code in {*rows, *rated}}


def ticket_stats_by(
    tickets, level: str, period: Period, today: date | None = None
) -> list[tuple[str, Stats]]:
    """The figures grouped by "grid", "community", "street" or "district",
    in the territory's order (by code), each group named; tickets outside
    any grid come last as "—"."""
    today = today or clock.today()
    ratings = _ratings(tickets, period)
    tickets = _in_period(tickets, period)
    if level == "grid":
        rows = {
            r["grid_id"]: r
            for r in tickets.values("grid_id").annotate(**_aggregates(period, today))
        }
        rated = {
            r["ticket__grid_id"]: r
            for r in ratings.values("ticket__grid_id").annotate(**_rating_aggregates())
        }
        names = {
            grid.pk: (grid.code, str(grid))
            for grid in Grid.objects.filter(
                pk__in=[k for k in {*rows, *rated} if k]
            ).select_related("community")
        }
    else:
        length = GROUP_CODE_LENGTH[level]
        rows, rated = _grouped_by_code(tickets, ratings, length, period, today)
        names = {
            code: (code, name)
            for code, name in Area.objects.filter(code__in=[*rows, *rated]).values_list(
                "code", "name"
            )
        }
    ordered = sorted({*rows, *rated}, key=lambda key: names.get(key, ("~", ""))[0])
    return [
        (
            names.get(key, ("", "—"))[1],
            _stats(rows.get(key, EMPTY), rated.get(key)),
        )
        for key in ordered
    ]
