"""The seeds' headline figures as the dashboard and the monthly report show
them: the breakdowns the rollups stored under a key (transformations by
kind, trainings by programme, money by direction and by group served), each
named for the reader. Three queries: the rows, the directions' names and
the groups' names."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from lib.periods import Period
from orgs.models import ServedGroup, TransformationKind
from projects.models import Direction

from .models import BREAKDOWNS, Figure, Indicator
from .rollups.indicators import NO_PROGRAMME


@dataclass
class Breakdowns:
    """{figure: {key: value}} for one area and period, and {figure: {key:
    name}} in the order of the keys' own list."""

    values: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)

    def rows(self, *figures) -> list[list]:
        """[name, value of each figure…] for every key any of them has, in
        the order of the keys' list (kinds, directions, groups) or by name.
        The figures share their keys (a group's money and projects)."""
        names = self.names.get(str(figures[0]), {})
        keys: list[str] = []
        for figure in figures:
            keys += [k for k in self.values.get(str(figure), {}) if k not in keys]
        order = list(names)
        keys.sort(key=lambda k: (order.index(k) if k in order else len(order), k))
        return [
            [names.get(k, k), *(self.values.get(str(f), {}).get(k, Decimal(0)) for f in figures)]
            for k in keys
        ]

    def total(self, figure) -> Decimal:
        return sum(self.values.get(str(figure), {}).values(), start=Decimal(0))


def breakdowns(area, period: Period | None) -> Breakdowns:
    if period is None:
        return Breakdowns()
    values: dict[str, dict[str, Decimal]] = {}
    for figure, key, value in Indicator.objects.filter(
        area=area, kind=period.kind, period=period.key, figure__in=[str(f) for f in BREAKDOWNS]
    ).values_list("figure", "key", "value"):
        values.setdefault(figure, {})[key] = value
    return Breakdowns(values, _names(values))


def _names(values) -> dict[str, dict[str, str]]:
    """Each breakdown's keys named, in their list's order."""
    kinds = {kind: str(label) for kind, label in TransformationKind.choices}
    programmes = set()
    for figure in (Figure.TRAININGS_BY_PROGRAMME, Figure.PERSON_TIMES_BY_PROGRAMME):
        programmes |= set(values.get(str(figure), {}))
    # The seeds' programmes first, in their order; then any other, by name.
    named = [p for p in SEED_PROGRAMMES if p in programmes]
    named += sorted(programmes - set(SEED_PROGRAMMES) - {NO_PROGRAMME})
    programme_names = {p: p for p in named} | {NO_PROGRAMME: _("No programme named")}
    directions = groups = {}
    if str(Figure.MONEY_BY_DIRECTION) in values:
        directions = {str(pk): name for pk, name in Direction.objects.values_list("pk", "name")}
    if {str(f) for f in GROUP_FIGURES} & set(values):
        groups = {
            str(pk): name for pk, name in ServedGroup.objects.tops().values_list("pk", "name")
        }
    return {
        str(Figure.TRANSFORMATIONS): kinds,
        str(Figure.TRAININGS_BY_PROGRAMME): programme_names,
        str(Figure.PERSON_TIMES_BY_PROGRAMME): programme_names,
        str(Figure.MONEY_BY_DIRECTION): directions,
        **{str(f): groups for f in GROUP_FIGURES},
    }


SEED_PROGRAMMES = ["领航", "星火", "种子", "睦邻"]
GROUP_FIGURES = (Figure.MONEY_BY_GROUP, Figure.PROJECTS_BY_GROUP, Figure.BENEFICIARIES_BY_GROUP)
