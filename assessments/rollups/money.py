"""Where the money comes from (Wuhan §9; 福彩公益金): the money paid out of
the governance funds within the period, by source (Figure.MONEY_BY_SOURCE),
and the activity subsidies paid (Figure.SUBSIDIES_PAID).

A payment is counted where the money went, so communities add up to their
street and the district: a project's payment in the project's community, an
activity subsidy's in the activity's area, any other payment in the fund's
own area. Payments are disbursements, the cash out (an allocation is a
commitment, and a release gives it back). A payment booked before sources
were kept counts under UNSPECIFIED.
"""

from django.db.models import F, Sum

from activities.models import Subsidy, SubsidyStatus
from incubators.models import EntryKind, FundEntry
from lib.periods import Period
from projects.models import Payment

from ..models import Figure
from .counting import Counts

UNSPECIFIED = "unspecified"


def count_money_by_source(counts: Counts, period: Period) -> None:
    paid = FundEntry.objects.filter(
        kind=EntryKind.DISBURSEMENT, occurred_on__gte=period.start, occurred_on__lte=period.end
    )
    rows = list(
        paid.values("pk", "amount", "source_id", "allocation_id", fund_code=F("fund__area__code"))
    )
    ids = [row["pk"] for row in rows]
    allocations = [row["allocation_id"] for row in rows if row["allocation_id"]]
    # Where each payment went: a project's community, an activity's area.
    projects = dict(
        Payment.objects.filter(entry__in=ids).values_list("entry_id", "project__community__code")
    )
    activities = dict(
        Subsidy.objects.filter(allocation__in=allocations).values_list(
            "allocation_id", "activity__area__code"
        )
    )
    counts.add_keyed(
        Figure.MONEY_BY_SOURCE,
        [
            {
                "code": projects.get(row["pk"])
                or activities.get(row["allocation_id"])
                or row["fund_code"],
                "key": row["source_id"] or UNSPECIFIED,
                "n": row["amount"],
            }
            for row in rows
        ],
    )
    begin, stop = period.bounds
    counts.add(
        Figure.SUBSIDIES_PAID,
        Subsidy.objects.filter(
            status=SubsidyStatus.SETTLED, settled_at__gte=begin, settled_at__lt=stop
        )
        .values(code=F("activity__area__code"))
        .annotate(n=Sum("paid")),
    )
