"""The demo district, built app by app from the root up (orgs first)."""

from . import assessments, grids, incubators, mall, orgs, projects, residents

BUILDERS = (orgs, incubators, projects, grids, residents, mall, assessments)
