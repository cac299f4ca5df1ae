from orgs.roles import Role, perms


def vo(model: str, *actions: str) -> set[str]:
    return perms("volunteers", model, *actions)


# The community confirms its volunteers and issues their certificates; the
# street above it too; the district reads.
_KEEPERS = vo("volunteer", "view", "change") | vo("volunteercertificate", "view", "add")

PERMISSIONS = {
    Role.DISTRICT_STAFF: vo("volunteer", "view") | vo("volunteercertificate", "view"),
    Role.STREET_OFFICER: _KEEPERS,
    Role.COMMUNITY_WORKER: _KEEPERS,
}
