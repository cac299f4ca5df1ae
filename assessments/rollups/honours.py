"""Qualifications, rewards and commendations (issue 24, item 4), counted
per area code where the records sit: a qualification and a reward in the
holder's community, a commendation in its organisation's area or its
person's community. indicators.py adds them up to every ancestor.

- QUALIFIED_PEOPLE: people holding a social-work qualification (any of its
  three levels) obtained by the period's end; a person with two levels
  counts once.
- QUALIFICATIONS_BY_KIND: qualifications obtained by the period's end, by
  kind (keyed by the kind's code).
- REWARDS_PAID: exam subsidies and rewards (考证奖补) paid within the period,
  in yuan.
- COMMENDATIONS: commendations awarded within the period.
"""

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce

from honours.models import Qualification, Reward
from lib.periods import Period
from orgs.models import Commendation

from ..models import Figure
from .counting import Counts


def count_honours(counts: Counts, period: Period) -> None:
    held = Qualification.objects.filter(obtained_on__lte=period.end)
    counts.add(
        Figure.QUALIFIED_PEOPLE,
        held.filter(kind__is_social_work=True)
        .values(code=F("person__community__code"))
        .annotate(n=Count("person", distinct=True)),
    )
    counts.add_keyed(
        Figure.QUALIFICATIONS_BY_KIND,
        held.values(code=F("person__community__code"), key=F("kind__code")).annotate(n=Count("pk")),
    )
    counts.add(
        Figure.REWARDS_PAID,
        Reward.objects.filter(paid_on__gte=period.start, paid_on__lte=period.end)
        .values(code=F("qualification__person__community__code"))
        .annotate(n=Sum("amount")),
    )
    counts.add(
        Figure.COMMENDATIONS,
        Commendation.objects.filter(awarded_on__gte=period.start, awarded_on__lte=period.end)
        .values(code=Coalesce("organisation__area__code", "person__community__code"))
        .annotate(n=Count("pk")),
    )
