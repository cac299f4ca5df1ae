"""Statements (对账单): per provider and month, what was picked up, with the
points it cost, item by item. A pickup counts in the month it was picked up."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Sum
from django.utils import timezone

from lib import clock

from .models import Exchange, ExchangeStatus


def parse_month(text: str | None) -> date:
    """'2026-11' -> 2026-11-01; anything else is this month."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return clock.today().replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        datetime(month.year, month.month, 1, tzinfo=tz),
        datetime(following.year, following.month, 1, tzinfo=tz),
    )


def picked_up_in(exchanges, month: date):
    start, end = month_bounds(month)
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
    month: date
    lines: list[Line]
    exchanges: list  # the pickups, oldest first

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def points(self) -> int:
        return sum(line.points for line in self.lines)


def statement(provider, month: date) -> Statement:
    picked = picked_up_in(Exchange.objects.filter(offer__provider=provider), month)
    lines = [
        Line(row["offer__name"], row["count"], row["points"])
        for row in picked.values("offer__name")
        .annotate(count=Count("pk"), points=Sum("points"))
        .order_by("offer__name")
    ]
    exchanges = list(picked.select_related("person", "offer").order_by("closed_at", "pk"))
    return Statement(provider, month, lines, exchanges)


def totals_by_provider(providers, month: date) -> list[dict]:
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
