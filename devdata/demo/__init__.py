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
    money,
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
    money,  # issue 24: activity subsidies from the funds' sources
    mall,
    headlines,
    assessments,
    places,  # last: places what the others made
)
