"""Who may do what with the party app's records (which rows: jurisdiction).

Community workers and street officers keep the ledgers of their area: the
households and their party members, the services, the 双报到 registrations,
the cadres sent down, the grid branches and the venue checklists. The
district reads them all, sends cadres down and keeps the checklist's items.
The party committee for social organisations (社会组织党委) reads party
building across its area, on its portal page (/party/), not in the admin:
it keeps no ledger of its own here."""

from orgs.roles import Role, perms


def pt(model: str, *actions: str) -> set[str]:
    return perms("party", model, *actions)


V, A, C, D = "view", "add", "change", "delete"

_KEEPERS = (
    pt("household", V, A, C)
    | pt("householdtie", V, A, C)
    | pt("householdservice", V, A, C, D)
    | pt("dualregistration", V, A, C)
    | pt("registeredservice", V, A, C, D)
    | pt("cadreassignment", V, A, C)
    | pt("gridbranch", V, A, C)
    | pt("venueitem", V)
    | pt("venuecheck", V, A, C, D)
)

_READERS = (
    pt("householdtie", V)
    | pt("dualregistration", V)
    | pt("cadreassignment", V)
    | pt("gridbranch", V)
    | pt("venueitem", V)
    | pt("venuecheck", V)
)

PERMISSIONS = {
    Role.DISTRICT_STAFF: (
        _READERS
        | pt("household", V)
        | pt("householdservice", V)
        | pt("registeredservice", V)
        | pt("cadreassignment", A, C)
        | pt("venueitem", A, C)
    ),
    Role.STREET_OFFICER: _KEEPERS,
    Role.COMMUNITY_WORKER: _KEEPERS,
    Role.PARTY_COMMITTEE: _READERS,
}
