"""Production: PostgreSQL, Redis, real workers, and no silent defaults.

Refuses to start unless SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and
REDIS_URL are set; passes `manage.py check --deploy`.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env, require
from lib import sms
from lib.sms import templates as sms_templates

require("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL")

from .base import *  # noqa: E402, F403

DEBUG = False
# A pinned day (lib.clock) is for a demo or a training copy: on a real office's
# server it would stop every deadline. `dev.py start` writes one into `.env`,
# which every settings module reads; refuse it here unless it is meant.
if PLATFORM_TODAY and not env.bool("ALLOW_PINNED_TODAY", default=False):  # noqa: F405
    raise ImproperlyConfigured(
        f"PLATFORM_TODAY={PLATFORM_TODAY} pins the platform's day (a demo's .env?): "  # noqa: F405
        "remove it, or set ALLOW_PINNED_TODAY=true for a training copy."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_TASK_ALWAYS_EAGER = False

# gunicorn serves the static files itself, compressed and cache-busted, where
# nginx does not. WhiteNoise answers them at once, so it goes right after the
# security middleware (HTTPS redirect, HSTS, nosniff), not before it.
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP (config/health.py answers these before
# SecurityMiddleware anyway; this keeps them exempt if the order changes).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads and private files as in base (local folders, or S3_BUCKET).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One reverse proxy (nginx) terminates TLS in front of gunicorn.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT  # noqa: F405

# Text messages: a provider without its keys, signature, app id (Tencent) or
# an approved template id for each of our templates would fail every message
# at sending time, one by one, where nobody looks; refuse to start instead.
# "outbox" (the default) needs nothing: messages are only kept, not sent.
# Any other value is a dotted path to a backend class of one's own.
if SMS_BACKEND not in sms.BACKENDS and "." not in SMS_BACKEND:  # noqa: F405
    raise ImproperlyConfigured(
        f"SMS_BACKEND={SMS_BACKEND}: use outbox, aliyun, tencent or a dotted path to a class."  # noqa: F405
    )
if SMS_BACKEND in {"aliyun", "tencent"}:  # noqa: F405
    _needed = ["SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME"]
    if SMS_BACKEND == "tencent":  # noqa: F405
        _needed.append("SMS_APP_ID")
    _missing = [name for name in _needed if not globals()[name]]
    _no_id = [key for key in sms_templates.TEMPLATES if not SMS_TEMPLATE_IDS.get(key)]  # noqa: F405
    if _missing or _no_id:
        raise ImproperlyConfigured(
            f"SMS_BACKEND={SMS_BACKEND} needs "  # noqa: F405
            + "; ".join(
                ([", ".join(_missing)] if _missing else [])
                + ([f"SMS_TEMPLATE_IDS for {', '.join(_no_id)}"] if _no_id else [])
            )
            + " (README: Text messages)."
        )
