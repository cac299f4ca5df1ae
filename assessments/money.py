"""The dashboard's block on where the money comes from: the money paid out
of the funds within the period by source (福彩公益金, 政府购买服务…), in the
sources' list order, and the activity subsidies paid. Two queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from incubators.models import FundSource
from lib.periods import Period

from .models import Figure, Indicator
from .rollups.money import UNSPECIFIED


@dataclass
class MoneyBySource:
    rows: list = field(default_factory=list)  # [(source's name, yuan)]
    total: Decimal = Decimal(0)
    subsidies_paid: Decimal = Decimal(0)


def board(area, period: Period | None) -> MoneyBySource:
    if period is None:
        return MoneyBySource()
    found = Indicator.objects.filter(
        area=area,
        kind=period.kind,
        period=period.key,
        figure__in=[Figure.MONEY_BY_SOURCE, Figure.SUBSIDIES_PAID],
    ).values_list("figure", "key", "value")
    by_source, subsidies = {}, Decimal(0)
    for figure, key, value in found:
        if figure == Figure.SUBSIDIES_PAID:
            subsidies = value
        else:
            by_source[key] = value
    names = [(str(pk), name) for pk, name in FundSource.objects.values_list("pk", "name")]
    names.append((UNSPECIFIED, _("unspecified")))
    rows = [(name, by_source[key]) for key, name in names if by_source.get(key)]
    return MoneyBySource(rows, sum(by_source.values(), Decimal(0)), subsidies)
