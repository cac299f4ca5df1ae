"""The dashboard's block for the library and the community types (issue 24,
items 5 and 6): stories published in the period, and communities and
organisations by community type (一社一策), each type with its approach.
Two queries: the area's breakdown rows and the types."""

from decimal import Decimal

from django.utils.translation import gettext as _

from lib.periods import Period
from orgs.models import CommunityType

from .models import Figure, Indicator
from .rollups.stories import NO_TYPE

FIGURES = (Figure.COMMUNITIES_BY_TYPE, Figure.ORGANISATIONS_BY_TYPE)


def block(area, period: Period | None) -> dict:
    if period is None:
        return {"rows": [], "communities": 0, "organisations": 0}
    values: dict[str, dict[str, Decimal]] = {}
    for figure, key, value in Indicator.objects.filter(
        area=area, kind=period.kind, period=period.key, figure__in=[str(f) for f in FIGURES]
    ).values_list("figure", "key", "value"):
        values.setdefault(figure, {})[key] = value
    communities = values.get(str(Figure.COMMUNITIES_BY_TYPE), {})
    organisations = values.get(str(Figure.ORGANISATIONS_BY_TYPE), {})
    rows = []
    for kind in CommunityType.objects.all():
        key = str(kind.pk)
        if key in communities or key in organisations:
            rows.append(_row(kind.name, kind.approach, key, communities, organisations))
    if NO_TYPE in communities or NO_TYPE in organisations:
        rows.append(_row(_("Type not set"), "", NO_TYPE, communities, organisations))
    return {
        "rows": rows,
        "communities": sum(communities.values(), start=Decimal(0)),
        "organisations": sum(organisations.values(), start=Decimal(0)),
    }


def _row(name, approach, key, communities, organisations) -> dict:
    n = communities.get(key, Decimal(0))
    orgs = organisations.get(key, Decimal(0))
    return {
        "name": name,
        "approach": approach,
        "communities": n,
        "organisations": orgs,
        "per_community": round(float(orgs) / float(n), 1) if n else None,
    }
