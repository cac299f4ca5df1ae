"""What the indicator rollups share: counts per area code, and which
organisations stand at a period's end."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from lib.periods import Period
from orgs.models import Status, Transformation, TransformationKind
from orgs.models.organisations import LIVE_STATUSES
from orgs.models.territory import CODE_LENGTHS
from projects.models import Project, ProjectEvent, ProjectStatus

PREFIXES = sorted(CODE_LENGTHS.values())


def ancestors(code: str):
    """The code itself and the codes of every area above it."""
    for length in PREFIXES:
        if length <= len(code):
            yield code[:length]


class Counts(defaultdict):
    """{area code: {figure: value}}, counted where the records sit. A
    breakdown's rows are kept under (figure, key)."""

    def __init__(self):
        super().__init__(lambda: defaultdict(Decimal))

    def add(self, figure, rows, value="n"):
        """Add grouped rows of {"code": area code, value: number}."""
        for row in rows:
            if row["code"] and row[value]:
                self[row["code"]][figure] += Decimal(row[value])

    def add_keyed(self, figure, rows):
        """Add grouped rows of {"code", "key", "n"} to a breakdown."""
        for row in rows:
            if row["code"] and row["n"] and row["key"] is not None:
                self[row["code"]][(figure, str(row["key"]))] += Decimal(row["n"])

    def mark(self, figure, codes):
        """Count 1 for each area code (a street with a federation…), so an
        ancestor's value is how many of its areas have it."""
        for code in set(codes):
            self[code][figure] = Decimal(1)


def standing_q(period: Period, prefix: str = "") -> Q:
    """Organisations founded by the period's end (or, when the ledger has no
    founding date, entered by then)."""
    _begin, stop = period.bounds
    return Q(**{f"{prefix}founded_on__lte": period.end}) | Q(
        **{f"{prefix}founded_on__isnull": True, f"{prefix}created_at__lt": stop}
    )


def standing_live_q(period: Period, prefix: str = "") -> Q:
    """Organisations standing at the period's end and not yet dissolved or
    merged then: a period computed again after an organisation ended counts
    it as the report issued at the time did."""
    merged_later = Transformation.objects.filter(
        organisation=OuterRef(f"{prefix}pk"),
        kind=TransformationKind.MERGED,
        occurred_on__gt=period.end,
    )
    return standing_q(period, prefix) & (
        Q(**{f"{prefix}status__in": LIVE_STATUSES})
        | Q(**{f"{prefix}status": Status.DISSOLVED, f"{prefix}dissolved_on__gt": period.end})
        | (Q(**{f"{prefix}status": Status.MERGED}) & Exists(merged_later))
    )


def new_q(period: Period, prefix: str = "") -> Q:
    """Organisations founded within the period (or, with no founding date,
    entered within it)."""
    begin, stop = period.bounds
    return Q(
        **{f"{prefix}founded_on__gte": period.start, f"{prefix}founded_on__lte": period.end}
    ) | Q(
        **{
            f"{prefix}founded_on__isnull": True,
            f"{prefix}created_at__gte": begin,
            f"{prefix}created_at__lt": stop,
        }
    )


def awarded_in(period: Period):
    """Micro-projects awarded within the period."""
    begin, stop = period.bounds
    awarded = ProjectEvent.objects.filter(
        to_status=ProjectStatus.AWARDED, at__gte=begin, at__lt=stop
    ).values("project")
    return Project.objects.filter(pk__in=awarded)
