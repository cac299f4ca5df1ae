from orgs.roles import Role, perms


def asm(model: str, *actions: str) -> set[str]:
    return perms("assessments", model, *actions)


V, A, C = "view", "add", "change"

_READ = (
    asm("monthlyscore", V)
    | asm("amendment", V)
    | asm("interview", V)
    | asm("annualassessment", V)
    | asm("peerrating", V)
    | asm("platformquarter", V)
    | asm("platformgrade", V)
    | asm("indicator", V)
    | asm("scoretemplate", V)
    | asm("papersurvey", V)
    | asm("surveyanswer", V)
)
# The residents' survey on paper: entered by the community (or the street).
_PAPER = asm("papersurvey", V, A, C) | asm("surveyanswer", V)

PERMISSIONS = {
    # The district keeps the templates and sees every result and run.
    Role.DISTRICT_STAFF: _READ
    | asm("scoretemplate", A, C)
    | asm("interview", C)
    | asm("annualassessment", C)
    | asm("rolluprun", V),
    # Streets hold interviews and enter the residents' assessment.
    Role.STREET_OFFICER: _READ | asm("interview", C) | asm("annualassessment", A, C) | _PAPER,
    # Operators score their residents monthly and collect the year-end inputs.
    Role.INCUBATOR_OPERATOR: _READ
    | asm("monthlyscore", A, C)
    | asm("interview", C)
    | asm("annualassessment", A, C)
    | asm("peerrating", A, C),
    Role.COMMUNITY_WORKER: asm("indicator", V) | asm("annualassessment", V) | _PAPER,
    # The party committee reads the dashboard of its area, where the party
    # figures are counted (issue 24), and the organisations' stars.
    Role.PARTY_COMMITTEE: asm("indicator", V) | asm("annualassessment", V),
    Role.ORG_LEADER: asm("monthlyscore", V) | asm("interview", V) | asm("annualassessment", V),
}
