"""The test suite: the base settings with fast hashing and eager tasks.

DATABASE_URL and REDIS_URL still apply, so CI runs the tests marked
`postgres` on PostgreSQL and Redis. Tests that need a real worker start one
themselves.
"""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-anything-real-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="shequ-test-media-")
PRIVATE_ROOT = tempfile.mkdtemp(prefix="shequ-test-private-")
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "shequ-test"  # noqa: F405
    # Under pytest-xdist each worker gets a Redis database of its own (the
    # next numbers after REDIS_URL's): a test's cache.clear() empties the whole
    # database, which would drop tasks the other worker's real Celery worker
    # is about to take.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        _base, _, _number = REDIS_URL.rpartition("/")  # noqa: F405
        REDIS_URL = f"{_base}/{(int(_number or 0) + int(_worker[2:])) % 16}"
        CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
        CELERY_BROKER_URL = REDIS_URL
# Tests pin the platform's day themselves (override_settings): a demo's
# PLATFORM_TODAY in .env must not move every deadline the suite checks.
PLATFORM_TODAY = None
# The demo and the city generator run here (DEBUG is off, as in production).
GENERATED_DATA_ALLOWED = True
