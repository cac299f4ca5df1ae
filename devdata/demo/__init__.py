"""The demo district, built app by app from the root up (orgs first)."""

from . import (
    activities,
    assessments,
    grids,
    growth,
    headlines,
    incubators,
    mall,
    meetings,
    orgs,
    party,
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
    party,  # issue 24: party-member ties
    headlines,
    assessments,
    places,  # last: places what the others made
)
