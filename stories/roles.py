from orgs.roles import Role, perms


def st(model: str, *actions: str) -> set[str]:
    return perms("stories", model, *actions)


V, A, C, D = "view", "add", "change", "delete"
PUBLISH = {"stories.publish_story"}
# Community workers write drafts and keep their community's conventions;
# the street and the district publish (宣传推广 is theirs to decide).
_WRITERS = st("story", V, A, C) | st("convention", V, A, C, D)

# The community types (一社一策) are the district's to word; a community's
# type is set in the area admin, which the district keeps.
_TYPES = perms("orgs", "communitytype", V)

PERMISSIONS = {
    Role.DISTRICT_STAFF: _WRITERS
    | st("story", D)
    | PUBLISH
    | perms("orgs", "communitytype", V, A, C),
    Role.STREET_OFFICER: _WRITERS | st("story", D) | PUBLISH | _TYPES,
    Role.COMMUNITY_WORKER: _WRITERS | _TYPES,
    # A leader submits drafts about their own organisation (stories.views.leader).
    Role.ORG_LEADER: st("story", V, A),
}
