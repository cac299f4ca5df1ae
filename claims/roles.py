from orgs.roles import Role, perms


def cl(model: str, *actions: str) -> set[str]:
    return perms("claims", model, *actions)


V, A, C = "view", "add", "change"
# The community worker confirms, refuses and closes the claims of its
# community; the street and the district follow them. A department's
# account claims needs, keeps its offers and handles the tickets assigned
# to it, on the portal (claims.views.department, grids.views.portal).
PERMISSIONS = {
    Role.DISTRICT_STAFF: cl("claim", V) | cl("departmentoffer", V),
    Role.STREET_OFFICER: cl("claim", V, C) | cl("departmentoffer", V),
    Role.COMMUNITY_WORKER: cl("claim", V, C) | cl("departmentoffer", V),
    Role.DEPARTMENT: (
        cl("claim", V, A)
        | cl("departmentoffer", V, A, C)
        | perms("projects", "need", V)
        | perms("grids", "ticket", V)
    ),
}
