from orgs.roles import Role, perms


def ml(model: str, *actions: str) -> set[str]:
    return perms("mall", model, *actions)


V, A, C = "view", "add", "change"
# The community worker keeps the mall of the community: what providers offer
# and the exchange rule; the street and the district may do the same for
# their areas. Exchanges are the volunteers' and clerks' doing: staff read
# them (statements, exports).
_KEEPERS = ml("offer", V, A, C) | ml("exchangerule", V, A, C) | ml("exchange", V)

PERMISSIONS = {
    Role.DISTRICT_STAFF: _KEEPERS,
    Role.STREET_OFFICER: _KEEPERS,
    Role.COMMUNITY_WORKER: _KEEPERS,
}
