"""Log lines: time, level, logger, request id; no phones or ID numbers."""

import io
import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client

from tests.fixtures import on_postgres
from tests.processes import manage_shell
from tests.test_faults import needs_redis, wait_for, worker_env

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13912345678"
RESIDENT_ID = "41010819900307123X"


@contextmanager
def console():
    """What the configured console handler writes, as text."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_phones_and_id_numbers_never_reach_the_log():
    log = logging.getLogger("orgs.somewhere")
    with console() as out:
        log.warning("resident %s called from %s", RESIDENT_ID, PHONE)
        log.warning(f"inline: {PHONE}/{RESIDENT_ID.lower()}")
        try:
            raise ValueError(f"duplicate key (id_number)=({RESIDENT_ID})")
        except ValueError:
            log.exception("import failed for %s", {"phone": PHONE})
    text = out.getvalue()
    assert PHONE not in text and RESIDENT_ID not in text and RESIDENT_ID.lower() not in text
    assert "139****5678" in text
    assert "410108********123X" in text
    assert "ValueError: duplicate key" in text  # the traceback stays, masked
    # Longer numbers (a credit code, an order number) are left alone.
    with console() as out:
        log.warning("order 2026113012345678901 code 91410108MA44ABCD1X")
    assert "2026113012345678901" in out.getvalue()


def test_each_line_has_time_level_logger_and_request_id():
    with console() as out:
        logging.getLogger("grids.tasks").info("hello")
    line = out.getvalue().strip()
    date, time, level, logger, request_id, message = line.split(" ", 5)
    assert len(date) == 10 and time[2] == ":"
    assert (level, logger, request_id, message) == ("INFO", "grids.tasks", "[-]", "hello")


@pytest.mark.django_db
def test_a_request_has_one_id_in_its_header_and_its_log_lines():
    with console() as out:
        response = Client().get("/no-such-page/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert f"[{request_id}] Not Found: /no-such-page/" in out.getvalue()
    assert Client().get("/public/organisations/")["X-Request-ID"] != request_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    "offered, kept",
    [
        ("f3a9c2d4-7e1b-4c5a-9d8e-0b1c2d3e4f5a", True),  # nginx's $request_id or a UUID
        ("lb.trace_0001", True),
        ("short", False),
        ("a" * 65, False),
        ("<script>alert(1)</script>", False),
        ("abc12345\nINFO forged line", False),
    ],
)
def test_the_proxys_request_id_is_kept_only_when_it_is_a_safe_token(offered, kept):
    response = Client().get("/healthz/../public/organisations/", HTTP_X_REQUEST_ID=offered)
    assert (response["X-Request-ID"] == offered) is kept
    if not kept:
        assert len(response["X-Request-ID"]) == 32


def test_json_lines_when_asked():
    script = (
        "import logging\n"
        f"logging.getLogger('orgs.ledger').warning('phone %s', '{PHONE}')\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('orgs.ledger').exception('boom')\n"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", LOG_FORMAT="json")
    done = manage_shell(script, env)
    lines = [json.loads(line) for line in done.stderr.strip().splitlines()]
    first, second = lines
    assert first["level"] == "WARNING" and first["logger"] == "orgs.ledger"
    assert first["message"] == "phone 139****5678"
    assert first["request_id"] == "-" and first["time"].endswith("+00:00")
    assert "ZeroDivisionError" in second["exception"]


@on_postgres
@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_logs_with_that_requests_id(tmp_path):
    """A real worker: the task's log lines carry the id of the request that queued it."""
    from config.celery import app
    from config.logs import _request_id
    from downloads.tasks import purge_downloads

    queue = f"test-logs-{os.getpid()}"
    log_file = tmp_path / "worker.log"
    with open(log_file, "w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "-Q", queue, "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            env=worker_env(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    token = _request_id.set("req-from-nginx-0001")
    try:
        purge_downloads.apply_async(queue=queue)
        wait_for(lambda: "succeeded" in log_file.read_text(), "the task to run", worker=worker)
    finally:
        _request_id.reset(token)
        app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=30)
    lines = [line for line in log_file.read_text().splitlines() if "orgs.purge_downloads" in line]
    assert any("succeeded" in line and "[req-from-nginx-0001]" in line for line in lines), lines
