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
TARGET_MS = 300


def _deep_cursors():
    """Cursors near the end of the city administrator's whole ticket list:
    the portal's (queue order) and the API's (newest first, DRF's format)."""
    import base64
    from urllib.parse import urlencode

    from grids.api.views import NewestFirst
    from grids.models import Ticket
    from grids.views.portal import PAGE_SIZE, QUEUE_ORDER
    from lib.paginators import KeysetPaginator

    tickets = Ticket.objects.all()
    near_end = tickets.count() - 2 * PAGE_SIZE
    portal = KeysetPaginator(tickets, QUEUE_ORDER, PAGE_SIZE)
    row = tickets.order_by(*QUEUE_ORDER)[near_end]  # undated last, as the portal orders
    oldest = tickets.order_by(*NewestFirst.ordering)[near_end]
    api = base64.b64encode(urlencode({"p": str(oldest.reported_at)}).encode()).decode()
    return portal.after(row), api


def _city_admin_pages(last_page):
    """The city administrator's lists: each one's default order, each filter
    it offers (one value of each), its search, and its deepest page. (The
    street and community filters offer no choices city-wide: too many.)"""
    return [*_ticket_pages(last_page), *_register_pages(), *_other_pages()]


def _ticket_pages(last_page):
    tickets = "/admin/grids/ticket/"
    return [
        # tickets (1,000,000)
        ("tickets, still to handle", tickets, None),
        ("tickets, all", f"{tickets}?queue=all", "/usual-admin/grids/ticket/"),
        (
            f"tickets, all, page {last_page:,}",
            f"{tickets}?queue=all&p={last_page}",
            f"/usual-admin/grids/ticket/?p={last_page}",
        ),
        ("tickets, given to me", f"{tickets}?queue=mine", None),
        (
            "tickets, status in progress",
            f"{tickets}?status__exact=in_progress",
            "/usual-admin/grids/ticket/?status__exact=in_progress",
        ),
        ("tickets, status closed, page 9,000", f"{tickets}?status__exact=closed&p=9000", None),
        ("tickets, overdue", f"{tickets}?overdue=yes", None),
        ("tickets, due within 2 days", f"{tickets}?overdue=soon", None),
        ("tickets, escalated to the district", f"{tickets}?escalation__exact=2&queue=all", None),
        ("tickets, one category", f"{tickets}?category__id__exact=1&queue=all", None),
        ("tickets, from residents", f"{tickets}?source__exact=resident&queue=all", None),
        ("tickets, search a place (12号楼)", f"{tickets}?q=12号楼", None),
        ("tickets, search a number", f"{tickets}?q=%23{last_page * 100}", None),
    ]


def _register_pages():
    from orgs.models import Category

    a_class = Category.objects.filter(parent=None).order_by("position").first()
    organisations = "/admin/orgs/organisation/"
    people = "/admin/orgs/person/"
    scores = "/admin/assessments/monthlyscore/"
    return [
        # organisations (38,000)
        ("organisations, all", organisations, "/usual-admin/orgs/organisation/"),
        (
            "organisations, page 380 (the last)",
            f"{organisations}?p=380",
            "/usual-admin/orgs/organisation/?p=380",
        ),
        ("organisations, active", f"{organisations}?status__exact=active", None),
        ("organisations, tier filed", f"{organisations}?tier__exact=filed", None),
        ("organisations, filing approved", f"{organisations}?filing_status__exact=approved", None),
        ("organisations, a class", f"{organisations}?class={a_class.pk}", None),
        (
            "organisations, party organisation joint",
            f"{organisations}?party_org_type__exact=joint",
            None,
        ),
        ("organisations, brands", f"{organisations}?is_brand__exact=1", None),
        ("organisations, hubs", f"{organisations}?is_hub__exact=1", None),
        ("organisations, stage community", f"{organisations}?stage__exact=community", None),
        ("organisations, service-oriented", f"{organisations}?is_service_oriented__exact=1", None),
        ("organisations, search 合唱 (anywhere in the name)", f"{organisations}?q=合唱", None),
        # people (150,000)
        ("people, all", people, None),
        ("people, page 1,500 (the last)", f"{people}?p=1500", None),
        ("people, party members", f"{people}?is_party_member__exact=1", None),
        ("people, women", f"{people}?gender__exact=f", None),
        ("people, search 王 (start of the name)", f"{people}?q=王", None),
        # monthly scores (407,000)
        ("monthly scores, all", scores, None),
        ("monthly scores, page 4,070 (the last)", f"{scores}?p=4070", None),
    ]


def _other_pages():
    from projects.models import Round

    a_round = Round.objects.order_by("-pk").first()
    portal_cursor, api_cursor = _deep_cursors()
    return [
        # projects, bids, needs
        ("projects, all", "/admin/projects/project/", None),
        ("projects, a round", f"/admin/projects/project/?round__id__exact={a_round.pk}", None),
        ("bids, all", "/admin/projects/bid/", "/usual-admin/projects/bid/"),
        (
            "bids of a round",
            f"/admin/projects/bid/?project__round__id__exact={a_round.pk}",
            f"/usual-admin/projects/bid/?project__round__id__exact={a_round.pk}",
        ),
        ("needs, all", "/admin/projects/need/", None),
        # portal and API
        ("portal: tickets page", "/grids/", None),
        ("portal: tickets, all", "/grids/?show=all", None),
        (
            "portal: tickets, all, last page (by cursor)",
            f"/grids/?show=all&cursor={portal_cursor}",
            None,
        ),
        ("portal: tickets, mine", "/grids/?show=mine", None),
        ("portal: projects", "/projects/", None),
        ("portal: needs", "/projects/needs/", None),
        ("API: tickets", "/api/v1/tickets/", None),
        ("API: tickets, last page (by cursor)", f"/api/v1/tickets/?cursor={api_cursor}", None),
        ("API: tickets, open", "/api/v1/tickets/?open=true", None),
        ("API: grids", "/api/v1/grids/", None),
        ("API: grids, page 140 (the last)", "/api/v1/grids/?page=140", None),
        ("dashboard", "/dashboard/", None),
    ]


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
    city = [
        (f"{label} (city admin)", admin, url, usual)
        for label, url, usual in _city_admin_pages(last_page)
    ]
    return [
        # (label, user, url, usual-way url or None)
        *city,
        (
            "organisations by street (district officer)",
            district,
            f"/admin/orgs/organisation/?street={street.pk}",
            None,
        ),
        ("tickets (street officer)", officer, "/admin/grids/ticket/", None),
        (
            "bids of a round (district officer)",
            district,
            f"/admin/projects/bid/?project__round__id__exact={district_round.pk}",
            None,
        ),
        ("portal: tickets page (street officer)", officer, "/grids/", None),
        ("portal: projects (district officer)", district, "/projects/", None),
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
    vacuum(
        "orgs.Organisation",
        "orgs.Person",
        "grids.Ticket",
        "grids.Grid",
        "projects.Bid",
        "projects.Project",
        "projects.Need",
        "assessments.MonthlyScore",
    )
    rows, missed = [], []
    for row in run_variant(__file__, "pages"):
        ours, usual = row["platform"], row.get("usual")
        if ours["ms"] >= TARGET_MS:
            missed.append(f"{row['label']} ({ours['ms']:.0f} ms)")
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
            f"Target: every list page's median under {TARGET_MS} ms for the city's "
            "administrator on the default city, for each list's default order, each filter "
            "it offers and its deepest page; a constant number of queries; no count of a "
            "million rows on every page. "
            + (
                "Met by every row."
                if not missed
                else f"Met by {len(rows) - len(missed)} of {len(rows)} rows; not by: "
                + "; ".join(missed)
                + "."
            ),
            f"Median of {REPEAT} requests after one to warm up, through the test client.",
        ],
    )
