"""The demo district, built app by app from the root up (orgs first)."""

from . import assessments, grids, incubators, orgs, projects, residents, volunteers

BUILDERS = (orgs, incubators, projects, grids, residents, volunteers, assessments)
