"""Roles, and what each role may do with this app's models.

Every app declares its own grants in a `roles.py` with a `PERMISSIONS`
mapping; `orgs.auth.RoleBackend` collects them. Grants say *which kinds* of
records a role may view or change; *which rows* is jurisdiction, applied by
`ScopedQuerySet.for_user`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    DISTRICT_STAFF = "district_staff", _("District staff")
    STREET_OFFICER = "street_officer", _("Street officer")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    INCUBATOR_OPERATOR = "incubator_operator", _("Incubator operator")
    ORG_LEADER = "org_leader", _("Organisation leader")
    GRID_MEMBER = "grid_member", _("Grid member")
    REVIEWER = "reviewer", _("Project reviewer")


# Roles whose jurisdiction is a node of the territory tree, and the levels
# that node may be at.
AREA_ROLE_LEVELS = {
    Role.DISTRICT_STAFF: ("city", "district"),
    Role.STREET_OFFICER: ("street",),
    Role.COMMUNITY_WORKER: ("community",),
    Role.GRID_MEMBER: ("community",),
}

# Roles that work in the Django admin; the others use the portal only.
ADMIN_ROLES = frozenset(
    {
        Role.PLATFORM_ADMIN,
        Role.DISTRICT_STAFF,
        Role.STREET_OFFICER,
        Role.COMMUNITY_WORKER,
        Role.INCUBATOR_OPERATOR,
    }
)


def perms(app_label: str, model: str, *actions: str) -> set[str]:
    """`perms("orgs", "area", "view", "change")` -> {"orgs.view_area", "orgs.change_area"}."""
    return {f"{app_label}.{action}_{model}" for action in actions}


PERMISSIONS = {
    Role.DISTRICT_STAFF: perms("orgs", "area", "view", "add", "change")
    | perms("orgs", "user", "view")
    | perms("orgs", "organisation", "view", "add", "change"),
    Role.STREET_OFFICER: perms("orgs", "area", "view")
    | perms("orgs", "organisation", "view", "add", "change"),
    Role.COMMUNITY_WORKER: perms("orgs", "area", "view")
    | perms("orgs", "organisation", "view", "add", "change"),
    Role.INCUBATOR_OPERATOR: perms("orgs", "organisation", "view"),
    Role.ORG_LEADER: perms("orgs", "organisation", "view"),
    Role.GRID_MEMBER: perms("orgs", "area", "view") | perms("orgs", "organisation", "view"),
}
