"""The demo district, built app by app from the root up (orgs first)."""

from . import (
    activities,
    assessments,
    claims,
    grids,
    growth,
    headlines,
    honours,
    incubators,
    mall,
    meetings,
    money,
    orgs,
    party,
    places,
    projects,
    residents,
    stories,
    venues,
    visits,
    volunteers,
)

BUILDERS = (
    orgs,
    growth,  # before every builder that picks among the organisations
    visits,  # its ledger entry too, and before the rollups count the visits
    incubators,
    projects,
    grids,
    residents,
    volunteers,
    activities,
    meetings,
    money,  # issue 24: activity subsidies from the funds' sources
    mall,
    party,  # issue 24: party-member ties
    venues,  # issue 24: venues and their bookings (before the figures are computed)
    honours,  # qualifications, rewards, commendations of people
    claims,  # issue 24: departments, 微心愿 claimed, a ticket assigned to a department
    headlines,
    stories,  # issue 24: before the rollups count it
    assessments,
    places,  # last: places what the others made
)
