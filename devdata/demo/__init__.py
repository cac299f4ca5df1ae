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
    places,
    projects,
    residents,
    venues,
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
    venues,  # issue 24: venues and their bookings (before the figures are computed)
    headlines,
    assessments,
    places,  # last: places what the others made
)
