from orgs.roles import Role, perms

PERMISSIONS = {
    Role.DISTRICT_STAFF: perms("grids", "grid", "view", "add", "change"),
    Role.STREET_OFFICER: perms("grids", "grid", "view", "add", "change"),
    Role.COMMUNITY_WORKER: perms("grids", "grid", "view", "add", "change"),
    Role.GRID_MEMBER: perms("grids", "grid", "view"),
}
