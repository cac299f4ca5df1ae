"""What an incubator operator sees: the platforms its agency runs, and the
organisations resident in them (with their members and records).

An operator account's organisation is the agency (often a social-work
agency) that runs one or more platforms. Registered with the root app's
scoping in IncubatorsConfig.ready(), so `orgs` never imports this app.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from orgs.models import Area

from .models import Platform, PlatformTraining, Residency, TaskList


def operator_rule(user, qs) -> Q | None:
    agency = user.organisation_id
    if agency is None:
        return None
    model = qs.model
    if model is Platform:
        return Q(operator_id=agency)
    if model in (Residency, PlatformTraining):
        return Q(platform__operator_id=agency)
    if model is TaskList:
        lists = TaskList.objects.filter(
            Q(recipients__operator_id=agency) | Q(plan__platform__operator_id=agency)
        ).values("pk")
        return Q(pk__in=lists)
    if model is Area:
        codes = Platform.objects.filter(operator_id=agency).values_list("area__code", flat=True)
        return reduce(or_, (Q(code__startswith=code) for code in codes), Q(pk__in=[]))
    if (qs.organisation_path or "").startswith("platform__"):
        return Q(platform__operator_id=agency)  # plans, reports, reviews, supervision orders
    residents = (
        Residency.objects.current().filter(platform__operator_id=agency).values("organisation_id")
    )
    found = [
        q for q in (qs.organisations_q(residents), qs.organisations_q(agency)) if q is not None
    ]
    return reduce(or_, found) if found else None
