"""Door-to-door visits (Huiji's 社区行走 / 大走访, visits app), per period and
community: the visits made, the self-organisations found on them (Huiji:
120+ visits found 150+ self-organisations), and the people found on a visit
who were registered within the period (into the talent pool or an
organisation's members). Counted at the visited community's code; the
indicators add them up to every area above."""

from django.db.models import Count, F

from lib.periods import Period
from visits.models import FindingKind, Outcome, Visit, VisitFinding

from ..models import Figure
from .counting import Counts


def count_visits(counts: Counts, period: Period) -> None:
    begin, stop = period.bounds
    counts.add(
        Figure.VISITS,
        Visit.objects.filter(visited_on__gte=period.start, visited_on__lte=period.end)
        .values(code=F("community__code"))
        .annotate(n=Count("pk")),
    )
    counts.add(
        Figure.VISIT_ORGANISATIONS_FOUND,
        VisitFinding.objects.filter(
            kind=FindingKind.SELF_ORGANISATION,
            visit__visited_on__gte=period.start,
            visit__visited_on__lte=period.end,
        )
        .values(code=F("visit__community__code"))
        .annotate(n=Count("pk")),
    )
    counts.add(
        Figure.VISIT_PEOPLE_REGISTERED,
        VisitFinding.objects.filter(
            outcome__in=[Outcome.TALENT, Outcome.MEMBER], turned_at__gte=begin, turned_at__lt=stop
        )
        .values(code=F("visit__community__code"))
        .annotate(n=Count("pk")),
    )
