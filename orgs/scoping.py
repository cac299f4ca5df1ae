"""Jurisdiction, written once.

Every account sees the rows of its jurisdiction and nothing else. A model
opts in by giving its manager a `ScopedQuerySet` subclass that says where its
rows sit:

    class OrganisationQuerySet(ScopedQuerySet):
        area_path = "community__code"   # lookup to the Area code of the row
        organisation_path = "pk"        # lookup to the owning organisation

and every list, admin page, export and API calls `.for_user(user)`.

Area codes are materialised paths (see `orgs.models.territory`), so "in this
area" is one indexed prefix match: `community__code__startswith="410108001"`.

Roles whose scope lives in an app further up the DAG (an incubator operator's
platform, a reviewer's panel) are added by that app with `register_rule`,
from its `AppConfig.ready()`: the root app never imports uphill.
"""

from collections.abc import Callable

from django.db import models
from django.db.models import Q
from django.http import Http404

from .roles import AREA_ROLE_LEVELS, Role

# rule(user, queryset) -> Q to filter by, or None for "nothing".
ScopeRule = Callable[[object, "ScopedQuerySet"], Q | None]
_extra_rules: dict[str, list[ScopeRule]] = {}


def register_rule(role: str, rule: ScopeRule) -> None:
    """Add what `role` may see, for apps that own that role's scope.

    Several rules for one role are OR-ed together with the built-in rule.
    """
    _extra_rules.setdefault(role, []).append(rule)


# Area roles whose jurisdiction covers only some kinds of record: the party
# committee reads party building in its area (the party app's records, the
# organisations and their party organisations, the areas, the dashboard's
# figures and the stars), never tickets, bids or residents' reports. Keys of
# the sets are app labels or "app.model" labels.
AREA_LIMITS = {
    Role.PARTY_COMMITTEE: frozenset(
        {
            "party",
            "orgs.organisation",
            "orgs.area",
            "assessments.indicator",
            "assessments.annualassessment",
        }
    ),
}


def area_rule(user, qs: "ScopedQuerySet") -> Q | None:
    limits = AREA_LIMITS.get(user.role)
    if limits is not None:
        meta = qs.model._meta
        if meta.app_label not in limits and meta.label_lower not in limits:
            return None
    return qs.area_q(user.area) if user.area_id else None


def organisation_rule(user, qs: "ScopedQuerySet") -> Q | None:
    return qs.organisations_q(user.organisation_id) if user.organisation_id else None


_BUILT_IN_RULES: dict[str, ScopeRule] = {role: area_rule for role in AREA_ROLE_LEVELS}
_BUILT_IN_RULES[Role.ORG_LEADER] = organisation_rule


class ScopedQuerySet(models.QuerySet):
    #: Lookup from this model to the `code` of the Area the row belongs to.
    area_path: str | None = None
    #: Lookup from this model to the primary key of its Organisation.
    organisation_path: str | None = None

    def for_user(self, user) -> "ScopedQuerySet":
        """The rows `user` may see: their jurisdiction, or nothing."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.sees_everything:
            return self.all()
        q = self.scope_q(user)
        return self.none() if q is None else self.filter(q)

    def scope_q(self, user) -> Q | None:
        """The filter for `user`'s role; models with special rules override this."""
        found = []
        rule = _BUILT_IN_RULES.get(user.role)
        if rule is not None:
            found.append(rule(user, self))
        found.extend(extra(user, self) for extra in _extra_rules.get(user.role, ()))
        found = [q for q in found if q is not None]
        if not found:
            return None
        combined = found[0]
        for q in found[1:]:
            combined |= q
        return combined

    def area_q(self, area) -> Q | None:
        """Rows anywhere under `area`, as a filter; None if rows have no area."""
        if self.area_path is None:
            return None
        return Q(**{f"{self.area_path}__startswith": area.code})

    def organisations_q(self, organisations) -> Q | None:
        """Rows of one organisation (an id) or of several (ids or a subquery)."""
        if self.organisation_path is None:
            return None
        if isinstance(organisations, int):
            return Q(**{self.organisation_path: organisations})
        return Q(**{f"{self.organisation_path}__in": organisations})

    def in_area(self, area) -> "ScopedQuerySet":
        """Rows anywhere under `area` (itself included): one indexed prefix match."""
        q = self.area_q(area)
        if q is None:
            raise TypeError(f"{self.model.__name__} rows do not sit in an area")
        return self.filter(q)


def get_for_user_or_404(queryset: ScopedQuerySet, user, **lookups):
    """The one access helper for views: a row outside the user's jurisdiction
    is indistinguishable from a row that does not exist."""
    try:
        return queryset.for_user(user).get(**lookups)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
