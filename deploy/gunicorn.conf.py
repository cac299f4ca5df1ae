"""gunicorn settings for the `web` role of the image (deploy/entrypoint.sh).

Every value comes from the environment, with a default fit for one container
of a 2-core machine; deploy/env.example lists them. Access lines go to stdout,
one per request, as JSON when LOG_FORMAT=json, and carry the X-Request-ID that
nginx sets, so a line here, nginx's line and the application's log lines of
one request share an id. Query strings are left out: a search by phone number
or ID number must not land in a log.
"""

import datetime
import json
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Seconds a request may take before its worker is killed and restarted (the
# client gets a 502 from nginx). nginx waits up to 300 s, so raise this up to
# that, not past it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (docker stop, a rolling upgrade) requests in flight may finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle a worker now and then, so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Only nginx reaches gunicorn (the web services publish no port), so the
# X-Forwarded-Proto it sets is believed from any address on that network.
# Django reads the client's address itself (TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

# The heartbeat file of each worker on a memory filesystem: a container's
# overlay filesystem can stall the heartbeat and get workers killed.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '%(t)s %({x-request-id}i)s %(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
)


class JsonAccessLogger(Logger):
    """Writes each access line as one JSON object (values escaped properly)."""

    def access(self, resp, req, environ, request_time):
        if not getattr(self, "access_log_enabled", True):
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        headers = {name.lower(): value for name, value in req.headers}
        line = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": headers.get("x-request-id", ""),
            "remote_addr": environ.get("REMOTE_ADDR", ""),
            "method": environ.get("REQUEST_METHOD", ""),
            "path": environ.get("PATH_INFO", ""),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": request_time.seconds * 1000 + request_time.microseconds // 1000,
            "user_agent": environ.get("HTTP_USER_AGENT", ""),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


if os.environ.get("LOG_FORMAT", "").lower() == "json":
    logger_class = JsonAccessLogger
