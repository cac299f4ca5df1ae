"""The rules an office may tune (points, deadlines, thresholds, weights,
targets) and the size limits of uploads and imports: part of
`config.settings.base`, which gathers the parts."""

from datetime import date

from django.core.exceptions import ImproperlyConfigured

from config.env import env

# Points a volunteer earns per hour of service (志愿服务积分).
VOLUNTEER_POINTS_PER_HOUR = env.int("VOLUNTEER_POINTS_PER_HOUR", default=10)

# Spreadsheet imports: refuse what would exhaust the server.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Quarterly checklists: days after a task's due date before it counts as
# lagging (0: due and not done), and days a platform has to answer a
# supervision order.
CHECKLIST_GRACE_DAYS = env.int("CHECKLIST_GRACE_DAYS", default=0)
SUPERVISION_ANSWER_DAYS = env.int("SUPERVISION_ANSWER_DAYS", default=10)

# Micro-projects: points added to a five-star organisation's bid in the
# ranking (the "priority" of seed 001); 0 makes five stars a tie-break only.
FIVE_STAR_BONUS = env.float("FIVE_STAR_BONUS", default=5)
# Days before bidding closes that bidders are reminded.
BID_REMINDER_DAYS = env.int("BID_REMINDER_DAYS", default=2)
# An award is on public notice (公示) this many working days before it takes
# effect, for a project outside a round (a round sets its own, Round.notice_days).
AWARD_NOTICE_DAYS = env.int("AWARD_NOTICE_DAYS", default=5)

# Residents (issue 20): messages to a phone and sign-in by a one-time code.
# A phone gets at most SMS_PER_PHONE_PER_DAY messages a day besides the codes
# it asks for; a short link (/t/<code>) opens its page for SHORT_LINK_DAYS.
# A sign-in code lasts RESIDENT_CODE_MINUTES, works once and dies after
# RESIDENT_CODE_ATTEMPTS wrong tries; a phone may ask for one every
# RESIDENT_CODE_INTERVAL_SECONDS and RESIDENT_CODES_PER_PHONE_HOUR an hour,
# an address (lib.clients) RESIDENT_CODES_PER_ADDRESS_HOUR an hour.
SMS_PER_PHONE_PER_DAY = env.int("SMS_PER_PHONE_PER_DAY", default=10)
SHORT_LINK_DAYS = env.int("SHORT_LINK_DAYS", default=30)
RESIDENT_CODE_MINUTES = env.int("RESIDENT_CODE_MINUTES", default=5)
RESIDENT_CODE_ATTEMPTS = env.int("RESIDENT_CODE_ATTEMPTS", default=5)
RESIDENT_CODE_INTERVAL_SECONDS = env.int("RESIDENT_CODE_INTERVAL_SECONDS", default=60)
RESIDENT_CODES_PER_PHONE_HOUR = env.int("RESIDENT_CODES_PER_PHONE_HOUR", default=5)
RESIDENT_CODES_PER_ADDRESS_HOUR = env.int("RESIDENT_CODES_PER_ADDRESS_HOUR", default=20)
# A resident stays signed in (by code) this many days on their phone.
RESIDENT_SESSION_DAYS = env.int("RESIDENT_SESSION_DAYS", default=30)

# Grid tickets: the resident's rating link lasts this many days; unrated
# after the waiting days a resolved ticket closes as "no answer"; a rating
# below the threshold reopens it; ratings from TICKET_SATISFIED_FROM count
# as satisfied. Overdue tickets go to the street after the first number of
# working days overdue, to the district after the second.
TICKET_RATING_LINK_DAYS = env.int("TICKET_RATING_LINK_DAYS", default=14)
TICKET_RATING_WAIT_DAYS = env.int("TICKET_RATING_WAIT_DAYS", default=7)
TICKET_REOPEN_BELOW = env.int("TICKET_REOPEN_BELOW", default=3)
TICKET_SATISFIED_FROM = env.int("TICKET_SATISFIED_FROM", default=3)
TICKET_ESCALATE_TO_STREET_DAYS = env.int("TICKET_ESCALATE_TO_STREET_DAYS", default=0)
TICKET_ESCALATE_TO_DISTRICT_DAYS = env.int("TICKET_ESCALATE_TO_DISTRICT_DAYS", default=3)

# Assessments (seed 001: "月规范+年考核"). A monthly score below
# ASSESSMENT_LOW_SCORE (out of 10) is low; ASSESSMENT_LOW_MONTHS low months in
# a row raise an interview reminder; an interview's rectification deadline
# defaults to ASSESSMENT_RECTIFY_DAYS later. The annual score (out of 100)
# combines its parts by ASSESSMENT_WEIGHTS (a missing part's weight is shared
# among the others; the monthly average counts x10); stars by the lowest
# threshold reached, else 1; party building is counted first: below
# ASSESSMENT_PARTY_PASS, at most ASSESSMENT_PARTY_FAIL_CAP stars. Organisations
# rated ASSESSMENT_LOW_STARS or fewer are interviewed.
ASSESSMENT_LOW_SCORE = env.float("ASSESSMENT_LOW_SCORE", default=6)
ASSESSMENT_LOW_MONTHS = env.int("ASSESSMENT_LOW_MONTHS", default=3)
ASSESSMENT_RECTIFY_DAYS = env.int("ASSESSMENT_RECTIFY_DAYS", default=30)
ASSESSMENT_WEIGHTS = {"party": 30, "monthly": 30, "self": 10, "peer": 15, "residents": 15}
ASSESSMENT_STARS = {5: 90, 4: 80, 3: 70, 2: 60}
ASSESSMENT_PARTY_PASS = env.float("ASSESSMENT_PARTY_PASS", default=60)
ASSESSMENT_PARTY_FAIL_CAP = env.int("ASSESSMENT_PARTY_FAIL_CAP", default=3)
ASSESSMENT_LOW_STARS = env.int("ASSESSMENT_LOW_STARS", default=3)
# The residents' part (群众评) is the average of the year's survey answers,
# online (one per verified phone) and on paper (each batch weighted by its
# forms). With fewer than ASSESSMENT_RESIDENTS_MIN_ANSWERS answers it is NOT
# ASSESSED: shown as such, and counted in the total as
# ASSESSMENT_RESIDENTS_UNASSESSED_SCORE rather than its weight being shared
# among the other parts. 0 is the score of the worst answers, so a handful of
# answers, or none, never gives more stars than bad answers would.
# The monthly score's items that ask for sign-in records (ScoreItem.needs_sign_in)
# get at most half their points in a month with no signed-in activity, from
# this month on: the first month the platform records sign-ins (December 2026,
# when QR sign-in arrived; an office that starts later sets its own first
# month). Months before it were scored, and are corrected, without the rule.
_sign_in_rule_from = env.str("ASSESSMENT_SIGN_IN_RULE_FROM", default="2026-12-01")
try:
    ASSESSMENT_SIGN_IN_RULE_FROM = date.fromisoformat(_sign_in_rule_from).replace(day=1)
except ValueError:
    raise ImproperlyConfigured(
        "ASSESSMENT_SIGN_IN_RULE_FROM must be a date written YYYY-MM-DD, "
        f"not {_sign_in_rule_from!r}"
    ) from None
ASSESSMENT_RESIDENTS_MIN_ANSWERS = env.int("ASSESSMENT_RESIDENTS_MIN_ANSWERS", default=20)
ASSESSMENT_RESIDENTS_UNASSESSED_SCORE = env.float(
    "ASSESSMENT_RESIDENTS_UNASSESSED_SCORE", default=0
)
# Platforms: the annual grade (out of 100) from the share of monthly reports
# received, the quarterly, half-year and annual review scores; A/B/C by the
# lowest threshold reached, else D.
PLATFORM_WEIGHTS = {"reports": 10, "quarterly": 30, "half_year": 20, "annual": 40}
PLATFORM_GRADES = {"A": 90, "B": 75, "C": 60}
# Organisations each community should have (Wuhan's target: 20 urban, 5 rural).
ORGANISATIONS_TARGET_URBAN = env.int("ORGANISATIONS_TARGET_URBAN", default=20)
ORGANISATIONS_TARGET_RURAL = env.int("ORGANISATIONS_TARGET_RURAL", default=5)

# Activities (activities.checkin): the QR code on the organiser's page
# changes every minute and the one before it is still taken (a slow camera, a
# sign-in first); a scan counts from ACTIVITY_CHECKIN_EARLY_MINUTES before the
# start to ACTIVITY_CHECKIN_LATE_MINUTES after the end; a check-out sooner
# than ACTIVITY_CHECKOUT_MIN_MINUTES after the check-in is refused (a double
# scan). A resident who scans before signing in by phone has
# ACTIVITY_CHECKIN_SIGN_IN_MINUTES to sign in and come back.
ACTIVITY_CHECKIN_EARLY_MINUTES = env.int("ACTIVITY_CHECKIN_EARLY_MINUTES", default=30)
ACTIVITY_CHECKIN_LATE_MINUTES = env.int("ACTIVITY_CHECKIN_LATE_MINUTES", default=120)
ACTIVITY_CHECKOUT_MIN_MINUTES = env.int("ACTIVITY_CHECKOUT_MIN_MINUTES", default=10)
ACTIVITY_CHECKIN_SIGN_IN_MINUTES = env.int("ACTIVITY_CHECKIN_SIGN_IN_MINUTES", default=10)

# The platform's "today" (lib.clock): empty for the calendar date; a demo or a
# training copy pins it so that its story's deadlines stay put.
_pinned_today = env.str("PLATFORM_TODAY", default="")
try:
    PLATFORM_TODAY = date.fromisoformat(_pinned_today) if _pinned_today else None
except ValueError:
    raise ImproperlyConfigured(
        f"PLATFORM_TODAY must be a date written YYYY-MM-DD, not {_pinned_today!r}"
    ) from None
