"""The party pages (portal): party building across a jurisdiction, for the
party committee for social organisations (社会组织党委) and the offices; the
1+6+N ties, who is over or under six households; an organisation's party
view with its standard venue checklist (六有), counted towards 双强六好.

Read-only: the ledgers are kept in the workbench (admin)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from orgs.models import Organisation, PartyOrgType, Person
from orgs.scoping import get_for_user_or_404

from .models import (
    CadreAssignment,
    DualRegistration,
    GridBranch,
    HouseholdTie,
    VenueCheck,
    VenueItem,
)
from .models.households import HOUSEHOLDS_PER_MEMBER
from .standing import members_with_households, party_organisations, standard_q, tie_status

PAGE_SIZE = 50


def _allowed(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


@login_required
def overview(request):
    user = request.user
    _allowed(user, "party.view_venuecheck")
    today = timezone.localdate()
    organisations = Organisation.objects.for_user(user).live()
    ledger = organisations.aggregate(
        live=Count("pk"),
        party=Count("pk", filter=~Q(party_org_type=PartyOrgType.NONE)),
        led=Count("pk", filter=Q(leader_is_party_member=True)),
        party_members=Sum("party_member_count"),
        standard=Count("pk", filter=standard_q()),
    )
    party = (
        party_organisations()
        .filter(pk__in=organisations.values("pk"))
        .select_related("area")
        .annotate(
            ticked=Count("venue_checks", filter=Q(venue_checks__item__active=True), distinct=True)
        )
        .order_by("area__code", "name", "pk")
    )
    page = Paginator(party, PAGE_SIZE).get_page(request.GET.get("page"))
    items = VenueItem.objects.filter(active=True).count()
    return render(
        request,
        "party/overview.html",
        {
            "ledger": ledger,
            "page": page,
            "items": items,
            "ties": HouseholdTie.objects.for_user(user).live().count(),
            "registered": DualRegistration.objects.for_user(user).live().count(),
            "cadres": CadreAssignment.objects.for_user(user)
            .filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .count(),
            "branches": GridBranch.objects.for_user(user).live().count(),
        },
    )


@login_required
def ties(request):
    """Party members of the jurisdiction with how many households each
    looks after today: the "6" of 1+6+N, over or under."""
    user = request.user
    _allowed(user, "party.view_householdtie")
    people = members_with_households(Person.objects.for_user(user), timezone.localdate())
    people = people.select_related("community")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(person, tie_status(person.households)) for person in page]
    return render(
        request,
        "party/ties.html",
        {"page": page, "rows": rows, "six": HOUSEHOLDS_PER_MEMBER},
    )


@login_required
def organisation(request, pk: int):
    """An organisation's party building: its party organisation, members
    and leader, and the standard venue checklist."""
    user = request.user
    _allowed(user, "party.view_venuecheck")
    found = get_for_user_or_404(Organisation.objects.select_related("area"), user, pk=pk)
    checks = {
        check.item_id: check
        for check in VenueCheck.objects.filter(organisation=found).select_related("item")
    }
    items = [(item, checks.get(item.pk)) for item in VenueItem.objects.filter(active=True)]
    has_party = found.party_org_type != PartyOrgType.NONE
    return render(
        request,
        "party/organisation.html",
        {
            "organisation": found,
            "has_party": has_party,
            "items": items,
            "standard": has_party and bool(items) and all(check for _i, check in items),
        },
    )
