"""District indicators for one period, from one grouped query per figure.

Each figure is counted per area code (community, or street/district for
records that sit there), then added up to every ancestor in Python, over at
most a few thousand grouped rows; rates stay as their two counts.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from grids.models import Ticket
from grids.stats import ticket_stats_by_community
from lib.periods import day_bounds
from orgs.models import Area, AreaLevel, Organisation, PartyOrgType, ServiceRecord, Tier, Training
from orgs.models.organisations import FilingStatus
from orgs.models.territory import CODE_LENGTHS
from projects.models import ActivityReport, Project, ProjectEvent, ProjectStatus

from ..models import AnnualAssessment, Figure, Indicator, PlatformGrade

PREFIXES = sorted(CODE_LENGTHS.values())


def _ancestors(code: str):
    for length in PREFIXES:
        if length <= len(code):
            yield code[:length]


def compute(*, kind: str, period: str, start: date, end: date, year: int | None = None) -> int:
    """Replace the indicators of (kind, period) with fresh ones; returns rows."""
    begin, stop = day_bounds(start, end)
    by_code: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def add(figure, rows, code_key="code", value_key="n"):
        for row in rows:
            if row[code_key] and row[value_key]:
                by_code[row[code_key]][figure] += Decimal(row[value_key])

    # Organisations standing at the period's end: founded by then (or, when
    # the ledger has no founding date, entered by then).
    live = Organisation.objects.live().filter(
        Q(founded_on__lte=end) | Q(founded_on__isnull=True, created_at__lt=stop)
    )
    add(
        Figure.ORGANISATIONS,
        live.values(code=F("area__code")).annotate(n=Count("pk")),
    )
    add(
        Figure.FILEABLE,
        live.exclude(tier=Tier.REGISTERED).values(code=F("area__code")).annotate(n=Count("pk")),
    )
    add(
        Figure.FILED,
        live.exclude(tier=Tier.REGISTERED)
        .filter(filing_status=FilingStatus.APPROVED)
        .values(code=F("area__code"))
        .annotate(n=Count("pk")),
    )
    add(
        Figure.PARTY_COVERED,
        live.exclude(party_org_type=PartyOrgType.NONE)
        .values(code=F("area__code"))
        .annotate(n=Count("pk")),
    )
    # Trainings and their person-times (people listed, or the headcount).
    trainings = Training.objects.filter(held_on__gte=start, held_on__lte=end)
    add(Figure.TRAININGS, trainings.values(code=F("area__code")).annotate(n=Count("pk")))
    per_training = defaultdict(int)
    for row in trainings.annotate(listed=Count("attendances")).values(
        "area__code", "listed", "headcount"
    ):
        per_training[row["area__code"]] += max(row["listed"], row["headcount"] or 0)
    add(Figure.PERSON_TIMES, [{"code": c, "n": n} for c, n in per_training.items()])
    add(
        Figure.VOLUNTEER_HOURS,
        ServiceRecord.objects.filter(served_on__gte=start, served_on__lte=end)
        .exclude(organisation=None)
        .values(code=F("organisation__area__code"))
        .annotate(n=Sum("hours")),
    )
    # Grid tickets, counted as grids.stats counts them.
    for code, stats in ticket_stats_by_community(Ticket.objects.all(), start, end, end).items():
        row = by_code[code]
        row[Figure.TICKETS_FOUND] += stats.found
        row[Figure.TICKETS_CLOSED] += stats.closed
        row[Figure.TICKETS_ON_TIME] += stats.on_time
        row[Figure.TICKETS_OVERDUE] += stats.overdue
        row[Figure.TICKETS_RATED] += stats.rated
        row[Figure.TICKETS_SATISFIED] += stats.satisfied
    # Micro-projects awarded in the period, their money and beneficiaries.
    awarded = ProjectEvent.objects.filter(
        to_status=ProjectStatus.AWARDED, at__gte=begin, at__lt=stop
    ).values("project")
    won = Project.objects.filter(pk__in=awarded)
    add(Figure.PROJECTS, won.values(code=F("community__code")).annotate(n=Count("pk")))
    add(
        Figure.MONEY_GRANTED,
        won.values(code=F("community__code")).annotate(n=Sum("awarded_amount")),
    )
    add(
        Figure.BENEFICIARIES,
        ActivityReport.objects.filter(held_on__gte=start, held_on__lte=end)
        .values(code=F("project__community__code"))
        .annotate(n=Sum("beneficiaries")),
    )
    if year is not None:
        stars = {5: Figure.STARS_5, 4: Figure.STARS_4, 3: Figure.STARS_3, 2: Figure.STARS_2}
        for row in (
            AnnualAssessment.objects.filter(year=year, stars__isnull=False)
            .values("stars", code=F("organisation__area__code"))
            .annotate(n=Count("pk"))
        ):
            by_code[row["code"]][stars.get(row["stars"], Figure.STARS_1)] += row["n"]
        grades = {"A": Figure.GRADE_A, "B": Figure.GRADE_B, "C": Figure.GRADE_C}
        for row in (
            PlatformGrade.objects.filter(year=year)
            .exclude(grade="")
            .values("grade", code=F("platform__area__code"))
            .annotate(n=Count("pk"))
        ):
            by_code[row["code"]][grades.get(row["grade"], Figure.GRADE_D)] += row["n"]

    areas = list(Area.objects.values_list("pk", "code", "level", "is_rural"))
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for code, figures in by_code.items():
        for ancestor in _ancestors(code):
            for figure, value in figures.items():
                totals[ancestor][figure] += value
    # Targets: each community's, and how many communities reach theirs.
    for _pk, code, level, is_rural in areas:
        if level != AreaLevel.COMMUNITY:
            continue
        target = (
            settings.ORGANISATIONS_TARGET_RURAL if is_rural else settings.ORGANISATIONS_TARGET_URBAN
        )
        reached = totals.get(code, {}).get(Figure.ORGANISATIONS, 0) >= target
        for ancestor in _ancestors(code):
            totals[ancestor][Figure.TARGET] += target
            totals[ancestor][Figure.COMMUNITIES] += 1
            totals[ancestor][Figure.COMMUNITIES_AT_TARGET] += int(reached)

    now = timezone.now()
    Indicator.objects.filter(kind=kind, period=period).delete()
    rows = [
        Indicator(area_id=pk, kind=kind, period=period, figure=figure, value=value, computed_at=now)
        for pk, code, _level, _rural in areas
        for figure, value in totals.get(code, {}).items()
        if value
    ]
    Indicator.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
