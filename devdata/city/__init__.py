"""The city-scale generator, app by app from the root up (see devdata.citygen)."""

from . import assessments, grids, incubators, orgs, projects

BUILDERS = (orgs, incubators, projects, grids, assessments)
