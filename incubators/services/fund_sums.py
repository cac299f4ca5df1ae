"""A fund's position (balance, committed, free) summed from its entries in
the database: for one fund, a page of funds, or one fund per source."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import EntryKind, Fund, FundEntry

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
INFLOWS = (EntryKind.DONATION, EntryKind.REFUND)


@dataclass(frozen=True)
class Position:
    balance: Decimal  # cash held
    committed: Decimal  # allocated and not yet paid out
    free: Decimal  # may still be allocated


# The sums a position is made of, per fund.
SUMS = {
    "inflow": Sum("amount", filter=Q(kind__in=INFLOWS)),
    "outflow": Sum("amount", filter=Q(kind=EntryKind.DISBURSEMENT)),
    "allocated": Sum("amount", filter=Q(kind=EntryKind.ALLOCATION)),
    "drawn": Sum(
        "amount",
        filter=Q(kind__in=[EntryKind.DISBURSEMENT, EntryKind.RELEASE], allocation__isnull=False),
    ),
}


def position(fund: Fund, *, until: date | None = None) -> Position:
    """The fund's position from its entries, in one query."""
    entries = FundEntry.objects.filter(fund=fund)
    if until is not None:
        entries = entries.filter(occurred_on__lte=until)
    return _position(entries.aggregate(**SUMS))


def positions(funds) -> dict[int, Position]:
    """Each fund's position by its id, for a page of funds, in one query."""
    funds = list(funds)
    rows = FundEntry.objects.filter(fund__in=funds).order_by().values("fund").annotate(**SUMS)
    found = {row["fund"]: _position(row) for row in rows}
    return {fund.pk: found.get(fund.pk) or _position({}) for fund in funds}


def _position(sums: dict) -> Position:
    # In cents: SQLite sums decimals as floats (0E-12 where 0.00 is meant).
    balance = ((sums.get("inflow") or ZERO) - (sums.get("outflow") or ZERO)).quantize(CENT)
    committed = ((sums.get("allocated") or ZERO) - (sums.get("drawn") or ZERO)).quantize(CENT)
    return Position(balance=balance, committed=committed, free=balance - committed)


def by_source(fund: Fund) -> dict[int | None, Position]:
    """The fund's position per source (its id; None for unspecified), in one query."""
    rows = FundEntry.objects.filter(fund=fund).order_by().values("source").annotate(**SUMS)
    return {row["source"]: _position(row) for row in rows}
