"""Benchmark 6: HTTP load on the public organisation page and the residents'
ticket report API, under gunicorn with 2 workers on PostgreSQL.

wrk (Debian's package: apt-get install wrk) drives each endpoint on loopback
for DURATION seconds with CONNECTIONS connections; the organisation page
picks a random live organisation per request, the report API posts a new
ticket each time (into the table of a million; deleted afterwards).

platform     the settings the platform ships: persistent database
             connections (CONN_MAX_AGE=60, with health checks)
usual way    Django's default, a new database connection per request
             (CONN_MAX_AGE=0)

The report API's throttle (10 an hour per address, against abuse) is lifted
for the run: every request comes from 127.0.0.1.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import DEFAULT_DATABASE, ROOT, report, setup_django, vacuum

DURATION = 15
CONNECTIONS = 8
PORT = 8765
MARKER = "压测工单（基准测试，将被删除）"


def _serve(conn_max_age: int):
    env = dict(
        os.environ,
        DATABASE_URL=os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE=str(conn_max_age),
        API_PUBLIC_REPORT_RATE="1000000/min",
    )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("gunicorn did not start")


def _stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _wrk(script: str, path: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--latency",
            "-s",
            handle.name,
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(handle.name)

    def ms(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _scripts():
    from django.db.models import Max, Min

    from grids.models import TicketCategory
    from orgs.models import Area, Organisation

    ids = list(Organisation.objects.live().order_by("?").values_list("pk", flat=True)[:2000])
    page = (
        "local ids = {" + ",".join(map(str, ids)) + "}\n"
        "request = function()\n"
        '  return wrk.format("GET", "/public/organisations/" .. ids[math.random(#ids)] .. "/")\n'
        "end\n"
    )
    span = Area.objects.filter(level="community").aggregate(low=Min("pk"), high=Max("pk"))
    category = TicketCategory.objects.order_by("pk").values_list("pk", flat=True).first()
    body = {
        "category": category,
        "description": MARKER,
        "location": "3号楼一单元",
        "resident_name": "王秀英",
        "resident_phone": "13800138000",
    }
    report_api = (
        f"local low, high = {span['low']}, {span['high']}\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n"
        f"  local body = '{json.dumps(body, ensure_ascii=False)[:-1]}, \"community\": ' "
        ".. math.random(low, high) .. '}'\n"
        "  return wrk.format(nil, nil, nil, body)\n"
        "end\n"
    )
    return [
        ("public organisation page", page, "/public/organisations/"),
        ("ticket report API (POST)", report_api, "/api/v1/public/tickets/"),
    ]


def _check(path_example: str):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path_example}") as response:
        assert response.status == 200


if __name__ == "__main__":
    setup_django()
    vacuum("orgs.Organisation", "grids.Ticket", "grids.TicketEvent")
    from grids.models import Ticket, TicketEvent
    from orgs.models import Organisation

    scripts = _scripts()
    example = (
        f"/public/organisations/{Organisation.objects.live().values_list('pk', flat=True).first()}/"
    )
    results = {}
    for way, age in (
        ("platform (persistent connections)", 60),
        ("usual (a connection per request)", 0),
    ):
        server = _serve(age)
        try:
            _check(example)
            for name, script, path in scripts:
                results[(name, way)] = _wrk(script, path)
        finally:
            _stop(server)
    created = Ticket.objects.filter(description=MARKER)
    made = created.count()
    TicketEvent.objects.filter(ticket__in=created).delete()
    created.delete()
    rows = []
    for (name, way), figures in results.items():
        rows.append(
            [
                name,
                way,
                f"{figures['rps']:.0f}",
                f"{figures['p50']:.0f}",
                f"{figures['p99']:.0f}",
                f"{figures['requests']:,}",
                figures["errors"],
            ]
        )
    report(
        "6. HTTP load under gunicorn (2 workers) on PostgreSQL",
        ["endpoint", "way", "requests/s", "p50 ms", "p99 ms", "requests", "non-2xx"],
        rows,
        [
            f"wrk on loopback, {CONNECTIONS} connections, {DURATION} s per endpoint, on the same "
            "2 cores as gunicorn and PostgreSQL.",
            f"The report API created {made:,} tickets during the run; they were deleted after.",
        ],
    )
