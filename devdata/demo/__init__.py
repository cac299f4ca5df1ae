"""The demo district, built app by app from the root up (orgs first)."""

from . import (
    activities,
    assessments,
    grids,
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
    incubators,
    projects,
    grids,
    residents,
    volunteers,
    activities,
    meetings,
    mall,
    assessments,
    places,  # last: places what the others made
)
