"""District indicators for one period, from one grouped query per figure.

Each figure is counted per area code (community, or street/district for
records that sit there), then added up to every ancestor in Python, over at
most a few thousand grouped rows; rates stay as their two counts.

The period is one value (lib.periods): its `kind` and `key` say where the
rows are stored, its days and instants what is counted.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Sum
from django.utils import timezone

from activities.meetings import held_in, person_times_rows
from activities.models import Activity
from grids.models import Ticket
from grids.stats import ticket_stats_by_community
from lib.periods import Period, Year
from orgs.models import Area, AreaLevel, Organisation, PartyOrgType, ServiceRecord, Tier, Training
from orgs.models.organisations import FilingStatus
from projects.models import ActivityReport

from ..models import AnnualAssessment, Figure, Indicator, PlatformGrade
from .counting import Counts, ancestors, awarded_in, standing_q
from .headlines import count_headlines

# Training rows with no programme: counted under this key, so the
# programmes add up to all trainings.
NO_PROGRAMME = "other"


def compute_indicators(period: Period) -> int:
    """Replace the indicators of `period` (a Month, Quarter or Year) with
    fresh ones; returns the rows written."""
    counts = Counts()
    _count_organisations(counts, period)
    _count_activity(counts, period)
    _count_tickets(counts, period)
    _count_projects(counts, period)
    count_headlines(counts, period)
    if isinstance(period, Year):
        _count_ratings(counts, period)
    areas = list(Area.objects.values_list("pk", "code", "level", "is_rural"))
    return _replace(period, areas, _totals(counts, areas))


def _count_organisations(counts: Counts, period: Period) -> None:
    """Organisations standing at the period's end: founded by then (or, when
    the ledger has no founding date, entered by then), filed, with a party
    organisation; and their members, as the ledger counts them."""
    live = Organisation.objects.live().filter(standing_q(period))
    by_area = {"code": F("area__code")}
    rows = list(live.values(**by_area).annotate(n=Count("pk"), members=Sum("member_count")))
    counts.add(Figure.ORGANISATIONS, rows)
    counts.add(Figure.MEMBERS, rows, value="members")
    fileable = live.exclude(tier=Tier.REGISTERED)
    counts.add(Figure.FILEABLE, fileable.values(**by_area).annotate(n=Count("pk")))
    counts.add(
        Figure.FILED,
        fileable.filter(filing_status=FilingStatus.APPROVED)
        .values(**by_area)
        .annotate(n=Count("pk")),
    )
    counts.add(
        Figure.PARTY_COVERED,
        live.exclude(party_org_type=PartyOrgType.NONE).values(**by_area).annotate(n=Count("pk")),
    )


def _count_activity(counts: Counts, period: Period) -> None:
    """Trainings and their person-times (people listed, or the headcount),
    by programme too, with the sign-ins of training-like meetings, and
    volunteer hours."""
    trainings = Training.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
    counts.add(Figure.TRAININGS, trainings.values(code=F("area__code")).annotate(n=Count("pk")))
    for row in trainings.annotate(listed=Count("attendances")).values(
        "area__code", "programme", "listed", "headcount"
    ):
        times = max(row["listed"], row["headcount"] or 0)
        code, key = row["area__code"], row["programme"].strip() or NO_PROGRAMME
        counts.add(Figure.PERSON_TIMES, [{"code": code, "n": times}])
        counts.add_keyed(Figure.TRAININGS_BY_PROGRAMME, [{"code": code, "key": key, "n": 1}])
        counts.add_keyed(Figure.PERSON_TIMES_BY_PROGRAMME, [{"code": code, "key": key, "n": times}])
    # Sign-ins of training-like meetings (书记沙龙, 三会一课: activities.meetings).
    counts.add(Figure.PERSON_TIMES, person_times_rows(held_in(Activity.objects, *period.bounds)))
    counts.add(
        Figure.VOLUNTEER_HOURS,
        ServiceRecord.objects.filter(served_on__gte=period.start, served_on__lte=period.end)
        .exclude(organisation=None)
        .values(code=F("organisation__area__code"))
        .annotate(n=Sum("hours")),
    )


def _count_tickets(counts: Counts, period: Period) -> None:
    """Grid tickets, counted as grids.stats counts them, as of the period's end."""
    for code, stats in ticket_stats_by_community(Ticket.objects.all(), period, period.end).items():
        row = counts[code]
        row[Figure.TICKETS_FOUND] += stats.found
        row[Figure.TICKETS_CLOSED] += stats.closed
        row[Figure.TICKETS_ON_TIME] += stats.on_time
        row[Figure.TICKETS_OVERDUE] += stats.overdue
        row[Figure.TICKETS_RATED] += stats.rated
        row[Figure.TICKETS_SATISFIED] += stats.satisfied


def _count_projects(counts: Counts, period: Period) -> None:
    """Micro-projects awarded in the period, their money and beneficiaries."""
    won = awarded_in(period)
    counts.add(Figure.PROJECTS, won.values(code=F("community__code")).annotate(n=Count("pk")))
    counts.add(
        Figure.MONEY_GRANTED,
        won.values(code=F("community__code")).annotate(n=Sum("awarded_amount")),
    )
    counts.add(
        Figure.BENEFICIARIES,
        ActivityReport.objects.filter(held_on__gte=period.start, held_on__lte=period.end)
        .values(code=F("project__community__code"))
        .annotate(n=Sum("beneficiaries")),
    )


def _count_ratings(counts: Counts, year: Year) -> None:
    """The year's star ratings and platform grades: only a year has them."""
    stars = {5: Figure.STARS_5, 4: Figure.STARS_4, 3: Figure.STARS_3, 2: Figure.STARS_2}
    for row in (
        AnnualAssessment.objects.filter(year=year.year, stars__isnull=False)
        .values("stars", code=F("organisation__area__code"))
        .annotate(n=Count("pk"))
    ):
        counts[row["code"]][stars.get(row["stars"], Figure.STARS_1)] += row["n"]
    grades = {"A": Figure.GRADE_A, "B": Figure.GRADE_B, "C": Figure.GRADE_C}
    for row in (
        PlatformGrade.objects.filter(year=year.year)
        .exclude(grade="")
        .values("grade", code=F("platform__area__code"))
        .annotate(n=Count("pk"))
    ):
        counts[row["code"]][grades.get(row["grade"], Figure.GRADE_D)] += row["n"]


def _totals(counts: Counts, areas) -> dict[str, dict[str, Decimal]]:
    """Each area's figures: what its own code and its descendants' counted,
    with the communities' targets and how many reach theirs."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for code, figures in counts.items():
        for ancestor in ancestors(code):
            for figure, value in figures.items():
                totals[ancestor][figure] += value
    for _pk, code, level, is_rural in areas:
        if level == AreaLevel.STREET:
            for ancestor in ancestors(code):
                totals[ancestor][Figure.STREETS] += 1
        if level != AreaLevel.COMMUNITY:
            continue
        target = (
            settings.ORGANISATIONS_TARGET_RURAL if is_rural else settings.ORGANISATIONS_TARGET_URBAN
        )
        reached = totals.get(code, {}).get(Figure.ORGANISATIONS, 0) >= target
        for ancestor in ancestors(code):
            totals[ancestor][Figure.TARGET] += target
            totals[ancestor][Figure.COMMUNITIES] += 1
            totals[ancestor][Figure.COMMUNITIES_AT_TARGET] += int(reached)
    return totals


def _replace(period: Period, areas, totals) -> int:
    now = timezone.now()
    kind, key = period.kind, period.key
    Indicator.objects.filter(kind=kind, period=key).delete()
    rows = [
        Indicator(
            area_id=pk,
            kind=kind,
            period=key,
            # A breakdown's row is counted under (figure, its key).
            figure=figure[0] if isinstance(figure, tuple) else figure,
            key=figure[1] if isinstance(figure, tuple) else "",
            value=value,
            computed_at=now,
        )
        for pk, code, _level, _rural in areas
        for figure, value in totals.get(code, {}).items()
        if value
    ]
    Indicator.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
