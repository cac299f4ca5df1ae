"""Ticket statistics against a fixture counted by hand, the way the seeds
count them: found, closed, on time, overdue, days to close, and the
satisfaction rate as satisfied ratings over ratings (no answer is neither).

October 2026, as of 2026-11-24:

    ticket  grid  reported  due    resolved  closed  ratings         counts for
    A       A1    10/08     10/12  10/11     10/13   5 (10/13)       found closed on-time rated satisfied
    B       A1    10/09     10/14  10/20     10/22   2 (10/16) 4 (10/22)  found closed overdue(late) rated×2 satisfied×1
    C       A2    10/20     10/23  —         —       —               found overdue (open, past due)
    D       A2    10/28     11/03  —         —       —               found (due after the period)
    E       A1    09/25     10/02  10/01     10/05   no answer       closed on-time no-answer
    F       B1    10/15     —      rejected 10/15    —               found
    G       B1    11/02     —      —         —       —               nothing (after the period)
    H       C1    10/10     10/14  10/12     10/12   5 (10/12)       district B: outside district A
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from grids.models import Source, Ticket, TicketRating, TicketStatus
from grids.stats import ticket_stats, ticket_stats_by
from lib.periods import Month
from tests.spreadsheets import read_rows

# Run on PostgreSQL too (CI, -m postgres): counts and durations aggregated in SQL.
pytestmark = pytest.mark.postgres

ZONE = ZoneInfo("Asia/Shanghai")
OCTOBER = Month(2026, 10)
TODAY = date(2026, 11, 24)


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=ZONE)


@pytest.fixture
def october(grids, personas):
    def ticket(grid, reported, status, due=None, resolved=None, closed=None, ratings=(), **kw):
        made = Ticket.objects.create(
            community=grid.community,
            grid=grid,
            category=grids.hazard,
            description="…",
            location="…",
            source=Source.GRID,
            status=status,
            reported_at=reported,
            due_on=due,
            resolved_at=resolved,
            closed_at=closed,
            rejection_reason="不属于网格事项" if status == TicketStatus.REJECTED else "",
            **kw,
        )
        for stars, when in ratings:
            TicketRating.objects.create(ticket=made, stars=stars, rated_at=when)
        return made

    closed, running = TicketStatus.CLOSED, TicketStatus.IN_PROGRESS
    ticket(
        grids.a1, at(10, 8), closed, date(2026, 10, 12), at(10, 11), at(10, 13), [(5, at(10, 13))]
    )
    ticket(
        grids.a1,
        at(10, 9),
        closed,
        date(2026, 10, 14),
        at(10, 20),
        at(10, 22),
        [(2, at(10, 16)), (4, at(10, 22))],
    )
    ticket(grids.a2, at(10, 20), running, date(2026, 10, 23))
    ticket(grids.a2, at(10, 28), running, date(2026, 11, 3))
    ticket(grids.a1, at(9, 25), closed, date(2026, 10, 2), at(10, 1), at(10, 5), no_answer=True)
    ticket(grids.b1, at(10, 15), TicketStatus.REJECTED, closed=at(10, 15, 11))
    ticket(grids.b1, at(11, 2), TicketStatus.REPORTED)
    ticket(
        grids.c1, at(10, 10), closed, date(2026, 10, 14), at(10, 12), at(10, 12), [(5, at(10, 12))]
    )


def test_district_figures_match_the_hand_count(october, personas):
    tickets = Ticket.objects.for_user(personas.district_officer)
    s = ticket_stats(tickets, OCTOBER, today=TODAY)
    assert (s.found, s.closed, s.on_time, s.overdue) == (5, 3, 2, 2)
    assert s.days_to_close == pytest.approx((5 + 13 + 10) / 3, abs=0.05)
    assert (s.rated, s.satisfied, s.no_answer) == (3, 2, 1)
    assert s.satisfaction == pytest.approx(2 / 3)
    assert s.satisfaction_percent == 66.7


def test_grouped_figures_add_up_to_the_total(october, personas):
    tickets = Ticket.objects.for_user(personas.district_officer)
    streets = dict(ticket_stats_by(tickets, "street", OCTOBER, today=TODAY))
    assert set(streets) == {"新城街道", "长兴路街道"}
    a, b = streets["新城街道"], streets["长兴路街道"]
    assert (a.found, a.closed, a.on_time, a.overdue, a.rated, a.satisfied) == (4, 3, 2, 2, 3, 2)
    assert (b.found, b.closed, b.rated) == (1, 0, 0)
    assert b.satisfaction is None  # nobody rated: no rate, not 0% or 100%

    by_grid = dict(ticket_stats_by(tickets, "grid", OCTOBER, today=TODAY))
    a1, a2 = by_grid["英才社区·第一网格"], by_grid["绿城社区·第一网格"]
    assert (a1.found, a1.closed, a1.no_answer, a1.rated) == (2, 3, 1, 3)
    assert (a2.found, a2.closed, a2.overdue) == (2, 0, 1)
    communities = dict(ticket_stats_by(tickets, "community", OCTOBER, today=TODAY))
    assert sum(s.found for s in communities.values()) == 5


def test_everyone_counts_only_their_jurisdiction(october, personas):
    everything = ticket_stats(Ticket.objects.for_user(personas.platform_admin), OCTOBER, TODAY)
    assert (everything.found, everything.closed, everything.rated) == (6, 4, 4)
    street_b = ticket_stats(Ticket.objects.for_user(personas.street_b_officer), OCTOBER, TODAY)
    assert (street_b.found, street_b.closed) == (1, 0)
    outsider = ticket_stats(Ticket.objects.for_user(personas.outsider), OCTOBER, TODAY)
    assert (outsider.found, outsider.closed, outsider.rated) == (1, 1, 1)


def test_the_statistics_page_and_its_spreadsheet(october, personas, login):
    client = login(personas.street_a_officer)
    query = {"start": "2026-10-01", "end": "2026-10-31", "by": "community"}
    page = client.get(reverse("grids:stats"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "英才社区" in html and "绿城社区" in html and "长兴社区" not in html
    assert "66.7%" in html

    sheet = client.get(reverse("grids:stats"), {**query, "format": "xlsx"})
    rows = read_rows(b"".join(sheet.streaming_content))
    assert rows[0][:3] == ("社区", "发现问题", "已办结")
    assert [r[0] for r in rows[1:]] == ["英才社区", "绿城社区", "合计"]
    assert rows[-1][1:3] == (4, 3)


def test_the_statistics_page_refuses_a_backwards_period_and_roles_without_an_area(
    october, personas, login
):
    client = login(personas.street_a_officer)
    first = client.get(reverse("grids:stats")).content.decode()
    assert f'value="{timezone.localdate():%Y}-01-01"' in first  # the year so far, by default
    page = client.get(reverse("grids:stats"), {"start": "2026-10-31", "end": "2026-10-01"})
    assert "截止日期早于起始日期" in page.content.decode()
    assert 'value="2026-10-31"' in page.content.decode()  # what was typed stays
    assert login(personas.reviewer).get(reverse("grids:stats")).status_code == 403
    assert login(personas.org_leader).get(reverse("grids:stats")).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"end": "9999-12-31"},  # the day after it overflowed: a server error
        {"start": "0001-01-01"},  # its midnight in Beijing is before year 1 in UTC
        {"start": "1999-12-31", "end": "2100-01-01", "format": "xlsx"},
    ],
    ids=["end 9999-12-31", "start 0001-01-01", "spreadsheet"],
)
def test_a_date_outside_the_years_counted_is_refused_in_chinese(october, personas, login, query):
    client = login(personas.street_a_officer)
    page = client.get(reverse("grids:stats"), query)
    assert page.status_code == 200  # the page, with the form saying what is wrong
    html = page.content.decode()
    assert "请选择 2000-01-01 至 2099-12-31 之间的日期。" in html
    assert "发现问题" not in html  # no figures for a period that cannot be
