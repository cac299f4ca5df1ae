"""How many queries every list asks, and which: each admin changelist, each
portal list and each API list, for a scoped role and for the city's platform
administrator.

PINS names, for each list and role, the queries in the order the page asks
them, as "table: what it reads". The table is the statement's main table (its
outermost FROM, or the table an INSERT or UPDATE writes) and the test checks
it with the count, so a pin that drifts says where. The names were read off
the captured SQL. A difference fails with the SQL the page asked, ready to
compare and to name.

The scoped role is street A's officer wherever that role sees the list (the
URL matrix's `listing` lines say who does), else the narrowest role that
does: district staff for task lists, rounds, roll-up runs and accounts, the
organisation leader for tenders and bids, the reviewer for the review panel,
nobody at all for the platform administrator's own lists (groups, failed
logins, the access log). Public lists are asked by an anonymous visitor.
The API is asked with a token, as the mini-program asks it. A resident's own
pages are asked by the phone they are for (RESIDENTS), signed in as the code
check signs it in: the administrator is sent to sign in there, so they have
one pin.

The estate is the URL matrix's (tests/matrix_estate.py: one row of every
model, made through the services), with each listed row copied so that every
list shows at least three: a list that asks once per row shows it in its
pin, and test_no_list_asks_once_per_row adds a row to each and asks again.

SQLite and PostgreSQL ask the same queries but one: on PostgreSQL the
paginator of an unfiltered admin list reads the planner's estimate first
(lib/paginators.py), so the platform administrator's pins carry ESTIMATE,
which is left out on SQLite. Sessions are in the database on both.
"""

import re
from datetime import timedelta
from itertools import zip_longest

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from orgs.auth import role_permissions
from orgs.models import ApiToken, Area
from orgs.roles import Role
from residents.session import SESSION_KEY, TOKEN_KEYWORD, issue_token
from tests.matrix_estate import build_estate
from tests.test_url_matrix import MATRIX, url_for

# Run on PostgreSQL too (CI, -m postgres): its planner estimate adds a query
# to unfiltered admin lists, pinned for PostgreSQL only.
pytestmark = pytest.mark.postgres

# --- queries many pages ask ------------------------------------------------------------------

SESSION = "django_session: the session"
USER = "orgs_user: the signed-in user, with their area and organisation"
# ModelBackend's, under the roles' grants (orgs/auth.py): asked once per request.
GRANTS = [
    "auth_permission: permissions granted to the user by hand",
    "auth_permission: permissions of the user's groups",
]
ADMIN = [SESSION, USER, *GRANTS]  # every admin page checks the user may use it
UNREAD = "orgs_notification: count of unread notifications, for the menu (portal and admin share the header)"
MENU = [UNREAD, *GRANTS]  # the portal's menu: its badge, then the links the user may follow
# The header's "role · jurisdiction" walks up from the user's area (street → district).
HEADER = "orgs_area: the area above the user's, for the jurisdiction in the header"
ESTIMATE = "pg_class: the planner's row estimate of the whole table (PostgreSQL only)"
STREETS = "orgs_area: the streets the user may see, for the street filter"
COMMUNITIES = "orgs_area: the communities the user may see, for the community filter"
TOKEN = [
    "orgs_apitoken: the token, with its user",
    "axes_accessattempt: the user's failed logins (a locked-out account's token is refused)",
]
TOKEN_AREA = "orgs_area: the user's area, for the scope (the token's query leaves it out)"
OWN_GRIDS = "grids_grid: whether the user leads or belongs to a grid of their own"

# The open data's lists, the same for anyone (projects/opendata/datasets.py).
OPEN_FUNDS = [
    "incubators_fund: count of the funds, for the page",
    "incubators_fund: the page, with the fund's area",
    "incubators_fundentry: each fund's sums by month and kind, for its position",
]
OPEN_NOTICES = [
    "projects_awardnotice: count of the public projects' award notices, for the page",
    "projects_awardnotice: the page, with project, community, bid and organisation",
    "projects_objection: the objections to the notices on the page, with the organisation",
]
OPEN_PROJECTS = [
    "projects_project: count of the public projects, for the page",
    "projects_project: the page, with community, street, round and direction",
    "orgs_servedgroup: the groups the projects on the page serve, with their broad groups",
    "projects_project: the awards in effect on the page",
    "projects_awardnotice: the awards on notice on the page, with the organisation",
    "projects_payment: the payments of the projects on the page, with the fund entry",
]
OPEN_ROUNDS = [
    "projects_round: count of the public rounds, for the page",
    "projects_round: the page, with district and fund",
    "projects_direction: the rounds' directions",
]

# The residents' side has no account: a phone signed in by a one-time code,
# kept in the session (the pages) or in a signed token (the mini-program's
# API). The estate's phones: a resident who reported tickets and needs, a
# confirmed volunteer (sign-ups, exchanges), a provider's clerk.
RESIDENTS = {
    "resident": "13903710002",
    "volunteer": "13903710087",
    "clerk": "13903710089",
    "claimant": "13903715501",  # claims (issue 24): the phone of the matrix's claims
}
RESIDENT = "django_session: the session, with the phone signed in"
RESIDENT_REPORTS = [
    "grids_ticket: the phone's tickets, with community and category",
    "projects_need: the phone's needs, with community and current status",
]

# --- the pins: {list (its route in the URL matrix): {role: the queries, in order}} ----------

PINS = {
    # --- admin: assessments ------------------------------------------------------------------
    "admin/assessments/annualassessment/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "assessments_annualassessment: count of the list",
            "assessments_annualassessment: the page, with each organisation",
            UNREAD,
            HEADER,
            "assessments_annualassessment: the years, for the year filter",
            "assessments_annualassessment: the star ratings, for the stars filter",
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "assessments_annualassessment: count of the list",
            "assessments_annualassessment: the page, with each organisation",
            UNREAD,
            "assessments_annualassessment: the years, for the year filter",
            "assessments_annualassessment: the star ratings, for the stars filter",
        ],
    },
    "admin/assessments/indicator/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_indicator: count of the list",
            "assessments_indicator: the page, with each area",
            UNREAD,
            HEADER,
            "assessments_indicator: the periods, for the period filter",
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_indicator: count of the list",
            "assessments_indicator: the page, with each area",
            UNREAD,
            "assessments_indicator: the periods, for the period filter",
        ],
    },
    "admin/assessments/interview/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "assessments_interview: count of the list",
            "assessments_interview: the page, with each organisation and platform",
            UNREAD,
            HEADER,
            "assessments_interview: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "assessments_interview: count of the list",
            "assessments_interview: the page, with each organisation and platform",
            UNREAD,
            "assessments_interview: the years, for the year filter",
        ],
    },
    "admin/assessments/monthlyscore/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_platform: the platforms the user may see, for the platform filter",
            STREETS,
            "assessments_monthlyscore: count of the list",
            "assessments_monthlyscore: the page, with each organisation and platform",
            UNREAD,
            HEADER,
            "assessments_monthlyscore: the years, for the year filter",
            "assessments_monthlyscore: the months, for the month filter",
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_platform: the platforms, for the platform filter",
            STREETS,
            ESTIMATE,
            "assessments_monthlyscore: count of the list",
            "assessments_monthlyscore: the page, with each organisation and platform",
            UNREAD,
            "assessments_monthlyscore: the years, for the year filter",
            "assessments_monthlyscore: the months, for the month filter",
        ],
    },
    "admin/assessments/papersurvey/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_papersurvey: count of the list",
            "assessments_papersurvey: the page, with each organisation",
            UNREAD,
            HEADER,
            "assessments_papersurvey: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "assessments_papersurvey: count of the list",
            "assessments_papersurvey: the page, with each organisation",
            UNREAD,
            "assessments_papersurvey: the years, for the year filter",
        ],
    },
    "admin/assessments/surveyanswer/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_surveyanswer: count of the list",
            "assessments_surveyanswer: the page, with each organisation",
            UNREAD,
            HEADER,
            "assessments_surveyanswer: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_surveyanswer: count of the list",
            "assessments_surveyanswer: the page, with each organisation",
            UNREAD,
            "assessments_surveyanswer: the years, for the year filter",
        ],
    },
    "admin/assessments/peerrating/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_peerrating: count of the list",
            "assessments_peerrating: the page, with the rater and the rated",
            UNREAD,
            HEADER,
            "assessments_peerrating: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_peerrating: count of the list",
            "assessments_peerrating: the page, with the rater and the rated",
            UNREAD,
            "assessments_peerrating: the years, for the year filter",
        ],
    },
    "admin/assessments/platformgrade/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_platformgrade: count of the list",
            "assessments_platformgrade: the page, with each platform",
            UNREAD,
            HEADER,
            "assessments_platformgrade: the years, for the year filter",
            "assessments_platformgrade: the grades, for the grade filter",
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_platformgrade: count of the list",
            "assessments_platformgrade: the page, with each platform",
            UNREAD,
            "assessments_platformgrade: the years, for the year filter",
            "assessments_platformgrade: the grades, for the grade filter",
        ],
    },
    "admin/assessments/platformquarter/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_platformquarter: count of the list",
            "assessments_platformquarter: the page, with each platform",
            UNREAD,
            HEADER,
            "assessments_platformquarter: the years, for the year filter",
            "assessments_platformquarter: the quarters, for the quarter filter",
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_platformquarter: count of the list",
            "assessments_platformquarter: the page, with each platform",
            UNREAD,
            "assessments_platformquarter: the years, for the year filter",
            "assessments_platformquarter: the quarters, for the quarter filter",
        ],
    },
    "admin/assessments/rolluprun/": {
        "district_officer": [
            *ADMIN,
            "assessments_rolluprun: count of the list",
            "assessments_rolluprun: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_rolluprun: count of the list",
            "assessments_rolluprun: the page",
            UNREAD,
        ],
    },
    # Reference data, shared by every district: Django's own paginator and
    # "N in total" beside the search box, a count each.
    "admin/assessments/scoretemplate/": {
        "street_a_officer": [
            *ADMIN,
            "assessments_scoretemplate: count of the list",
            "assessments_scoretemplate: count of all, for the total",
            "assessments_scoretemplate: the page",
            "assessments_scoreitem: the page's items (prefetched)",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "assessments_scoretemplate: count of the list",
            "assessments_scoretemplate: count of all, for the total",
            "assessments_scoretemplate: the page",
            "assessments_scoreitem: the page's items (prefetched)",
            UNREAD,
        ],
    },
    # --- admin: the libraries' lists, the platform administrator's alone -----------------------
    "admin/auth/group/": {
        "platform_admin": [
            *ADMIN,
            "auth_group: count of the list",
            "auth_group: count of all, for the total",
            "auth_group: the page",
            UNREAD,
        ],
    },
    **{
        f"admin/axes/{model}/": {
            "platform_admin": [
                *ADMIN,
                f"axes_{model}: count of the list",
                f"axes_{model}: count of all, for the total",
                f"axes_{model}: the page",
                UNREAD,
                f"axes_{model}: the first and last attempt, for the date hierarchy",
                f"axes_{model}: the days with attempts, for the date hierarchy",
                f"axes_{model}: the paths, for the path filter",
            ],
        }
        for model in ("accessattempt", "accessfailurelog", "accesslog")
    },
    # --- admin: grids ----------------------------------------------------------------------------
    "admin/orgs/calendarday/": {
        "street_a_officer": [
            *ADMIN,
            "grids_calendarday: count of the list",
            "grids_calendarday: count of all, for the total",
            "grids_calendarday: the page",
            UNREAD,
            HEADER,
            "grids_calendarday: the first and last day, for the date hierarchy",
            "grids_calendarday: the months, for the date hierarchy",
        ],
        "platform_admin": [
            *ADMIN,
            "grids_calendarday: count of the list",
            "grids_calendarday: count of all, for the total",
            "grids_calendarday: the page",
            UNREAD,
            "grids_calendarday: the first and last day, for the date hierarchy",
            "grids_calendarday: the months, for the date hierarchy",
        ],
    },
    "admin/grids/grid/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "grids_grid: count of the list",
            "grids_grid: the page, with each community and leader",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            ESTIMATE,
            "grids_grid: count of the list",
            "grids_grid: the page, with each community and leader",
            UNREAD,
        ],
    },
    # The work queue opens on the tickets still to handle.
    "admin/grids/ticket/": {
        "street_a_officer": [
            *ADMIN,
            "grids_ticketcategory: the categories, for the category filter",
            STREETS,
            COMMUNITIES,
            "grids_ticket: count of the open tickets",
            "grids_ticket: the page, with community, grid, category and assignees",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "grids_ticketcategory: the categories, for the category filter",
            STREETS,
            COMMUNITIES,
            "grids_ticket: count of the open tickets",
            "grids_ticket: the page, with community, grid, category and assignees",
            UNREAD,
        ],
    },
    "admin/grids/ticketcategory/": {
        "street_a_officer": [
            *ADMIN,
            "grids_ticketcategory: count of the list",
            "grids_ticketcategory: count of all, for the total",
            "grids_ticketcategory: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "grids_ticketcategory: count of the list",
            "grids_ticketcategory: count of all, for the total",
            "grids_ticketcategory: the page",
            UNREAD,
        ],
    },
    # --- admin: incubators -----------------------------------------------------------------------
    "admin/incubators/fund/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_fund: count of the list",
            "incubators_fund: the page, with each area and custodian",
            "incubators_fundentry: the page's balances, summed per fund",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_fund: count of the list",
            "incubators_fund: the page, with each area and custodian",
            "incubators_fundentry: the page's balances, summed per fund",
            UNREAD,
        ],
    },
    "admin/incubators/fundentry/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_fundsource: the sources, for the source filter (issue 24)",
            "incubators_fund: the funds the user may see, for the fund filter",
            "incubators_fundentry: count of the list",
            "incubators_fundentry: the page, with each fund, source and who recorded it",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_fundsource: the sources, for the source filter (issue 24)",
            "incubators_fund: the funds, for the fund filter",
            ESTIMATE,
            "incubators_fundentry: count of the list",
            "incubators_fundentry: the page, with each fund, source and who recorded it",
            UNREAD,
        ],
    },
    "admin/incubators/monthlyreport/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_monthlyreport: count of the list",
            "incubators_monthlyreport: the page, with each platform",
            UNREAD,
            HEADER,
            "incubators_monthlyreport: the years, for the year filter",
            "incubators_monthlyreport: the months, for the month filter",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_monthlyreport: count of the list",
            "incubators_monthlyreport: the page, with each platform",
            UNREAD,
            "incubators_monthlyreport: the years, for the year filter",
            "incubators_monthlyreport: the months, for the month filter",
        ],
    },
    # Residents counted in the page's own query (grouped, so the count is of groups).
    "admin/incubators/platform/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_platform: count of the list",
            "incubators_platform: the page, with area, operator and residents counted",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_platform: count of the list",
            "incubators_platform: the page, with area, operator and residents counted",
            UNREAD,
        ],
    },
    "admin/incubators/progressentry/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_progressentry: count of the list",
            "incubators_progressentry: count of all, for the total",
            "incubators_progressentry: the page, with each report and task",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_progressentry: count of the list",
            "incubators_progressentry: count of all, for the total",
            "incubators_progressentry: the page, with each report and task",
            UNREAD,
        ],
    },
    "admin/incubators/progressreport/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_progressreport: count of the list",
            "incubators_progressreport: the page, with each platform and task list",
            "incubators_progressentry: the page's entries and their tasks (prefetched)",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_progressreport: count of the list",
            "incubators_progressreport: the page, with each platform and task list",
            "incubators_progressentry: the page's entries and their tasks (prefetched)",
            UNREAD,
        ],
    },
    "admin/incubators/quarterplan/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_quarterplan: count of the list",
            "incubators_quarterplan: the page, with each platform and author",
            UNREAD,
            HEADER,
            "incubators_quarterplan: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_quarterplan: count of the list",
            "incubators_quarterplan: the page, with each platform and author",
            UNREAD,
            "incubators_quarterplan: the years, for the year filter",
        ],
    },
    "admin/incubators/residency/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_platform: the platforms the user may see, for the platform filter",
            "incubators_residency: count of the list",
            "incubators_residency: the page, with each platform and organisation",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_platform: the platforms, for the platform filter",
            ESTIMATE,
            "incubators_residency: count of the list",
            "incubators_residency: the page, with each platform and organisation",
            UNREAD,
        ],
    },
    "admin/incubators/review/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_review: count of the list",
            "incubators_review: the page, with each platform",
            UNREAD,
            HEADER,
            "incubators_review: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_review: count of the list",
            "incubators_review: the page, with each platform",
            UNREAD,
            "incubators_review: the years, for the year filter",
        ],
    },
    # --- venues (issue 24) ---------------------------------------------------------------------
    "admin/venues/venue/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "venues_venue: count of the list",
            "venues_venue: the page, with community and custodian, rooms counted",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            # No planner estimate: the rooms are counted, so the list is grouped.
            "venues_venue: count of the list",
            "venues_venue: the page, with community and custodian, rooms counted",
            UNREAD,
        ],
    },
    "admin/incubators/specialism/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_specialism: count of the list",
            "incubators_specialism: count of all, for the total",
            "incubators_specialism: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_specialism: count of the list",
            "incubators_specialism: count of all, for the total",
            "incubators_specialism: the page",
            UNREAD,
        ],
    },
    "venues/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,
            "venues_venue: the venues, with community and custodian, rooms counted",
            "venues_booking: the bookings to come, with room, venue, community and organisation",
            "orgs_accesslog: the bookers' phones delivered in full, logged once",
            UNREAD,  # the grants were read for the page
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,
            "venues_venue: the venues, with community and custodian, rooms counted",
            "venues_booking: the bookings to come, with room, venue, community and organisation",
            UNREAD,  # the grants were read for the page
        ],
    },
    "public/venues/": {
        "anonymous": [
            "orgs_area: the community asked for",
            "venues_venue: its venues, with community, custodian and grid",
            "venues_room: their rooms",
            "venues_openinghours: their hours",
            "orgs_area: the communities with venues, with their street",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_area: the community asked for",
            "venues_venue: its venues, with community, custodian and grid",
            "venues_room: their rooms",
            "venues_openinghours: their hours",
            "orgs_area: the communities with venues, with their street",
            *MENU,
        ],
    },
    "public/platforms/": {
        "anonymous": [
            "incubators_platform: the platforms in operation, residents and terms counted",
            "incubators_specialism: their specialisms",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "incubators_platform: the platforms in operation, residents and terms counted",
            "incubators_specialism: their specialisms",
            *MENU,
        ],
    },
    "me/venues/": {
        "resident": [
            RESIDENT,
            "venues_booking: the phone's bookings, with room and venue",
        ]
    },
    "admin/incubators/servicekind/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_servicekind: count of the list",
            "incubators_servicekind: count of all, for the total",
            "incubators_servicekind: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_servicekind: count of the list",
            "incubators_servicekind: count of all, for the total",
            "incubators_servicekind: the page",
            UNREAD,
        ],
    },
    # Issue 24: the sources of money (the shipped eight).
    "admin/incubators/fundsource/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_fundsource: count of the list",
            "incubators_fundsource: count of all, for the total",
            "incubators_fundsource: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "incubators_fundsource: count of the list",
            "incubators_fundsource: count of all, for the total",
            "incubators_fundsource: the page",
            UNREAD,
        ],
    },
    "admin/incubators/supervisionorder/": {
        "street_a_officer": [
            *ADMIN,
            "incubators_supervisionorder: count of the list",
            "incubators_supervisionorder: the page, with each platform and task list",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_supervisionorder: count of the list",
            "incubators_supervisionorder: the page, with each platform and task list",
            UNREAD,
        ],
    },
    "admin/incubators/tasklist/": {
        "district_officer": [
            *ADMIN,
            "incubators_tasklist: count of the list",
            "incubators_tasklist: the page, with each district",
            UNREAD,
            HEADER,
            "incubators_tasklist: the years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "incubators_tasklist: count of the list",
            "incubators_tasklist: the page, with each district",
            UNREAD,
            "incubators_tasklist: the years, for the year filter",
        ],
    },
    # --- admin: notifications -------------------------------------------------------------------
    "admin/notifications/phoneoptout/": {
        "street_a_officer": [
            *ADMIN,
            ESTIMATE,
            "notifications_phoneoptout: count of the list",
            "notifications_phoneoptout: the page, with who recorded each",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "notifications_phoneoptout: count of the list",
            "notifications_phoneoptout: the page, with who recorded each",
            UNREAD,
        ],
    },
    "admin/notifications/textmessage/": {
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "notifications_textmessage: count of the list",
            "notifications_textmessage: the page",
            UNREAD,
        ],
    },
    # --- admin: orgs -----------------------------------------------------------------------------
    "admin/orgs/accesslog/": {
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_accesslog: count of the list",
            "orgs_accesslog: the page, with each user",
            UNREAD,
        ],
    },
    "admin/orgs/area/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_communitytype: the community types, for the type filter (issue 24)",
            "orgs_area: count of the list",
            "orgs_area: the page, with each parent",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_communitytype: the community types, for the type filter (issue 24)",
            ESTIMATE,
            "orgs_area: count of the list",
            "orgs_area: the page, with each parent",
            UNREAD,
        ],
    },
    "admin/orgs/category/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_category: the classes, for the parent filter",
            "orgs_category: count of the list",
            "orgs_category: count of all, for the total",
            "orgs_category: the page, with each parent",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_category: the classes, for the parent filter",
            "orgs_category: count of the list",
            "orgs_category: count of all, for the total",
            "orgs_category: the page, with each parent",
            UNREAD,
        ],
    },
    "admin/orgs/filingapplication/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_filingapplication: count of the list",
            "orgs_filingapplication: the page, with organisation, area and submitter",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_filingapplication: count of the list",
            "orgs_filingapplication: the page, with organisation, area and submitter",
            UNREAD,
        ],
    },
    # Leaders' phones are on the page: who saw them is written down.
    "admin/orgs/organisation/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "orgs_category: the classes, for the category filter",
            "orgs_organisation: count of the list",
            "orgs_organisation: the page, with area, street and category",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "orgs_category: the classes, for the category filter",
            ESTIMATE,
            "orgs_organisation: count of the list",
            "orgs_organisation: the page, with area, street and category",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
        ],
    },
    "admin/orgs/person/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "orgs_person: count of the list",
            "orgs_person: the page, with each community and points summed",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            ESTIMATE,
            "orgs_person: count of the list",
            "orgs_person: the page, with each community and points summed",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
        ],
    },
    "admin/orgs/commendation/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "orgs_commendation: count of the list",
            "orgs_commendation: the page, with each organisation",
            UNREAD,
            HEADER,
            "orgs_commendation: the first and last day, for the date hierarchy",
            "orgs_commendation: the years, for the date hierarchy",
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "orgs_commendation: count of the list",
            "orgs_commendation: the page, with each organisation",
            UNREAD,
            "orgs_commendation: the first and last day, for the date hierarchy",
            "orgs_commendation: the years, for the date hierarchy",
        ],
    },
    "admin/orgs/provider/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "orgs_provider: count of the list",
            "orgs_provider: the page, with each area",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "orgs_provider: count of the list",
            "orgs_provider: the page, with each area",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
        ],
    },
    "admin/orgs/providerclerk/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_providerclerk: count of the list",
            "orgs_providerclerk: the page, with each provider",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_providerclerk: count of the list",
            "orgs_providerclerk: the page, with each provider",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
        ],
    },
    "admin/mall/offer/": {
        "street_a_officer": [
            *ADMIN,
            "mall_offer: count of the list",
            "mall_offer: the page, with each provider",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "mall_offer: count of the list",
            "mall_offer: the page, with each provider",
            UNREAD,
        ],
    },
    # --- qualifications and rewards (honours/) ---------------------------------------------------
    "admin/honours/qualification/": {
        "street_a_officer": [
            *ADMIN,
            "honours_qualificationkind: the kinds, for the kind filter",
            STREETS,
            COMMUNITIES,
            "honours_qualification: count of the list",
            "honours_qualification: the page, with each person and kind",
            "orgs_accesslog: the access log's line for the certificate numbers shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "honours_qualificationkind: the kinds, for the kind filter",
            STREETS,
            COMMUNITIES,
            ESTIMATE,
            "honours_qualification: count of the list",
            "honours_qualification: the page, with each person and kind",
            "orgs_accesslog: the access log's line for the certificate numbers shown",
            UNREAD,
        ],
    },
    "admin/honours/reward/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "honours_reward: count of the list",
            "honours_reward: the page, with each qualification, its person and kind",
            UNREAD,
            HEADER,
            "honours_rewardbudget: the budgets' years, for the year filter",
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "honours_reward: count of the list",
            "honours_reward: the page, with each qualification, its person and kind",
            UNREAD,
            "honours_rewardbudget: the budgets' years, for the year filter",
        ],
    },
    # The district's budgets, one a year, each with what was decided under it.
    "admin/honours/rewardbudget/": {
        "district_officer": [
            *ADMIN,
            "honours_rewardbudget: count of the list",
            "honours_rewardbudget: the page, with each district and the sum decided",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            # No planner estimate: the list is annotated (the sum decided), so
            # the admin counts it whole, and the budgets are few.
            "honours_rewardbudget: count of the list",
            "honours_rewardbudget: the page, with each district and the sum decided",
            UNREAD,
        ],
    },
    # Reference data, the same for everyone.
    "admin/honours/qualificationkind/": {
        "street_a_officer": [
            *ADMIN,
            "honours_qualificationkind: count of the list",
            "honours_qualificationkind: count of the whole table",
            "honours_qualificationkind: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "honours_qualificationkind: count of the list",
            "honours_qualificationkind: count of the whole table",
            "honours_qualificationkind: the page",
            UNREAD,
        ],
    },
    "honours/qualifications/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for honours.view_qualification
            "honours_qualification: count of the user's, for the paginator",
            "honours_qualification: the page, with person, community and kind",
            "orgs_accesslog: the access log's line for the certificate numbers shown",
            UNREAD,
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,
            "honours_qualification: count of them all, for the paginator",
            "honours_qualification: the page, with person, community and kind",
            "orgs_accesslog: the access log's line for the certificate numbers shown",
            UNREAD,
        ],
    },
    "public/honours/": {
        "anonymous": [
            "orgs_commendation: count of the commendations, for the paginator",
            "orgs_commendation: how many went to organisations and how many to people",
            "honours_qualificationkind: the kinds with how many people hold each",
            "orgs_area: the streets, for the street filter",
            "orgs_commendation: the page, with organisation or person and their areas",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_commendation: count of the commendations, for the paginator",
            "orgs_commendation: how many went to organisations and how many to people",
            "honours_qualificationkind: the kinds with how many people hold each",
            *MENU,
            "orgs_area: the streets, for the street filter",
            "orgs_commendation: the page, with organisation or person and their areas",
        ],
    },
    # One rule a community: the district's four communities show three or more.
    "admin/mall/exchangerule/": {
        "district_officer": [
            *ADMIN,
            "mall_exchangerule: count of the list",
            "mall_exchangerule: the page, with each community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "mall_exchangerule: count of the list",
            "mall_exchangerule: the page, with each community",
            UNREAD,
        ],
    },
    "admin/orgs/pointsentry/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_pointsentry: count of the list",
            "orgs_pointsentry: the page, with each person and who recorded it",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_pointsentry: count of the list",
            "orgs_pointsentry: the page, with each person and who recorded it",
            UNREAD,
        ],
    },
    "admin/orgs/servedgroup/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_servedgroup: the broad groups, for the parent filter",
            "orgs_servedgroup: count of the list",
            "orgs_servedgroup: count of all, for the total",
            "orgs_servedgroup: the page, with each broad group",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_servedgroup: the broad groups, for the parent filter",
            "orgs_servedgroup: count of the list",
            "orgs_servedgroup: count of all, for the total",
            "orgs_servedgroup: the page, with each broad group",
            UNREAD,
        ],
    },
    "admin/orgs/servicerecord/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_servicerecord: count of the list",
            "orgs_servicerecord: the page, with person, organisation and recorder",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_servicerecord: count of the list",
            "orgs_servicerecord: the page, with person, organisation and recorder",
            UNREAD,
        ],
    },
    "admin/orgs/talent/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_talent: count of the list",
            "orgs_talent: the page, with each person and community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_talent: count of the list",
            "orgs_talent: the page, with each person and community",
            UNREAD,
        ],
    },
    "admin/volunteers/volunteer/": {
        "street_a_officer": [
            *ADMIN,
            "volunteers_volunteer: count of the list",
            "volunteers_volunteer: the page, with each person and community",
            "orgs_accesslog: the access log's line for the phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "volunteers_volunteer: count of the list",
            "volunteers_volunteer: the page, with each person and community",
            UNREAD,
        ],
    },
    "admin/volunteers/volunteercertificate/": {
        "street_a_officer": [
            *ADMIN,
            "volunteers_volunteercertificate: count of the list",
            "volunteers_volunteercertificate: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "volunteers_volunteercertificate: count of the list",
            "volunteers_volunteercertificate: the page",
            UNREAD,
        ],
    },
    "admin/orgs/training/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            "orgs_training: count of the list",
            "orgs_training: the page, with each area",
            UNREAD,
            HEADER,
            "orgs_training: the programmes, for the programme filter",
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            ESTIMATE,
            "orgs_training: count of the list",
            "orgs_training: the page, with each area",
            UNREAD,
            "orgs_training: the programmes, for the programme filter",
        ],
    },
    "admin/orgs/user/": {
        "district_officer": [
            *ADMIN,
            "orgs_user: count of the list",
            "orgs_user: the page, with area and organisation",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_user: count of the list",
            "orgs_user: the page, with area and organisation",
            UNREAD,
        ],
    },
    # --- admin: projects -------------------------------------------------------------------------
    # Bids stay sealed while bidding is open: the list has the others.
    "admin/projects/bid/": {
        "street_a_officer": [
            *ADMIN,
            "projects_round: the rounds of the bids listed, for the round filter",
            "projects_bid: count of the list",
            "projects_bid: the page, with project, area and organisation",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "projects_round: the rounds of the bids listed, for the round filter",
            "projects_bid: count of the list",
            "projects_bid: the page, with project and organisation",
            UNREAD,
        ],
    },
    "admin/projects/direction/": {
        "street_a_officer": [
            *ADMIN,
            "projects_direction: count of the list",
            "projects_direction: count of all, for the total",
            "projects_direction: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "projects_direction: count of the list",
            "projects_direction: count of all, for the total",
            "projects_direction: the page",
            UNREAD,
        ],
    },
    "admin/projects/need/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_servedgroup: the groups, for the group filter",
            "projects_need: count of the list",
            "projects_need: the page, with each community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_servedgroup: the groups, for the group filter",
            ESTIMATE,
            "projects_need: count of the list",
            "projects_need: the page, with each community",
            UNREAD,
        ],
    },
    "admin/projects/offer/": {
        "street_a_officer": [
            *ADMIN,
            "projects_direction: the directions, for the direction filter",
            "projects_offer: count of the list",
            "projects_offer: the page, with organisation and direction",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "projects_direction: the directions, for the direction filter",
            ESTIMATE,
            "projects_offer: count of the list",
            "projects_offer: the page, with organisation and direction",
            UNREAD,
        ],
    },
    "admin/projects/project/": {
        "street_a_officer": [
            *ADMIN,
            "projects_round: the rounds the user may see, for the round filter",
            "projects_direction: the directions, for the direction filter",
            "orgs_servedgroup: the groups, for the group filter",
            "projects_project: count of the list",
            "projects_project: the page, with community and round",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "projects_round: the rounds, for the round filter",
            "projects_direction: the directions, for the direction filter",
            "orgs_servedgroup: the groups, for the group filter",
            ESTIMATE,
            "projects_project: count of the list",
            "projects_project: the page, with community and round",
            UNREAD,
        ],
    },
    "admin/projects/resource/": {
        "street_a_officer": [
            *ADMIN,
            "projects_resource: count of the list",
            "projects_resource: the page, with each community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "projects_resource: count of the list",
            "projects_resource: the page, with each community",
            UNREAD,
        ],
    },
    "admin/projects/round/": {
        "district_officer": [
            *ADMIN,
            "projects_round: count of the list",
            "projects_round: the page, with district and fund",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "projects_round: count of the list",
            "projects_round: the page, with district and fund",
            UNREAD,
        ],
    },
    # --- admin: the autocomplete (organisations, as the service-record form asks) ------------------
    "admin/autocomplete/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_organisation: count of the choices",
            "orgs_organisation: the page of choices",
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "orgs_organisation: count of the choices",
            "orgs_organisation: the page of choices",
        ],
    },
    # --- the API (a token, as the mini-program sends it) ----------------------------------------------
    # The open tickets of the grids on the page are counted in its own query (one subquery a grid).
    "api/v1/^grids/$": {
        "street_a_officer": [
            *TOKEN,
            OWN_GRIDS,
            TOKEN_AREA,
            "grids_grid: count of the list",
            "grids_grid: the page, with community, leader and open tickets counted",
        ],
        "platform_admin": [
            *TOKEN,
            OWN_GRIDS,
            ESTIMATE,
            "grids_grid: count of the list",
            "grids_grid: the page, with community, leader and open tickets counted",
        ],
    },
    # A resident's phone is shown in full only to those who answer the resident
    # (street A's officer here, not the administrator), and that is written down.
    "api/v1/^tickets/$": {
        "street_a_officer": [
            *TOKEN,
            TOKEN_AREA,
            "grids_ticket: the page and one row more, by cursor (no count)",
            "orgs_accesslog: the access log's line for the phones shown",
        ],
        "platform_admin": [
            *TOKEN,
            "grids_ticket: the page and one row more, by cursor (no count)",
        ],
    },
    "api/v1/^grids/(?P<pk>[^/]+)/tickets/$": {
        "street_a_officer": [
            *TOKEN,
            OWN_GRIDS,
            TOKEN_AREA,
            "grids_grid: the grid asked for, among the user's, with open tickets counted",
            "grids_ticket: count of its open tickets",
            "grids_ticket: the page, with community, grid, category and assignees",
            "orgs_accesslog: the access log's line for the phones shown",
        ],
        "platform_admin": [
            *TOKEN,
            OWN_GRIDS,
            "grids_grid: the grid asked for, among the user's, with open tickets counted",
            "grids_ticket: count of its open tickets",
            "grids_ticket: the page, with community, grid, category and assignees",
        ],
    },
    # Public: no authentication is read, so a token changes nothing.
    "api/v1/^categories/$": {
        "anonymous": ["grids_ticketcategory: the categories"],
        "platform_admin": ["grids_ticketcategory: the categories"],
    },
    "api/v1/public/communities/": {
        "anonymous": ["orgs_area: the communities, with each street"],
        "platform_admin": ["orgs_area: the communities, with each street"],
    },
    # Open data (projects.opendata): the directory's organisations, counted, then a page.
    "api/v1/public/organisations/": {
        "anonymous": [
            "orgs_organisation: count of the directory's organisations",
            "orgs_organisation: the page, with area, street and category",
        ],
        "platform_admin": [
            "orgs_organisation: count of the directory's organisations",
            "orgs_organisation: the page, with area, street and category",
        ],
    },
    # The open data (projects/opendata/api.py) reads no authentication at
    # all: the administrator's token is not even looked up.
    "api/v1/public/funds/": {role: OPEN_FUNDS for role in ("anonymous", "platform_admin")},
    "api/v1/public/notices/": {role: OPEN_NOTICES for role in ("anonymous", "platform_admin")},
    "api/v1/public/projects/": {role: OPEN_PROJECTS for role in ("anonymous", "platform_admin")},
    "api/v1/public/rounds/": {role: OPEN_ROUNDS for role in ("anonymous", "platform_admin")},
    # The token carries the phone, signed: nothing is read to know who asks.
    "api/v1/residents/me/reports/": {"resident": RESIDENT_REPORTS},
    # --- the residents' own pages (by the phone signed in) ------------------------------------
    "me/reports/": {
        "resident": [
            RESIDENT,
            *RESIDENT_REPORTS,
            "notifications_phoneoptout: whether the phone has turned text messages off",
        ]
    },
    # The balance is one sum; the offers are those of the volunteer's community
    # and the areas above it (their codes read first).
    "me/mall/": {
        "volunteer": [
            RESIDENT,
            "volunteers_volunteer: the phone's confirmed volunteer, with their person",
            "orgs_area: the volunteer's community",
            "mall_exchangerule: the community's exchange rule",
            "orgs_pointsentry: the volunteer's points balance",
            "orgs_area: the community and the areas above it, for the offers",
            "mall_offer: the offers open to the community, with the provider",
            "mall_exchange: count of the volunteer's exchanges this month, for the cap",
            "mall_exchange: the volunteer's recent exchanges, with offer and provider",
        ]
    },
    "activities/mine/": {
        "volunteer": [
            RESIDENT,
            "volunteers_volunteer: the person the phone is (a confirmed volunteer's)",
            "orgs_pointsentry: the person's points balance",
            "activities_registration: the person's sign-ups, with activity and area",
            "activities_attendance: the person's check-ins, with activity and service record",
        ]
    },
    # The month's lines are one query summed by offer; the pickups one more.
    "mall/provider/statement/": {
        "clerk": [
            RESIDENT,
            "orgs_providerclerk: the clerk the phone is, with their provider",
            "mall_exchange: the month's pickups and points, summed by offer",
            "mall_exchange: the month's pickups, with person and offer",
        ]
    },
    # The hours and the balance are one sum each; records and entries the latest 20.
    "me/volunteer/": {
        "volunteer": [
            RESIDENT,
            "volunteers_volunteer: the phone's volunteer, with their person",
            "orgs_servicerecord: the person's hours, summed",
            "orgs_pointsentry: the person's points balance",
            "orgs_servicerecord: the person's latest service records",
            "orgs_pointsentry: the person's latest points entries",
            "volunteers_volunteercertificate: the volunteer's certificates",
        ]
    },
    "mall/provider/": {
        "clerk": [
            RESIDENT,
            "orgs_providerclerk: the clerk the phone is, with their provider",
            "mall_exchange: the provider's open exchanges, with person and offer",
        ]
    },
    # --- claims (issue 24) ----------------------------------------------------------------------
    "admin/claims/claim/": {
        "street_a_officer": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            "claims_claim: count of the list",
            "claims_claim: the page, with need, community, unit and department",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            STREETS,
            COMMUNITIES,
            ESTIMATE,
            "claims_claim: count of the list",
            "claims_claim: the page, with need, community, unit and department",
            UNREAD,
        ],
    },
    "admin/claims/departmentoffer/": {
        "street_a_officer": [
            *ADMIN,
            "claims_departmentoffer: count of the list",
            "claims_departmentoffer: the page, with each department",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "claims_departmentoffer: count of the list",
            "claims_departmentoffer: the page, with each department",
            UNREAD,
        ],
    },
    # Who the phone is (a unit's clerk, a party member on the ledger), its
    # claims, and the communities to choose from (no community of its own here).
    "me/claims/": {
        "claimant": [
            RESIDENT,
            "orgs_providerclerk: the unit's clerk the phone is, with provider and area",
            "orgs_person: the party member the phone is, with their community",
            "claims_claim: the phone's claims, with need, community and unit",
            "orgs_area: the communities, with their street, to choose from",
        ]
    },
    # --- the portal ------------------------------------------------------------------------------
    # The new-download form reads the user's grants first, to offer the ledgers they may export.
    "downloads/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_download: the user's downloads",
            UNREAD,
            "orgs_area: the streets and communities the user may see, for the form",
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_download: the user's downloads",
            UNREAD,
            "orgs_area: the streets and communities, for the form",
        ],
    },
    # Opening the page marks the notifications read.
    "notifications/": {
        "street_a_officer": [
            SESSION,
            USER,
            "orgs_notification: the user's notifications",
            *MENU,
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_notification: the user's notifications",
            *MENU,
        ],
    },
    # Pages by cursor: no count. Open tickets are counted for the grids shown only.
    "grids/": {
        "street_a_officer": [
            SESSION,
            USER,
            OWN_GRIDS,
            "grids_ticket: the page and one row more (is there a next?), by cursor",
            *MENU,
            "grids_grid: the user's grids, with the open tickets of each counted",
        ],
        "platform_admin": [
            SESSION,
            USER,
            OWN_GRIDS,
            "grids_ticket: the page and one row more (is there a next?), by cursor",
            *MENU,
            "grids_grid: the grids, with the open tickets of each counted",
        ],
    },
    "incubators/": {
        "street_a_officer": [
            SESSION,
            USER,
            "incubators_platform: the platforms, with residents, graduates and open orders counted",
            *MENU,
        ],
        "platform_admin": [
            SESSION,
            USER,
            "incubators_platform: the platforms, with residents, graduates and open orders counted",
            *MENU,
        ],
    },
    "projects/": {
        "street_a_officer": [
            SESSION,
            USER,
            "orgs_servedgroup: the groups, for the group filter",
            *MENU,
            "projects_project: the projects, with community, round and bids counted",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_servedgroup: the groups, for the group filter",
            *MENU,
            "projects_project: the projects, with community, round and bids counted",
        ],
    },
    "projects/bids/": {
        "org_leader": [
            SESSION,
            USER,
            *MENU,
            "projects_bid: the organisation's bids and the joint bids it is a member of",
            "projects_project: their projects with community and status as of now, one query",
            "projects_bidmember: their members, to say the organisation's role in each",
        ],
    },
    "projects/needs/": {
        "street_a_officer": [
            SESSION,
            USER,
            "orgs_servedgroup: the groups, for the group filter",
            "projects_need: count of the needs awaiting confirmation",
            *MENU,
            "projects_need: the needs, with community and project",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_servedgroup: the groups, for the group filter",
            "projects_need: count of the needs awaiting confirmation",
            *MENU,
            "projects_need: the needs, with community and project",
        ],
    },
    "projects/review/": {
        "reviewer": [
            SESSION,
            USER,
            *MENU,
            "projects_project: the projects on the reviewer's panels, with each community",
        ],
    },
    "projects/tenders/": {
        "org_leader": [
            SESSION,
            USER,
            "orgs_area: the organisation's community, for its district",
            "projects_bid: the projects the organisation has bid on, alone or jointly",
            *MENU,
            "projects_direction: the directions, for the direction filter",
            "orgs_area: the district's streets, for the street filter",
            "projects_project: the open tenders, with place, round, direction and bids counted",
        ],
    },
    "activities/": {
        "street_a_officer": [
            SESSION,
            USER,
            "activities_activity: the month's activities, with area and organisation",
            *MENU,
        ],
        "platform_admin": [
            SESSION,
            USER,
            "activities_activity: the month's activities, with area and organisation",
            *MENU,
        ],
    },
    # Issue 24: activity subsidies (补贴活动经费).
    "activities/subsidies/": {
        "street_a_officer": [
            SESSION,
            USER,
            "activities_subsidy: count of the list, for the pages",
            *MENU,
            "activities_subsidy: the page, with each activity and organisation",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "activities_subsidy: count of the list, for the pages",
            *MENU,
            "activities_subsidy: the page, with each activity and organisation",
        ],
    },
    "public/activities/": {
        "anonymous": [
            "activities_activity: the month's published activities",
            "orgs_area: the streets, for the street filter",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "activities_activity: the month's published activities",
            *MENU,
            "orgs_area: the streets, for the street filter",
        ],
    },
    # The feed a calendar app subscribes to: one query; a signed-in visitor's
    # session and user are read by the middleware all the same.
    # Door-to-door visits (visits/): the page of the jurisdiction's visits, with what each found.
    "visits/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,
            "visits_visit: the page, with community, grid, party member, recorder and findings counted",
            UNREAD,
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,
            "visits_visit: the page, with community, grid, party member, recorder and findings counted",
            UNREAD,
        ],
    },
    "public/activities/calendar.ics": {
        "anonymous": [
            "activities_activity: the latest published activities, with their area",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "activities_activity: the latest published activities, with their area",
        ],
    },
    "public/rounds/": {
        "anonymous": [
            "projects_round: the public rounds, with district and fund",
            "projects_direction: their directions",
            "projects_project: how many public projects each has",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "projects_round: the public rounds, with district and fund",
            "projects_direction: their directions",
            "projects_project: how many public projects each has",
            *MENU,
        ],
    },
    "public/projects/": {
        "anonymous": [
            "orgs_area: the streets and communities, for the filter",
            "orgs_servedgroup: the broad groups with their public projects and beneficiaries",
            "orgs_servedgroup: the groups, for the group filter",
            "projects_project: count of the public projects, for the paginator",
            "projects_project: the page, with community, street, round and direction",
            "projects_project: the awards in effect on the page",
            "projects_awardnotice: the awards on notice on the page, with the organisation",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_area: the streets and communities, for the filter",
            "orgs_servedgroup: the broad groups with their public projects and beneficiaries",
            "orgs_servedgroup: the groups, for the group filter",
            "projects_project: count of the public projects, for the paginator",
            "projects_project: the page, with community, street, round and direction",
            "projects_project: the awards in effect on the page",
            "projects_awardnotice: the awards on notice on the page, with the organisation",
            *MENU,
        ],
    },
    # The month's pickups and points of every provider the user may see, in one query.
    # --- party-member ties (party/): the workbench's ledgers and the portal's party pages ---
    # The heads' names and phones in full for the street (one log line); masked for the administrator.
    "admin/party/household/": {
        "street_a_officer": [
            *ADMIN,
            COMMUNITIES,
            "party_household: count of the list",
            "party_household: the page, with each community and grid",
            "orgs_accesslog: the access log's line for the heads' phones shown",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            COMMUNITIES,
            ESTIMATE,
            "party_household: count of the list",
            "party_household: the page, with each community and grid",
            UNREAD,
        ],
    },
    "admin/party/householdtie/": {
        "street_a_officer": [
            *ADMIN,
            "party_householdtie: count of the list",
            "party_householdtie: the page, with each party member and household",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_householdtie: count of the list",
            "party_householdtie: the page, with each party member and household",
            UNREAD,
        ],
    },
    "admin/party/householdservice/": {
        "street_a_officer": [
            *ADMIN,
            "party_householdservice: count of the list",
            "party_householdservice: the page, with each household and who served",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_householdservice: count of the list",
            "party_householdservice: the page, with each household and who served",
            UNREAD,
        ],
    },
    "admin/party/dualregistration/": {
        "street_a_officer": [
            *ADMIN,
            "party_dualregistration: count of the list",
            "party_dualregistration: the page, with each party member and community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_dualregistration: count of the list",
            "party_dualregistration: the page, with each party member and community",
            UNREAD,
        ],
    },
    "admin/party/registeredservice/": {
        "street_a_officer": [
            *ADMIN,
            "party_registeredservice: count of the list",
            "party_registeredservice: the page, with each registration's party member and community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_registeredservice: count of the list",
            "party_registeredservice: the page, with each registration's party member and community",
            UNREAD,
        ],
    },
    "admin/party/cadreassignment/": {
        "street_a_officer": [
            *ADMIN,
            "party_cadreassignment: count of the list",
            "party_cadreassignment: the page, with each account, person, community and grid",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_cadreassignment: count of the list",
            "party_cadreassignment: the page, with each account, person, community and grid",
            UNREAD,
        ],
    },
    "admin/party/gridbranch/": {
        "street_a_officer": [
            *ADMIN,
            "party_gridbranch: count of the list",
            "party_gridbranch: the page, with each grid, its community, and the secretary",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "party_gridbranch: count of the list",
            "party_gridbranch: the page, with each grid, its community, and the secretary",
            UNREAD,
        ],
    },
    "admin/party/venuecheck/": {
        "street_a_officer": [
            *ADMIN,
            "party_venueitem: the items, for the item filter",
            "party_venuecheck: count of the list",
            "party_venuecheck: the page, with each organisation and item",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "party_venueitem: the items, for the item filter",
            ESTIMATE,
            "party_venuecheck: count of the list",
            "party_venuecheck: the page, with each organisation and item",
            UNREAD,
        ],
    },
    # The items are shared reference data in a plain admin: its count, then the full total.
    "admin/party/venueitem/": {
        "street_a_officer": [
            *ADMIN,
            "party_venueitem: count of the list",
            "party_venueitem: count of the whole list, for the admin's total",
            "party_venueitem: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "party_venueitem: count of the list",
            "party_venueitem: count of the whole list, for the admin's total",
            "party_venueitem: the page",
            UNREAD,
        ],
    },
    "party/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for party.view_venuecheck
            "orgs_organisation: the live organisations' party figures, in one aggregate",
            "orgs_organisation: count of the party organisations, for the pages",
            "party_venueitem: how many items are in use",
            "party_householdtie: the live ties",
            "party_dualregistration: the live registrations",
            "party_cadreassignment: the cadres sent down today",
            "party_gridbranch: the live grid branches",
            UNREAD,
            "orgs_organisation: the page of party organisations, with items ticked and community",
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for party.view_venuecheck
            "orgs_organisation: the live organisations' party figures, in one aggregate",
            "orgs_organisation: count of the party organisations, for the pages",
            "party_venueitem: how many items are in use",
            "party_householdtie: the live ties",
            "party_dualregistration: the live registrations",
            "party_cadreassignment: the cadres sent down today",
            "party_gridbranch: the live grid branches",
            UNREAD,
            "orgs_organisation: the page of party organisations, with items ticked and community",
        ],
    },
    "party/ties/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for party.view_householdtie
            "orgs_person: count of the party members, for the pages",
            "orgs_person: the page of party members, with households counted and community",
            UNREAD,
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for party.view_householdtie
            "orgs_person: count of the party members, for the pages",
            "orgs_person: the page of party members, with households counted and community",
            UNREAD,
        ],
    },
    "mall/statements/": {
        "street_a_officer": [
            SESSION,
            USER,
            *GRANTS,  # the page asks for mall.view_exchange
            "orgs_provider: the providers the user may see, with their area",
            "mall_exchange: the month's pickups and points, summed by provider",
            UNREAD,
        ],
        "platform_admin": [
            SESSION,
            USER,
            *GRANTS,
            "orgs_provider: every provider, with its area",
            "mall_exchange: the month's pickups and points, summed by provider",
            UNREAD,
        ],
    },
    "public/funds/": {
        "anonymous": [
            "incubators_fund: the funds, with their area",
            "incubators_fundentry: each fund's sums, for its position",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "incubators_fund: the funds, with their area",
            "incubators_fundentry: each fund's sums, for its position",
            *MENU,
        ],
    },
    # The staff map's tickets in a box (grids/maps.py): as points, three here.
    "grids/map/tickets.json": {
        "street_a_officer": [
            SESSION,
            USER,
            "grids_ticket: the open tickets in the box, up to one more than the points shown",
            "grids_ticket: those tickets' categories and places, for their popups",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "grids_ticket: the open tickets in the box, up to one more than the points shown",
            "grids_ticket: those tickets' categories and places, for their popups",
        ],
    },
    "public/organisations/": {
        "anonymous": [
            "orgs_organisation: count of the organisations, for the paginator",
            "orgs_area: the streets, for the street filter",
            "orgs_organisation: the page, with area, street and category",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "orgs_organisation: count of the organisations, for the paginator",
            *MENU,
            "orgs_area: the streets, for the street filter",
            "orgs_organisation: the page, with area, street and category",
        ],
    },
    # --- stories and methods, conventions, community types (issue 24) ----------------------------
    "admin/stories/story/": {
        "street_a_officer": [
            *ADMIN,
            "stories_story: count of the list",
            "stories_story: the page, with area and the submitting organisation",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "stories_story: count of the list",
            "stories_story: the page, with area and the submitting organisation",
            UNREAD,
        ],
    },
    "admin/stories/convention/": {
        "street_a_officer": [
            *ADMIN,
            "stories_convention: count of the list",
            "stories_convention: the page, with each community",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            ESTIMATE,
            "stories_convention: count of the list",
            "stories_convention: the page, with each community",
            UNREAD,
        ],
    },
    # Shared data, not scoped: the same list for every office.
    "admin/orgs/communitytype/": {
        "street_a_officer": [
            *ADMIN,
            "orgs_communitytype: count of the list",
            "orgs_communitytype: count of all, for the total",
            "orgs_communitytype: the page",
            UNREAD,
            HEADER,
        ],
        "platform_admin": [
            *ADMIN,
            "orgs_communitytype: count of the list",
            "orgs_communitytype: count of all, for the total",
            "orgs_communitytype: the page",
            UNREAD,
        ],
    },
    "stories/": {
        "org_leader": [
            SESSION,
            USER,
            *MENU,
            "stories_story: the organisation's own stories, with their area",
        ],
    },
    "public/stories/": {
        "anonymous": [
            "stories_story: count of the published stories, for the paginator",
            "orgs_area: the streets, for the street filter",
            "stories_story: the page of published stories, with area and street",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "stories_story: count of the published stories, for the paginator",
            *MENU,
            "orgs_area: the streets, for the street filter",
            "stories_story: the page of published stories, with area and street",
        ],
    },
    # The feeds: the newest change (ETag, Last-Modified), then the entries.
    "public/stories/feed.atom": {
        "anonymous": [
            "stories_story: the newest change and how many, for ETag and Last-Modified",
            "stories_story: the newest published stories, with area",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "stories_story: the newest change and how many, for ETag and Last-Modified",
            "stories_story: the newest published stories, with area",
        ],
    },
    "public/stories/feed.json": {
        "anonymous": [
            "stories_story: the newest change and how many, for ETag and Last-Modified",
            "stories_story: the newest published stories, with area",
        ],
        "platform_admin": [
            SESSION,
            USER,
            "stories_story: the newest change and how many, for ETag and Last-Modified",
            "stories_story: the newest published stories, with area",
        ],
    },
}


def expected(names: list[str]) -> list[str]:
    """The pin as this database asks it (ESTIMATE is PostgreSQL's alone)."""
    if connection.vendor == "postgresql":
        return names
    return [name for name in names if name != ESTIMATE]


# --- the estate: the matrix's, with every listed row copied -------------------------------------


def copies(obj, n=2, start=1, **changes):
    """`n` rows like `obj`, numbered from `start`; each change is a value, or a
    function of the copy's number for what must differ (unique names, years).
    Made by bulk_create: no save() logic, no history; lists only read them."""
    model = type(obj)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for number in range(start, start + n):
        values = {f.attname: getattr(obj, f.attname) for f in fields}
        for name, change in changes.items():
            value = change(number) if callable(change) else change
            field = model._meta.get_field(name)
            values[field.attname] = value.pk if field.is_relation and value is not None else value
        rows.append(model(**values))
    made = model._base_manager.bulk_create(rows)
    for field in model._meta.many_to_many:  # a project's review panel
        if field.remote_field.through._meta.auto_created:
            related = list(getattr(obj, field.name).all())
            for row in made:
                getattr(row, field.name).set(related)
    return made


def more_rows(estate, personas, n=2, start=1):
    """`n` more rows beside each sample a list shows (copies `start`…), so
    that every list the pins ask has at least three rows for its role."""
    s = {name: sample.obj for name, sample in estate.samples.items()}
    each = {"n": n, "start": start}

    def nth(made):  # the copy of the same number, for rows that point at copies
        return lambda number: made[number - start]

    copies(s["group"], name=lambda i: f"街道台账员{i}", **each)
    copies(s["accesslog"], **each)
    copies(s["textmessage"], key="", **each)
    copies(s["phoneoptout"], phone=lambda i: f"1380000000{i}", **each)
    copies(s["papersurvey"], **each)
    copies(s["surveyanswer"], phone_digest=lambda i: f"digest-{i}", **each)
    people = copies(
        s["person"], name=lambda i: f"周桂芳{i}", phone=lambda i: f"1390371000{i}", **each
    )
    copies(s["talent"], person=nth(people), **each)
    helpers = copies(
        s["volunteer"].person,
        name=lambda i: f"吴志愿{i}",
        phone=lambda i: f"1390371300{i}",
        id_number="",
        **each,
    )
    copies(s["volunteer"], person=nth(helpers), phone=lambda i: f"1390371300{i}", **each)
    number = s["volunteercertificate"].number
    copies(s["volunteercertificate"], number=lambda i: f"{number}{i}", **each)
    copies(s["training"], **each)
    copies(s["commendation"], title=lambda i: f"社区治理先进集体{i}", **each)
    records = copies(s["servicerecord"], **each)
    copies(s["pointsentry"], service_record=nth(records), **each)
    providers = copies(s["provider"], name=lambda i: f"英才巧手理发{i}", **each)
    copies(s["providerclerk"], phone=lambda i: f"1390371009{i}", provider=nth(providers), **each)
    offers = copies(s["mall.offer"], **each)
    gatherings = copies(s["activity"], title=lambda i: f"英才社区重阳敬老活动{i}", **each)
    copies(s["visit"], address=lambda i: f"英才街7号院{i}", **each)
    _honours_rows(s, nth, each)
    concerts = copies(s["subsidyactivity"], title=lambda i: f"夕阳红合唱团社区演出{i}", **each)
    copies(s["subsidy"], activity=nth(concerts), **each)  # issue 24: one subsidy per activity
    first = start == 1  # the samples too, the first time
    residents_rows(s, [s["activity"], *gatherings] if first else gatherings, offers, first)
    # One rule a community: A2, then street B's two.
    codes = [None, "410108001002", "410108002001", "410108002002"]
    copies(s["exchangerule"], community=lambda i: Area.objects.get(code=codes[i]), **each)
    copies(s["platform"], name=lambda i: f"新城街道孵化中心{i}", **each)
    copies(s["quarterplan"], year=lambda i: 2026 - i, **each)
    task_lists = copies(s["tasklist"], year=lambda i: 2026 - i, **each)
    reports = copies(s["progressreport"], task_list=nth(task_lists), **each)
    copies(s["progressentry"], report=nth(reports), **each)
    copies(s["supervisionorder"], task_list=nth(task_lists), **each)
    copies(s["fund"], name=lambda i: f"新城街道社区治理基金{i}", **each)
    copies(s["fundentry"], voucher_number=lambda i: f"XC-2026-{i + 1:02}", **each)
    ended = s["residency"].entered_on
    copies(s["residency"], status="graduated", ended_on=lambda i: ended + timedelta(i), **each)
    copies(s["monthlyreport"], year=lambda i: 2025 - i, **each)
    copies(s["review"], year=lambda i: 2025 - i, **each)
    # Open like the sample's row (the sample object was read before it opened):
    # the public rounds list shows no draft.
    copies(s["round"], title=lambda i: f"2026年公益创投{i}", status="open", **each)
    # Projects past bidding (their bids are listed), and open ones for the tenders.
    closed = copies(s["project"], allocation=None, **each)
    bids = copies(s["bid"], project=nth(closed), **each)
    # Each awarded on notice, as the sample project is (the open data's notices).
    notice = s["objection"].notice
    copies(notice, project=nth(closed), bid=nth(bids), **each)
    soon = timezone.now() + timedelta(days=5)
    opened = copies(
        s["project"],
        status="bidding",
        allocation=None,
        awarded_amount=None,
        bids_close_at=soon,
        n=n + 1,
        start=start,
    )
    # Published by the street, as the public lists ask (projects.disclosure).
    from projects.models import ProjectEvent

    ProjectEvent.objects.bulk_create(
        ProjectEvent(project=row, transition="publish", from_status="draft", to_status="published")
        for row in [*closed, *opened]
    )
    copies(s["need"], **each)
    copies(s["offer"], **each)
    copies(s["resource"], **each)
    # Still to handle (the work queue's default), reported by a resident.
    copies(
        s["ticket"],
        status="in_progress",
        resident_name="王大爷",
        resident_phone="13903710002",
        n=n + 1,
        start=start,
    )
    copies(s["interview"], number=lambda i: 10 + i, **each)
    copies(s["annualassessment"], year=lambda i: 2025 - i, **each)
    copies(s["peerrating"], year=lambda i: 2025 - i, **each)
    copies(s["platformquarter"], year=lambda i: 2025 - i, **each)
    copies(s["platformgrade"], year=lambda i: 2025 - i, **each)
    copies(s["rolluprun"], period=lambda i: str(2010 + i), **each)
    template = s["scoretemplate"]
    copies(template, valid_from=lambda i: template.valid_from - timedelta(366 * i), **each)
    copies(s["axes.accessattempt"], username=lambda i: f"zhou_gf{i}", **each)
    copies(s["axes.accessfailurelog"], **each)
    copies(s["axes.accesslog"], **each)
    # Stories and methods (issue 24): published ones, the leader's drafts, conventions, types.
    copies(s["story"], title=lambda i: f"微光聚力红马甲{i}", **each)
    copies(s["story.draft"], title=lambda i: f"惠家故事草稿{i}", **each)
    copies(s["convention"], title=lambda i: f"英才社区居民公约{i}", **each)
    copies(s["communitytype"], name=lambda i: f"老旧小区{start}-{i}", **each)
    venue_rows(s, each)  # venues (issue 24)
    # Claims (issue 24): each copy claims a wish of its own (one live claim a need).
    wishes = copies(s["claim"].need, title=lambda i: f"独居老人想要一台收音机{i}", **each)
    copies(s["claim"], need=nth(wishes), claimant_phone=RESIDENTS["claimant"], **each)
    if start == 1:
        type(s["claim"]).objects.filter(pk=s["claim"].pk).update(
            claimant_phone=RESIDENTS["claimant"]
        )
    copies(s["departmentoffer"], title=lambda i: f"巾帼志愿者上门服务{i}", **each)
    # Downloads and notifications are each user's own.
    party_rows(s, each, nth)
    for user in (personas.street_a_officer, personas.platform_admin):
        copies(s["download"], owner=user, n=n + 1, start=start)
        Notification.objects.bulk_create(
            Notification(user=user, title=f"通知{i}") for i in range(start, start + n + 1)
        )


def party_rows(s, each, nth):
    """The party ledgers (party/): copies that keep one live tie a household,
    one live registration a person and one live branch a grid; more party
    members and more party organisations for the portal's party pages."""
    from datetime import date

    from party.models import VenueItem

    homes = copies(s["party.household"], address=lambda i: f"英才社区7号楼{i}单元", **each)
    members = copies(s["party.householdtie"].party_member, name=lambda i: f"韩建国{i}", **each)
    copies(s["party.householdtie"], household=nth(homes), party_member=nth(members), **each)
    copies(s["party.householdservice"], **each)
    copies(s["party.dualregistration"], ended_on=lambda i: date(2026, 9, i), **each)
    copies(s["party.registeredservice"], **each)
    copies(s["party.cadreassignment"], **each)
    copies(s["party.gridbranch"], dissolved_on=lambda i: date(2026, 6, i), **each)
    items = list(VenueItem.objects.exclude(pk=s["party.venuecheck"].item_id).order_by("pk"))
    copies(s["party.venuecheck"], item=lambda i: items[i], **each)
    organisation = s["organisation"]
    copies(
        organisation,
        name=lambda i: f"英才社区党员先锋队{i}",
        certificate_number=lambda i: (
            f"{organisation.certificate_number}{i}" if organisation.certificate_number else ""
        ),
        credit_code=lambda i: "",
        party_org_type="joint",
        **each,
    )


def venue_rows(s, each):
    """More venues of community A1, bookings of the sample's room (the
    resident's, an hour apart), and specialisms."""
    copies(s["venue"], name=lambda i: f"英才社区微站点{i}", **each)
    booking = s["booking"]
    copies(
        booking,
        starts_at=lambda i: booking.starts_at + timedelta(hours=i),
        ends_at=lambda i: booking.ends_at + timedelta(hours=i),
        **each,
    )
    copies(s["specialism"], name=lambda i: f"社区服务{i}", **each)


def _honours_rows(s, nth, each):
    """Qualifications of new people of community A1, a reward for each, the
    budgets of earlier years, more kinds, and commendations of people."""
    holders = copies(
        s["qualification"].person,
        name=lambda i: f"王晓燕{i}",
        phone=lambda i: f"1390371400{i}",
        **each,
    )
    qualifications = copies(s["qualification"], person=nth(holders), **each)
    copies(s["reward"], qualification=nth(qualifications), **each)
    copies(s["rewardbudget"], year=lambda i: 2026 - i, **each)
    copies(
        s["qualificationkind"],
        code=lambda i: f"kind-{i}",
        name=lambda i: f"社会工作师{i}",
        position=lambda i: 100 + i,
        **each,
    )
    copies(s["commendation"], organisation=None, person=nth(holders), **each)


def residents_rows(s, gatherings, offers, first):
    """The signed-in phones' own rows, through the services: the volunteer's
    sign-ups to `gatherings` and an exchange of each of `offers` (open ones,
    which the clerk's provider hands out), and another volunteer's exchange
    of each, which the clerk hands out (the provider's month's statement),
    after an hour of service that earns its points."""
    from activities import services as activities
    from mall import services as mall
    from orgs.services import volunteering

    person = activities.person_for_phone(RESIDENTS["volunteer"])
    for activity in gatherings:
        # Signed up the day before, whatever today is: the matrix's activities
        # are in December 2026, and a sign-up closes when an activity starts.
        with override_settings(PLATFORM_TODAY=activity.starts_at.date() - timedelta(days=1)):
            activities.sign_up(activity_id=activity.pk, person=person)
    for offer in offers:
        mall.exchange(phone=RESIDENTS["volunteer"], offer_id=offer.pk)
    helper, service = s["volunteer"], s["servicerecord"]
    for offer in [s["mall.offer"], *offers] if first else offers:
        volunteering.record_service(
            person=helper.person,
            served_on=service.served_on,
            hours=1,
            activity=f"{service.activity}（{offer.pk}）",
            by=service.recorded_by,
            organisation=service.organisation,
        )
        made = mall.exchange(phone=helper.phone, offer_id=offer.pk)
        mall.confirm_pickup(phone=RESIDENTS["clerk"], code=made.code)


@pytest.fixture
def estate(territory, personas, platforms, world, grids):
    estate = build_estate(territory, personas, platforms, world, grids)
    more_rows(estate, personas)
    return estate


@pytest.fixture
def clients(estate, personas):
    """A client per role the pins name: signed in for pages, with a token for the API."""
    found = {"anonymous": (Client(), Client())}
    for role, phone in RESIDENTS.items():  # signed in by phone and code: the session holds it
        page = Client()
        session = page.session
        session[SESSION_KEY] = phone
        session.save()
        found[role] = (page, Client(HTTP_AUTHORIZATION=f"{TOKEN_KEYWORD} {issue_token(phone)}"))
    for role in {role for pins in PINS.values() for role in pins} - {"anonymous", *RESIDENTS}:
        user = getattr(personas, role)
        page = Client()
        page.force_login(user)
        found[role] = (page, Client(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)[1]}"))
    # Each role's grants are read once per process (orgs.auth.role_permissions):
    # read them now, so no pin depends on which test asked first.
    for role in Role.values:
        role_permissions(role)
    return found


def ask(clients, route, role, estate):
    """The queries one GET of the list asks, in a transaction rolled back after
    it (a page that writes, as the notifications page does, writes again next time)."""
    page, api = clients[role]
    url = url_for(route, MATRIX[route], estate)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = (api if route.startswith("api/") else page).get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        transaction.set_rollback(True)
    assert response.status_code == 200, f"{route} | {role}: {response.status_code}"
    return response, [query["sql"] for query in queries.captured_queries]


# Where each portal page keeps the rows it lists.
PORTAL_ROWS = {
    "downloads/": lambda context: len(context["downloads"]),
    "notifications/": lambda context: len(context["notifications"]),
    "grids/": lambda context: len(context["page"]),
    "incubators/": lambda context: context["totals"]["platforms"],
    "projects/": lambda context: len(context["projects"]),
    "projects/bids/": lambda context: len(context["bids"]),
    "projects/needs/": lambda context: len(context["needs"]),
    "projects/review/": lambda context: len(context["projects"]),
    "projects/tenders/": lambda context: len(context["projects"]),
    "public/organisations/": lambda context: len(context["page"]),
    "public/rounds/": lambda context: len(context["rounds"]),
    "public/projects/": lambda context: len(context["page"]),
    "public/funds/": lambda context: len(context["rows"]),
    "venues/": lambda context: len(context["bookings"]),
    "public/venues/": lambda context: len(context["venues"]),
    "public/platforms/": lambda context: len(context["platforms"]),
    "me/venues/": lambda context: len(context["bookings"]),
    "mall/statements/": lambda context: len(context["rows"]),
    "party/": lambda context: len(context["page"].object_list),
    "party/ties/": lambda context: len(context["rows"]),
    "me/reports/": lambda context: len(context["tickets"]) + len(context["needs"]),
    "me/mall/": lambda context: len(context["exchanges"]) + len(context["offers"]),
    "activities/mine/": lambda context: len(context["registrations"]) + len(context["attendances"]),
    "mall/provider/": lambda context: len(context["waiting"]),
    "me/volunteer/": lambda context: len(context["records"]) + len(context["entries"]),
    "mall/provider/statement/": lambda context: len(context["statement"].exchanges),
    "me/claims/": lambda context: len(context["claims"]),
    "activities/": lambda context: sum(len(listed) for _day, listed in context["days"]),
    "public/activities/": lambda context: sum(len(listed) for _day, listed in context["days"]),
    "visits/": lambda context: len(context["page"]),
    "public/stories/": lambda context: len(context["page"]),
    "stories/": lambda context: len(context["stories"]),
    "honours/qualifications/": lambda context: len(context["page"]),
    "public/honours/": lambda context: len(context["page"]),
    "activities/subsidies/": lambda context: len(context["page"]),  # issue 24
}


def rows_listed(route, response) -> int:
    """How many rows the list shows."""
    if route in PORTAL_ROWS:
        return PORTAL_ROWS[route](response.context)
    if route == "grids/map/tickets.json":
        return len(response.json()["points"])
    if route.startswith("admin/") and route != "admin/autocomplete/":
        return response.context["cl"].result_count
    if route == "public/activities/calendar.ics":
        return response.content.count(b"BEGIN:VEVENT")
    if route == "public/stories/feed.atom":
        return response.content.count(b"<entry>")
    if route == "public/stories/feed.json":
        return len(response.json()["items"])
    data = response.json()
    if route == "api/v1/residents/me/reports/":
        return len(data["tickets"]) + len(data["needs"])
    if isinstance(data, list):
        return len(data)
    return data["count"] if "count" in data else len(data["results"])  # the autocomplete's


def main_table(sql: str) -> str:
    """The table a statement reads or writes: the outermost FROM (that of a
    COUNT over a subquery, the subquery's), or the table written."""
    if written := re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM) "(\w+)"', sql):
        return written[1]
    depth, at = 0, 0
    while at < len(sql):
        char = sql[at]
        if char == "'":  # a literal may hold anything
            at = sql.index("'", at + 1)
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif depth == 0 and sql.startswith(" FROM ", at):
            rest = sql[at + 6 :]
            if rest.startswith("("):
                return main_table(rest[1:])
            return re.match(r'"?(\w+)', rest)[1]
        at += 1
    return "?"


# --- the tests -----------------------------------------------------------------------------------


def test_every_list_asks_the_queries_pinned(clients, estate):
    problems = []
    for route, pins in PINS.items():
        for role, names in pins.items():
            response, asked = ask(clients, route, role, estate)
            shown = rows_listed(route, response)
            if shown < 3:
                problems.append(f"{route} | {role}: {shown} rows listed; the pin needs three")
            names = expected(names)
            if [main_table(sql) for sql in asked] != [name.split(":")[0] for name in names]:
                problems.append(
                    f"{route} | {role}: {len(asked)} queries asked, {len(names)} pinned\n"
                    + "\n".join(
                        f"    {name or '(not pinned)':<60.60} | {sql[:400]}"
                        for name, sql in zip_longest(names, asked, fillvalue="")
                    )
                )
    assert not problems, "\n".join(problems)


def test_no_list_asks_once_per_row(clients, estate, personas):
    """With a row more in every list, every list asks what its pin says it
    asks with three (test_every_list_asks_the_queries_pinned checks that)."""
    more_rows(estate, personas, n=1, start=3)
    grown = []
    for route, pins in PINS.items():
        for role, names in pins.items():
            pinned, asked = len(expected(names)), len(ask(clients, route, role, estate)[1])
            if asked != pinned:
                grown.append(f"{route} | {role}: {pinned} queries pinned, {asked} with a row more")
    assert not grown, "\n".join(grown)


# Lists with one pin: the platform administrator's own (no scoped role sees
# them), and an organisation leader's or a reviewer's own pages (the
# administrator is refused them: 403).
ONE_ROLE = {
    "admin/auth/group/",
    "admin/axes/accessattempt/",
    "admin/axes/accessfailurelog/",
    "admin/axes/accesslog/",
    "admin/orgs/accesslog/",
    "admin/notifications/textmessage/",
    "projects/bids/",
    "projects/tenders/",
    "projects/review/",
    # A resident's own pages and API: a staff login is no resident's sign-in,
    # so the administrator is sent to sign in by phone (or refused: 401).
    "api/v1/residents/me/reports/",
    "me/reports/",
    "me/mall/",
    "activities/mine/",
    "mall/provider/",
    "me/volunteer/",
    "mall/provider/statement/",
    "stories/",  # a leader's drafts: the office is sent to the admin's list
    "me/venues/",
    "me/claims/",
}


def test_every_list_has_a_pin():
    """Every admin changelist and every list of the URL matrix (a format
    suffix's twin and a spreadsheet export aside) is pinned, for a scoped
    role and the platform administrator."""
    changelists = {f"admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry}
    listed = {
        route
        for route, entry in MATRIX.items()
        if entry.lists and "(?P<format>" not in route and not route.endswith("/export/")
    }
    assert sorted((changelists | listed) - set(PINS)) == []
    assert sorted(set(PINS) - set(MATRIX)) == []  # a route the site no longer has
    for route, pins in PINS.items():
        assert len(pins) == (1 if route in ONE_ROLE else 2), route
        assert route in ONE_ROLE or "platform_admin" in pins, route
