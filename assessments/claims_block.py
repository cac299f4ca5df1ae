"""The dashboard's block of claims (认领, issue 24): claims made and
fulfilled come with the other figures (`f.claims`, `f.claims_fulfilled`);
this reads their breakdown by the kind of claimant, named for the reader,
in one query."""

from decimal import Decimal

from claims.models import ClaimantKind
from lib.periods import Period

from .models import Figure, Indicator


def by_actor(area, period: Period | None) -> list[tuple[str, Decimal]]:
    if period is None:
        return []
    stored = dict(
        Indicator.objects.filter(
            area=area, kind=period.kind, period=period.key, figure=Figure.CLAIMS_BY_ACTOR
        ).values_list("key", "value")
    )
    return [(str(label), stored[kind]) for kind, label in ClaimantKind.choices if kind in stored]
