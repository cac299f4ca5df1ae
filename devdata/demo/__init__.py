"""The demo district, built app by app from the root up (orgs first)."""

from . import assessments, grids, incubators, meetings, orgs, projects, residents

BUILDERS = (orgs, incubators, projects, grids, residents, meetings, assessments)
