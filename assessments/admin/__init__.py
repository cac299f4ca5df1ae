"""Assessments in the admin: operators score months item by item, staff
hold interviews and enter the year-end inputs, everyone reads the results."""

from . import interviews, results, scores, surveys  # noqa: F401  (registers the admins)
