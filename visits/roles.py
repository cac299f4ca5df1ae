"""Who may do what with visits. Community workers record their community's
visits and turn findings into records; street officers read their
communities' visits and turn findings too; district staff read them (the
findings' names and phones masked: orgs/privacy.py MASK_TABLE). Which rows:
jurisdiction (`Visit.objects.for_user`)."""

from orgs.roles import Role, perms

V, A, C = "view", "add", "change"

PERMISSIONS = {
    Role.DISTRICT_STAFF: perms("visits", "visit", V) | perms("visits", "visitfinding", V),
    Role.STREET_OFFICER: perms("visits", "visit", V) | perms("visits", "visitfinding", V, C),
    Role.COMMUNITY_WORKER: perms("visits", "visit", V, A)
    | perms("visits", "visitfinding", V, A, C),
}
