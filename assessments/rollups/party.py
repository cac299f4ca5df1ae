"""Party-member ties (党建引领, issue 24), counted per community code like
the other headline figures (indicators.py adds them up to every ancestor):

- households linked to a party member at the period's end (1+6+N), and the
  services they received within it;
- working party members registered with their community (双报到) at the
  period's end, and cadres sent down (干部下沉) at any time within it;
- temporary party branches standing in grids at the period's end;
- party organisations whose standard venue had every item (六有) ticked by
  the period's end.
"""

from django.db.models import Count, F, Q

from lib.periods import Period
from orgs.models import Organisation
from party.models import (
    CadreAssignment,
    DualRegistration,
    GridBranch,
    HouseholdService,
    HouseholdTie,
)
from party.standing import live_on_q, standard_q

from ..models import Figure
from .counting import Counts, standing_live_q


def count_party(counts: Counts, period: Period) -> None:
    end = period.end
    by_code = {"n": Count("pk")}
    counts.add(
        Figure.PARTY_HOUSEHOLDS,
        HouseholdTie.objects.filter(live_on_q(end))
        .values(code=F("household__community__code"))
        # A household counts once, even on the day one member hands it to
        # another (a tie ended on a later date, the next begun already).
        .annotate(n=Count("household", distinct=True)),
    )
    counts.add(
        Figure.PARTY_HOUSEHOLD_SERVICES,
        HouseholdService.objects.filter(served_on__gte=period.start, served_on__lte=end)
        .values(code=F("household__community__code"))
        .annotate(**by_code),
    )
    registered = Q(registered_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    counts.add(
        Figure.PARTY_REGISTERED,
        DualRegistration.objects.filter(registered)
        .values(code=F("community__code"))
        .annotate(**by_code),
    )
    within = Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    counts.add(
        Figure.CADRES_SENT,
        CadreAssignment.objects.filter(within)
        .values(code=F("community__code"))
        .annotate(**by_code),
    )
    standing = Q(founded_on__lte=end) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
    counts.add(
        Figure.GRID_BRANCHES,
        GridBranch.objects.filter(standing)
        .values(code=F("grid__community__code"))
        .annotate(**by_code),
    )
    counts.add(
        Figure.PARTY_VENUES_STANDARD,
        Organisation.objects.filter(standing_live_q(period), standard_q(end))
        .values(code=F("area__code"))
        .annotate(**by_code),
    )
