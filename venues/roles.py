from orgs.roles import Role, perms


def vn(model: str, *actions: str) -> set[str]:
    return perms("venues", model, *actions)


V, A, C = "view", "add", "change"
# The community worker keeps the venues of the community (their rooms and
# hours, who holds them in custody) and may refuse a booking; the street and
# the district do the same for their areas. Bookings are made by residents
# and organisations' leaders on the portal, never in the admin.
_KEEPERS = (
    vn("venue", V, A, C)
    | vn("room", V, A, C, "delete")
    | vn("openinghours", V, A, C, "delete")
    | vn("booking", V, C)
)

PERMISSIONS = {
    Role.DISTRICT_STAFF: _KEEPERS,
    Role.STREET_OFFICER: _KEEPERS,
    Role.COMMUNITY_WORKER: _KEEPERS,
    # A leader books for the organisation and, when it holds a venue in
    # custody, sees and may refuse that venue's bookings (venues.services).
    Role.ORG_LEADER: vn("venue", V) | vn("booking", V, A),
}
