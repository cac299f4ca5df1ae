"""What the party pages and the dashboard read: who is over or under six
households, and which party organisations are up to the standard venue
(六有), the mark that counts towards 双强六好."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from orgs.models import Organisation, PartyOrgType

from .models import HouseholdTie, VenueCheck, VenueItem
from .models.households import HOUSEHOLDS_PER_MEMBER


def live_on_q(on: date, prefix: str = "") -> Q:
    """Ties standing on `on`: begun by then and not ended by then."""
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


def members_with_households(people, on: date):
    """Party members among `people` with how many households they look
    after on `on` (`households`), and whether that is six (`at_six`)."""
    live = Q(household_ties__in=HouseholdTie.objects.filter(live_on_q(on)))
    return (
        people.filter(is_party_member=True)
        .annotate(households=Count("household_ties", filter=live, distinct=True))
        .order_by("community_id", "name", "pk")
    )


def tie_status(households: int) -> str:
    if households == HOUSEHOLDS_PER_MEMBER:
        return "six"
    return "over" if households > HOUSEHOLDS_PER_MEMBER else "under"


def party_organisations():
    return Organisation.objects.exclude(party_org_type=PartyOrgType.NONE)


def standard_q(on: date | None = None, prefix: str = "") -> Q:
    """Organisations with every item in use ticked (by `on`, if given)."""
    missing = VenueItem.objects.filter(active=True).exclude(
        Exists(
            VenueCheck.objects.filter(
                organisation=OuterRef(OuterRef(f"{prefix}pk")), item=OuterRef("pk")
            ).filter(**({"ticked_on__lte": on} if on else {}))
        )
    )
    return ~Q(**{f"{prefix}party_org_type": PartyOrgType.NONE}) & ~Exists(missing)


def ticked_counts(organisations) -> dict[int, int]:
    """{organisation id: items in use ticked}: one grouped query."""
    rows = (
        VenueCheck.objects.filter(organisation__in=organisations, item__active=True)
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
