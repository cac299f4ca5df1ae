"""How the platform runs: Redis (cache and Celery broker), Celery, email,
health probes, logs and error tracking: part of `config.settings.base`,
which gathers the parts."""

from config.env import env
from config.logs import logging_config
from config.sentry import init as init_sentry

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
    # Per process: each gunicorn worker keeps its own, and a change made in one
    # process invalidates the public pages (lib/pagecache.py) of that process
    # only. Fine for the embedded default, which runs as one process; several
    # processes or machines need REDIS_URL, where all share one cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages (an organisation's page, the directory) are kept whole in this
# cache for visitors without a session (lib/pagecache.py): changes made through
# the platform show on the next request; this is how long a page may live
# after a write that bypassed the platform (SQL by hand) before it is redone;
# 0 turns the cache off (every request renders, as bench/http_load.py compares).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# How long a browser may reuse such a page without asking again (private: the
# page carries the visitor's own CSRF token, so no shared cache may keep it).
PUBLIC_PAGE_BROWSER_SECONDS = env.int("PUBLIC_PAGE_BROWSER_SECONDS", default=60)

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


# --- Email ------------------------------------------------------------------
# Notifications are also emailed when EMAIL_URL is set (e.g. smtp+tls://user:pass@host:587).
EMAIL_NOTIFICATIONS = bool(env.str("EMAIL_URL", default=""))
if EMAIL_NOTIFICATIONS:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SITE_URL = env.str("SITE_URL", default="")

# --- Text messages (SMS) ------------------------------------------------------
# Residents get their tracking and rating links and their sign-in codes by SMS,
# leaders their reminders (lib/sms, notifications.texts). The embedded default
# sends nothing: every message is kept in the database outbox, readable at
# /notifications/outbox/ only with DEBUG on. "aliyun" or "tencent" send through
# Alibaba Cloud or Tencent Cloud SMS with the office's approved templates: the
# template ids as SMS_TEMPLATE_IDS=code=SMS_1,tracking=SMS_2,... (one per key
# of lib/sms/templates.py), the signature, the keys; SMS_ENDPOINT overrides the
# provider's address (a private cloud, or a test's local server).
SMS_BACKEND = env.str("SMS_BACKEND", default="outbox")
SMS_SIGN_NAME = env.str("SMS_SIGN_NAME", default="")
SMS_ACCESS_KEY_ID = env.str("SMS_ACCESS_KEY_ID", default="")
SMS_ACCESS_KEY_SECRET = env.str("SMS_ACCESS_KEY_SECRET", default="")
SMS_APP_ID = env.str("SMS_APP_ID", default="")  # Tencent Cloud's SmsSdkAppId
SMS_REGION = env.str("SMS_REGION", default="")
SMS_ENDPOINT = env.str("SMS_ENDPOINT", default="")
SMS_TEMPLATE_IDS = env.dict("SMS_TEMPLATE_IDS", default={})
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=5)

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
