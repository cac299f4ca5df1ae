"""Log lines an operator can follow and a leak cannot ride on.

- `RequestIdMiddleware` gives every request an id: the proxy's
  `X-Request-ID` when it is a safe short token, else a fresh one. The id is on
  every log line written while the request runs, in the response's
  `X-Request-ID` header, and on the log lines of Celery tasks the request
  queued (it travels in the task message's headers).
- `RequestIdFilter` puts the id on each record (`-` outside a request).
- `PersonalDataFilter` masks mainland mobile numbers and 18-character
  resident ID numbers in every record's message, arguments and traceback,
  whatever wrote them: a safety net under code that should not log them.
- `JsonFormatter` writes one JSON object a line (LOG_FORMAT=json) with
  time, level, logger, request id and message, for a log collector.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from django.core.signals import request_finished

from lib.masking import ID_IN_TEXT, PHONE_IN_TEXT, mask_text

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
HEADER = "X-Request-ID"
# What a proxy may hand us: letters, digits and - _ . up to 64; anything else
# (a newline, a script, a megabyte) is replaced by our own id.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# The patterns live with the masks (lib.masking), shared with public pages.
PHONE = PHONE_IN_TEXT
RESIDENT_ID = ID_IN_TEXT


def current_request_id() -> str:
    return _request_id.get()


def scrub(text: str) -> str:
    """`text` with phones as 138****5678 and ID numbers as 410108********1234."""
    return mask_text(text)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if SAFE_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is closed (request_finished), so the
        # handler's own lines ("Not Found: ...") written after the middleware
        # have returned carry it too.
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _request_finished(**kwargs):
    _request_id.set("-")


request_finished.connect(_request_finished, dispatch_uid="config.logs.request_finished")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class PersonalDataFilter(logging.Filter):
    """Formats the message once, masked, and drops the arguments."""

    _formatter = logging.Formatter()

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what can be kept
            message = f"{record.msg} {record.args!r}"
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, level: str, fmt: str) -> dict:
    """The LOGGING setting: one console handler, every record through both filters."""
    formatters = {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "config.logs.JsonFormatter"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "config.logs.RequestIdFilter"},
            "personal_data": {"()": "config.logs.PersonalDataFilter"},
        },
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "personal_data"],
                "formatter": "json" if fmt == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Not django-axes' banner on every command; its failed logins still log.
        "loggers": {"axes.apps": {"level": "WARNING"}},
    }


# --- Celery: the request id travels with the tasks a request queues ---------


def _publish(headers=None, **kwargs):
    request_id = _request_id.get()
    if headers is not None and request_id != "-":
        headers.setdefault("request_id", request_id)


def _prerun(task=None, **kwargs):
    if task is None or task.request.is_eager:
        return  # an eager task runs inside its request and keeps that request's id
    request_id = getattr(task.request, "request_id", None)
    if request_id is None:
        request_id = (getattr(task.request, "headers", None) or {}).get("request_id")
    ok = isinstance(request_id, str) and SAFE_ID.fullmatch(request_id)
    _request_id.set(request_id if ok else "-")


def _postrun(task=None, **kwargs):
    if task is not None and not task.request.is_eager:
        _request_id.set("-")


def connect_celery() -> None:
    from celery import signals

    signals.before_task_publish.connect(_publish, weak=False)
    signals.task_prerun.connect(_prerun, weak=False)
    signals.task_postrun.connect(_postrun, weak=False)
