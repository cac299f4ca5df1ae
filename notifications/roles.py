"""What each role may do with this app's models (orgs.auth).

Text messages (`TextMessage`) are read by platform administrators only, who
hold every permission (orgs.auth): no role is granted them here. Opt-outs
(`PhoneOptOut`) are recorded by the people residents call, street officers
and community workers: a resident asks by phone not to get messages, or to
get them again (the record deleted). An opt-out belongs to a number, not to
a place, so it has no jurisdiction: they see the whole list, every number
masked (notifications/admin.py), and enter a number in full to add it.
"""

from orgs.roles import Role, perms

_OPT_OUTS = perms("notifications", "phoneoptout", "view", "add", "delete")

PERMISSIONS = {
    Role.STREET_OFFICER: _OPT_OUTS,
    Role.COMMUNITY_WORKER: _OPT_OUTS,
}
