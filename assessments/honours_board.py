"""The dashboard's block of qualifications, rewards and commendations
(issue 24, item 4): the area's figures for the period and its
qualifications by kind, named. Two queries: the rows and the kinds' names."""

from decimal import Decimal

from honours.models import QualificationKind
from lib.periods import Period

from .models import Figure, Indicator

FIGURES = (Figure.QUALIFIED_PEOPLE, Figure.REWARDS_PAID, Figure.COMMENDATIONS)


def honours_block(area, period: Period | None) -> dict:
    if period is None:
        return {}
    values: dict[str, Decimal] = {}
    by_kind: dict[str, Decimal] = {}
    for figure, key, value in Indicator.objects.filter(
        area=area,
        kind=period.kind,
        period=period.key,
        figure__in=[*FIGURES, Figure.QUALIFICATIONS_BY_KIND],
    ).values_list("figure", "key", "value"):
        if figure == Figure.QUALIFICATIONS_BY_KIND:
            by_kind[key] = value
        else:
            values[figure] = value
    names = dict(QualificationKind.objects.values_list("code", "name"))
    order = list(names)
    return {
        "qualified": values.get(Figure.QUALIFIED_PEOPLE, Decimal(0)),
        "rewards_paid": values.get(Figure.REWARDS_PAID, Decimal(0)),
        "commendations": values.get(Figure.COMMENDATIONS, Decimal(0)),
        "by_kind": [
            (names.get(key, key), by_kind[key])
            for key in sorted(by_kind, key=lambda k: (order.index(k) if k in order else 99, k))
        ],
    }
