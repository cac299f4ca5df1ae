"""Health endpoints for load balancers and orchestrators.

- `/healthz` (liveness): the process answers. No database, no Redis, nothing
  but this function, so a probe every few seconds costs nothing and a
  database outage does not make the balancer kill healthy web processes.
- `/readyz` (readiness): the database, Redis (cache and broker, when
  REDIS_URL is set) and the file storages ("default", and "private" where it
  is configured) each answer. 200 with {"database": "ok", ...}, or 503 naming
  what failed as "error". The result is kept in this process's memory for
  HEALTH_CACHE_SECONDS, so a flood of probes reaches the services once per
  interval per process. The body names services only: no addresses, no
  exception text (the log has the exception for the operator).

`HealthMiddleware` stands first in MIDDLEWARE and answers both paths before
anything else runs: before SecurityMiddleware's HTTPS redirect (balancers
probe over plain HTTP) and before anything asks for the host (balancers probe
by IP address, which ALLOWED_HOSTS does not list), and without a session or a
login. The two paths are in the URL conf too, for the URL matrix and for
anyone reading the routes.

Written here rather than taken from django-health-check: the whole job is a
few checks, and that library adds an installed app per backend and HTML
pages, and runs every check on every probe.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections
from django.http import HttpResponse

log = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
STORAGE_ALIASES = ("default", "private")

_lock = threading.Lock()
_cached: tuple[float, dict[str, str]] | None = None


def forget() -> None:
    """Drop the cached readiness result (tests, and nothing else)."""
    global _cached
    with _lock:
        _cached = None


def _database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def _redis_ping(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()


def _redis_checks() -> dict:
    checks = {}
    cache = settings.CACHES.get("default", {})
    if "redis" in cache.get("BACKEND", "").lower():
        # The cache itself forgives an absent Redis (config/cache.py), so
        # ask Redis directly.
        checks["cache"] = lambda: _redis_ping(cache["LOCATION"])
    broker = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if broker.startswith(("redis://", "rediss://")):
        checks["broker"] = lambda: _redis_ping(broker)
    return checks


def _storage(alias: str):
    def check() -> None:
        from django.core.files.storage import storages

        storage = storages[alias]
        # Write and delete a small file: what the platform needs of a
        # storage, on a folder (a full or read-only disk) or a bucket alike.
        name = f"healthz/{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.txt"
        saved = storage.save(name, ContentFile(b"ok"))
        storage.delete(saved)

    return check


def _checks() -> dict:
    from django.core.files.storage import storages

    checks = {"database": _database, **_redis_checks()}
    for alias in STORAGE_ALIASES:
        # An alias the settings do not define is not checked (another part
        # of the platform may add it later).
        if alias in storages.backends:
            checks[f"storage.{alias}"] = _storage(alias)
    return checks


def readiness() -> dict[str, str]:
    """{service: "ok" | "error"}, measured at most once per HEALTH_CACHE_SECONDS."""
    global _cached
    with _lock:
        now = time.monotonic()
        if _cached is not None and now - _cached[0] < settings.HEALTH_CACHE_SECONDS:
            return _cached[1]
        result = {}
        for name, check in _checks().items():
            try:
                check()
                result[name] = "ok"
            except Exception:
                log.warning("readiness: %s failed", name, exc_info=True)
                result[name] = "error"
        _cached = (time.monotonic(), result)
        return result


def _json(data: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def liveness_view(request) -> HttpResponse:
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def readiness_view(request) -> HttpResponse:
    result = readiness()
    ready = all(value == "ok" for value in result.values())
    return _json(result, 200 if ready else 503)


class HealthMiddleware:
    """Answers the health paths before host checks, HTTPS redirects and login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            path = request.path_info.rstrip("/")
            if path == LIVENESS_PATH:
                return liveness_view(request)
            if path == READINESS_PATH:
                return readiness_view(request)
        return self.get_response(request)
