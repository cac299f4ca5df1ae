"""Statements (对账单): per provider and month, what was picked up, with the
points it cost, item by item. A pickup counts in the month it was picked up."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from lib import clock
from lib.periods import Month

from .models import Exchange, ExchangeStatus

# Statements exist from the mall's first year; the bounds keep a typed or
# pasted `?month=9999-12` (whose following month is past the calendar's
# end) or `0001-01` (before UTC's epoch in the local zone) away from date
# arithmetic and the database.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def read_month(text: str | None) -> tuple[Month, str]:
    """'2026-11' -> (Month(2026, 11), ""). Nothing asked -> this month; a
    month that is no month, or outside FIRST_YEAR..LAST_YEAR -> this month
    and the reason, for the page to show."""
    this_month = Month.of(clock.today())
    if not text:
        return this_month, ""
    try:
        year, number = (int(part) for part in text.split("-"))
        asked = Month.of(date(year, number, 1))
    except (ValueError, OverflowError):
        return this_month, _("“%(text)s” is not a month: showing this month instead.") % {
            "text": text[:20]
        }
    if not FIRST_YEAR <= asked.year <= LAST_YEAR:
        return this_month, _(
            "Statements cover the years %(first)d to %(last)d: showing this month instead."
        ) % {"first": FIRST_YEAR, "last": LAST_YEAR}
    return asked, ""


def picked_up_in(exchanges, month: Month):
    start, end = month.bounds
    return exchanges.filter(
        status=ExchangeStatus.PICKED_UP, closed_at__gte=start, closed_at__lt=end
    )


@dataclass(frozen=True)
class Line:
    name: str
    count: int
    points: int


@dataclass(frozen=True)
class Statement:
    provider: object
    month: Month
    lines: list[Line]
    exchanges: list  # the pickups, oldest first

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def points(self) -> int:
        return sum(line.points for line in self.lines)


def statement(provider, month: Month) -> Statement:
    picked = picked_up_in(Exchange.objects.filter(offer__provider=provider), month)
    lines = [
        Line(row["offer__name"], row["count"], row["points"])
        for row in picked.values("offer__name")
        .annotate(count=Count("pk"), points=Sum("points"))
        .order_by("offer__name")
    ]
    exchanges = list(picked.select_related("person", "offer").order_by("closed_at", "pk"))
    return Statement(provider, month, lines, exchanges)


def totals_by_provider(providers, month: Month) -> list[dict]:
    """Each provider of `providers` with its month's pickups and points."""
    picked = picked_up_in(Exchange.objects.filter(offer__provider__in=providers), month)
    sums = {
        row["offer__provider"]: row
        for row in picked.values("offer__provider")
        .annotate(count=Count("pk"), points=Sum("points"))
        .order_by()
    }
    return [
        {
            "provider": provider,
            "count": sums.get(provider.pk, {}).get("count", 0),
            "points": sums.get(provider.pk, {}).get("points", 0) or 0,
        }
        for provider in providers
    ]
