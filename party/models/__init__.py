"""Party-member ties (党建引领, issue 24): households linked to party members
("1+6+N"), working party members registered in their residential community
(双报到), cadres sent down (干部下沉), temporary party branches in grids, and
the standard venue checklist (六有) of each party organisation."""

from .branches import GridBranch
from .households import Household, HouseholdService, HouseholdTie
from .registrations import CadreAssignment, DualRegistration, RegisteredService
from .venues import VenueCheck, VenueItem

__all__ = [
    "CadreAssignment",
    "DualRegistration",
    "GridBranch",
    "Household",
    "HouseholdService",
    "HouseholdTie",
    "RegisteredService",
    "VenueCheck",
    "VenueItem",
]
