"""Claims (认领, issue 24): the needs and 微心愿 taken up directly by party
members, units stationed in the area and departments, counted in the
need's community like the other indicators (indicators.py adds them up).

A need counts as claimed in the period a claim of it was made, unless the
community refused it (a refusal is no claim taken up), once however often
it was claimed and withdrawn; by the kind of claimant likewise. A claim
fulfilled counts in the period of its fulfilment."""

from django.db.models import Count, F

from claims.models import Claim, ClaimStatus
from lib.periods import Period

from ..models import Figure
from .counting import Counts


def count_claims(counts: Counts, period: Period) -> None:
    start, end = period.bounds  # an indexed range, not a date of every row
    taken = Claim.objects.filter(claimed_at__gte=start, claimed_at__lt=end).exclude(
        status=ClaimStatus.REFUSED
    )
    # Needs claimed: a need claimed, withdrawn and claimed again counts once.
    counts.add(
        Figure.CLAIMS,
        taken.values(code=F("need__community__code")).annotate(n=Count("need", distinct=True)),
    )
    counts.add_keyed(
        Figure.CLAIMS_BY_ACTOR,
        taken.values(code=F("need__community__code"), key=F("kind")).annotate(
            n=Count("need", distinct=True)
        ),
    )
    counts.add(
        Figure.CLAIMS_FULFILLED,
        Claim.objects.filter(
            status=ClaimStatus.FULFILLED,
            fulfilled_on__gte=period.start,
            fulfilled_on__lte=period.end,
        )
        .values(code=F("need__community__code"))
        .annotate(n=Count("pk")),
    )
