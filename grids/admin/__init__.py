"""Grids and tickets in the admin: the street's and community's work queue."""

from . import grids, tickets  # noqa: F401  (registers the admins)
