"""The demo district, built app by app from the root up (orgs first)."""

from . import activities, assessments, grids, incubators, meetings, orgs, projects, residents

BUILDERS = (orgs, incubators, projects, grids, residents, activities, meetings, assessments)
