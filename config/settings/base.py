"""Settings shared by every environment, with the embedded default.

With no environment at all the platform runs on a SQLite file in the project
folder, Celery tasks run eagerly in-process and DEBUG is on, so a newcomer
needs nothing installed. Set DATABASE_URL and REDIS_URL and it runs on
PostgreSQL with a Redis broker and cache, for real workers and beat.
`production.py` builds on this and refuses to start without its secrets.

This module holds the core (apps, middleware, templates, database, language,
files) and gathers the parts by subject: `security.py` (accounts, logins,
CSP), `api.py` (REST framework, tokens, OpenAPI), `operations.py` (Redis,
Celery, email, health, logs, error tracking) and `domain.py` (the rules an
office tunes). Everything imports `config.settings.base`, never a part.
"""

from import_export.formats.base_formats import CSV, XLSX

from config.env import BASE_DIR, dev_secret_key, env
from config.s3 import s3_storages

from .api import *  # noqa: F403
from .domain import *  # noqa: F403
from .operations import *  # noqa: F403
from .security import *  # noqa: F403

SECRET_KEY = env.str("SECRET_KEY", default="") or dev_secret_key()
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first, so their templates override the admin's.
    "orgs",
    # Services every app uses, addressed to an account: above orgs, below the
    # domain apps.
    "notifications",
    "downloads",
    "incubators",
    "projects",
    "grids",
    # Residents without accounts: sign-in by phone and code, their reports,
    # the survey's verified phones. Above grids and projects, below assessments.
    "residents",
    # Volunteers are residents who registered to serve (same phone sign-in);
    # activities and meetings sign them in by QR; the points mall spends
    # what they earn. Above residents, below assessments.
    "volunteers",
    "activities",
    "mall",
    "party",
    "visits",
    "venues",
    "honours",
    "stories",
    "claims",
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
    "config.admin.LoginLockoutsConfig",  # django-axes, named in Chinese
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
                "notifications.context_processors.unread_notifications",
                "orgs.context_processors.roles",
                "orgs.context_processors.todos",
                "lib.display.display",
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


# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Amounts grouped by thousands in Chinese too (config/formats/zh_Hans).
FORMAT_MODULE_PATH = ["config.formats"]
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
# An import job and its report (which quotes the file's rows) are deleted after this.
IMPORT_JOB_KEEP_DAYS = env.int("IMPORT_JOB_KEEP_DAYS", default=30)
# Which library writes the xlsx exports (lib/spreadsheets/writer.py): "rust"
# (rustpy-xlsxwriter, about ten times faster) or "xlsxwriter", the way back
# should the young Rust binding misbehave. Both write the same cells.
SPREADSHEET_WRITER = env.str("SPREADSHEET_WRITER", default="rust")

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
