"""Figures of the library and of the community types (issue 24, items 5
and 6), counted per area code like the other headlines:

- stories published within the period (宣传推广), where each belongs;
- communities by type (一社一策): each community counts 1 under its type's
  key at its own code, so a street's or the district's breakdown adds up to
  its communities;
- organisations by their community's type: live organisations standing at
  the period's end in a community, under its type. Organisations kept at a
  street (a federation) have no community type and are not in it.

A community with no type yet is counted under NO_TYPE, so the types add up
to every community. The types are today's: an area keeps no history of it.
"""

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from lib.periods import Period
from orgs.models import Area, AreaLevel, Organisation
from stories.models import Story

from ..models import Figure
from .counting import Counts, standing_live_q

NO_TYPE = "none"


def count_stories(counts: Counts, period: Period) -> None:
    begin, stop = period.bounds
    counts.add(
        Figure.STORIES,
        Story.objects.published()
        .filter(published_at__gte=begin, published_at__lt=stop)
        .values(code=F("area__code"))
        .annotate(n=Count("pk")),
    )
    counts.add_keyed(
        Figure.COMMUNITIES_BY_TYPE,
        [
            {"code": code, "key": key or NO_TYPE, "n": 1}
            for code, key in Area.objects.filter(level=AreaLevel.COMMUNITY).values_list(
                "code", "community_type_id"
            )
        ],
    )
    counts.add_keyed(
        Figure.ORGANISATIONS_BY_TYPE,
        [
            {**row, "key": row["key"] or NO_TYPE}
            for row in Organisation.objects.filter(
                standing_live_q(period), area__level=AreaLevel.COMMUNITY
            )
            .values(code=F("area__code"), key=Coalesce("area__community_type_id", 0))
            .annotate(n=Count("pk"))
        ],
    )
