"""Benchmark 6: HTTP load under gunicorn with 2 workers on PostgreSQL: a bare
Django view (the ceiling), the public organisation page, and the residents'
ticket report API.

wrk (Debian's package: apt-get install wrk) drives each endpoint on loopback
for DURATION seconds with CONNECTIONS connections; the organisation page
picks one of 2,000 live organisations at random per request, the report API
posts a new ticket each time (into the table of a million; deleted after).

gunicorn runs the platform's settings and middleware with one more URL, the
bare view (bench/bare_settings.py and bench/bare_urls.py, loaded from bench/
only: the deployment's URL table never has it). It answers "ok" with no
query and no template: no page of the platform can be faster on this server.

servers, each started in turn:
platform       the settings the platform ships: persistent database
               connections (CONN_MAX_AGE=60, with health checks) and the public
               pages cached in Redis for visitors without a session
               (lib/pagecache.py), as in production; the cached page is
               measured after one visit to each of the 2,000 pages
no page cache  the same with PUBLIC_PAGE_CACHE_SECONDS=0: every request
               renders (the platform before the cache)
usual          Django's default, a new database connection per request
               (CONN_MAX_AGE=0), no page cache

Target: the cached organisation page at >= 50% of the bare view's
requests/s, both measured on the same server in the same run, in alternating
turns (the other load on a shared machine weighs on both alike).

Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379/11), with a key prefix
of this run's own, deleted after; without a Redis the cache is Django's
LocMemCache, one per worker (said in the notes). Tasks run in-process as in
the embedded default. The report API's throttle (10 an hour per address,
against abuse) is lifted for the run: every request comes from 127.0.0.1.
"""

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import DEFAULT_DATABASE, ROOT, ratio, report, setup_django, vacuum

DURATION = 15
ROUNDS = 3  # the bare view and the cached page alternate, DURATION / ROUNDS s a turn
CONNECTIONS = 8
PORT = 8765
MARKER = "压测工单（基准测试，将被删除）"
TARGET = 0.5  # the cached page's requests/s over the bare view's
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
PREFIX = f"bench-http-{os.getpid()}"


def _redis_up() -> bool:
    host, _, port = REDIS.split("//", 1)[1].split("/", 1)[0].partition(":")
    try:
        socket.create_connection((host, int(port or 6379)), timeout=0.5).close()
        return True
    except OSError:
        return False


def _serve(conn_max_age: int, cache_seconds: int, redis: bool):
    env = dict(
        os.environ,
        DATABASE_URL=os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        DJANGO_SETTINGS_MODULE="bare_settings",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE=str(conn_max_age),
        PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds),
        API_PUBLIC_REPORT_RATE="1000000/min",
        CELERY_TASK_ALWAYS_EAGER="true",
        REDIS_URL=REDIS if redis else "",
        CACHE_KEY_PREFIX=PREFIX,
    )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--pythonpath",
            "bench",
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


def _wrk(script: str, path: str, duration: int = DURATION) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
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
        "seconds": float(re.search(r"requests in ([\d.]+)s", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


BARE = ("bare Django view (the ceiling)", "", "/bench/bare/")
PAGE = "public organisation page"
REPORT = "ticket report API (POST)"


def _scripts():
    """The organisations' ids, and wrk's Lua scripts for the organisation
    page and the report API."""
    from django.db.models import Max, Min

    from grids.models import TicketCategory
    from orgs.models import Area, Organisation

    ids = list(Organisation.objects.live().order_by("?").values_list("pk", flat=True)[:2000])
    listed = "local ids = {" + ",".join(map(str, ids)) + "}\n"
    page = (
        listed + "request = function()\n"
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
    return ids, {
        PAGE: (page, "/public/organisations/"),
        REPORT: (report_api, "/api/v1/public/tickets/"),
    }


def _check(path: str, expect: bytes = b""):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as response:
        assert response.status == 200 and expect in response.read(), path


def _forget_redis_keys():
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(f"{PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


# (server, CONN_MAX_AGE, page cache seconds, what to measure there)
SERVERS = [
    ("platform (cached, persistent connections)", 60, 300, [BARE[0], PAGE, REPORT]),
    ("no page cache (persistent connections)", 60, 0, [PAGE]),
    ("usual (a connection per request, no cache)", 0, 0, [PAGE, REPORT]),
]


def _visit_each(pages: list[str]) -> None:
    """One request to each page, 8 at a time: the cache is warm after."""
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(_check, pages))


def _ceiling_and_page(scripts: dict, way: str) -> dict:
    """The bare view and the cached page in turns of DURATION / ROUNDS seconds,
    so that a change in the other load on the machine weighs on both alike:
    requests/s over all turns, p50 and p99 the median of the turns'."""
    turns = {BARE[0]: [], PAGE: []}
    for _ in range(ROUNDS):
        for name, figures in turns.items():
            figures.append(_wrk(*scripts[name], duration=DURATION // ROUNDS))
    results = {}
    for name, figures in turns.items():
        requests = sum(f["requests"] for f in figures)
        results[(name, way)] = {
            "rps": requests / sum(f["seconds"] for f in figures),
            "p50": statistics.median(f["p50"] for f in figures),
            "p99": statistics.median(f["p99"] for f in figures),
            "requests": requests,
            "errors": sum(f["errors"] for f in figures),
        }
    return results


def measure(example: str, redis: bool) -> dict:
    ids, scripts = _scripts()
    scripts[BARE[0]] = BARE[1:]
    pages = [f"/public/organisations/{pk}/" for pk in ids]
    results = {}
    for way, age, cache_seconds, names in SERVERS:
        server = _serve(age, cache_seconds, redis)
        try:
            _check(BARE[2], b"ok")
            _check(example)
            if cache_seconds:
                _visit_each(pages)
            if BARE[0] in names:
                results.update(_ceiling_and_page(scripts, way))
            for name in names:
                if (name, way) not in results:
                    script, path = scripts[name]
                    results[(name, way)] = _wrk(script, path)
        finally:
            _stop(server)
    return results


if __name__ == "__main__":
    setup_django()
    vacuum("orgs.Organisation", "grids.Ticket", "grids.TicketEvent")
    from grids.models import Ticket, TicketEvent
    from orgs.models import Organisation

    example = (
        f"/public/organisations/{Organisation.objects.live().values_list('pk', flat=True).first()}/"
    )
    redis = _redis_up()
    try:
        results = measure(example, redis)
    finally:
        if redis:
            _forget_redis_keys()
    created = Ticket.objects.filter(description=MARKER)
    made = created.count()
    TicketEvent.objects.filter(ticket__in=created).delete()
    created.delete()
    rows = [
        [
            name,
            way,
            f"{figures['rps']:.0f}",
            f"{figures['p50']:.1f}",
            f"{figures['p99']:.1f}",
            f"{figures['requests']:,}",
            figures["errors"],
        ]
        for (name, way), figures in results.items()
    ]
    platform = SERVERS[0][0]
    bare = results[(BARE[0], platform)]["rps"]
    cached = results[(PAGE, platform)]["rps"]
    rendered = results[(PAGE, SERVERS[1][0])]["rps"]
    share = cached / bare
    report(
        "6. HTTP load under gunicorn (2 workers) on PostgreSQL",
        ["endpoint", "server", "requests/s", "p50 ms", "p99 ms", "requests", "non-2xx"],
        rows,
        [
            f"Cached organisation page ÷ bare view, same server, same run: {share:.0%} "
            f"({cached:.0f} ÷ {bare:.0f} requests/s); target ≥ {TARGET:.0%}: "
            + ("**met**." if share >= TARGET else "**not met**."),
            f"Cached ÷ rendered on every request: {ratio(cached, rendered)} the requests/s "
            f"({cached:.0f} against {rendered:.0f}).",
            "Page cache: "
            + (
                "Redis, shared by both workers, as in production"
                if redis
                else "no Redis reachable, so LocMemCache, one per worker"
            )
            + "; the cached page was measured after one visit to each of its 2,000 pages "
            "(a first visit costs what the page without cache does).",
            f"wrk on loopback, {CONNECTIONS} connections, {DURATION} s per endpoint, on the same "
            "2 cores as gunicorn, PostgreSQL and Redis; the bare view and the cached page in "
            f"{ROUNDS} alternating turns each (p50 and p99: the median of the turns').",
            f"The report API created {made:,} tickets during the run; they were deleted after.",
        ],
    )
