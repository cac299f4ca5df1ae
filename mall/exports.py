"""The mall's ledgers for the download centre: every exchange, and the
statements (each provider's pickups and points, month by month). Volunteers'
names are masked for everyone: a statement settles points, not people."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from lib.masking import NAME, mask_name
from lib.spreadsheets.writer import DATETIME, INTEGER, TEXT, Column

from .models import ExchangeStatus


def exchange_columns() -> list[Column]:
    return [
        Column(_("Exchanged at"), DATETIME, 17),
        Column(_("Volunteer"), TEXT, 10, personal=NAME),
        Column(_("Community"), TEXT, 14),
        Column(_("Provider"), TEXT, 24),
        Column(_("Goods or service"), TEXT, 24),
        Column(_("Points"), INTEGER, 8),
        Column(_("Status"), TEXT, 16),
        Column(_("Picked up or returned at"), DATETIME, 17),
    ]


def exchange_rows(exchanges, user):
    statuses = dict(ExchangeStatus.choices)
    for row in exchanges.values_list(
        "created_at",
        "person__name",
        "person__community__name",
        "offer__provider__name",
        "offer__name",
        "points",
        "status",
        "closed_at",
    ).iterator(chunk_size=2000):
        at, name, community, provider, offer, points, status, closed = row
        yield [
            at,
            mask_name(name),
            community,
            provider,
            offer,
            points,
            str(statuses[status]),
            closed,
        ]


def statement_columns() -> list[Column]:
    return [
        Column(_("Month"), TEXT, 9),
        Column(_("Provider"), TEXT, 24),
        Column(_("Area served"), TEXT, 14),
        Column(_("Goods or service"), TEXT, 24),
        Column(_("Picked up"), INTEGER, 8),
        Column(_("Points"), INTEGER, 8),
    ]


def statement_rows(exchanges, user):
    """Picked-up exchanges, one row per month, provider and item."""
    grouped = (
        exchanges.filter(status=ExchangeStatus.PICKED_UP)
        .annotate(month=TruncMonth("closed_at"))
        .values("month", "offer__provider__name", "offer__provider__area__name", "offer__name")
        .annotate(count=Count("pk"), points=Sum("points"))
        .order_by("-month", "offer__provider__name", "offer__name")
    )
    for row in grouped.iterator(chunk_size=2000):
        yield [
            row["month"].strftime("%Y-%m"),
            row["offer__provider__name"],
            row["offer__provider__area__name"],
            row["offer__name"],
            row["count"],
            row["points"],
        ]


def register():
    from lib.spreadsheets import exporters

    from .models import Exchange

    exporters.register(
        exporters.Exporter(
            key="mall_exchanges",
            title=_("Points mall exchanges"),
            permission="mall.view_exchange",
            columns=exchange_columns,
            queryset=lambda user: Exchange.objects.for_user(user).order_by("-created_at", "pk"),
            rows=exchange_rows,
        )
    )
    exporters.register(
        exporters.Exporter(
            key="mall_statements",
            title=_("Points mall statements by provider and month"),
            permission="mall.view_exchange",
            columns=statement_columns,
            queryset=lambda user: Exchange.objects.for_user(user),
            rows=statement_rows,
        )
    )
