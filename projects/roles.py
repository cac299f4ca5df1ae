from orgs.roles import Role, perms


def pro(model: str, *actions: str) -> set[str]:
    return perms("projects", model, *actions)


V, A, C = "view", "add", "change"
_SEE = (
    pro("project", V)
    | pro("bid", V)
    | pro("need", V)
    | pro("offer", V)
    | pro("resource", V)
    | pro("round", V)
    | pro("direction", V)
)

PERMISSIONS = {
    Role.DISTRICT_STAFF: _SEE | pro("round", A, C) | pro("project", C) | pro("direction", A, C),
    Role.STREET_OFFICER: _SEE | pro("project", A, C) | pro("need", A, C) | pro("resource", A, C),
    Role.COMMUNITY_WORKER: _SEE | pro("project", A, C) | pro("need", A, C) | pro("resource", A, C),
    Role.INCUBATOR_OPERATOR: pro("project", V) | pro("offer", V),
    Role.ORG_LEADER: pro("project", V) | pro("bid", V, A, C) | pro("offer", V, A, C),
    Role.REVIEWER: pro("project", V) | pro("bid", V),
}
