"""Reporting on patrol, the same through the portal and the API: who may
report, from which grids, and the ticket a report makes. The portal's form
and the API's serializer only validate; this says what the report means."""

from orgs.roles import Role

from . import services
from .models import Grid, Source, Ticket
from .roles import PATROL_ROLES


def may_report(user) -> bool:
    return user.role in PATROL_ROLES


def reportable_grids(user):
    """The grids a person on patrol reports from: a grid member's own grids
    (else every grid of their community), an organisation's grid (else the
    grids of the area it is registered in)."""
    if user.organisation_id and user.role == Role.ORG_LEADER:
        organisation = user.organisation
        own = Grid.objects.filter(organisations__organisation=organisation)
        return own if own.exists() else Grid.objects.in_area(organisation.area)
    mine = Grid.objects.filter(pk__in=user.grids.values("pk")) | Grid.objects.filter(leader=user)
    if mine.exists():
        return mine.distinct()
    return Grid.objects.for_user(user)


def report_found(
    *,
    by,
    grid,
    category,
    description: str,
    location: str,
    latitude=None,
    longitude=None,
    photos=(),
) -> Ticket:
    """A ticket `by` found on patrol, in the grid's community: reported by
    their organisation when they lead one, else by the grid."""
    organisation = by.organisation if by.role == Role.ORG_LEADER else None
    return services.report(
        community=grid.community,
        grid=grid,
        category=category,
        description=description,
        location=location,
        latitude=latitude,
        longitude=longitude,
        source=Source.ORGANISATION if organisation else Source.GRID,
        reporter=by,
        reporter_organisation=organisation,
        photos=photos,
    )
