"""What a department's account sees (Role.DEPARTMENT has no area of its own:
its department has one). Its department and that department's claims,
offers and assigned tickets; the open needs of the area it serves, to claim
them. Registered for the role from claims' AppConfig.ready()."""

from django.db.models import Q

from grids.models import Ticket
from orgs.models import Department
from projects.models import Need

from .models import Claim, DepartmentOffer


def _area_code(user) -> str | None:
    """The code of the department's area, read once per request's user."""
    if not hasattr(user, "_claims_area_code"):
        user._claims_area_code = (
            Department.objects.filter(pk=user.department_id)
            .values_list("area__code", flat=True)
            .first()
        )
    return user._claims_area_code


def department_rule(user, qs) -> Q | None:
    if user.department_id is None:
        return None
    model = qs.model
    if model is Ticket:  # only the tickets assigned to it
        return Q(department=user.department_id)
    if model in (Claim, DepartmentOffer):
        return Q(department=user.department_id)
    if model is Department:
        return Q(pk=user.department_id)
    if model is Need:
        code = _area_code(user)
        return Q(community__code__startswith=code) if code else None
    return None
