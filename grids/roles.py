from orgs.roles import Role, perms


def gr(model: str, *actions: str) -> set[str]:
    return perms("grids", model, *actions)


V, A, C = "view", "add", "change"
_KEEPERS = (
    gr("grid", V, A, C)
    | gr("gridorganisation", V, A, C, "delete")
    | gr("gridvolunteer", V, A, C, "delete")
    | gr("ticket", V, C)
    | gr("ticketcategory", V)
)

PERMISSIONS = {
    Role.DISTRICT_STAFF: _KEEPERS | gr("ticketcategory", C),
    Role.STREET_OFFICER: _KEEPERS,
    Role.COMMUNITY_WORKER: _KEEPERS,
    Role.GRID_MEMBER: gr("grid", V) | gr("ticket", V, A),
    Role.ORG_LEADER: gr("ticket", V, A),
}

# Who reports tickets found on patrol (portal and API).
PATROL_ROLES = frozenset(
    {Role.GRID_MEMBER, Role.ORG_LEADER, Role.COMMUNITY_WORKER, Role.STREET_OFFICER}
)
