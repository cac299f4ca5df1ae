"""The demo district, built app by app from the root up (orgs first)."""

from . import (
    activities,
    assessments,
    claims,
    grids,
    growth,
    headlines,
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
    claims,  # issue 24: departments, 微心愿 claimed, a ticket assigned to a department
    headlines,
    assessments,
    places,  # last: places what the others made
)
