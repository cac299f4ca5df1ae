"""What each role may do with qualifications, budgets and rewards.

The community and the street record the qualifications of their residents,
the district those of its whole area; an organisation's leader records
those of its own members (on the portal, `honours/qualifications/`). The
district sets the year's budget and decides the rewards under it; the
street and the community read them.
"""

from orgs.roles import Role, perms


def hn(model: str, *actions: str) -> set[str]:
    return perms("honours", model, *actions)


V, A, C = "view", "add", "change"
_RECORDERS = hn("qualificationkind", V) | hn("qualification", V, A, C) | hn("reward", V)

PERMISSIONS = {
    Role.DISTRICT_STAFF: (
        hn("qualificationkind", V, A, C)
        | hn("qualification", V, A, C)
        | hn("rewardbudget", V, A, C)
        | hn("reward", V, A, C)
    ),
    Role.STREET_OFFICER: _RECORDERS,
    Role.COMMUNITY_WORKER: _RECORDERS,
    Role.ORG_LEADER: hn("qualification", V, A),
}
