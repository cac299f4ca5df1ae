"""The demo district, built app by app from the root up (orgs first)."""

from . import (
    activities,
    assessments,
    grids,
    growth,
    headlines,
    honours,
    incubators,
    mall,
    meetings,
    orgs,
    places,
    projects,
    residents,
    volunteers,
)

BUILDERS = (
    orgs,
    growth,  # before every builder that picks among the organisations
    incubators,
    projects,
    grids,
    residents,
    volunteers,
    activities,
    meetings,
    mall,
    honours,  # qualifications, rewards, commendations of people
    headlines,
    assessments,
    places,  # last: places what the others made
)
