"""The jurisdiction matrix: every URL of the site, asked by every role.

For each URL pattern (keyed by its full route: the patterns' strings from
the root down, joined) MATRIX says which sample row of `tests/matrix_estate.py` fills its
parameters, how it is asked (GET, or POST with empty data for POST-only
views) and what each role gets, one character per role in ROLES order:

    2  a page (200)               1  the page, without the sample listed (lists only)
    r  a redirect, not to log in  L  a redirect to a login page (site or admin)
    0  400   A  401   3  403   4  404   5  405   G  410   c  201   T  429
    E  an exception (a server error)  ?  anything else (the test says what)

Spaces in the expected string are for the eye only. Every request runs in
a transaction that is rolled back, so none changes what the next one sees.

Besides the table, `check_invariants` holds rules written independently of
it: district B's staff and anonymous visitors never get a page about, or
listing, a district-A row, nor see its text anywhere outside the public
pages; street B's officer never gets one of street A's; anonymous visitors
get no page but the public ones and the login pages.

Adding a view? Its URL fails this test until it has a line in MATRIX:

1. pick the sample that fills its parameters (add one to `build_estate` if
   the view is about a new model), and the method a user would use;
2. write what each role *should* get, from the roles' grants (`roles.py` of
   each app) and the scoping (`for_user`), not from what the view happens to
   do; run the test: its message lists `route | role | expected | got` for
   each difference, and the `got` line of a new route under "not in MATRIX";
3. a difference is either a wrong line or a bug in the view: fix the view.

The other tests: every admin action posted against a street-A row by street
B's officer and district B's staff leaves the row as it was; a past version
in the history is never saved over the row; the lag check run by hand stays
in the user's district.
"""

import copy
import io
import json
import logging
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from itertools import product
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache as django_cache
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from downloads.models import Download
from notifications.models import PhoneOptOut
from orgs.scoping import ScopedQuerySet
from tests.admin_forms import form_data
from tests.matrix_estate import DISTRICT_A, SHARED, STREET_A, build_estate

ROLES = (
    "anonymous",
    "platform_admin",
    "district_officer",
    "street_a_officer",
    "street_b_officer",
    "community_worker",
    "org_leader",
    "grid_member",
    "operator",
    "reviewer",
    "outsider",
)

STATUS_CODES = {
    200: "2",
    201: "c",
    400: "0",
    401: "A",
    403: "3",
    404: "4",
    405: "5",
    410: "G",
    429: "T",
}


@dataclass(frozen=True)
class Entry:
    sample: str | None  # the estate's sample that fills the URL, or that a list should show
    expect: str
    method: str = "GET"
    query: str = ""
    lists: bool = False  # a list: "2" if the sample is listed, "1" if the page lacks it
    params: dict = field(default_factory=dict)  # other URL parameters (step names…)

    @property
    def outcomes(self) -> str:
        return self.expect.replace(" ", "")


def page(expect, method="GET", query="", **params):
    """A URL with no row in it."""
    return Entry(None, expect, method, query, params=params)


def about(sample, expect, method="GET", query="", **params):
    """A URL about one row: the sample's id (and history id, token…) fill it."""
    return Entry(sample, expect, method, query, params=params)


def listing(sample, expect, method="GET", query="", **params):
    """A list, looked through for the sample."""
    return Entry(sample, expect, method, query, lists=True, params=params)


# The columns, as each section's heading line names them:
#   a  anonymous                      P  platform administrator
#   d  district officer (district A)  s  street A officer   b  street B officer
#   c  community worker (A1)          l  organisation leader (A1)   g  grid member (A1)
#   o  incubator operator (district A's agency)   r  reviewer (on the project's panel)
#   x  outsider: district staff of district B
# Samples sit in street A (community A1) unless named otherwise in matrix_estate.py.
# The admin's `<id>/` only redirects to `<id>/change/` (any staff: r) without looking
# the row up; history-detail pages are read here, and their form posted in
# test_a_past_version_cannot_be_saved_over_the_row.
# fmt: off
MATRIX = {
    # --- activities ------------------------------------------------------------------------------------------  a P dsbc lg or x
    "activities/":                                                                 listing("activity",          "L 2 2212 13 33 1", query="month=2026-12"),
    "activities/new/":                                                             page(                        "L 2 2222 23 33 2"),
    "activities/feed/":                                                            page(                        "L 2 2222 23 33 2"),
    "activities/feed/<str:token>.ics":                                             page(                        "4 4 4444 44 44 4", token="no-such-token"),
    "activities/<int:pk>/":                                                        about("activity",            "L 2 2242 43 33 4"),
    "activities/<int:pk>/edit/":                                                   about("activity",            "L 2 2242 43 33 4"),
    "activities/<int:pk>/code/":                                                   about("activity",            "L 2 2242 43 33 4"),
    "activities/<int:pk>/code/now/":                                               about("activity",            "L 2 2242 43 33 4"),
    "activities/<int:pk>/publish/":                                                about("activity",            "L r rr4r 43 33 4", "POST"),
    "activities/<int:pk>/cancel/":                                                 about("activity",            "L r rr4r 43 33 4", "POST"),
    # The resident's side, by the phone signed in (no one is, here): to the sign-in.
    "activities/<int:pk>/check/<str:code>/":                                       about("activity",            "r r rrrr rr rr r", code="abcdefghij"),
    "activities/mine/":                                                            listing("activity",          "r r rrrr rr rr r"),
    "activities/mine/<int:pk>/cancel/":                                            about("activity",            "r r rrrr rr rr r", "POST"),
    # --- door-to-door visits (visits/): recorded by the community, read by the street and district, ------
    # findings turned by the community and the street ------------------------------------------  a P dsbc lg or x
    "visits/":                                                                     listing("visit",             "L 2 2212 33 33 1"),
    "visits/new/":                                                                 page(                        "L 3 3332 33 33 3"),
    "visits/<int:pk>/":                                                            about("visit",               "L 2 2242 33 33 4"),
    "visits/findings/<int:pk>/<str:outcome>/":                                     about("visitfinding",        "L r 3r4r 33 33 3", "POST", outcome="talent"),
    # --- the portal ------------------------------------------------------------------------------------------  a P dsbc lg or x
    "":                                                                            page(                        "2 2 2222 22 22 2"),
    # --- accounts --------------------------------------------------------------------------------------------  a P dsbc lg or x
    "accounts/login/":                                                             page(                        "2 r rrrr rr rr r"),
    "accounts/logout/":                                                            page(                        "L L LLLL LL LL L", "POST"),
    "accounts/password_change/":                                                   page(                        "L 2 2222 22 22 2"),
    "accounts/password_change/done/":                                              page(                        "L 2 2222 22 22 2"),
    "accounts/password/new/":                                                      page(                        "L r rrrr rr rr r"),
    "accounts/recovery/":                                                          page(                        "L 2 2222 44 44 2"),
    "accounts/recovery/<int:pk>/":                                                 about("user",                "L 2 2244 44 44 4"),
    "accounts/password_reset/":                                                    page(                        "2 2 2222 22 22 2"),
    "accounts/password_reset/done/":                                               page(                        "2 2 2222 22 22 2"),
    "accounts/reset/<uidb64>/<token>/":                                            page(                        "2 2 2222 22 22 2", uidb64="MQ", token="set-password"),
    "accounts/reset/done/":                                                        page(                        "2 2 2222 22 22 2"),
    # --- admin: the site -------------------------------------------------------------------------------------  a P dsbc lg or x
    # a held 书记沙龙 of street A, organised by its street officer (activities.meeting_views)
    # Issue 24: activity subsidies (补贴活动经费): leaders apply and settle, streets and the district decide.
    "activities/subsidies/":                                                       listing("subsidy",           "L 2 2212 23 33 1"),
    "activities/<int:pk>/subsidy/":                                                about("subsidyactivity",     "L 3 3333 23 33 3"),
    "activities/subsidies/<int:pk>/":                                              about("subsidy",             "L 2 2242 23 33 4"),
    "activities/subsidies/<int:pk>/approve/":                                      about("subsidy",             "L 3 2243 33 33 4", "POST"),  # a: the platform admin decides no subsidy
    "activities/subsidies/<int:pk>/refuse/":                                       about("subsidy",             "L 3 2243 33 33 4", "POST"),
    "activities/subsidies/<int:pk>/settle/":                                       about("subsidy",             "L 3 3343 23 33 4", "POST"),
    "admin/incubators/fundsource/":                                                listing("fundsource",        "L 2 2222 LL 2L 2"),
    "admin/incubators/fundsource/<path:object_id>/":                               about("fundsource",          "L r rrrr LL rL r"),
    "admin/incubators/fundsource/<path:object_id>/change/":                        about("fundsource",          "L 2 2222 LL 2L 2"),
    "admin/incubators/fundsource/<path:object_id>/delete/":                        about("fundsource",          "L 2 3333 LL 3L 3"),
    "admin/incubators/fundsource/<path:object_id>/history/":                       about("fundsource",          "L 2 2222 LL 2L 2"),
    "admin/incubators/fundsource/add/":                                            page(                        "L 2 2333 LL 3L 2"),
    "activities/<int:pk>/minutes/":                                                about("meeting",             "L 2 2244 44 44 4"),
    "activities/<int:pk>/attendees/":                                              about("meeting",             "L 2 2244 44 44 4", "POST"),
    "activities/<int:pk>/attendees/<int:attendance_pk>/remove/":                   about("meeting",             "L r rr44 44 44 4", "POST"),
    "activities/<int:pk>/photos/":                                                 about("meeting",             "L 2 2244 44 44 4", "POST"),
    "activities/<int:pk>/photos/<int:photo_pk>/publish/":                          about("meeting",             "L r rr44 44 44 4", "POST"),
    "activities/<int:pk>/photos/<int:photo_pk>/withdraw/":                         about("meeting",             "L r rr44 44 44 4", "POST"),
    "activities/<int:pk>/needs/":                                                  about("meeting",             "L 2 2244 44 44 4", "POST"),
    "activities/<int:pk>/draft-project/":                                          about("meeting",             "L 2 3244 44 44 4"),  # d: district staff draft no projects
    "admin/":                                                                      page(                        "L 2 2222 LL 2L 2"),
    "admin/(?P<url>.*)$":                                                          page(                        "L 4 4444 LL 4L 4", url="nowhere/"),
    "admin/^(?P<app_label>auth|orgs|notifications|incubators|projects|grids|volunteers|mall|party|venues|honours|stories|claims|assessments|axes)/$": page("L 2 2222 LL 2L 2"),
    # --- admin: assessments ----------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/assessments/annualassessment/":                                         listing("annualassessment",  "L 2 2212 LL 2L 1"),
    "admin/assessments/annualassessment/<path:object_id>/":                        about("annualassessment",    "L r rrrr LL rL r"),
    "admin/assessments/annualassessment/<path:object_id>/change/":                 about("annualassessment",    "L 2 2242 LL 2L 4"),
    "admin/assessments/annualassessment/<path:object_id>/delete/":                 about("annualassessment",    "L 2 3343 LL 3L 4"),
    "admin/assessments/annualassessment/<path:object_id>/history/":                about("annualassessment",    "L 2 2242 LL 2L 4"),
    "admin/assessments/annualassessment/^([^/]+)/history/([^/]+)/$":               about("annualassessment",    "L 2 2242 LL 2L 4"),
    "admin/assessments/annualassessment/add/":                                     page(                        "L 2 3223 LL 2L 3"),
    "admin/assessments/indicator/":                                                listing("indicator",         "L 2 2212 LL 1L 1"),
    "admin/assessments/indicator/<path:object_id>/":                               about("indicator",           "L r rrrr LL rL r"),
    "admin/assessments/indicator/<path:object_id>/change/":                        about("indicator",           "L 2 2242 LL 4L 4"),
    "admin/assessments/indicator/<path:object_id>/delete/":                        about("indicator",           "L 3 3343 LL 4L 4"),
    "admin/assessments/indicator/<path:object_id>/history/":                       about("indicator",           "L 2 2242 LL 4L 4"),
    "admin/assessments/indicator/add/":                                            page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/interview/":                                                listing("interview",         "L 2 2213 LL 2L 1"),
    "admin/assessments/interview/<int:object_id>/step/<str:step>/":                about("interview",           "L 2 2243 LL 2L 4", step="conclude"),
    "admin/assessments/interview/<path:object_id>/":                               about("interview",           "L r rrrr LL rL r"),
    "admin/assessments/interview/<path:object_id>/change/":                        about("interview",           "L 2 2243 LL 2L 4"),
    "admin/assessments/interview/<path:object_id>/delete/":                        about("interview",           "L 3 3343 LL 3L 4"),
    "admin/assessments/interview/<path:object_id>/history/":                       about("interview",           "L 2 2243 LL 2L 4"),
    "admin/assessments/interview/^([^/]+)/history/([^/]+)/$":                      about("interview",           "L 2 2243 LL 2L 4"),
    "admin/assessments/interview/add/":                                            page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/monthlyscore/":                                             listing("monthlyscore",      "L 2 2213 LL 2L 1"),
    "admin/assessments/monthlyscore/<path:object_id>/":                            about("monthlyscore",        "L r rrrr LL rL r"),
    "admin/assessments/monthlyscore/<path:object_id>/change/":                     about("monthlyscore",        "L 2 2243 LL 2L 4"),
    "admin/assessments/monthlyscore/<path:object_id>/delete/":                     about("monthlyscore",        "L 3 3343 LL 3L 4"),
    "admin/assessments/monthlyscore/<path:object_id>/history/":                    about("monthlyscore",        "L 2 2243 LL 2L 4"),
    "admin/assessments/monthlyscore/^([^/]+)/history/([^/]+)/$":                   about("monthlyscore",        "L 2 2243 LL 2L 4"),
    "admin/assessments/monthlyscore/add/":                                         page(                        "L 2 3333 LL 2L 3"),
    "admin/assessments/peerrating/":                                               listing("peerrating",        "L 2 2213 LL 2L 1"),
    "admin/assessments/peerrating/<path:object_id>/":                              about("peerrating",          "L r rrrr LL rL r"),
    "admin/assessments/peerrating/<path:object_id>/change/":                       about("peerrating",          "L 2 2243 LL 2L 4"),
    "admin/assessments/peerrating/<path:object_id>/delete/":                       about("peerrating",          "L 2 3343 LL 3L 4"),
    "admin/assessments/peerrating/<path:object_id>/history/":                      about("peerrating",          "L 2 2243 LL 2L 4"),
    "admin/assessments/peerrating/add/":                                           page(                        "L 2 3333 LL 2L 3"),
    "admin/assessments/papersurvey/":                                               listing("papersurvey",       "L 2 2212 LL 2L 1"),
    "admin/assessments/papersurvey/<path:object_id>/":                              about("papersurvey",         "L r rrrr LL rL r"),
    "admin/assessments/papersurvey/<path:object_id>/change/":                       about("papersurvey",         "L 2 2242 LL 2L 4"),
    "admin/assessments/papersurvey/<path:object_id>/delete/":                       about("papersurvey",         "L 2 3343 LL 3L 4"),
    "admin/assessments/papersurvey/<path:object_id>/history/":                      about("papersurvey",         "L 2 2242 LL 2L 4"),
    "admin/assessments/papersurvey/^([^/]+)/history/([^/]+)/$":                     about("papersurvey",         "L 2 2242 LL 2L 4"),
    "admin/assessments/papersurvey/add/":                                           page(                        "L 2 3222 LL 3L 3"),
    "admin/assessments/surveyanswer/":                                              listing("surveyanswer",      "L 2 2212 LL 2L 1"),
    "admin/assessments/surveyanswer/<path:object_id>/":                             about("surveyanswer",        "L r rrrr LL rL r"),
    "admin/assessments/surveyanswer/<path:object_id>/change/":                      about("surveyanswer",        "L 2 2242 LL 2L 4"),
    "admin/assessments/surveyanswer/<path:object_id>/delete/":                      about("surveyanswer",        "L 3 3343 LL 3L 4"),
    "admin/assessments/surveyanswer/<path:object_id>/history/":                     about("surveyanswer",        "L 2 2242 LL 2L 4"),
    "admin/assessments/surveyanswer/add/":                                          page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/platformgrade/":                                            listing("platformgrade",     "L 2 2213 LL 2L 1"),
    "admin/assessments/platformgrade/<path:object_id>/":                           about("platformgrade",       "L r rrrr LL rL r"),
    "admin/assessments/platformgrade/<path:object_id>/change/":                    about("platformgrade",       "L 2 2244 LL 2L 4"),
    "admin/assessments/platformgrade/<path:object_id>/delete/":                    about("platformgrade",       "L 3 3344 LL 3L 4"),
    "admin/assessments/platformgrade/<path:object_id>/history/":                   about("platformgrade",       "L 2 2244 LL 2L 4"),
    "admin/assessments/platformgrade/add/":                                        page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/platformquarter/":                                          listing("platformquarter",   "L 2 2213 LL 2L 1"),
    "admin/assessments/platformquarter/<path:object_id>/":                         about("platformquarter",     "L r rrrr LL rL r"),
    "admin/assessments/platformquarter/<path:object_id>/change/":                  about("platformquarter",     "L 2 2244 LL 2L 4"),
    "admin/assessments/platformquarter/<path:object_id>/delete/":                  about("platformquarter",     "L 3 3344 LL 3L 4"),
    "admin/assessments/platformquarter/<path:object_id>/history/":                 about("platformquarter",     "L 2 2244 LL 2L 4"),
    "admin/assessments/platformquarter/add/":                                      page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/rolluprun/":                                                listing("rolluprun",         "L 2 2333 LL 3L 2"),
    "admin/assessments/rolluprun/<path:object_id>/":                               about("rolluprun",           "L r rrrr LL rL r"),
    "admin/assessments/rolluprun/<path:object_id>/change/":                        about("rolluprun",           "L 2 2333 LL 3L 2"),
    "admin/assessments/rolluprun/<path:object_id>/delete/":                        about("rolluprun",           "L 3 3333 LL 3L 3"),
    "admin/assessments/rolluprun/<path:object_id>/history/":                       about("rolluprun",           "L 2 2333 LL 3L 2"),
    "admin/assessments/rolluprun/add/":                                            page(                        "L 3 3333 LL 3L 3"),
    "admin/assessments/scoretemplate/":                                            listing("scoretemplate",     "L 2 2223 LL 2L 2"),
    "admin/assessments/scoretemplate/<path:object_id>/":                           about("scoretemplate",       "L r rrrr LL rL r"),
    "admin/assessments/scoretemplate/<path:object_id>/change/":                    about("scoretemplate",       "L 2 2223 LL 2L 2"),
    "admin/assessments/scoretemplate/<path:object_id>/delete/":                    about("scoretemplate",       "L 2 3333 LL 3L 3"),
    "admin/assessments/scoretemplate/<path:object_id>/history/":                   about("scoretemplate",       "L 2 2223 LL 2L 2"),
    "admin/assessments/scoretemplate/add/":                                        page(                        "L 2 2333 LL 3L 2"),
    # --- admin: auth -----------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/auth/group/":                                                           listing("group",             "L 2 3333 LL 3L 3"),
    "admin/auth/group/<path:object_id>/":                                          about("group",               "L r rrrr LL rL r"),
    "admin/auth/group/<path:object_id>/change/":                                   about("group",               "L 2 3333 LL 3L 3"),
    "admin/auth/group/<path:object_id>/delete/":                                   about("group",               "L 2 3333 LL 3L 3"),
    "admin/auth/group/<path:object_id>/history/":                                  about("group",               "L 2 3333 LL 3L 3"),
    "admin/auth/group/add/":                                                       page(                        "L 2 3333 LL 3L 3"),
    # --- admin: the site -------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/autocomplete/":                                                         listing("organisation",      "L 2 2212 LL 2L 1", query="app_label=orgs&model_name=servicerecord&field_name=organisation&term="),
    # --- admin: axes -----------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/axes/accessattempt/":                                                   listing("axes.accessattempt", "L 2 3333 LL 3L 3"),
    "admin/axes/accessattempt/<path:object_id>/":                                  about("axes.accessattempt",  "L r rrrr LL rL r"),
    "admin/axes/accessattempt/<path:object_id>/change/":                           about("axes.accessattempt",  "L 2 3333 LL 3L 3"),
    "admin/axes/accessattempt/<path:object_id>/delete/":                           about("axes.accessattempt",  "L 2 3333 LL 3L 3"),
    "admin/axes/accessattempt/<path:object_id>/history/":                          about("axes.accessattempt",  "L 2 3333 LL 3L 3"),
    "admin/axes/accessattempt/add/":                                               page(                        "L 3 3333 LL 3L 3"),
    "admin/axes/accessfailurelog/":                                                listing("axes.accessfailurelog", "L 2 3333 LL 3L 3"),
    "admin/axes/accessfailurelog/<path:object_id>/":                               about("axes.accessfailurelog", "L r rrrr LL rL r"),
    "admin/axes/accessfailurelog/<path:object_id>/change/":                        about("axes.accessfailurelog", "L 2 3333 LL 3L 3"),
    "admin/axes/accessfailurelog/<path:object_id>/delete/":                        about("axes.accessfailurelog", "L 2 3333 LL 3L 3"),
    "admin/axes/accessfailurelog/<path:object_id>/history/":                       about("axes.accessfailurelog", "L 2 3333 LL 3L 3"),
    "admin/axes/accessfailurelog/add/":                                            page(                        "L 3 3333 LL 3L 3"),
    "admin/axes/accesslog/":                                                       listing("axes.accesslog",    "L 2 3333 LL 3L 3"),
    "admin/axes/accesslog/<path:object_id>/":                                      about("axes.accesslog",      "L r rrrr LL rL r"),
    "admin/axes/accesslog/<path:object_id>/change/":                               about("axes.accesslog",      "L 2 3333 LL 3L 3"),
    "admin/axes/accesslog/<path:object_id>/delete/":                               about("axes.accesslog",      "L 2 3333 LL 3L 3"),
    "admin/axes/accesslog/<path:object_id>/history/":                              about("axes.accesslog",      "L 2 3333 LL 3L 3"),
    "admin/axes/accesslog/add/":                                                   page(                        "L 3 3333 LL 3L 3"),
    # --- admin: claims (issue 24) -----------------------------------------------------------------------------  a P dsbc lg or x
    "admin/claims/claim/":                                                         listing("claim",             "L 2 2212 LL 3L 1"),
    "admin/claims/claim/<int:object_id>/step/<str:step>/":                         about("claim",               "L r 3r4r LL 4L 4", "POST", step="confirm"),
    "admin/claims/claim/<path:object_id>/":                                        about("claim",               "L r rrrr LL rL r"),
    "admin/claims/claim/<path:object_id>/change/":                                 about("claim",               "L 2 2242 LL 4L 4"),
    "admin/claims/claim/<path:object_id>/delete/":                                 about("claim",               "L 2 3343 LL 4L 4"),
    "admin/claims/claim/<path:object_id>/history/":                                about("claim",               "L 2 2242 LL 4L 4"),
    "admin/claims/claim/^([^/]+)/history/([^/]+)/$":                               about("claim",               "L 2 2242 LL 4L 4"),
    "admin/claims/claim/add/":                                                     page(                        "L 3 3333 LL 3L 3"),
    # a street department's resource: read by the offices of the street, its communities and above
    "admin/claims/departmentoffer/":                                               listing("departmentoffer",   "L 2 2212 LL 3L 1"),
    "admin/claims/departmentoffer/<path:object_id>/":                              about("departmentoffer",     "L r rrrr LL rL r"),
    "admin/claims/departmentoffer/<path:object_id>/change/":                       about("departmentoffer",     "L 2 2242 LL 4L 4"),
    "admin/claims/departmentoffer/<path:object_id>/delete/":                       about("departmentoffer",     "L 2 3343 LL 4L 4"),
    "admin/claims/departmentoffer/<path:object_id>/history/":                      about("departmentoffer",     "L 2 2242 LL 4L 4"),
    "admin/claims/departmentoffer/^([^/]+)/history/([^/]+)/$":                     about("departmentoffer",     "L 2 2242 LL 4L 4"),
    "admin/claims/departmentoffer/add/":                                           page(                        "L 3 3333 LL 3L 3"),
    # --- admin: grids ----------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/orgs/calendarday/":                                                      listing("calendarday",       "L 2 2222 LL 3L 2"),
    "admin/orgs/calendarday/<path:object_id>/":                                     about("calendarday",         "L r rrrr LL rL r"),
    "admin/orgs/calendarday/<path:object_id>/change/":                              about("calendarday",         "L 2 2222 LL 3L 2"),
    "admin/orgs/calendarday/<path:object_id>/delete/":                              about("calendarday",         "L 2 3333 LL 3L 3"),
    "admin/orgs/calendarday/<path:object_id>/history/":                             about("calendarday",         "L 2 2222 LL 3L 2"),
    "admin/orgs/calendarday/add/":                                                  page(                        "L 2 2333 LL 3L 2"),
    "admin/grids/grid/":                                                           listing("grid",              "L 2 2212 LL 3L 1"),
    "admin/grids/grid/<path:object_id>/":                                          about("grid",                "L r rrrr LL rL r"),
    "admin/grids/grid/<path:object_id>/change/":                                   about("grid",                "L 2 2242 LL 4L 4"),
    "admin/grids/grid/<path:object_id>/delete/":                                   about("grid",                "L 2 3343 LL 4L 4"),
    "admin/grids/grid/<path:object_id>/history/":                                  about("grid",                "L 2 2242 LL 4L 4"),
    "admin/grids/grid/^([^/]+)/history/([^/]+)/$":                                 about("grid",                "L 2 2242 LL 4L 4"),
    "admin/grids/grid/add/":                                                       page(                        "L 2 2222 LL 3L 2"),
    "admin/grids/ticket/":                                                         listing("ticket",            "L 2 2212 LL 3L 1"),
    "admin/grids/ticket/<int:object_id>/step/<str:step>/":                         about("ticket",              "L r rr4r LL 4L 4", "POST", step="accept"),
    "admin/grids/ticket/<path:object_id>/":                                        about("ticket",              "L r rrrr LL rL r"),
    "admin/grids/ticket/<path:object_id>/change/":                                 about("ticket",              "L 2 2242 LL 4L 4"),
    "admin/grids/ticket/<path:object_id>/delete/":                                 about("ticket",              "L 2 3343 LL 4L 4"),
    "admin/grids/ticket/<path:object_id>/history/":                                about("ticket",              "L 2 2242 LL 4L 4"),
    "admin/grids/ticket/^([^/]+)/history/([^/]+)/$":                               about("ticket",              "L 2 2242 LL 4L 4"),
    "admin/grids/ticket/add/":                                                     page(                        "L 3 3333 LL 3L 3"),
    "admin/grids/ticket/export/":                                                  listing("ticket",            "L 2 2212 LL 3L 1", query="format=csv&queue=all"),
    "admin/grids/ticketcategory/":                                                 listing("ticketcategory",    "L 2 2222 LL 3L 2"),
    "admin/grids/ticketcategory/<path:object_id>/":                                about("ticketcategory",      "L r rrrr LL rL r"),
    "admin/grids/ticketcategory/<path:object_id>/change/":                         about("ticketcategory",      "L 2 2222 LL 3L 2"),
    "admin/grids/ticketcategory/<path:object_id>/delete/":                         about("ticketcategory",      "L 2 3333 LL 3L 3"),
    "admin/grids/ticketcategory/<path:object_id>/history/":                        about("ticketcategory",      "L 2 2222 LL 3L 2"),
    "admin/grids/ticketcategory/add/":                                             page(                        "L 2 3333 LL 3L 3"),
    # --- admin: incubators -----------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/incubators/fund/":                                                      listing("fund",              "L 2 2211 LL 1L 1"),
    "admin/incubators/fund/<int:object_id>/statement/":                            about("fund",                "L 2 2244 LL 4L 4"),
    "admin/incubators/fund/<path:object_id>/":                                     about("fund",                "L r rrrr LL rL r"),
    "admin/incubators/fund/<path:object_id>/change/":                              about("fund",                "L 2 2244 LL 4L 4"),
    "admin/incubators/fund/<path:object_id>/delete/":                              about("fund",                "L 2 3344 LL 4L 4"),
    "admin/incubators/fund/<path:object_id>/history/":                             about("fund",                "L 2 2244 LL 4L 4"),
    "admin/incubators/fund/^([^/]+)/history/([^/]+)/$":                            about("fund",                "L 2 2244 LL 4L 4"),
    "admin/incubators/fund/add/":                                                  page(                        "L 2 2223 LL 3L 2"),
    "admin/incubators/fundentry/":                                                 listing("fundentry",         "L 2 2211 LL 1L 1"),
    "admin/incubators/fundentry/<path:object_id>/":                                about("fundentry",           "L r rrrr LL rL r"),
    "admin/incubators/fundentry/<path:object_id>/change/":                         about("fundentry",           "L 2 2244 LL 4L 4"),
    "admin/incubators/fundentry/<path:object_id>/delete/":                         about("fundentry",           "L 3 3344 LL 4L 4"),
    "admin/incubators/fundentry/<path:object_id>/history/":                        about("fundentry",           "L 2 2244 LL 4L 4"),
    "admin/incubators/fundentry/add/":                                             page(                        "L 2 2223 LL 2L 2"),
    "admin/incubators/monthlyreport/":                                             listing("monthlyreport",     "L 2 2213 LL 2L 1"),
    "admin/incubators/monthlyreport/<path:object_id>/":                            about("monthlyreport",       "L r rrrr LL rL r"),
    "admin/incubators/monthlyreport/<path:object_id>/change/":                     about("monthlyreport",       "L 2 2244 LL 2L 4"),
    "admin/incubators/monthlyreport/<path:object_id>/delete/":                     about("monthlyreport",       "L 2 3344 LL 3L 4"),
    "admin/incubators/monthlyreport/<path:object_id>/history/":                    about("monthlyreport",       "L 2 2244 LL 2L 4"),
    "admin/incubators/monthlyreport/^([^/]+)/history/([^/]+)/$":                   about("monthlyreport",       "L 2 2244 LL 2L 4"),
    "admin/incubators/monthlyreport/add/":                                         page(                        "L 2 3223 LL 2L 3"),
    "admin/incubators/platform/":                                                  listing("platform",          "L 2 2211 LL 2L 1"),
    "admin/incubators/platform/<path:object_id>/":                                 about("platform",            "L r rrrr LL rL r"),
    "admin/incubators/platform/<path:object_id>/change/":                          about("platform",            "L 2 2244 LL 2L 4"),
    "admin/incubators/platform/<path:object_id>/delete/":                          about("platform",            "L 2 3344 LL 3L 4"),
    "admin/incubators/platform/<path:object_id>/history/":                         about("platform",            "L 2 2244 LL 2L 4"),
    "admin/incubators/platform/^([^/]+)/history/([^/]+)/$":                        about("platform",            "L 2 2244 LL 2L 4"),
    "admin/incubators/platform/add/":                                              page(                        "L 2 2333 LL 3L 2"),
    "admin/incubators/progressentry/":                                             listing("progressentry",     "L 2 2213 LL 2L 1"),
    "admin/incubators/progressentry/<path:object_id>/":                            about("progressentry",       "L r rrrr LL rL r"),
    "admin/incubators/progressentry/<path:object_id>/change/":                     about("progressentry",       "L 2 2244 LL 2L 4"),
    "admin/incubators/progressentry/<path:object_id>/delete/":                     about("progressentry",       "L 3 3344 LL 3L 4"),
    "admin/incubators/progressentry/<path:object_id>/history/":                    about("progressentry",       "L 2 2244 LL 2L 4"),
    "admin/incubators/progressentry/add/":                                         page(                        "L 3 3333 LL 3L 3"),
    "admin/incubators/progressreport/":                                            listing("progressreport",    "L 2 2213 LL 2L 1"),
    "admin/incubators/progressreport/<int:object_id>/submit/":                     about("progressreport",      "L r 3r44 LL rL 4", "POST"),
    "admin/incubators/progressreport/<path:object_id>/":                           about("progressreport",      "L r rrrr LL rL r"),
    "admin/incubators/progressreport/<path:object_id>/change/":                    about("progressreport",      "L 2 2244 LL 2L 4"),
    "admin/incubators/progressreport/<path:object_id>/delete/":                    about("progressreport",      "L 2 3344 LL 3L 4"),
    "admin/incubators/progressreport/<path:object_id>/history/":                   about("progressreport",      "L 2 2244 LL 2L 4"),
    "admin/incubators/progressreport/^([^/]+)/history/([^/]+)/$":                  about("progressreport",      "L 2 2244 LL 2L 4"),
    "admin/incubators/progressreport/add/":                                        page(                        "L 3 3333 LL 3L 3"),
    "admin/incubators/quarterplan/":                                               listing("quarterplan",       "L 2 2213 LL 2L 1"),
    "admin/incubators/quarterplan/<path:object_id>/":                              about("quarterplan",         "L r rrrr LL rL r"),
    "admin/incubators/quarterplan/<path:object_id>/change/":                       about("quarterplan",         "L 2 2244 LL 2L 4"),
    "admin/incubators/quarterplan/<path:object_id>/delete/":                       about("quarterplan",         "L 2 3344 LL 3L 4"),
    "admin/incubators/quarterplan/<path:object_id>/history/":                      about("quarterplan",         "L 2 2244 LL 2L 4"),
    "admin/incubators/quarterplan/^([^/]+)/history/([^/]+)/$":                     about("quarterplan",         "L 2 2244 LL 2L 4"),
    "admin/incubators/quarterplan/add/":                                           page(                        "L 2 2333 LL 2L 2"),
    "admin/incubators/residency/":                                                 listing("residency",         "L 2 2211 LL 2L 1"),
    "admin/incubators/residency/<int:object_id>/leave/<str:how>/":                 about("residency",           "L 2 3244 LL 2L 4", how="graduate"),
    "admin/incubators/residency/<path:object_id>/":                                about("residency",           "L r rrrr LL rL r"),
    "admin/incubators/residency/<path:object_id>/change/":                         about("residency",           "L 2 2244 LL 2L 4"),
    "admin/incubators/residency/<path:object_id>/delete/":                         about("residency",           "L 2 3344 LL 3L 4"),
    "admin/incubators/residency/<path:object_id>/history/":                        about("residency",           "L 2 2244 LL 2L 4"),
    "admin/incubators/residency/^([^/]+)/history/([^/]+)/$":                       about("residency",           "L 2 2244 LL 2L 4"),
    "admin/incubators/residency/add/":                                             page(                        "L 2 3223 LL 2L 3"),
    "admin/incubators/review/":                                                    listing("review",            "L 2 2213 LL 2L 1"),
    "admin/incubators/review/<path:object_id>/":                                   about("review",              "L r rrrr LL rL r"),
    "admin/incubators/review/<path:object_id>/change/":                            about("review",              "L 2 2244 LL 2L 4"),
    "admin/incubators/review/<path:object_id>/delete/":                            about("review",              "L 2 3344 LL 3L 4"),
    "admin/incubators/review/<path:object_id>/history/":                           about("review",              "L 2 2244 LL 2L 4"),
    "admin/incubators/review/^([^/]+)/history/([^/]+)/$":                          about("review",              "L 2 2244 LL 2L 4"),
    "admin/incubators/review/add/":                                                page(                        "L 2 2333 LL 3L 2"),
    "admin/incubators/servicekind/":                                               listing("servicekind",       "L 2 2223 LL 2L 2"),
    "admin/incubators/servicekind/<path:object_id>/":                              about("servicekind",         "L r rrrr LL rL r"),
    "admin/incubators/servicekind/<path:object_id>/change/":                       about("servicekind",         "L 2 2223 LL 2L 2"),
    "admin/incubators/servicekind/<path:object_id>/delete/":                       about("servicekind",         "L 2 3333 LL 3L 3"),
    "admin/incubators/servicekind/<path:object_id>/history/":                      about("servicekind",         "L 2 2223 LL 2L 2"),
    "admin/incubators/servicekind/add/":                                           page(                        "L 2 3333 LL 3L 3"),
    "admin/incubators/supervisionorder/":                                          listing("supervisionorder",  "L 2 2213 LL 2L 1"),
    "admin/incubators/supervisionorder/<int:object_id>/answer/":                   about("supervisionorder",    "L r rr44 LL rL 4", "POST"),
    "admin/incubators/supervisionorder/<int:object_id>/close/":                    about("supervisionorder",    "L r r344 LL 3L 4", "POST"),
    "admin/incubators/supervisionorder/<path:object_id>/":                         about("supervisionorder",    "L r rrrr LL rL r"),
    "admin/incubators/supervisionorder/<path:object_id>/change/":                  about("supervisionorder",    "L 2 2244 LL 2L 4"),
    "admin/incubators/supervisionorder/<path:object_id>/delete/":                  about("supervisionorder",    "L 2 3344 LL 3L 4"),
    "admin/incubators/supervisionorder/<path:object_id>/history/":                 about("supervisionorder",    "L 2 2244 LL 2L 4"),
    "admin/incubators/supervisionorder/^([^/]+)/history/([^/]+)/$":                about("supervisionorder",    "L 2 2244 LL 2L 4"),
    "admin/incubators/supervisionorder/add/":                                      page(                        "L 3 3333 LL 3L 3"),
    "admin/incubators/tasklist/":                                                  listing("tasklist",          "L 2 2113 LL 2L 1"),
    "admin/incubators/tasklist/<path:object_id>/":                                 about("tasklist",            "L r rrrr LL rL r"),
    "admin/incubators/tasklist/<path:object_id>/change/":                          about("tasklist",            "L 2 2444 LL 2L 4"),
    "admin/incubators/tasklist/<path:object_id>/delete/":                          about("tasklist",            "L 2 3444 LL 3L 4"),
    "admin/incubators/tasklist/<path:object_id>/history/":                         about("tasklist",            "L 2 2444 LL 2L 4"),
    "admin/incubators/tasklist/^([^/]+)/history/([^/]+)/$":                        about("tasklist",            "L 2 2444 LL 2L 4"),
    "admin/incubators/tasklist/add/":                                              page(                        "L 2 2333 LL 3L 2"),
    "admin/incubators/tasklist/check/":                                            page(                        "L r r333 LL 3L r", "POST"),  # runs on the task lists of the user's own district
    # --- admin: the site -------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/jsi18n/":                                                               page(                        "L 2 2222 LL 2L 2"),
    "admin/login/":                                                                page(                        "2 r rrrr 22 r2 r"),
    "admin/logout/":                                                               page(                        "r L LLLL rr Lr L", "POST"),
    # --- admin: notifications (numbers of no place: the opt-outs for every street) ------------------------  a P dsbc lg or x
    "admin/notifications/phoneoptout/":                                            listing("phoneoptout",       "L 2 3222 LL 3L 3"),
    "admin/notifications/phoneoptout/<path:object_id>/":                           about("phoneoptout",         "L r rrrr LL rL r"),
    "admin/notifications/phoneoptout/<path:object_id>/change/":                    about("phoneoptout",         "L 2 3222 LL 3L 3"),
    "admin/notifications/phoneoptout/<path:object_id>/delete/":                    about("phoneoptout",         "L 2 3222 LL 3L 3"),
    "admin/notifications/phoneoptout/<path:object_id>/history/":                   about("phoneoptout",         "L 2 3222 LL 3L 3"),
    "admin/notifications/phoneoptout/add/":                                        page(                        "L 2 3222 LL 3L 3"),
    "admin/notifications/textmessage/":                                            listing("textmessage",       "L 2 3333 LL 3L 3"),
    "admin/notifications/textmessage/<path:object_id>/":                           about("textmessage",         "L r rrrr LL rL r"),
    "admin/notifications/textmessage/<path:object_id>/change/":                    about("textmessage",         "L 2 3333 LL 3L 3"),
    "admin/notifications/textmessage/<path:object_id>/delete/":                    about("textmessage",         "L 3 3333 LL 3L 3"),
    "admin/notifications/textmessage/<path:object_id>/history/":                   about("textmessage",         "L 2 3333 LL 3L 3"),
    "admin/notifications/textmessage/add/":                                        page(                        "L 3 3333 LL 3L 3"),
    # --- admin: orgs -----------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/orgs/accesslog/":                                                       listing("accesslog",         "L 2 3333 LL 3L 3"),
    "admin/orgs/accesslog/<path:object_id>/":                                      about("accesslog",           "L r rrrr LL rL r"),
    "admin/orgs/accesslog/<path:object_id>/change/":                               about("accesslog",           "L 2 3333 LL 3L 3"),
    "admin/orgs/accesslog/<path:object_id>/delete/":                               about("accesslog",           "L 3 3333 LL 3L 3"),
    "admin/orgs/accesslog/<path:object_id>/history/":                              about("accesslog",           "L 2 3333 LL 3L 3"),
    "admin/orgs/accesslog/add/":                                                   page(                        "L 3 3333 LL 3L 3"),
    # --- party-member ties (party/): 1+6+N households, 双报到, cadres sent down, grid branches, 六有 ---
    "admin/party/household/":                                                       listing("party.household", "L 2 2212 LL 3L 1"),
    "admin/party/household/<path:object_id>/":                                      about("party.household", "L r rrrr LL rL r"),
    "admin/party/household/<path:object_id>/change/":                               about("party.household", "L 2 2242 LL 4L 4"),
    "admin/party/household/<path:object_id>/delete/":                               about("party.household", "L 2 3343 LL 4L 4"),
    "admin/party/household/<path:object_id>/history/":                              about("party.household", "L 2 2242 LL 4L 4"),
    "admin/party/household/^([^/]+)/history/([^/]+)/$":                             about("party.household", "L 2 2242 LL 4L 4"),
    "admin/party/household/add/":                                                   page(                 "L 2 3222 LL 3L 3"),
    "admin/party/householdtie/":                                                    listing("party.householdtie", "L 2 2212 LL 3L 1"),
    "admin/party/householdtie/<path:object_id>/":                                   about("party.householdtie", "L r rrrr LL rL r"),
    "admin/party/householdtie/<path:object_id>/change/":                            about("party.householdtie", "L 2 2242 LL 4L 4"),
    "admin/party/householdtie/<path:object_id>/delete/":                            about("party.householdtie", "L 2 3343 LL 4L 4"),
    "admin/party/householdtie/<path:object_id>/history/":                           about("party.householdtie", "L 2 2242 LL 4L 4"),
    "admin/party/householdtie/^([^/]+)/history/([^/]+)/$":                          about("party.householdtie", "L 2 2242 LL 4L 4"),
    "admin/party/householdtie/add/":                                                page(                 "L 2 3222 LL 3L 3"),
    "admin/party/householdservice/":                                                listing("party.householdservice", "L 2 2212 LL 3L 1"),
    "admin/party/householdservice/<path:object_id>/":                               about("party.householdservice", "L r rrrr LL rL r"),
    "admin/party/householdservice/<path:object_id>/change/":                        about("party.householdservice", "L 2 2242 LL 4L 4"),
    "admin/party/householdservice/<path:object_id>/delete/":                        about("party.householdservice", "L 2 3242 LL 4L 4"),
    "admin/party/householdservice/<path:object_id>/history/":                       about("party.householdservice", "L 2 2242 LL 4L 4"),
    "admin/party/householdservice/^([^/]+)/history/([^/]+)/$":                      about("party.householdservice", "L 2 2242 LL 4L 4"),
    "admin/party/householdservice/add/":                                            page(                 "L 2 3222 LL 3L 3"),
    "admin/party/dualregistration/":                                                listing("party.dualregistration", "L 2 2212 LL 3L 1"),
    "admin/party/dualregistration/<path:object_id>/":                               about("party.dualregistration", "L r rrrr LL rL r"),
    "admin/party/dualregistration/<path:object_id>/change/":                        about("party.dualregistration", "L 2 2242 LL 4L 4"),
    "admin/party/dualregistration/<path:object_id>/delete/":                        about("party.dualregistration", "L 2 3343 LL 4L 4"),
    "admin/party/dualregistration/<path:object_id>/history/":                       about("party.dualregistration", "L 2 2242 LL 4L 4"),
    "admin/party/dualregistration/^([^/]+)/history/([^/]+)/$":                      about("party.dualregistration", "L 2 2242 LL 4L 4"),
    "admin/party/dualregistration/add/":                                            page(                 "L 2 3222 LL 3L 3"),
    "admin/party/registeredservice/":                                               listing("party.registeredservice", "L 2 2212 LL 3L 1"),
    "admin/party/registeredservice/<path:object_id>/":                              about("party.registeredservice", "L r rrrr LL rL r"),
    "admin/party/registeredservice/<path:object_id>/change/":                       about("party.registeredservice", "L 2 2242 LL 4L 4"),
    "admin/party/registeredservice/<path:object_id>/delete/":                       about("party.registeredservice", "L 2 3242 LL 4L 4"),
    "admin/party/registeredservice/<path:object_id>/history/":                      about("party.registeredservice", "L 2 2242 LL 4L 4"),
    "admin/party/registeredservice/^([^/]+)/history/([^/]+)/$":                     about("party.registeredservice", "L 2 2242 LL 4L 4"),
    "admin/party/registeredservice/add/":                                           page(                 "L 2 3222 LL 3L 3"),
    "admin/party/cadreassignment/":                                                 listing("party.cadreassignment", "L 2 2212 LL 3L 1"),
    "admin/party/cadreassignment/<path:object_id>/":                                about("party.cadreassignment", "L r rrrr LL rL r"),
    "admin/party/cadreassignment/<path:object_id>/change/":                         about("party.cadreassignment", "L 2 2242 LL 4L 4"),
    "admin/party/cadreassignment/<path:object_id>/delete/":                         about("party.cadreassignment", "L 2 3343 LL 4L 4"),
    "admin/party/cadreassignment/<path:object_id>/history/":                        about("party.cadreassignment", "L 2 2242 LL 4L 4"),
    "admin/party/cadreassignment/^([^/]+)/history/([^/]+)/$":                       about("party.cadreassignment", "L 2 2242 LL 4L 4"),
    "admin/party/cadreassignment/add/":                                             page(                 "L 2 2222 LL 3L 2"),
    "admin/party/gridbranch/":                                                      listing("party.gridbranch", "L 2 2212 LL 3L 1"),
    "admin/party/gridbranch/<path:object_id>/":                                     about("party.gridbranch", "L r rrrr LL rL r"),
    "admin/party/gridbranch/<path:object_id>/change/":                              about("party.gridbranch", "L 2 2242 LL 4L 4"),
    "admin/party/gridbranch/<path:object_id>/delete/":                              about("party.gridbranch", "L 2 3343 LL 4L 4"),
    "admin/party/gridbranch/<path:object_id>/history/":                             about("party.gridbranch", "L 2 2242 LL 4L 4"),
    "admin/party/gridbranch/^([^/]+)/history/([^/]+)/$":                            about("party.gridbranch", "L 2 2242 LL 4L 4"),
    "admin/party/gridbranch/add/":                                                  page(                 "L 2 3222 LL 3L 3"),
    "admin/party/venuecheck/":                                                      listing("party.venuecheck", "L 2 2212 LL 3L 1"),
    "admin/party/venuecheck/<path:object_id>/":                                     about("party.venuecheck", "L r rrrr LL rL r"),
    "admin/party/venuecheck/<path:object_id>/change/":                              about("party.venuecheck", "L 2 2242 LL 3L 4"),
    "admin/party/venuecheck/<path:object_id>/delete/":                              about("party.venuecheck", "L 2 3242 LL 3L 4"),
    "admin/party/venuecheck/<path:object_id>/history/":                             about("party.venuecheck", "L 2 2242 LL 3L 4"),
    "admin/party/venuecheck/^([^/]+)/history/([^/]+)/$":                            about("party.venuecheck", "L 2 2242 LL 3L 4"),
    "admin/party/venuecheck/add/":                                                  page(                 "L 2 3222 LL 3L 3"),
    "admin/party/venueitem/":                                                       listing("party.venueitem", "L 2 2222 LL 3L 2"),
    "admin/party/venueitem/<path:object_id>/":                                      about("party.venueitem", "L r rrrr LL rL r"),
    "admin/party/venueitem/<path:object_id>/change/":                               about("party.venueitem", "L 2 2222 LL 3L 2"),
    "admin/party/venueitem/<path:object_id>/delete/":                               about("party.venueitem", "L 2 3333 LL 3L 3"),
    "admin/party/venueitem/<path:object_id>/history/":                              about("party.venueitem", "L 2 2222 LL 3L 2"),
    "admin/party/venueitem/add/":                                                   page(                 "L 2 2333 LL 3L 2"),
    # the portal's party pages: the party committee's and the offices' (read-only)
    "party/":                                                                       listing("organisation", "L 2 2212 33 33 1"),
    "party/ties/":                                                                  listing("party.householdtie", "L 2 2212 33 33 1"),
    "party/organisations/<int:pk>/":                                                about("organisation", "L 2 2242 33 33 4"),
    # --- qualifications and rewards (honours/): the workbench, the portal list, the public page ------------  a P dsbc lg or x
    "admin/honours/qualification/":                                                listing("qualification",      "L 2 2212 LL 3L 1"),
    "admin/honours/qualification/<path:object_id>/":                               about("qualification",        "L r rrrr LL rL r"),
    "admin/honours/qualification/<path:object_id>/change/":                        about("qualification",        "L 2 2242 LL 3L 4"),
    "admin/honours/qualification/<path:object_id>/delete/":                        about("qualification",        "L 2 3343 LL 3L 4"),
    "admin/honours/qualification/<path:object_id>/history/":                       about("qualification",        "L 2 2242 LL 3L 4"),
    "admin/honours/qualification/^([^/]+)/history/([^/]+)/$":                      about("qualification",        "L 2 2242 LL 3L 4"),
    "admin/honours/qualification/add/":                                            page(                         "L 2 2222 LL 3L 2"),
    "admin/honours/reward/":                                                       listing("reward",             "L 2 2212 LL 3L 1"),
    "admin/honours/reward/<path:object_id>/":                                      about("reward",               "L r rrrr LL rL r"),
    "admin/honours/reward/<path:object_id>/change/":                               about("reward",               "L 2 2242 LL 4L 4"),
    "admin/honours/reward/<path:object_id>/delete/":                               about("reward",               "L 2 3343 LL 4L 4"),
    "admin/honours/reward/<path:object_id>/history/":                              about("reward",               "L 2 2242 LL 4L 4"),
    "admin/honours/reward/^([^/]+)/history/([^/]+)/$":                             about("reward",               "L 2 2242 LL 4L 4"),
    "admin/honours/reward/add/":                                                   page(                         "L 2 2333 LL 3L 2"),
    "admin/honours/rewardbudget/":                                                 listing("rewardbudget",       "L 2 2333 LL 3L 1"),
    "admin/honours/rewardbudget/<path:object_id>/":                                about("rewardbudget",         "L r rrrr LL rL r"),
    "admin/honours/rewardbudget/<path:object_id>/change/":                         about("rewardbudget",         "L 2 2444 LL 4L 4"),
    "admin/honours/rewardbudget/<path:object_id>/delete/":                         about("rewardbudget",         "L 2 3444 LL 4L 4"),
    "admin/honours/rewardbudget/<path:object_id>/history/":                        about("rewardbudget",         "L 2 2444 LL 4L 4"),
    "admin/honours/rewardbudget/^([^/]+)/history/([^/]+)/$":                       about("rewardbudget",         "L 2 2444 LL 4L 4"),
    "admin/honours/rewardbudget/add/":                                             page(                         "L 2 2333 LL 3L 2"),
    "admin/honours/qualificationkind/":                                            listing("qualificationkind",  "L 2 2222 LL 3L 2"),
    "admin/honours/qualificationkind/<path:object_id>/":                           about("qualificationkind",    "L r rrrr LL rL r"),
    "admin/honours/qualificationkind/<path:object_id>/change/":                    about("qualificationkind",    "L 2 2222 LL 3L 2"),
    "admin/honours/qualificationkind/<path:object_id>/delete/":                    about("qualificationkind",    "L 2 3333 LL 3L 3"),
    "admin/honours/qualificationkind/<path:object_id>/history/":                   about("qualificationkind",    "L 2 2222 LL 3L 2"),
    "admin/honours/qualificationkind/add/":                                        page(                         "L 2 2333 LL 3L 2"),
    "honours/qualifications/":                                                     listing("qualification",      "L 2 2212 23 33 1"),
    "honours/qualifications/new/":                                                 page(                         "L 2 2222 23 33 2"),
    "public/honours/":                                                             listing("commendation",       "2 2 2222 22 22 2"),
    # --- the points mall (mall/): providers' offers and the communities' exchange rules ----
    "admin/mall/exchangerule/":                                                    listing("exchangerule",      "L 2 2212 LL 3L 1"),
    "admin/mall/exchangerule/<path:object_id>/":                                   about("exchangerule",        "L r rrrr LL rL r"),
    "admin/mall/exchangerule/<path:object_id>/change/":                            about("exchangerule",        "L 2 2242 LL 4L 4"),
    "admin/mall/exchangerule/<path:object_id>/delete/":                            about("exchangerule",        "L 2 3343 LL 4L 4"),
    "admin/mall/exchangerule/<path:object_id>/history/":                           about("exchangerule",        "L 2 2242 LL 4L 4"),
    "admin/mall/exchangerule/^([^/]+)/history/([^/]+)/$":                          about("exchangerule",        "L 2 2242 LL 4L 4"),
    "admin/mall/exchangerule/add/":                                                page(                        "L 2 2222 LL 3L 2"),
    "admin/mall/offer/":                                                           listing("mall.offer",        "L 2 2212 LL 3L 1"),
    "admin/mall/offer/<path:object_id>/":                                          about("mall.offer",          "L r rrrr LL rL r"),
    "admin/mall/offer/<path:object_id>/change/":                                   about("mall.offer",          "L 2 2242 LL 4L 4"),
    "admin/mall/offer/<path:object_id>/delete/":                                   about("mall.offer",          "L 2 3343 LL 4L 4"),
    "admin/mall/offer/<path:object_id>/history/":                                  about("mall.offer",          "L 2 2242 LL 4L 4"),
    "admin/mall/offer/^([^/]+)/history/([^/]+)/$":                                 about("mall.offer",          "L 2 2242 LL 4L 4"),
    "admin/mall/offer/add/":                                                       page(                        "L 2 2222 LL 3L 2"),
    "admin/orgs/area/":                                                            listing("area",              "L 2 2212 LL 3L 1"),
    "admin/orgs/area/<path:object_id>/":                                           about("area",                "L r rrrr LL rL r"),
    "admin/orgs/area/<path:object_id>/change/":                                    about("area",                "L 2 2242 LL 3L 4"),
    "admin/orgs/area/<path:object_id>/delete/":                                    about("area",                "L 2 3343 LL 3L 4"),
    "admin/orgs/area/<path:object_id>/history/":                                   about("area",                "L 2 2242 LL 3L 4"),
    "admin/orgs/area/^([^/]+)/history/([^/]+)/$":                                  about("area",                "L 2 2242 LL 3L 4"),
    "admin/orgs/area/add/":                                                        page(                        "L 2 2333 LL 3L 2"),
    "admin/orgs/area/export/":                                                     page(                        "L 2 2222 LL 3L 2"),
    "admin/orgs/category/":                                                        listing("category",          "L 2 2222 LL 2L 2"),
    "admin/orgs/category/<path:object_id>/":                                       about("category",            "L r rrrr LL rL r"),
    "admin/orgs/category/<path:object_id>/change/":                                about("category",            "L 2 2222 LL 2L 2"),
    "admin/orgs/category/<path:object_id>/delete/":                                about("category",            "L 2 3333 LL 3L 3"),
    "admin/orgs/category/<path:object_id>/history/":                               about("category",            "L 2 2222 LL 2L 2"),
    "admin/orgs/category/add/":                                                    page(                        "L 2 3333 LL 3L 3"),
    "admin/orgs/filingapplication/":                                               listing("filingapplication", "L 2 2212 LL 3L 1"),
    "admin/orgs/filingapplication/<int:object_id>/decide/":                        about("filingapplication",   "L 2 3243 LL 4L 4", "POST"),
    "admin/orgs/filingapplication/<path:object_id>/":                              about("filingapplication",   "L r rrrr LL rL r"),
    "admin/orgs/filingapplication/<path:object_id>/change/":                       about("filingapplication",   "L 2 2242 LL 4L 4"),
    "admin/orgs/filingapplication/<path:object_id>/delete/":                       about("filingapplication",   "L 3 3343 LL 4L 4"),
    "admin/orgs/filingapplication/<path:object_id>/history/":                      about("filingapplication",   "L 2 2242 LL 4L 4"),
    "admin/orgs/filingapplication/^([^/]+)/history/([^/]+)/$":                     about("filingapplication",   "L 2 2242 LL 4L 4"),
    "admin/orgs/filingapplication/add/":                                           page(                        "L 3 3333 LL 3L 3"),
    "admin/orgs/organisation/":                                                    listing("organisation",      "L 2 2212 LL 2L 1"),
    "admin/orgs/organisation/<int:object_id>/transform/":                          about("organisation",        "L 2 3243 LL 3L 4"),
    "admin/orgs/organisation/<path:object_id>/":                                   about("organisation",        "L r rrrr LL rL r"),
    "admin/orgs/organisation/<path:object_id>/change/":                            about("organisation",        "L 2 2242 LL 2L 4"),
    "admin/orgs/organisation/<path:object_id>/delete/":                            about("organisation",        "L 2 3343 LL 3L 4"),
    "admin/orgs/organisation/<path:object_id>/history/":                           about("organisation",        "L 2 2242 LL 2L 4"),
    "admin/orgs/organisation/^([^/]+)/history/([^/]+)/$":                          about("organisation",        "L 2 2242 LL 2L 4"),
    "admin/orgs/organisation/add/":                                                page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/organisation/export/":                                             listing("organisation",      "L 2 2212 LL 2L 1", query="format=csv"),
    "admin/orgs/organisation/import/":                                             page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/organisation/import/<int:pk>/":                                    about("importjob",           "L 4 3244 LL 3L 3"),
    "admin/orgs/organisation/import/template/":                                    page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/person/":                                                          listing("person",            "L 2 2212 LL 2L 1"),
    "admin/orgs/person/<int:object_id>/exchange/":                                 about("person",              "L 2 3242 LL 3L 4"),
    "admin/orgs/person/<path:object_id>/":                                         about("person",              "L r rrrr LL rL r"),
    "admin/orgs/person/<path:object_id>/change/":                                  about("person",              "L 2 2242 LL 2L 4"),
    "admin/orgs/person/<path:object_id>/delete/":                                  about("person",              "L 2 3343 LL 3L 4"),
    "admin/orgs/person/<path:object_id>/history/":                                 about("person",              "L 2 2242 LL 2L 4"),
    "admin/orgs/person/^([^/]+)/history/([^/]+)/$":                                about("person",              "L 2 2242 LL 2L 4"),
    "admin/orgs/person/add/":                                                      page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/person/export/":                                                   listing("person",            "L 2 2212 LL 2L 1", query="format=csv"),
    "admin/orgs/person/import/":                                                   page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/person/import/<int:pk>/":                                          about("importjob",           "L 4 3444 LL 3L 3"),
    "admin/orgs/person/import/template/":                                          page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/pointsentry/":                                                     listing("pointsentry",       "L 2 2212 LL 3L 1"),
    "admin/orgs/pointsentry/<path:object_id>/":                                    about("pointsentry",         "L r rrrr LL rL r"),
    "admin/orgs/pointsentry/<path:object_id>/change/":                             about("pointsentry",         "L 2 2242 LL 4L 4"),
    "admin/orgs/pointsentry/<path:object_id>/delete/":                             about("pointsentry",         "L 3 3343 LL 4L 4"),
    "admin/orgs/pointsentry/<path:object_id>/history/":                            about("pointsentry",         "L 2 2242 LL 4L 4"),
    "admin/orgs/pointsentry/add/":                                                 page(                        "L 3 3333 LL 3L 3"),
    "admin/orgs/commendation/":                                                    listing("commendation",       "L 2 2212 LL 3L 1"),
    "admin/orgs/commendation/<path:object_id>/":                                   about("commendation",         "L r rrrr LL rL r"),
    "admin/orgs/commendation/<path:object_id>/change/":                            about("commendation",         "L 2 2242 LL 3L 4"),
    "admin/orgs/commendation/<path:object_id>/delete/":                            about("commendation",         "L 2 2343 LL 3L 4"),
    "admin/orgs/commendation/<path:object_id>/history/":                           about("commendation",         "L 2 2242 LL 3L 4"),
    "admin/orgs/commendation/^([^/]+)/history/([^/]+)/$":                          about("commendation",         "L 2 2242 LL 3L 4"),
    "admin/orgs/commendation/add/":                                                page(                         "L 2 2222 LL 3L 2"),
    "admin/orgs/provider/":                                                        listing("provider",          "L 2 2212 LL 3L 1"),
    "admin/orgs/provider/<path:object_id>/":                                       about("provider",            "L r rrrr LL rL r"),
    "admin/orgs/provider/<path:object_id>/change/":                                about("provider",            "L 2 2242 LL 4L 4"),
    "admin/orgs/provider/<path:object_id>/delete/":                                about("provider",            "L 2 3343 LL 4L 4"),
    "admin/orgs/provider/<path:object_id>/history/":                               about("provider",            "L 2 2242 LL 4L 4"),
    "admin/orgs/provider/^([^/]+)/history/([^/]+)/$":                              about("provider",            "L 2 2242 LL 4L 4"),
    "admin/orgs/provider/add/":                                                    page(                        "L 2 2222 LL 3L 2"),
    "admin/orgs/providerclerk/":                                                   listing("providerclerk",     "L 2 2212 LL 3L 1"),
    "admin/orgs/providerclerk/<path:object_id>/":                                  about("providerclerk",       "L r rrrr LL rL r"),
    "admin/orgs/providerclerk/<path:object_id>/change/":                           about("providerclerk",       "L 2 2242 LL 4L 4"),
    "admin/orgs/providerclerk/<path:object_id>/delete/":                           about("providerclerk",       "L 2 2242 LL 4L 4"),
    "admin/orgs/providerclerk/<path:object_id>/history/":                          about("providerclerk",       "L 2 2242 LL 4L 4"),
    "admin/orgs/providerclerk/^([^/]+)/history/([^/]+)/$":                         about("providerclerk",       "L 2 2242 LL 4L 4"),
    "admin/orgs/providerclerk/add/":                                               page(                        "L 2 2222 LL 3L 2"),
    "admin/orgs/servedgroup/":                                                     listing("servedgroup",       "L 2 2222 LL 2L 2"),
    "admin/orgs/servedgroup/<path:object_id>/":                                    about("servedgroup",         "L r rrrr LL rL r"),
    "admin/orgs/servedgroup/<path:object_id>/change/":                             about("servedgroup",         "L 2 2222 LL 2L 2"),
    "admin/orgs/servedgroup/<path:object_id>/delete/":                             about("servedgroup",         "L 2 3333 LL 3L 3"),
    "admin/orgs/servedgroup/<path:object_id>/history/":                            about("servedgroup",         "L 2 2222 LL 2L 2"),
    "admin/orgs/servedgroup/add/":                                                 page(                        "L 2 3333 LL 3L 3"),
    "admin/orgs/servicerecord/":                                                   listing("servicerecord",     "L 2 2212 LL 3L 1"),
    "admin/orgs/servicerecord/<path:object_id>/":                                  about("servicerecord",       "L r rrrr LL rL r"),
    "admin/orgs/servicerecord/<path:object_id>/change/":                           about("servicerecord",       "L 2 2242 LL 3L 4"),
    "admin/orgs/servicerecord/<path:object_id>/delete/":                           about("servicerecord",       "L 3 3343 LL 3L 4"),
    "admin/orgs/servicerecord/<path:object_id>/history/":                          about("servicerecord",       "L 2 2242 LL 3L 4"),
    "admin/orgs/servicerecord/^([^/]+)/history/([^/]+)/$":                         about("servicerecord",       "L 2 2242 LL 3L 4"),
    "admin/orgs/servicerecord/add/":                                               page(                        "L 2 3222 LL 3L 3"),
    "admin/orgs/talent/":                                                          listing("talent",            "L 2 2212 LL 3L 1"),
    "admin/orgs/talent/<path:object_id>/":                                         about("talent",              "L r rrrr LL rL r"),
    "admin/orgs/talent/<path:object_id>/change/":                                  about("talent",              "L 2 2242 LL 4L 4"),
    "admin/orgs/talent/<path:object_id>/delete/":                                  about("talent",              "L 2 3343 LL 4L 4"),
    "admin/orgs/talent/<path:object_id>/history/":                                 about("talent",              "L 2 2242 LL 4L 4"),
    "admin/orgs/talent/^([^/]+)/history/([^/]+)/$":                                about("talent",              "L 2 2242 LL 4L 4"),
    "admin/orgs/talent/add/":                                                      page(                        "L 2 3222 LL 3L 3"),
    "admin/volunteers/volunteer/":                                                 listing("volunteer",         "L 2 2212 LL 3L 1"),
    "admin/volunteers/volunteer/<path:object_id>/":                                about("volunteer",           "L r rrrr LL rL r"),
    "admin/volunteers/volunteer/<path:object_id>/change/":                         about("volunteer",           "L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteer/<path:object_id>/delete/":                         about("volunteer",           "L 2 3343 LL 4L 4"),
    "admin/volunteers/volunteer/<path:object_id>/history/":                        about("volunteer",           "L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteer/^([^/]+)/history/([^/]+)/$":                       about("volunteer",           "L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteer/add/":                                             page(                        "L 3 3333 LL 3L 3"),
    "admin/volunteers/volunteercertificate/":                                      listing("volunteercertificate","L 2 2212 LL 3L 1"),
    "admin/volunteers/volunteercertificate/<path:object_id>/":                     about("volunteercertificate","L r rrrr LL rL r"),
    "admin/volunteers/volunteercertificate/<path:object_id>/change/":              about("volunteercertificate","L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteercertificate/<path:object_id>/delete/":              about("volunteercertificate","L 3 3343 LL 4L 4"),
    "admin/volunteers/volunteercertificate/<path:object_id>/history/":             about("volunteercertificate","L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteercertificate/^([^/]+)/history/([^/]+)/$":            about("volunteercertificate","L 2 2242 LL 4L 4"),
    "admin/volunteers/volunteercertificate/add/":                                  page(                        "L 3 3333 LL 3L 3"),
    "admin/orgs/training/":                                                        listing("training",          "L 2 2212 LL 1L 1"),
    "admin/orgs/training/<path:object_id>/":                                       about("training",            "L r rrrr LL rL r"),
    "admin/orgs/training/<path:object_id>/change/":                                about("training",            "L 2 2242 LL 4L 4"),
    "admin/orgs/training/<path:object_id>/delete/":                                about("training",            "L 2 3343 LL 4L 4"),
    "admin/orgs/training/<path:object_id>/history/":                               about("training",            "L 2 2242 LL 4L 4"),
    "admin/orgs/training/^([^/]+)/history/([^/]+)/$":                              about("training",            "L 2 2242 LL 4L 4"),
    "admin/orgs/training/add/":                                                    page(                        "L 2 2222 LL 2L 2"),
    "admin/orgs/user/":                                                            listing("user",              "L 2 2333 LL 3L 1"),
    "admin/orgs/user/<id>/password/":                                              about("user",                "L 2 3343 LL 4L 4"),
    "admin/orgs/user/<path:object_id>/":                                           about("user",                "L r rrrr LL rL r"),
    "admin/orgs/user/<path:object_id>/change/":                                    about("user",                "L 2 2343 LL 4L 4"),
    "admin/orgs/user/<path:object_id>/delete/":                                    about("user",                "L 2 3343 LL 4L 4"),
    "admin/orgs/user/<path:object_id>/history/":                                   about("user",                "L 2 2343 LL 4L 4"),
    "admin/orgs/user/^([^/]+)/history/([^/]+)/$":                                  about("user",                "L 2 2343 LL 4L 4"),
    "admin/orgs/user/add/":                                                        page(                        "L 2 3333 LL 3L 3"),
    # --- admin: the site -------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/password_change/":                                                      page(                        "L 2 2222 LL 2L 2"),
    # --- admin: password_change ------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/password_change/done/":                                                 page(                        "L 2 2222 LL 2L 2"),
    # --- admin: projects -------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/projects/bid/":                                                         listing("bid",               "L 2 2212 LL 3L 1"),
    "admin/projects/bid/<path:object_id>/":                                        about("bid",                 "L r rrrr LL rL r"),
    "admin/projects/bid/<path:object_id>/change/":                                 about("bid",                 "L 2 2242 LL 3L 4"),
    "admin/projects/bid/<path:object_id>/delete/":                                 about("bid",                 "L 3 3343 LL 3L 4"),
    "admin/projects/bid/<path:object_id>/history/":                                about("bid",                 "L 2 2242 LL 3L 4"),
    "admin/projects/bid/^([^/]+)/history/([^/]+)/$":                               about("bid",                 "L 2 2242 LL 3L 4"),
    "admin/projects/bid/add/":                                                     page(                        "L 3 3333 LL 3L 3"),
    "admin/projects/direction/":                                                   listing("direction",         "L 2 2222 LL 3L 2"),
    "admin/projects/direction/<path:object_id>/":                                  about("direction",           "L r rrrr LL rL r"),
    "admin/projects/direction/<path:object_id>/change/":                           about("direction",           "L 2 2222 LL 3L 2"),
    "admin/projects/direction/<path:object_id>/delete/":                           about("direction",           "L 2 3333 LL 3L 3"),
    "admin/projects/direction/<path:object_id>/history/":                          about("direction",           "L 2 2222 LL 3L 2"),
    "admin/projects/direction/add/":                                               page(                        "L 2 2333 LL 3L 2"),
    "admin/projects/need/":                                                        listing("need",              "L 2 2212 LL 3L 1"),
    "admin/projects/need/<path:object_id>/":                                       about("need",                "L r rrrr LL rL r"),
    "admin/projects/need/<path:object_id>/change/":                                about("need",                "L 2 2242 LL 4L 4"),
    "admin/projects/need/<path:object_id>/delete/":                                about("need",                "L 2 3343 LL 4L 4"),
    "admin/projects/need/<path:object_id>/history/":                               about("need",                "L 2 2242 LL 4L 4"),
    "admin/projects/need/^([^/]+)/history/([^/]+)/$":                              about("need",                "L 2 2242 LL 4L 4"),
    "admin/projects/need/add/":                                                    page(                        "L 2 3222 LL 3L 3"),
    "admin/projects/offer/":                                                       listing("offer",             "L 2 2212 LL 2L 1"),
    "admin/projects/offer/<path:object_id>/":                                      about("offer",               "L r rrrr LL rL r"),
    "admin/projects/offer/<path:object_id>/change/":                               about("offer",               "L 2 2242 LL 2L 4"),
    "admin/projects/offer/<path:object_id>/delete/":                               about("offer",               "L 2 3343 LL 3L 4"),
    "admin/projects/offer/<path:object_id>/history/":                              about("offer",               "L 2 2242 LL 2L 4"),
    "admin/projects/offer/^([^/]+)/history/([^/]+)/$":                             about("offer",               "L 2 2242 LL 2L 4"),
    "admin/projects/offer/add/":                                                   page(                        "L 2 3333 LL 3L 3"),
    "admin/projects/project/":                                                     listing("project",           "L 2 2212 LL 2L 1"),
    "admin/projects/project/<path:object_id>/":                                    about("project",             "L r rrrr LL rL r"),
    "admin/projects/project/<path:object_id>/change/":                             about("project",             "L 2 2242 LL 2L 4"),
    "admin/projects/project/<path:object_id>/delete/":                             about("project",             "L 2 3343 LL 3L 4"),
    "admin/projects/project/<path:object_id>/history/":                            about("project",             "L 2 2242 LL 2L 4"),
    "admin/projects/project/^([^/]+)/history/([^/]+)/$":                           about("project",             "L 2 2242 LL 2L 4"),
    "admin/projects/project/add/":                                                 page(                        "L 3 3333 LL 3L 3"),
    "admin/projects/resource/":                                                    listing("resource",          "L 2 2212 LL 3L 1"),
    "admin/projects/resource/<path:object_id>/":                                   about("resource",            "L r rrrr LL rL r"),
    "admin/projects/resource/<path:object_id>/change/":                            about("resource",            "L 2 2242 LL 4L 4"),
    "admin/projects/resource/<path:object_id>/delete/":                            about("resource",            "L 2 3343 LL 4L 4"),
    "admin/projects/resource/<path:object_id>/history/":                           about("resource",            "L 2 2242 LL 4L 4"),
    "admin/projects/resource/^([^/]+)/history/([^/]+)/$":                          about("resource",            "L 2 2242 LL 4L 4"),
    "admin/projects/resource/add/":                                                page(                        "L 2 3222 LL 3L 3"),
    "admin/projects/round/":                                                       listing("round",             "L 2 2111 LL 3L 1"),
    "admin/projects/round/<path:object_id>/":                                      about("round",               "L r rrrr LL rL r"),
    "admin/projects/round/<path:object_id>/change/":                               about("round",               "L 2 2444 LL 4L 4"),
    "admin/projects/round/<path:object_id>/delete/":                               about("round",               "L 2 3444 LL 4L 4"),
    "admin/projects/round/<path:object_id>/history/":                              about("round",               "L 2 2444 LL 4L 4"),
    "admin/projects/round/^([^/]+)/history/([^/]+)/$":                             about("round",               "L 2 2444 LL 4L 4"),
    "admin/projects/round/add/":                                                   page(                        "L 2 2333 LL 3L 2"),
    # --- admin: the site -------------------------------------------------------------------------------------  a P dsbc lg or x
    "admin/r/<path:content_type_id>/<path:object_id>/":                            about("organisation",        "L 4 4444 LL 4L 4"),  # no model has get_absolute_url
    # --- api -------------------------------------------------------------------------------------------------  a P dsbc lg or x
    "api/docs/":                                                                   page(                        "2 2 2222 22 22 2"),
    "api/schema/":                                                                 page(                        "2 2 2222 22 22 2"),  # the API's description is public; no rows in it
    "api/v1/":                                                                     page(                        "A 2 2222 22 22 2"),
    "api/v1/<drf_format_suffix:format>":                                           page(                        "A 2 2222 22 22 2"),
    "api/v1/^categories/$":                                                        page(                        "2 2 2222 22 22 2"),
    "api/v1/^categories/(?P<pk>[^/]+)/$":                                          about("ticketcategory",      "2 2 2222 22 22 2"),
    r"api/v1/^categories/(?P<pk>[^/]+)\.(?P<format>[a-z0-9]+)/?$":                 about("ticketcategory",      "2 2 2222 22 22 2"),
    r"api/v1/^categories\.(?P<format>[a-z0-9]+)/?$":                               page(                        "2 2 2222 22 22 2"),
    "api/v1/^grids/$":                                                             listing("grid",              "A 2 2212 22 11 1"),
    "api/v1/^grids/(?P<pk>[^/]+)/$":                                               about("grid",                "A 2 2242 22 44 4"),
    "api/v1/^grids/(?P<pk>[^/]+)/tickets/$":                                       about("grid",                "A 2 2242 22 44 4"),
    r"api/v1/^grids/(?P<pk>[^/]+)/tickets\.(?P<format>[a-z0-9]+)/?$":              about("grid",                "A 2 2242 22 44 4"),
    r"api/v1/^grids/(?P<pk>[^/]+)\.(?P<format>[a-z0-9]+)/?$":                      about("grid",                "A 2 2242 22 44 4"),
    r"api/v1/^grids\.(?P<format>[a-z0-9]+)/?$":                                    listing("grid",              "A 2 2212 22 11 1"),
    "api/v1/^public/tickets/$":                                                    page(                        "0 0 0000 00 00 0", "POST"),
    "api/v1/^public/tickets/(?P<token>[^/]+)/$":                                   about("ticket",              "2 2 2222 22 22 2", token="ticket"),
    r"api/v1/^public/tickets/(?P<token>[^/]+)\.(?P<format>[a-z0-9]+)/?$":          about("ticket",              "2 2 2222 22 22 2", token="ticket"),
    r"api/v1/^public/tickets\.(?P<format>[a-z0-9]+)/?$":                           page(                        "0 0 0000 00 00 0", "POST"),
    "api/v1/^tickets/$":                                                           listing("ticket",            "A 2 2212 12 11 1"),
    "api/v1/^tickets/(?P<pk>[^/]+)/$":                                             about("ticket",              "A 2 2242 42 44 4"),
    "api/v1/^tickets/(?P<pk>[^/]+)/hold/$":                                        about("ticket",              "A 3 3340 43 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)/hold\.(?P<format>[a-z0-9]+)/?$":               about("ticket",              "A 3 3340 43 44 4", "POST"),
    "api/v1/^tickets/(?P<pk>[^/]+)/photos/$":                                      about("ticket",              "A 3 3340 40 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)/photos\.(?P<format>[a-z0-9]+)/?$":             about("ticket",              "A 3 3340 40 44 4", "POST"),
    "api/v1/^tickets/(?P<pk>[^/]+)/resolve/$":                                     about("ticket",              "A 3 3340 43 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)/resolve\.(?P<format>[a-z0-9]+)/?$":            about("ticket",              "A 3 3340 43 44 4", "POST"),
    "api/v1/^tickets/(?P<pk>[^/]+)/resume/$":                                      about("ticket",              "A 3 3340 43 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)/resume\.(?P<format>[a-z0-9]+)/?$":             about("ticket",              "A 3 3340 43 44 4", "POST"),
    "api/v1/^tickets/(?P<pk>[^/]+)/start/$":                                       about("ticket",              "A 3 3340 43 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)/start\.(?P<format>[a-z0-9]+)/?$":              about("ticket",              "A 3 3340 43 44 4", "POST"),
    r"api/v1/^tickets/(?P<pk>[^/]+)\.(?P<format>[a-z0-9]+)/?$":                    about("ticket",              "A 2 2242 42 44 4"),
    r"api/v1/^tickets\.(?P<format>[a-z0-9]+)/?$":                                  listing("ticket",            "A 2 2212 12 11 1"),
    "api/v1/auth/logout/":                                                         page(                        "A A AAAA AA AA A", "POST"),
    "api/v1/auth/token/":                                                          page(                        "0 0 0000 00 00 0", "POST"),
    "api/v1/public/communities/":                                                  page(                        "2 2 2222 22 22 2"),
    "api/v1/public/funds/":                                                        listing("fund",              "2 2 2222 22 22 2"),  # open data: anyone, no account read
    "api/v1/public/notices/":                                                      listing("project",           "2 2 2222 22 22 2"),
    "api/v1/public/organisations/":                                                listing("organisation",      "2 2 2222 22 22 2"),
    "api/v1/public/projects/":                                                     listing("project",           "2 2 2222 22 22 2"),
    "api/v1/public/rounds/":                                                       listing("round",             "2 2 2222 22 22 2"),
    "api/v1/^public/surveys/(?P<pk>[^/]+)/$":                                       about("organisation",        "2 2 2222 22 22 2"),
    "api/v1/public/ratings/":                                                      page(                        "0 0 0000 00 00 0", "POST"),
    # the residents' API: no staff account signs a resident in (residents/api.py)
    "api/v1/residents/codes/":                                                     page(                        "0 0 0000 00 00 0", "POST"),
    "api/v1/residents/tokens/":                                                    page(                        "0 0 0000 00 00 0", "POST"),
    "api/v1/residents/me/reports/":                                                listing("ticket",            "A A AAAA AA AA A"),
    # --- dashboard -------------------------------------------------------------------------------------------  a P dsbc lg or x
    "dashboard/":                                                                  page(                        "L 2 2222 33 23 2"),
    "dashboard/survey/<int:pk>/":                                                   about("organisation",        "L 2 2242 22 24 4"),
    # --- the elder mode's switch (a cookie; anyone may use it) -------------------------------------------------  a P dsbc lg or x
    "display/elder-mode/":                                                         page(                        "r r rrrr rr rr r", "POST"),
    # --- downloads -------------------------------------------------------------------------------------------  a P dsbc lg or x
    "downloads/":                                                                  page(                        "L 2 2222 22 22 2"),
    "downloads/<int:pk>/":                                                         about("download",            "L 4 4244 44 44 4"),
    "downloads/new/":                                                              page(                        "L 0 0000 00 00 0", "POST"),
    # --- uploaded files: personal ones for the row's jurisdiction only -------------------------------------  a P dsbc lg or x
    "files/<slug:kind>/<int:pk>/":                                                 about("expense",             "4 2 2242 22 24 4", kind="receipt"),  # r: receipts follow the delivery's scope, not the review panel's
    # --- grids -----------------------------------------------------------------------------------------------  a P dsbc lg or x
    "grids/":                                                                      listing("ticket",            "L 2 2212 12 11 1", query="show=all"),  # o r: no tickets grant; they see tickets of no one here
    "grids/report/":                                                               page(                        "L 3 3222 22 33 3"),
    "grids/stats/":                                                                page(                        "L 2 2222 32 33 2"),
    "grids/map/":                                                                  page(                        "L 2 2222 32 33 2"),
    "grids/map/grids/<int:pk>/boundary/":                                         about("grid",                "L 0 0040 33 33 4", "POST"),  # 0: no outline in the body
    "grids/map/tickets.json":                                                      page(                        "L 2 2222 32 33 2", query="bbox=34.70,113.50,34.95,113.80&zoom=13"),
    "grids/tickets/<int:pk>/":                                                     about("ticket",              "L 2 2242 42 44 4"),
    "grids/tickets/<int:pk>/step/<str:name>/":                                     about("ticket",              "L 3 334r 43 44 4", "POST", name="start"),
    # --- health (load balancers; config/health.py) ------------------------------------------------------------  a P dsbc lg or x
    "healthz":                                                                     page(                        "2 2 2222 22 22 2"),
    "readyz":                                                                      page(                        "2 2 2222 22 22 2"),
    # --- the resident pages as an installable web app (config/pwa.py) ------------------------------------------  a P dsbc lg or x
    "manifest.webmanifest":                                                        page(                        "2 2 2222 22 22 2"),
    "sw.js":                                                                       page(                        "2 2 2222 22 22 2"),
    # --- i18n ------------------------------------------------------------------------------------------------  a P dsbc lg or x
    "i18n/setlang/":                                                               page(                        "r r rrrr rr rr r", "POST"),
    # --- incubators ------------------------------------------------------------------------------------------  a P dsbc lg or x
    "incubators/":                                                                 listing("platform",          "L 2 2211 11 21 1"),
    "incubators/<int:pk>/":                                                        about("platform",            "L 2 2244 44 24 4"),
    # --- me: the residents' own pages (residents/); a staff login is not a resident's sign-in ---------------  a P dsbc lg or x
    # --- claims (认领, issue 24): a department's pages (Role.DEPARTMENT only, not a column here: see
    # claims/tests/test_pages.py), the claimant's by phone, and the community worker's admin -----  a P dsbc lg or x
    "claims/":                                                                     page(                        "L 3 3333 33 33 3"),
    "claims/needs/<int:pk>/claim/":                                                about("need",                "L 3 3333 33 33 3", "POST"),
    "claims/<int:pk>/<str:name>/":                                                 about("claim",               "L 3 3333 33 33 3", "POST", name="withdraw"),
    "claims/offers/":                                                              page(                        "L 3 3333 33 33 3", "POST"),
    "claims/offers/<int:pk>/toggle/":                                              about("departmentoffer",     "L 3 3333 33 33 3", "POST"),
    "me/claims/":                                                                  page(                        "r r rrrr rr rr r"),  # to sign in
    "me/claims/needs/<int:pk>/claim/":                                             about("need",                "r r rrrr rr rr r", "POST"),
    "me/claims/<int:pk>/<str:name>/":                                              about("claim",               "r r rrrr rr rr r", "POST", name="withdraw"),
    # --- the points mall's phone pages: a volunteer's (/me/mall/) and a clerk's (/mall/provider/), by the
    # phone signed in (residents.session), never a staff login; the staff's statements by jurisdiction
    "me/mall/":                                                                    listing("mall.offer",        "r r rrrr rr rr r"),  # to sign in
    "me/mall/offers/<int:pk>/exchange/":                                           about("mall.offer",          "r r rrrr rr rr r", "POST"),
    "me/mall/exchanges/<int:pk>/cancel/":                                          about("mall.exchange",       "r r rrrr rr rr r", "POST"),
    "mall/provider/":                                                              listing("mall.offer",        "r r rrrr rr rr r"),
    "mall/provider/statement/":                                                    listing("mall.offer",        "r r rrrr rr rr r"),
    "mall/statements/":                                                            listing("provider",          "L 2 2212 33 33 1"),
    "me/":                                                                         page(                        "2 2 2222 22 22 2"),
    "me/reports/":                                                                 listing("ticket",            "r r rrrr rr rr r"),  # to sign in
    "me/messages/":                                                                page(                        "r r rrrr rr rr r", "POST"),
    "me/sign-out/":                                                                page(                        "r r rrrr rr rr r", "POST"),
    "me/privacy/":                                                                 page(                        "2 2 2222 22 22 2"),
    "me/volunteer/":                                                               listing("servicerecord",     "r r rrrr rr rr r"),  # to sign in
    "me/volunteer/register/":                                                      page(                        "r r rrrr rr rr r"),  # to sign in
    "me/volunteer/guardian/<str:token>/":                                          page(                        "2 2 2222 22 22 2", token="guardian"),
    "me/volunteer/certificates/<str:token>/":                                      about("volunteercertificate", "4 2 2242 44 44 4", token="certificate"),
    "me/volunteer/verify/<str:token>/":                                            page(                        "2 2 2222 22 22 2", token="certificate_check"),
    # --- my --------------------------------------------------------------------------------------------------  a P dsbc lg or x
    "my/organisation/":                                                            page(                        "L 4 4444 24 24 4"),  # o: the operator's own agency
    # --- notifications ---------------------------------------------------------------------------------------  a P dsbc lg or x
    "notifications/":                                                              page(                        "L 2 2222 22 22 2"),
    "notifications/outbox/":                                                       page(                        "4 4 4444 44 44 4"),  # DEBUG only (off here, as in production)
    # --- short links in text messages: an unknown code is nobody's ------------------------------------------  a P dsbc lg or x
    "t/<str:code>":                                                                page(                        "4 4 4444 44 44 4", code="zzzzzzzz"),
    # --- organisations ---------------------------------------------------------------------------------------  a P dsbc lg or x
    "organisations/<int:pk>/certificate/":                                         about("organisation",        "L 2 2242 22 24 4"),
    # --- projects --------------------------------------------------------------------------------------------  a P dsbc lg or x
    "projects/":                                                                   listing("project",           "L 2 2212 22 22 1"),  # g: the portal asks the area only; grid members have no projects grant
    "projects/<int:pk>/":                                                          about("project",             "L 2 2242 22 22 4"),  # g: as above
    "projects/<int:pk>/accept/":                                                   about("project",             "L 3 3343 33 33 4", "POST"),
    "projects/<int:pk>/activity/":                                                 about("project",             "L 3 3343 23 33 4"),
    "projects/<int:pk>/award/":                                                    about("project",             "L 3 3343 33 33 4", "POST"),
    "projects/<int:pk>/bid/":                                                      about("project",             "L 3 3333 23 33 3"),
    "projects/<int:pk>/expense/":                                                  about("project",             "L 3 3343 23 33 4"),
    "projects/<int:pk>/milestone/":                                                about("project",             "L 3 3343 r3 33 4", "POST"),
    "projects/<int:pk>/objections/<int:objection_pk>/answer/":                     about("project",             "L r rr43 33 33 4", "POST"),  # an answered objection: refused, back to the page
    "projects/<int:pk>/object/":                                                   about("project",             "L 3 3343 r3 33 4", "POST"),  # l: no notice open, refused, back to the page
    "projects/<int:pk>/pay/":                                                      about("project",             "L r rr43 33 33 4", "POST"),
    # Office staff publish a photo; anyone else who sees the project is refused with a message.
    "projects/<int:pk>/photos/<int:activity_photo_pk>/publish/":                   about("project",             "L r rr4r rr rr 4", "POST"),
    "projects/<int:pk>/photos/<int:activity_photo_pk>/withdraw/":                  about("project",             "L r rr4r rr rr 4", "POST"),
    "projects/<int:pk>/review/":                                                   about("project",             "L 3 3333 33 32 3"),
    "projects/<int:pk>/review/<int:bid_pk>/score/":                                about("project",             "L 3 3333 33 3r 3", "POST"),
    "projects/<int:pk>/review/declare/":                                           about("project",             "L 3 3333 33 3r 3", "POST"),
    "projects/<int:pk>/settle/":                                                   about("project",             "L 3 3343 33 33 4", "POST"),
    "projects/<int:pk>/step/<str:name>/":                                          about("project",             "L 3 3343 r3 33 4", "POST", name="start_delivery"),
    "projects/<int:pk>/withdraw/":                                                 about("project",             "L 3 3333 r3 33 3", "POST"),
    "projects/bids/":                                                              listing("project",           "L 3 3333 23 33 3"),
    "projects/memberships/<int:pk>/accept/":                                       about("bid_member",          "L 3 3333 r3 33 3", "POST"),
    "projects/memberships/<int:pk>/decline/":                                      about("bid_member",          "L 3 3333 r3 33 3", "POST"),
    "projects/needs/":                                                             listing("need",              "L 2 2212 33 33 1"),
    "projects/needs/<int:pk>/<str:decision>/":                                     about("need",                "L r rr4r 33 33 4", "POST", decision="confirm"),
    "projects/needs/new/":                                                         page(                        "L 2 2222 33 33 2"),
    "projects/new/":                                                               page(                        "L 2 3222 33 33 3"),
    "projects/review/":                                                            listing("project",           "L 3 3333 33 32 3"),
    "projects/tenders/":                                                           page(                        "L 3 3333 23 33 3"),
    # --- public ----------------------------------------------------------------------------------------------  a P dsbc lg or x
    "public/activities/":                                                          listing("activity",          "2 2 2222 22 22 2", query="month=2026-12"),
    "public/activities/<int:pk>/":                                                 about("activity",            "2 2 2222 22 22 2"),
    "public/activities/<int:pk>/sign-up/":                                         about("activity",            "r r rrrr rr rr r", "POST"),
    "public/activities/calendar.ics":                                              listing("activity",          "2 2 2222 22 22 2"),
    "public/data/":                                                                page(                        "2 2 2222 22 22 2"),
    "public/data/<slug:name>.csv":                                                 page(                        "2 2 2222 22 22 2", name="projects"),
    "public/data/<slug:name>.json":                                                page(                        "2 2 2222 22 22 2", name="organisations"),
    "public/needs/<str:token>/":                                                   about("need",                "2 2 2222 22 22 2", token="need"),
    "public/needs/new/":                                                           page(                        "2 2 2222 22 22 2"),
    "public/organisations/":                                                       listing("organisation",      "2 2 2222 22 22 2"),
    "public/organisations/<int:pk>/":                                              about("organisation",        "2 2 2222 22 22 2"),
    "public/survey/<int:pk>/":                                                      about("organisation",        "r r rrrr rr rr r"),
    "public/meetings/<int:pk>/photos/":                                            about("meeting",             "2 2 2222 22 22 2"),
    "public/meetings/photos/<int:pk>/":                                            about("meetingphoto",        "4 4 4444 44 44 4"),  # private until published
    "public/files/<slug:kind>/<int:pk>/":                                          about("activityphoto",       "4 4 4444 44 44 4", kind="activity-photo"),  # no kind is public now: published photos are at public/projects/photos/
    "public/map/":                                                                 page(                        "2 2 2222 22 22 2"),
    "public/funds/":                                                               listing("fund",              "2 2 2222 22 22 2"),
    "public/funds/<int:pk>/":                                                      about("fund",                "2 2 2222 22 22 2"),
    "public/projects/":                                                            listing("project",           "2 2 2222 22 22 2"),
    "public/projects/<int:pk>/":                                                   about("project",             "2 2 2222 22 22 2"),
    "public/projects/photos/<int:pk>/":                                            about("activityphoto",       "4 4 4444 44 44 4"),  # private until published
    "public/rounds/":                                                              listing("round",             "2 2 2222 22 22 2"),
    "public/rounds/<int:pk>/":                                                     about("round",               "2 2 2222 22 22 2"),
    "public/tickets/<str:token>/":                                                 about("ticket",              "2 2 2222 22 22 2", token="ticket"),
    "public/tickets/new/":                                                         page(                        "2 2 2222 22 22 2"),
    "public/tickets/rate/<str:token>/":                                            about("ticket",              "2 2 2222 22 22 2", token="rating"),
    "public/tickets/rate/<str:token>/photos/<int:pk>/":                            about("ticketphoto",         "2 2 2222 22 22 2", token="rating"),
    # --- stories and methods, conventions, community types (stories/, issue 24) ----------------------------  a P dsbc lg or x
    "admin/stories/story/":                                                        listing("story",             "L 2 2212 LL 3L 1"),
    "admin/stories/story/<path:object_id>/":                                       about("story",               "L r rrrr LL rL r"),
    "admin/stories/story/<path:object_id>/change/":                                about("story",               "L 2 2242 LL 4L 4"),
    "admin/stories/story/<path:object_id>/delete/":                                about("story",               "L 2 2243 LL 4L 4"),
    "admin/stories/story/<path:object_id>/history/":                               about("story",               "L 2 2242 LL 4L 4"),
    "admin/stories/story/^([^/]+)/history/([^/]+)/$":                              about("story",               "L 2 2242 LL 4L 4"),
    "admin/stories/story/add/":                                                    page(                        "L 2 2222 LL 3L 2"),
    "admin/stories/convention/":                                                   listing("convention",        "L 2 2212 LL 3L 1"),
    "admin/stories/convention/<path:object_id>/":                                  about("convention",          "L r rrrr LL rL r"),
    "admin/stories/convention/<path:object_id>/change/":                           about("convention",          "L 2 2242 LL 4L 4"),
    "admin/stories/convention/<path:object_id>/delete/":                           about("convention",          "L 2 2242 LL 4L 4"),
    "admin/stories/convention/<path:object_id>/history/":                          about("convention",          "L 2 2242 LL 4L 4"),
    "admin/stories/convention/^([^/]+)/history/([^/]+)/$":                         about("convention",          "L 2 2242 LL 4L 4"),
    "admin/stories/convention/add/":                                               page(                        "L 2 2222 LL 3L 2"),
    # the community types (一社一策): the district words them, everyone in the office reads them
    "admin/orgs/communitytype/":                                                   listing("communitytype",     "L 2 2222 LL 3L 2"),
    "admin/orgs/communitytype/<path:object_id>/":                                  about("communitytype",       "L r rrrr LL rL r"),
    "admin/orgs/communitytype/<path:object_id>/change/":                           about("communitytype",       "L 2 2222 LL 3L 2"),
    "admin/orgs/communitytype/<path:object_id>/delete/":                           about("communitytype",       "L 2 3333 LL 3L 3"),
    "admin/orgs/communitytype/<path:object_id>/history/":                          about("communitytype",       "L 2 2222 LL 3L 2"),
    "admin/orgs/communitytype/add/":                                               page(                        "L 2 2333 LL 3L 2"),
    # a leader's drafts about their own organisation; the office works in the admin
    "stories/":                                                                    listing("story.draft",       "L r rrrr 23 33 r"),
    "stories/new/":                                                                page(                        "L 3 3333 23 33 3"),
    "stories/<int:pk>/edit/":                                                      about("story.draft",         "L 3 3333 23 33 3"),
    # the public side: published entries, their feeds, a community's page (type, conventions)
    "public/stories/":                                                             listing("story",             "2 2 2222 22 22 2"),
    "public/stories/feed.atom":                                                    listing("story",             "2 2 2222 22 22 2"),
    "public/stories/feed.json":                                                    listing("story",             "2 2 2222 22 22 2"),
    "public/stories/<int:pk>/":                                                    about("story",               "2 2 2222 22 22 2"),
    "public/stories/<int:pk>/cover/":                                              about("story",               "2 2 2222 22 22 2"),
    "public/communities/<int:pk>/":                                                about("area",                "2 2 2222 22 22 2"),
    # --- venues (阵地, issue 24): the keepers' admin, the portal (staff, and leaders who book or hold a venue in
    # custody), the public pages, a resident's by the phone signed in; platforms' specialisms (incubators) --------
    "admin/venues/venue/":                                                         listing("venue",             "L 2 2212 LL 3L 1"),
    "admin/venues/venue/<path:object_id>/":                                        about("venue",               "L r rrrr LL rL r"),
    "admin/venues/venue/<path:object_id>/change/":                                 about("venue",               "L 2 2242 LL 3L 4"),
    "admin/venues/venue/<path:object_id>/delete/":                                 about("venue",               "L 2 3343 LL 3L 4"),
    "admin/venues/venue/<path:object_id>/history/":                                about("venue",               "L 2 2242 LL 3L 4"),
    "admin/venues/venue/^([^/]+)/history/([^/]+)/$":                               about("venue",               "L 2 2242 LL 3L 4"),
    "admin/venues/venue/add/":                                                     page(                        "L 2 2222 LL 3L 2"),
    "admin/incubators/specialism/":                                                listing("specialism",        "L 2 2223 LL 2L 2"),
    "admin/incubators/specialism/<path:object_id>/":                               about("specialism",          "L r rrrr LL rL r"),
    "admin/incubators/specialism/<path:object_id>/change/":                        about("specialism",          "L 2 2223 LL 2L 2"),
    "admin/incubators/specialism/<path:object_id>/delete/":                        about("specialism",          "L 2 3333 LL 3L 3"),
    "admin/incubators/specialism/<path:object_id>/history/":                       about("specialism",          "L 2 2223 LL 2L 2"),
    "admin/incubators/specialism/add/":                                            page(                        "L 2 3333 LL 3L 3"),
    "venues/":                                                                     listing("booking",           "L 2 2212 23 33 1"),
    "venues/<int:pk>/":                                                            about("venue",               "L 2 2242 23 33 4"),
    "venues/rooms/<int:pk>/book/":                                                 about("room",                "L 3 3333 23 33 3"),  # a leader books for the organisation
    "venues/bookings/<int:pk>/refuse/":                                            about("booking",             "L r rr4r r3 33 4", "POST"),  # r: no reason given, said in a message
    "venues/bookings/<int:pk>/cancel/":                                            about("booking",             "L r rr4r r3 33 4", "POST"),  # r: not the booker, said in a message
    "public/venues/":                                                              listing("venue",             "2 2 2222 22 22 2", query="community=410108001001"),
    "public/venues/<int:pk>/":                                                     about("venue",               "2 2 2222 22 22 2"),
    "public/platforms/":                                                           listing("platform",          "2 2 2222 22 22 2"),
    "me/venues/":                                                                  listing("booking",           "r r rrrr rr rr r"),  # to sign in
    "me/venues/rooms/<int:pk>/book/":                                              about("room",                "r r rrrr rr rr r"),
    "me/venues/bookings/<int:pk>/cancel/":                                         about("booking",             "r r rrrr rr rr r", "POST"),
}
# fmt: on

# Pages anyone may read, where district A's rows are shown by design
# (information disclosure, the resident's own tracking links, sign-in).
PUBLIC_PREFIXES = (
    "public/",
    "healthz",
    "readyz",
    "manifest.webmanifest",
    "sw.js",
    "t/",
    "accounts/login/",
    "accounts/password_reset/",
    "accounts/reset/",
    "admin/login/",
    "admin/logout/",
    "i18n/",
    "display/elder-mode/",  # the elder mode's switch, like the language's
    "api/v1/auth/token/",
    "api/v1/public/",
    "api/v1/residents/",  # a resident's own reports, by their phone's token
    # A resident's activities and the QR code's link, by the phone signed in.
    "activities/mine/",
    "activities/<int:pk>/check/",
    "mall/provider/",  # a provider's clerk, signed in by phone and code like a resident
    "me/",  # the residents' pages: sign-in by phone and code, their own reports
    "api/v1/^public/",
    "api/v1/^categories",
    "api/schema/",
    "api/docs/",
)
# What an anonymous visitor may get from a page that is not public.
ANONYMOUS_ELSEWHERE = set("LA345")
# What an outsider may get from a URL about a row outside their jurisdiction.
OUTSIDE_ROW = set("L3450A")


# --- the site's URLs ----------------------------------------------------------------------


def site_routes() -> dict[str, str]:
    """Every URL pattern: {route as joined here: route as ResolverMatch.route says it}."""
    found = {}

    def walk(patterns, prefix, joined):
        for pattern in patterns:
            part = str(pattern.pattern)
            route = prefix + part
            resolved_as = joined + part.removeprefix("^") if joined else part
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, resolved_as)
            else:
                found.setdefault(route, resolved_as)  # a later duplicate is never reached

    walk(get_resolver().url_patterns, "", "")
    return found


NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
PLAIN_GROUP = re.compile(r"\((?!\?)[^)]*\)")
CONVERTED = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def url_for(route: str, entry: Entry, estate, ghost=False) -> str:
    """The route with its parameters filled from the entry's sample; `ghost`
    fills it with ids no row has instead."""
    sample = estate[entry.sample] if entry.sample else None
    pk = 987654 if ghost else (sample.pk if sample else None)
    values = {"pk": pk, "object_id": pk, "id": pk, "format": "json", "app_label": "orgs"}
    if sample is not None:
        values["content_type_id"] = ContentType.objects.get_for_model(sample.obj).pk
        values["bid_pk"] = 987654 if ghost else estate["bid"].pk
        values["photo_pk"] = 987654 if ghost else estate["meetingphoto"].pk
        values["activity_photo_pk"] = 987654 if ghost else estate["activityphoto"].pk
        values["attendance_pk"] = 987654 if ghost else estate["meetingattendance"].pk
        values["objection_pk"] = 987654 if ghost else estate["objection"].pk
    for name, value in entry.params.items():
        values[name] = estate.tokens.get(value, value) if name == "token" else value
    positional = iter([pk, 987654 if ghost else getattr(sample, "history_id", None)])

    def named(match):
        if match["converter"] == "drf_format_suffix":
            return ".json"
        return str(values.get(match["name"]))

    url = NAMED_GROUP.sub(lambda m: str(values.get(m["name"])), route)
    url = PLAIN_GROUP.sub(lambda m: str(next(positional)), url)
    url = CONVERTED.sub(named, url)
    url = url.replace("^", "").replace("$", "").replace("/?", "").replace("\\.", ".")
    return "/" + url + (f"?{entry.query}" if entry.query else "")


# --- asking ---------------------------------------------------------------------------------


@cache
def login_paths() -> set[str]:
    return {reverse("login"), reverse("admin:login")}


def forget_throttles(users):
    """DRF counts requests per scope and caller; the matrix asks more often
    than the public limits allow, which is not what it tests."""
    idents = ["127.0.0.1", *(user.pk for user in users)]
    scopes = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    django_cache.delete_many([f"throttle_{scope}_{ident}" for scope in scopes for ident in idents])


def body_text(response) -> str:
    """What a person would read in the response, whatever its format."""
    # Reading a streamed response to its end closes it as a server would; the
    # test client's close() after that would close the database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "json" in kind:
        try:
            return json.dumps(json.loads(content), ensure_ascii=False)
        except ValueError:
            pass
    if content[:2] == b"PK":  # an xlsx workbook
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        except (zipfile.BadZipFile, KeyError, OSError):
            return ""
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return content.decode("utf-8", errors="replace")


@dataclass
class Answer:
    outcome: str
    status: int
    detail: str = ""
    body: str | None = None
    changed: bool = False  # the watched row changed


def ask(client, url, entry, estate, *, want_body=False, watch=None) -> Answer:
    """One request, in a transaction rolled back afterwards; `watch`: a sample
    whose row (and history) must come out of the request unchanged."""
    method = client.post if entry.method == "POST" else client.get
    cookies = copy.deepcopy(client.cookies)  # a logout or a message must not outlive it
    try:
        with transaction.atomic():
            before = snapshot(watch) if watch else None
            response = method(url)
            # Read once (a stream can be read only once; a file left unread stays open).
            text = body_text(response) if want_body or entry.lists or response.streaming else ""
            answer = classify(response, entry, estate, text)
            answer.body = text if want_body else None
            answer.changed = watch is not None and snapshot(watch) != before
            transaction.set_rollback(True)
    except Exception as exc:  # a crash is an outcome to report, with the others
        return Answer("E", 500, f"{type(exc).__name__}: {exc}"[:200])
    finally:
        client.cookies = cookies
    return answer


def snapshot(sample) -> tuple:
    """A row's fields and the length of its history."""
    model = type(sample.obj)
    obj = model._default_manager.get(pk=sample.key)
    history = getattr(model, "history", None)
    mine = history.filter(**{obj._meta.pk.attname: sample.key}) if history else None
    return model_to_dict(obj), mine.count() if history else None


def classify(response, entry, estate, text) -> Answer:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        where = urlsplit(response["Location"]).path
        return Answer("L" if where in login_paths() else "r", code, where)
    if code == 200 and entry.lists:
        return Answer("2" if listed(response, estate[entry.sample], text) else "1", code)
    return Answer(STATUS_CODES.get(code, "?"), code, "" if code in STATUS_CODES else str(code))


def listed(response, sample, text) -> bool:
    """An admin list: the sample among the rows of the user's changelist;
    any other page: the sample's text on it."""
    changelist = (response.context or {}).get("cl") if hasattr(response, "context") else None
    if changelist is not None:
        return changelist.root_queryset.filter(pk=sample.key).exists()
    return sample.marker is not None and sample.marker in text


# --- the test -------------------------------------------------------------------------------


@pytest.fixture
def estate(territory, personas, platforms, world, grids):
    return build_estate(territory, personas, platforms, world, grids)


@pytest.fixture
def clients(estate, personas):
    """A signed-in client per role (after the estate: signing in clears failed logins)."""
    found = {"anonymous": Client()}
    for role in ROLES[1:]:
        found[role] = Client()
        found[role].force_login(getattr(personas, role))
    return found


def test_every_url_answers_every_role_as_the_matrix_says(estate, clients, personas):
    # Refusals are the point here: Django's log line for each 403 and 404
    # would only slow the run down (a server error is an outcome, "E").
    logging.disable(logging.WARNING)
    try:
        ask_everything(estate, clients, personas)
    finally:
        logging.disable(logging.NOTSET)


def ask_everything(estate, clients, personas):
    started, cpu = time.monotonic(), time.process_time()
    routes = site_routes()
    users = [getattr(personas, role) for role in ROLES[1:]]
    problems, got = [], {}
    for route in sorted(routes):
        entry = MATRIX.get(route) or guess(route, estate)
        url = url_for(route, entry, estate)
        try:
            resolved_as = resolve(urlsplit(url).path).route
        except Resolver404:
            resolved_as = "no URL of the site"
        if resolved_as != routes[route]:
            problems.append(f"{route} | built {url}, which is {resolved_as}")
            continue
        if len(entry.outcomes) != len(ROLES):
            problems.append(f"{route} | {len(entry.outcomes)} outcomes for {len(ROLES)} roles")
            continue
        answers = {}
        for role in ROLES:
            if route.startswith("api/"):
                forget_throttles(users)
            answers[role] = ask(
                clients[role],
                url,
                entry,
                estate,
                want_body=role in WATCHED and not is_public(route),
                watch=watched(role, entry, estate),
            )
        got[route] = "".join(answers[role].outcome for role in ROLES)
        if route in MATRIX:
            for role, want, have in zip(ROLES, entry.outcomes, got[route], strict=True):
                if want != have:
                    detail = answers[role].detail
                    problems.append(
                        f"{route} | {role} | {want} | {have}" + (f" ({detail})" if detail else "")
                    )
        problems.extend(check_invariants(route, entry, url, answers, estate, clients["outsider"]))
    elapsed = time.monotonic() - started
    report = []
    unknown = sorted(set(routes) - set(MATRIX))
    if unknown:
        report.append("URLs not in MATRIX: add a line (what they answer now, asked by GET):")
        report.extend(f"    {route!r}: {spaced(got[route])}" for route in unknown if route in got)
    stale = sorted(set(MATRIX) - set(routes))
    if stale:
        report.append("MATRIX lines for URLs the site no longer has:")
        report.extend(f"    {route!r}" for route in stale)
    if problems:
        report.append("route | role | expected | got:")
        report.extend(f"    {problem}" for problem in problems)
    heading = (
        f"{len(routes)} URLs × {len(ROLES)} roles in {elapsed:.0f} s"
        f" ({time.process_time() - cpu:.0f} s of CPU)"
    )
    print(heading)  # pytest -s shows it
    assert not report, "\n".join([heading, *report])


def is_public(route) -> bool:
    # "": the residents' front door (the signed-in get their workbench there).
    return route == "" or route.startswith(PUBLIC_PREFIXES)


def spaced(outcomes) -> str:
    """Outcomes in the table's grouping: a P dsbc lg or x."""
    return f"{outcomes[0]} {outcomes[1]} {outcomes[2:6]} {outcomes[6:8]} {outcomes[8:10]} {outcomes[10]}"


def guess(route, estate) -> Entry:
    """For a URL not in MATRIX yet: GET, filled from a sample named like its model."""
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    names = (f"{match[1]}.{match[2]}", match[2]) if match else ()
    sample = next((name for name in names if name in estate.samples), None)
    return Entry(sample, "?" * len(ROLES))


# --- rules that hold whatever the table says ----------------------------------------------------

# Who must not see what: district B's staff and anonymous visitors nothing of
# district A, street B's officer nothing of street A.
WATCHED = {
    "anonymous": (STREET_A, DISTRICT_A),
    "outsider": (STREET_A, DISTRICT_A),
    "street_b_officer": (STREET_A,),
}


def watched(role, entry, estate):
    """The row a POST by `role` must leave alone: the sample it is about, when
    `role` may not see it."""
    sample = estate[entry.sample] if entry.sample else None
    if entry.method != "POST" or role not in WATCHED or sample is None:
        return None
    return sample if sample.place in WATCHED[role] else None


def check_invariants(route, entry, url, answers, estate, outsider) -> list[str]:
    found = []
    sample = estate[entry.sample] if entry.sample else None
    about_row = sample is not None and not entry.lists
    for role, places in WATCHED.items():
        answer = answers[role]
        where = f"{route} | {role} | (invariant)"
        if answer.changed:
            found.append(f"{where} a POST changed the row outside ({entry.sample})")
        if is_public(route):
            continue
        outside = sample is not None and sample.place in places
        page_about_it = about_row and answer.outcome not in OUTSIDE_ROW
        if outside and page_about_it and not is_blind_redirect(route):
            found.append(f"{where} no page about a row outside | got {answer.outcome}")
        if outside and entry.lists and answer.outcome == "2":
            found.append(f"{where} a row outside is not listed | got 2")
        shown = [marker for marker in markers(estate, places) if marker in (answer.body or "")]
        if shown:
            found.append(f"{where} shows text of rows outside: {shown}")
    anonymous = answers["anonymous"].outcome
    if not is_public(route) and anonymous not in ANONYMOUS_ELSEWHERE:
        found.append(
            f"{route} | anonymous | (invariant) no page but the public ones | got {anonymous}"
        )
    if about_row and sample.place != SHARED and not is_public(route) and is_scoped(sample):
        # get_for_user_or_404 and ScopedAdminMixin promise that a row outside
        # the jurisdiction cannot be told from a row that does not exist.
        ghost = ask(outsider, url_for(route, entry, estate, ghost=True), entry, estate)
        if ghost.outcome != answers["outsider"].outcome:
            found.append(
                f"{route} | outsider | (invariant) a row outside answers as a missing row "
                f"does ({ghost.outcome}) | got {answers['outsider'].outcome}"
            )
    return found


def is_blind_redirect(route) -> bool:
    """The admin's `<id>/` → `<id>/change/` redirect, made without looking the row up."""
    return bool(re.fullmatch(r"admin/\w+/\w+/<path:object_id>/", route))


def is_scoped(sample) -> bool:
    return isinstance(type(sample.obj)._default_manager.all(), ScopedQuerySet)


def markers(estate, places) -> list[str]:
    return [s.marker for s in estate.samples.values() if s.marker and s.place in places]


# --- admin actions, past versions, the lag check ----------------------------------------------


# Rows of no place that every street's officer may act on (notifications/roles.py).
NO_PLACE = {PhoneOptOut}


def sample_of(model, estate):
    """A model's sample: named by its model name, or `app.model` where two
    apps have a model of that name."""
    opts = model._meta
    return estate.samples.get(f"{opts.app_label}.{opts.model_name}") or estate.samples.get(
        opts.model_name
    )


def test_no_admin_action_reaches_a_row_outside_the_jurisdiction(estate, clients):
    """Every action of every ModelAdmin, posted by street B's officer and by
    district B's staff with a street-A row selected (and the confirmation
    forms filled in), leaves the row as it was and builds no download."""
    today = timezone.localdate().isoformat()
    confirm = {
        "confirm": "1",
        "post": "yes",
        "occurred_on": today,
        "note": "越权",
        "department": "城管",
    }
    problems = []
    for model, model_admin in admin.site._registry.items():
        sample = sample_of(model, estate)
        if sample is None:
            problems.append(f"{model.__name__}: no sample in the estate")
            continue
        names = {name for _func, name, _desc in model_admin._get_base_actions()}
        if hasattr(model_admin, "export_admin_action"):
            names.add("export_admin_action")
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        # An opt-out belongs to no place: street B's officer may delete it.
        outside = ("outsider",) if model in NO_PLACE else ("street_b_officer", "outsider")
        for name, role, extra in product(
            sorted(names), outside, ({}, {**confirm, "into": sample.pk})
        ):
            data = {"action": name, ACTION_CHECKBOX_NAME: [sample.pk], "index": 0, **extra}
            client = clients[role]
            cookies = copy.deepcopy(client.cookies)
            with transaction.atomic():
                before, downloads = snapshot(sample), Download.objects.count()
                response = client.post(changelist + "?all=", data)
                after, made = snapshot(sample), Download.objects.count() - downloads
                text = body_text(response)
                transaction.set_rollback(True)
            client.cookies = cookies
            where = f"{model.__name__}.{name} by {role}"
            if before != after:
                problems.append(f"{where}: the row changed")
            if made:
                problems.append(f"{where}: a download was made")
            if sample.marker and sample.marker in text:
                problems.append(f"{where}: the answer shows the row ({response.status_code})")
    assert not problems, "\n".join(problems)


def test_a_past_version_cannot_be_saved_over_the_row(estate, clients):
    """The history's "revert" form is read only for everyone, the platform
    administrator included: state changes go through the services."""
    problems = []
    client = clients["platform_admin"]
    for model, model_admin in admin.site._registry.items():
        sample = sample_of(model, estate)
        if not isinstance(model_admin, SimpleHistoryAdmin) or sample is None:
            continue
        opts = model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[sample.pk, sample.history_id],
        )
        with transaction.atomic():
            page = client.get(url)
            before = snapshot(sample)
            response = client.post(url, form_data(page) if page.status_code == 200 else {})
            after = snapshot(sample)
            transaction.set_rollback(True)
        if (page.status_code, response.status_code, before) != (200, 403, after):
            problems.append(
                f"{model.__name__}: page {page.status_code}, post {response.status_code}"
            )
    assert not problems, "\n".join(problems)


def test_the_lag_check_run_by_hand_stays_in_the_users_district(estate, clients, personas):
    """District B's staff running the check issue no order to district A."""
    from incubators.models import SupervisionOrder, Task, TaskList
    from incubators.services.checklists import issue_task_list

    late = TaskList.objects.create(
        district=estate["tasklist"].obj.district, year=2026, quarter=3, title="第三季度任务清单"
    )
    Task.objects.create(
        task_list=late, title="报送半年总结", due_on=timezone.localdate() - timedelta(days=60)
    )
    issue_task_list(task_list=late, by=personas.district_officer)
    url = reverse("admin:incubators_tasklist_check")
    assert clients["outsider"].post(url).status_code == 302
    assert not SupervisionOrder.objects.filter(task_list=late).exists()
    assert clients["district_officer"].post(url).status_code == 302
    assert SupervisionOrder.objects.filter(task_list=late).count() == 2  # both street platforms
