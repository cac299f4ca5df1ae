"""Benchmark 4: the scheduled jobs over a year of 1,000,000 tickets.

- the monthly rollup of last year's December (locks every resident
  organisation's scores, raises interviews, settles rectifications,
  computes the month's indicators) and of last month (its indicators read
  the month's tickets);
- ticket escalation (overdue tickets to the street, then the district), run
  twice: the rerun must escalate nothing;
- closing resolved tickets the resident never rated.

Each job runs in a transaction rolled back after, on the full city and on a
city a hundred times smaller (built here if missing; SMALL_DATABASE_URL names
it, shequ_city_small by default), to show the number of queries does not grow
with the rows. Escalation tells each officer of the level once per run: the
notes say how many were told at each size, for the same number of queries.
"""

import os
import subprocess
import sys

from _common import ROOT, Measure, report, rolled_back, run_variant, vacuum, variant_main

SMALL = os.environ.get("SMALL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shequ_city_small")
SMALL_NAME = SMALL.rsplit("/", 1)[1]


def _today():
    from django.db.models import Max
    from django.utils import timezone

    from grids.models import Ticket

    return timezone.localtime(Ticket.objects.aggregate(last=Max("reported_at"))["last"]).date()


def _timed(job):
    def work():
        with Measure() as m:
            result = job()
        return {"seconds": m.seconds, "result": result}

    return rolled_back(work)


def jobs():
    import time_machine

    from assessments.rollups import run_monthly
    from grids import services
    from grids.models import Ticket
    from lib.periods import Month

    today = _today()
    last_month = Month(today.year, today.month).previous()
    figures = {"tickets": Ticket.objects.count(), "today": today.isoformat()}
    with time_machine.travel(today, tick=True):
        figures["monthly (last December)"] = _timed(lambda: run_monthly(Month(today.year - 1, 12)))
        figures[f"monthly ({last_month.key})"] = _timed(lambda: run_monthly(last_month))

        def twice():
            from notifications.models import Notification

            first = services.escalate_overdue(today=today)
            again = services.escalate_overdue(today=today)
            return {
                "first": {int(k): v for k, v in first.items()},
                "rerun": {int(k): v for k, v in again.items()},
                "told": Notification.objects.filter(key__startswith="escalated:").count(),
            }

        figures["escalation, run twice"] = _timed(twice)
        figures["close unanswered"] = _timed(lambda: services.close_unanswered(today=today))
    return figures


def ensure_small_city(today):
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{SMALL_NAME}'",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists:
        return
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-c",
            f"CREATE DATABASE {SMALL_NAME}",
        ],
        check=True,
    )
    env = dict(os.environ, DATABASE_URL=SMALL)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # The generator refuses to run with DEBUG off (its accounts share a demo
    # password); setup_django() turned it off in this process's environment.
    subprocess.run(
        [*manage, "city", "--scale", "0.01", "--today", today],
        cwd=ROOT,
        env=dict(env, DEBUG="true"),
        check=True,
    )


VARIANTS = {"jobs": jobs}

if __name__ == "__main__":
    if "--variant" in sys.argv:
        variant_main(VARIANTS)
        sys.exit()
    vacuum(
        "orgs.Organisation",
        "grids.Ticket",
        "grids.TicketEvent",
        "assessments.MonthlyScore",
        "assessments.ItemScore",
        "assessments.Indicator",
        "notifications.Notification",
    )
    full = run_variant(__file__, "jobs")
    ensure_small_city(full["today"])
    small = run_variant(__file__, "jobs", database=SMALL)
    rows = []
    for name, figures in full.items():
        if not isinstance(figures, dict):
            continue
        rows.append(
            [
                name,
                f"{figures['seconds']:.2f}",
                figures["queries"],
                small[name]["queries"],
                f"{small[name]['seconds']:.2f}",
            ]
        )
    escalated = full["escalation, run twice"]["result"]
    escalation = {
        size: run["escalation, run twice"] for size, run in (("full", full), ("small", small))
    }
    report(
        "4. Scheduled jobs over a year of tickets",
        [
            "job",
            f"seconds ({full['tickets']:,} tickets)",
            "queries",
            f"queries ({small['tickets']:,} tickets)",
            "seconds (small city)",
        ],
        rows,
        [
            "Target: queries do not grow with rows (the two query columns).",
            f"Escalation at full size: first run {escalated['first']}, rerun {escalated['rerun']} "
            "(level: tickets escalated).",
            "Escalation tells each officer of the level once a run, counting their tickets: "
            f"{escalation['full']['result']['told']} people told in "
            f"{escalation['full']['queries']} queries at full size, "
            f"{escalation['small']['result']['told']} in "
            f"{escalation['small']['queries']} on the small city "
            f"(constant: {escalation['full']['queries'] == escalation['small']['queries']}).",
            f"Monthly rollups: {full['monthly (last December)']['result']}.",
        ],
    )
