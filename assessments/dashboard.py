"""The district dashboard's figures, read from the indicators the rollups
computed (and, for what the ledger is now, from one grouped query each).

Everything is for one area (within the user's jurisdiction) and one period;
its child areas give the drill-down rows and the "by street/community" charts.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Substr

from activities.meetings import TRAINING_KINDS, held_in, person_times
from activities.models import Activity, ActivityKind
from lib import clock
from lib.periods import Period, Year
from orgs.models import Area, AreaLevel, Organisation, Tier
from orgs.models.organisations import FilingStatus
from orgs.models.territory import CODE_LENGTHS

from .models import Figure, Indicator, PeriodKind

CHILD_LEVEL = {
    AreaLevel.CITY: AreaLevel.DISTRICT,
    AreaLevel.DISTRICT: AreaLevel.STREET,
    AreaLevel.STREET: AreaLevel.COMMUNITY,
}


def ratio(part, whole) -> float | None:
    return round(float(part) * 100 / float(whole), 1) if whole else None


@dataclass
class Figures:
    values: dict = field(default_factory=dict)

    def __getitem__(self, figure) -> Decimal:
        # Unknown names raise, so templates fall through to the properties.
        if str(figure) not in Figure.values:
            raise KeyError(figure)
        return self.values.get(str(figure), Decimal(0))

    @property
    def filing_rate(self):
        return ratio(self[Figure.FILED], self[Figure.FILEABLE])

    @property
    def party_coverage(self):
        return ratio(self[Figure.PARTY_COVERED], self[Figure.ORGANISATIONS])

    @property
    def satisfaction(self):
        return ratio(self[Figure.TICKETS_SATISFIED], self[Figure.TICKETS_RATED])

    @property
    def closure_rate(self):
        return ratio(self[Figure.TICKETS_CLOSED], self[Figure.TICKETS_FOUND])

    @property
    def target_rate(self):
        return ratio(self[Figure.ORGANISATIONS], self[Figure.TARGET])

    # The seeds ask for a federation and a base in every street.
    @property
    def hub_rate(self):
        return ratio(self[Figure.STREETS_WITH_HUB], self[Figure.STREETS])

    @property
    def base_rate(self):
        return ratio(self[Figure.STREETS_WITH_BASE], self[Figure.STREETS])


def periods(kind: str) -> list[str]:
    """The periods of a kind that have indicators, newest first."""
    return list(
        Indicator.objects.filter(kind=kind)
        .values_list("period", flat=True)
        .distinct()
        .order_by("-period")
    )


def default_period(choices: list[str]) -> str:
    """The period the board opens on: the newest that has ended (a month
    still under way has only its first days counted, if a rollup ran in
    it), else the newest there is."""
    today = clock.today()
    ended = [key for key in choices if Period.parse(key).end < today]
    return (ended or choices or [""])[0]


def figures(area: Area, period: Period | None) -> Figures:
    """The area's figures for `period`; none before the first rollup."""
    if period is None:
        return Figures({})
    found = Indicator.objects.filter(area=area, kind=period.kind, period=period.key, key="")
    return Figures(dict(found.values_list("figure", "value")))


def children(area: Area) -> list[Area]:
    level = CHILD_LEVEL.get(area.level)
    if level is None:
        return []
    return list(area.children.filter(level=level).order_by("code"))


def child_figures(area: Area, period: Period | None) -> list[tuple[Area, Figures]]:
    """Each child area with its figures: one query for all of them."""
    kids = children(area)
    table = Indicator.objects.filter(area__in=kids).table(period.kind, period.key) if period else {}
    return [(kid, Figures(table.get(kid.pk, {}))) for kid in kids]


def trend(area: Area, year: Year) -> list[tuple[str, Figures]]:
    """The area's monthly figures through a year: one query."""
    wanted = [month.key for month in year.months()]
    rows = {}
    for period, figure, value in Indicator.objects.filter(
        area=area, kind=PeriodKind.MONTH, period__in=wanted, key=""
    ).values_list("period", "figure", "value"):
        rows.setdefault(period, {})[figure] = value
    return [(p, Figures(rows[p])) for p in wanted if p in rows]


def ledger_by_child(area: Area, user) -> list[dict]:
    """Today's ledger by child area: live organisations by tier, and filing.
    One grouped query (the ledger is current, not a period's)."""
    kids = children(area)
    if not kids:
        return []
    length = CODE_LENGTHS[kids[0].level]
    rows = {
        row["group"]: row
        for row in Organisation.objects.for_user(user)
        .live()
        .in_area(area)
        .annotate(group=Substr("area__code", 1, length))
        .values("group")
        .annotate(
            total=Count("pk"),
            registered=Count("pk", filter=Q(tier=Tier.REGISTERED)),
            filed=Count("pk", filter=Q(filing_status=FilingStatus.APPROVED)),
            fileable=Count("pk", filter=~Q(tier=Tier.REGISTERED)),
        )
    }
    found = []
    for kid in kids:
        row = rows.get(kid.code, {})
        found.append(
            {
                "area": kid,
                "total": row.get("total", 0),
                "registered": row.get("registered", 0),
                "filed": row.get("filed", 0),
                "other": row.get("fileable", 0) - row.get("filed", 0),
                "filing_rate": ratio(row.get("filed", 0), row.get("fileable", 0)),
            }
        )
    return found


def categories(area: Area, user) -> list[tuple[str, int]]:
    """Live organisations by top-level category (today's ledger)."""
    return [
        (row["top"], row["n"])
        for row in Organisation.objects.for_user(user)
        .live()
        .in_area(area)
        .annotate(top=Coalesce("category__parent__name", "category__name"))
        .values("top")
        .annotate(n=Count("pk"))
        .order_by("-n", "top")
    ]


def meetings(area: Area, period: Period | None, user) -> dict:
    """Activities and meetings held in the area in the period (live, not a
    rollup's): how many, how many of each kind, and the person-times of the
    training-like kinds (activities.meetings.TRAINING_KINDS). Two queries."""
    if period is None:
        return {"held": 0, "by_kind": [], "person_times": 0}
    held = held_in(Activity.objects.for_user(user).in_area(area), *period.bounds)
    counted = dict(held.values_list("kind").annotate(n=Count("pk")).order_by())
    labels = dict(ActivityKind.choices)
    return {
        "held": sum(counted.values()),
        "by_kind": [(labels[kind], counted[kind]) for kind in labels if counted.get(kind)],
        "person_times": person_times(held.filter(kind__in=TRAINING_KINDS)),
    }
