from orgs.roles import Role, perms


def inc(model: str, *actions: str) -> set[str]:
    return perms("incubators", model, *actions)


V, A, C = "view", "add", "change"

_PLATFORM_RECORDS = (
    inc("platform", V)
    | inc("residency", V)
    | inc("quarterplan", V)
    | inc("tasklist", V)
    | inc("progressreport", V)
    | inc("supervisionorder", V)
    | inc("monthlyreport", V)
    | inc("review", V)
    | inc("fund", V)
    | inc("fundentry", V)
    | inc("servicekind", V)
    | inc("specialism", V)
    | inc("fundsource", V)
    | inc("platformtraining", V)
)

PERMISSIONS = {
    # The district runs the cycle: platforms, task lists, supervision, reviews, funds.
    Role.DISTRICT_STAFF: _PLATFORM_RECORDS
    | inc("platform", A, C)
    | inc("quarterplan", A, C)
    | inc("tasklist", A, C)
    | inc("supervisionorder", A, C)
    | inc("review", A, C)
    | inc("fund", A, C)
    | inc("fundentry", A)
    | inc("fundsource", A, C),  # the district keeps the list of sources
    # Streets keep their platforms' residents, reports and funds.
    Role.STREET_OFFICER: _PLATFORM_RECORDS
    | inc("residency", A, C)
    | inc("progressreport", C)
    | inc("supervisionorder", C)
    | inc("monthlyreport", A, C)
    | inc("fund", A, C)
    | inc("fundentry", A),
    Role.COMMUNITY_WORKER: inc("platform", V)
    | inc("residency", V)
    | inc("fund", V)
    | inc("fundentry", V)
    | inc("fundsource", V),
    # Operators manage their own platforms' residents and paperwork.
    Role.INCUBATOR_OPERATOR: _PLATFORM_RECORDS
    | inc("residency", A, C)
    | inc("quarterplan", A, C)
    | inc("progressreport", C)
    | inc("supervisionorder", C)
    | inc("monthlyreport", A, C)
    | inc("platformtraining", A, C)
    | inc("fundentry", A),
    Role.ORG_LEADER: inc("residency", V),
}
