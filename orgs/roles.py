"""Roles, and what each role may do with this app's models.

Every app declares its own grants in a `roles.py` with a `PERMISSIONS`
mapping and registers them from its `AppConfig.ready()` with
`orgs.auth.register_permissions`, which `orgs.auth.RoleBackend` reads. Grants
say *which kinds* of records a role may view or change; *which rows* is
jurisdiction, applied by `ScopedQuerySet.for_user`.

This module is the one place a role is named: code elsewhere says `Role.X`
or one of the groups below, never the stored value
(tests/test_architecture.py holds that).
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
    # The party committee for social organisations (社会组织党委, under the
    # 两新工委): sees party building across its area.
    PARTY_COMMITTEE = "party_committee", _("Party committee for social organisations")
    # A department or mass organisation (职能部门, 群团组织: 团委, 妇联…): claims
    # needs, provides resources, receives tickets assigned to it.
    DEPARTMENT = "department_staff", _("Department or mass organisation")


# Roles whose jurisdiction is a node of the territory tree, and the levels
# that node may be at.
AREA_ROLE_LEVELS = {
    Role.DISTRICT_STAFF: ("city", "district"),
    Role.STREET_OFFICER: ("street",),
    Role.COMMUNITY_WORKER: ("community",),
    Role.GRID_MEMBER: ("community",),
    Role.PARTY_COMMITTEE: ("city", "district", "street"),
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


# The office: the civil-affairs staff who run the district's work (draft and
# award projects, pay from funds). Not the incubator operator, who works in
# the admin for its platform only.
OFFICE_ROLES = frozenset(
    {Role.PLATFORM_ADMIN, Role.DISTRICT_STAFF, Role.STREET_OFFICER, Role.COMMUNITY_WORKER}
)

# The community's own staff: who is given a ticket or told of a community's
# project, and who looks after its residents.
COMMUNITY_STAFF = frozenset({Role.STREET_OFFICER, Role.COMMUNITY_WORKER})

# The officers who decide for the office above the community: publish a
# project or fail it, answer an objection to an award.
DECIDING_OFFICERS = frozenset({Role.STREET_OFFICER, Role.DISTRICT_STAFF})


def perms(app_label: str, model: str, *actions: str) -> set[str]:
    """`perms("orgs", "area", "view", "change")` -> {"orgs.view_area", "orgs.change_area"}."""
    return {f"{app_label}.{action}_{model}" for action in actions}


def orgs(model: str, *actions: str) -> set[str]:
    return perms("orgs", model, *actions)


VIEW, ADD, CHANGE = "view", "add", "change"

# What the people who keep the ledger need: the organisations, their people,
# trainings and volunteer hours of their street or community.
_LEDGER_KEEPER = (
    orgs("area", VIEW)
    | orgs("category", VIEW)
    | orgs("servedgroup", VIEW)
    | orgs("organisation", VIEW, ADD, CHANGE)
    | orgs("filingapplication", VIEW, ADD)
    | orgs("transformation", VIEW)
    | orgs("person", VIEW, ADD, CHANGE)
    | orgs("membership", VIEW, ADD, CHANGE)
    | orgs("talent", VIEW, ADD, CHANGE)
    | orgs("training", VIEW, ADD, CHANGE)
    | orgs("attendance", VIEW, ADD, CHANGE, "delete")
    | orgs("servicerecord", VIEW, ADD)
    | orgs("pointsentry", VIEW, ADD)
    # The points mall's providers and their clerks (orgs.models.providers).
    | orgs("provider", VIEW, ADD, CHANGE)
    | orgs("providerclerk", VIEW, ADD, CHANGE, "delete")
    # Commendations shown on an organisation's public page.
    | orgs("commendation", VIEW, ADD, CHANGE)
    # The working-day calendar deadlines and notice periods count in.
    | orgs("calendarday", VIEW)
)

PERMISSIONS = {
    Role.DISTRICT_STAFF: (
        orgs("area", VIEW, ADD, CHANGE)
        | orgs("user", VIEW)
        | orgs("category", VIEW)
        | orgs("servedgroup", VIEW)
        | orgs("organisation", VIEW)
        | orgs("filingapplication", VIEW)
        | orgs("transformation", VIEW)
        | orgs("person", VIEW)
        | orgs("membership", VIEW)
        | orgs("talent", VIEW)
        | orgs("training", VIEW, ADD, CHANGE)
        | orgs("attendance", VIEW, ADD, CHANGE, "delete")
        | orgs("servicerecord", VIEW)
        | orgs("pointsentry", VIEW)
        | orgs("provider", VIEW, ADD, CHANGE)
        | orgs("providerclerk", VIEW, ADD, CHANGE, "delete")
        | orgs("commendation", VIEW, ADD, CHANGE, "delete")
        # The working-day calendar ticket deadlines and award notices count in.
        | orgs("calendarday", VIEW, ADD, CHANGE)
    ),
    # The street files organisations and records what becomes of them.
    Role.STREET_OFFICER: _LEDGER_KEEPER | {"orgs.review_filing"} | orgs("transformation", ADD),
    Role.COMMUNITY_WORKER: _LEDGER_KEEPER,
    Role.INCUBATOR_OPERATOR: (
        orgs("organisation", VIEW)
        | orgs("category", VIEW)
        | orgs("servedgroup", VIEW)
        | orgs("person", VIEW)
        | orgs("training", VIEW, ADD, CHANGE)
        | orgs("attendance", VIEW, ADD, CHANGE, "delete")
    ),
    Role.ORG_LEADER: orgs("organisation", VIEW) | orgs("filingapplication", VIEW, ADD),
    Role.GRID_MEMBER: orgs("area", VIEW) | orgs("organisation", VIEW),
}

# Account recovery (no email needed): which roles' passwords each role may
# reset, within its own jurisdiction (the account's area, or its
# organisation's area for an organisation leader, lies inside the
# resetter's area). The reset issues a one-time password that must be
# replaced at the next login (`orgs.services.accounts.reset_password`).
# Each office recovers the accounts it supervises and the ones below them;
# nobody resets a peer or anyone above (a street officer's account is
# recovered by the district, the district's by the platform administrator,
# who may reset anyone and whose own account is recovered by another
# administrator or `manage.py changepassword` on the server).
PASSWORD_RESETS: dict[str, frozenset[str]] = {
    Role.DISTRICT_STAFF: frozenset(
        {
            Role.STREET_OFFICER,
            Role.COMMUNITY_WORKER,
            Role.INCUBATOR_OPERATOR,
            Role.ORG_LEADER,
            Role.GRID_MEMBER,
            Role.REVIEWER,
        }
    ),
    Role.STREET_OFFICER: frozenset({Role.COMMUNITY_WORKER, Role.ORG_LEADER, Role.GRID_MEMBER}),
    Role.COMMUNITY_WORKER: frozenset({Role.ORG_LEADER, Role.GRID_MEMBER}),
}
