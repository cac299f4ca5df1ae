"""Settings shared by every environment, with the embedded default.

With no environment at all the platform runs on a SQLite file in the project
folder, Celery tasks run eagerly in-process and DEBUG is on, so a newcomer
needs nothing installed. Set DATABASE_URL and REDIS_URL and it runs on
PostgreSQL with a Redis broker and cache, for real workers and beat.
`production.py` builds on this and refuses to start without its secrets.
"""

from datetime import timedelta

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from config.env import BASE_DIR, dev_secret_key, env
from config.logs import logging_config
from config.s3 import s3_storages
from config.sentry import init as init_sentry

SECRET_KEY = env.str("SECRET_KEY", default="") or dev_secret_key()
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first, so their templates override the admin's.
    "orgs",
    "incubators",
    "projects",
    "grids",
    "assessments",
    "devdata",  # the demo and city generators' commands; no app imports it
    "config.admin.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: answers /healthz and /readyz before host checks and redirects.
    "config.health.HealthMiddleware",
    # An id for each request, on its log lines and in X-Request-ID (config/logs.py).
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy header, below
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orgs.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.unread_notifications",
                "orgs.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions keep the dev server from "database is
    # locked" when a page and an eager task write at once.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker ---------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, reading as an empty cache while Redis is unreachable.
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="shequ"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# No broker configured: run tasks in-process so the embedded default works.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another
# ...and so does a pool process killed under a living worker (the OOM killer
# picks the process running the big job): without this, Celery acknowledges
# the lost task and it never runs again. Every task here is safe to rerun
# (rollups per period, downloads by their state, reminders by their key); one
# that killed its process every time would loop, loudly, in the worker's log.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # tasks record their outcome in our own tables
# A page that queues a task must not hang on a Redis that is down or cut off:
# connect within 2 s, give up on a silent server after 3 s, retry a publish
# once; the page then says the work could not be started.
#
# A message a worker took and never acknowledged (the worker was killed) goes
# to another worker after the visibility timeout: 5 minutes, not Redis's
# default hour. A task still running then is handed out a second time, so
# every long task guards itself (the rollups by their run row, the download
# centre by a claim on the download); the README's table says what a rerun of
# each task does. Keep it above the longest ETA/countdown a task is queued
# with (email retries back off for half a minute at most).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = "Asia/Shanghai"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any login, site, admin or API token, of a locked-out account.
    "axes.backends.AxesStandaloneBackend",
    "orgs.auth.RoleBackend",  # permissions come from the role, declared in code
    "django.contrib.auth.backends.ModelBackend",  # extra grants made in the admin
]
# Passwords: at least 10 characters mixing three of upper case, lower case,
# digits and symbols (等保 2.0 asks for complexity), not like the username,
# not a common or all-digit password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "orgs.auth.CharacterClassesValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
# A session lasts one working day at most, and ends when the browser closes
# (offices share computers).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed logins (django-axes): five wrong passwords for one username lock that
# username out for 15 minutes, from any address, on the site, the admin and the
# API token endpoint alike; a correct login resets the count. Attempts and
# logins are kept in the database (admin: Access attempts / Access logs);
# `manage.py axes_reset_username <name>` unlocks early.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the lockout parameters, against
# attackers rotating user agents or cookies; neither escapes a lock on the
# username. Locking addresses would lock a whole street office behind one NAT
# address after five typos by different people.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "orgs.auth.locked_out"
AXES_COOLOFF_MESSAGE = _("Too many failed logins: this account is locked for a while.")
AXES_CLIENT_IP_CALLABLE = "lib.clients.client_ip"
# How many reverse proxies (nginx, a load balancer) stand before the app and
# append to X-Forwarded-For; 0 means REMOTE_ADDR is the client. One rule
# (lib.clients.client_ip) reads it for axes, the API throttles and the forms.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Content-Security-Policy (django-csp) ----------------------------------
# Every response says the browser may run only scripts and styles served from
# the platform's own static files: an inline <script>, an onclick= handler, a
# javascript: link, eval() and <style> or style= markup are all refused, so
# markup injected past escaping cannot run. Pages pass data to their scripts
# with data- attributes or json_script. No CDN is allowed (offices' networks
# are often closed to them anyway). Uploaded images are served by the platform
# itself; a file storage on another host (S3, OSS) must be added to img-src.
# tests/test_csp.py and tests/browser/test_csp_pages.py keep every page to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Files ----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# The local folders of the two storages below: MEDIA_ROOT for uploads,
# PRIVATE_ROOT for personal uploads, download-centre files and import staging.
# No web server should serve either folder: the platform's views do.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=BASE_DIR / "private")
# Where files are kept: "default" for uploads, "private" for the download
# centre and import staging. Browsers never fetch from either: every file goes
# through a view of the platform that checks who asks (orgs.views.files), so
# the store needs no public address. Local folders unless S3_BUCKET is set;
# then both live in that bucket (an S3-compatible store: MinIO, Aliyun OSS,
# Huawei OBS), under "media/" and "private/", private to the platform's keys.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES = s3_storages(
        bucket=S3_BUCKET,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("S3_REGION", default="us-east-1"),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default="path"),
    )
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "config.storage.PrivateFileSystemStorage"},
    }
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Days a finished download is kept before it is deleted.
DOWNLOAD_KEEP_DAYS = env.int("DOWNLOAD_KEEP_DAYS", default=7)

# --- Libraries ------------------------------------------------------------
# History is an audit trail, not a time machine: reverting would bypass the
# workflow services (filing, tenders, tickets) that guard state changes.
SIMPLE_HISTORY_REVERT_DISABLED = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Exporting needs the view permission, importing the add permission; rows are
# limited to the user's jurisdiction by the admin's get_queryset either way.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
# Offices work in Excel: xlsx first, CSV for other tools.
IMPORT_EXPORT_FORMATS = [XLSX, CSV]


# --- Domain rules -------------------------------------------------------
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

# --- Email ------------------------------------------------------------------
# Notifications are also emailed when EMAIL_URL is set (e.g. smtp+tls://user:pass@host:587).
EMAIL_NOTIFICATIONS = bool(env.str("EMAIL_URL", default=""))
if EMAIL_NOTIFICATIONS:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SITE_URL = env.str("SITE_URL", default="")

# Micro-projects: points added to a five-star organisation's bid in the
# ranking (the "priority" of seed 001); 0 makes five stars a tie-break only.
FIVE_STAR_BONUS = env.float("FIVE_STAR_BONUS", default=5)
# Days before bidding closes that bidders are reminded.
BID_REMINDER_DAYS = env.int("BID_REMINDER_DAYS", default=2)

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
# Platforms: the annual grade (out of 100) from the share of monthly reports
# received, the quarterly, half-year and annual review scores; A/B/C by the
# lowest threshold reached, else D.
PLATFORM_WEIGHTS = {"reports": 10, "quarterly": 30, "half_year": 20, "annual": 40}
PLATFORM_GRADES = {"A": 90, "B": 75, "C": 60}
# Organisations each community should have (Wuhan's target: 20 urban, 5 rural).
ORGANISATIONS_TARGET_URBAN = env.int("ORGANISATIONS_TARGET_URBAN", default=20)
ORGANISATIONS_TARGET_RURAL = env.int("ORGANISATIONS_TARGET_RURAL", default=5)

# The JSON API (/api/v1/) for the mini-program and apps: token or session
# authentication, jurisdiction applied by each view, OpenAPI schema at
# /api/schema/ with its documentation at /api/docs/ (served locally).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "orgs.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "lib.api.ApiSchema",
    "EXCEPTION_HANDLER": "lib.api.exception_handler",
    # Our throttles ask lib.clients.client_ip; NUM_PROXIES makes any plain DRF
    # throttle read the same entry (0: REMOTE_ADDR, never the whole header).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("API_LOGIN_RATE", default="10/min"),
        "public_report": env.str("API_PUBLIC_REPORT_RATE", default="10/hour"),
        "public_rating": env.str("API_PUBLIC_RATING_RATE", default="30/hour"),
    },
}
# API tokens (POST /api/v1/auth/token/) last a week: the mini-program runs on
# grid members' own phones, used in the field every day, where typing a
# password each morning is friction; a week bounds what a leaked token is
# worth. Each login issues a new token (one per device); a password change,
# a reset, deactivation, lockout or POST /api/v1/auth/logout/ ends them sooner.
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=7 * 24)
SPECTACULAR_SETTINGS = {
    "TITLE": "社区社会组织管理平台 API",
    "DESCRIPTION": "Grid tickets for the mini-program and apps: report, follow, rate.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Operations: health, logs, error tracking ------------------------------
# /readyz measures the database, Redis and storages at most this often per
# process; probes in between get the remembered answer (config/health.py).
HEALTH_CACHE_SECONDS = env.float("HEALTH_CACHE_SECONDS", default=5)
# Logs: time, level, logger and request id on every line, phones and ID
# numbers masked (config/logs.py); LOG_FORMAT=json for one JSON object a line.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = logging_config(level=env.str("LOG_LEVEL", default="INFO"), fmt=LOG_FORMAT)
# Celery's worker keeps these handlers and filters instead of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Error tracking (Sentry, self-hosted Sentry or GlitchTip): off unless
# SENTRY_DSN is set; events are scrubbed of personal data (config/sentry.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
init_sentry(
    dsn=SENTRY_DSN,
    environment=env.str("SENTRY_ENVIRONMENT", default=""),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
