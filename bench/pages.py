"""Benchmark 5: admin changelists and portal lists at full size, through
Django's test client (no network): queries per page and median latency.

platform     the platform's admin (scoped, select_related, the estimated
             count on unfiltered million-row tables) and portal pages, as
             the people who use them: the city's administrator, a district
             officer, a street officer
usual way    Django's stock ModelAdmin with the same list_display and
             filters on a second admin site (bench/usual_admin.py): what a
             first version of the platform would have been

Pages are requested once to warm up, then REPEAT times; the table shows the
median. Nothing is written.
"""

import statistics
import sys
import time

from _common import report, run_variant, vacuum, variant_main

REPEAT = 9


def _pages():
    from grids.models import Ticket
    from orgs.models import Area, User
    from projects.models import Round

    street = Area.objects.get(code="420102001")
    district_round = Round.objects.filter(district__code="420102").order_by("-pk").first()
    admin, district, officer = (
        User.objects.get(username=name) for name in ("admin4201", "d420102", "s420102001")
    )
    last_page = (
        Ticket.objects.count() // 100 - 100
    )  # near the end (the estimate may be a little low)
    return [
        # (label, user, url, usual-way url or None)
        (
            "organisations, all (city admin)",
            admin,
            "/admin/orgs/organisation/",
            "/usual-admin/orgs/organisation/",
        ),
        (
            "organisations, page 200 (city admin)",
            admin,
            "/admin/orgs/organisation/?p=200",
            "/usual-admin/orgs/organisation/?p=200",
        ),
        (
            "organisations by street (district officer)",
            district,
            f"/admin/orgs/organisation/?street={street.pk}",
            None,
        ),
        (
            "organisations by street (city admin)",
            admin,
            f"/admin/orgs/organisation/?street={street.pk}",
            f"/usual-admin/orgs/organisation/?area__code__startswith={street.code}",
        ),
        ("tickets, still to handle (city admin)", admin, "/admin/grids/ticket/", None),
        (
            "tickets, all (city admin)",
            admin,
            "/admin/grids/ticket/?queue=all",
            "/usual-admin/grids/ticket/",
        ),
        (
            f"tickets, page {last_page:,} (city admin)",
            admin,
            f"/admin/grids/ticket/?queue=all&p={last_page}",
            f"/usual-admin/grids/ticket/?p={last_page}",
        ),
        (
            "tickets, open queue (city admin)",
            admin,
            "/admin/grids/ticket/?status__exact=in_progress",
            "/usual-admin/grids/ticket/?status__exact=in_progress",
        ),
        ("tickets (street officer)", officer, "/admin/grids/ticket/", None),
        (
            "bids of a round (district officer)",
            district,
            f"/admin/projects/bid/?project__round__id__exact={district_round.pk}",
            None,
        ),
        (
            "bids of a round (city admin)",
            admin,
            f"/admin/projects/bid/?project__round__id__exact={district_round.pk}",
            f"/usual-admin/projects/bid/?project__round__id__exact={district_round.pk}",
        ),
        ("portal: tickets page (street officer)", officer, "/grids/", None),
        ("portal: tickets page (city admin)", admin, "/grids/", None),
        ("portal: projects (district officer)", district, "/projects/", None),
        ("dashboard (city admin)", admin, "/dashboard/", None),
    ]


def _measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    times, counts, big_counts = [], [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(queries))
        big_counts = sum(
            1 for q in queries if "COUNT(*)" in q["sql"].upper() and "WHERE" not in q["sql"].upper()
        )
    return {
        "ms": statistics.median(times) * 1000,
        "queries": max(counts),
        "full_counts": big_counts,
    }


def pages():
    from django.test import Client, override_settings

    figures = []
    with override_settings(ROOT_URLCONF="usual_admin"):
        for label, user, url, usual_url in _pages():
            client = Client()
            client.force_login(user)
            row = {"label": label, "platform": _measure(client, url)}
            if usual_url:
                row["usual"] = _measure(client, usual_url)
            figures.append(row)
    return figures


VARIANTS = {"pages": pages}

if __name__ == "__main__":
    if "--variant" in sys.argv:
        variant_main(VARIANTS)
        sys.exit()
    vacuum("orgs.Organisation", "grids.Ticket", "grids.Grid", "projects.Bid", "projects.Project")
    rows = []
    for row in run_variant(__file__, "pages"):
        ours, usual = row["platform"], row.get("usual")
        rows.append(
            [
                row["label"],
                ours["queries"],
                f"{ours['ms']:.0f}",
                ours["full_counts"],
                usual["queries"] if usual else "",
                f"{usual['ms']:.0f}" if usual else "",
                usual["full_counts"] if usual else "",
            ]
        )
    report(
        "5. Admin changelists and portal lists at full size",
        [
            "page",
            "queries",
            "median ms",
            "unfiltered COUNT(*)",
            "usual admin: queries",
            "usual admin: median ms",
            "usual admin: unfiltered COUNT(*)",
        ],
        rows,
        [
            "Target: a constant number of queries, median under 300 ms, no count of a "
            "million rows on every page.",
            f"Median of {REPEAT} requests after one to warm up, through the test client.",
        ],
    )
