"""The deadline clock: working days with 2026's holidays and exchanged
working days, paused on hold; and escalation of overdue tickets, once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from grids import services
from grids.calendar import add_working_days, working_days_between
from grids.models import EscalationLevel, Ticket, TicketEvent, TicketStatus
from grids.tasks import escalate_overdue as escalate_task
from notifications.models import Notification
from orgs.models import CalendarDay, User
from orgs.roles import Role
from tests.factories import UserFactory
from tests.grid_helpers import found

# Run on PostgreSQL too (CI, -m postgres): escalation locks the overdue tickets, and escalates once.
pytestmark = pytest.mark.postgres

ZONE = ZoneInfo("Asia/Shanghai")


def on(day: date, hour=10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=ZONE), tick=False
    )


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 2), 2, date(2026, 11, 4)),  # Monday + 2: Wednesday
        (date(2026, 11, 6), 2, date(2026, 11, 10)),  # Friday + 2: over the weekend
        (date(2026, 9, 18), 2, date(2026, 9, 21)),  # Sunday 9/20 is worked (国庆节调休)
        (date(2026, 9, 30), 5, date(2026, 10, 13)),  # over 国庆 and 中秋; Saturday 10/10 worked
        (date(2026, 2, 13), 3, date(2026, 2, 25)),  # 春节: Sat 2/14 worked, 2/15-2/23 off
    ],
)
def test_deadlines_count_working_days_with_holidays(db, start, days, due):
    assert add_working_days(start, days) == due


def test_the_calendar_is_data_an_office_can_correct(db):
    assert add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 1)
    CalendarDay.objects.create(date=date(2027, 1, 1), is_working=False, name="元旦")
    assert add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 30), date(2027, 1, 4)) == 2


def test_accepting_sets_the_deadline_from_the_category(personas, grids):
    ticket = found(grids.a1, grids.dispute, by=personas.grid_member)
    with on(date(2026, 9, 30)):
        services.accept(ticket=ticket, by=personas.community_worker)
    ticket.refresh_from_db()
    assert ticket.due_on == date(2026, 10, 13)


def test_on_hold_the_clock_stops_and_the_deadline_moves_by_the_days_held(personas, grids):
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    with on(date(2026, 11, 2)):  # Monday: due Wednesday 11/4
        services.accept(ticket=ticket, by=worker)
        services.assign(ticket=ticket, by=worker, user=worker)
    with on(date(2026, 11, 3)):
        services.hold(ticket=ticket, by=worker, reason="等待业主出差回来")
    # Past the deadline while on hold: not overdue, not escalated.
    with on(date(2026, 11, 6)):
        ticket.refresh_from_db()
        assert not ticket.is_overdue
        assert not Ticket.objects.overdue().exists()
    assert services.escalate_overdue(today=date(2026, 11, 6)) == {
        EscalationLevel.STREET: 0,
        EscalationLevel.DISTRICT: 0,
    }
    with on(date(2026, 11, 9)):  # held 11/4, 11/5, 11/6, 11/9: four working days
        services.resume(ticket=ticket, by=worker)
    ticket.refresh_from_db()
    assert ticket.due_on == date(2026, 11, 10)
    assert "4" in TicketEvent.objects.get(ticket=ticket, transition="resume").note
    with on(date(2026, 11, 11)):
        assert ticket.is_overdue


@pytest.fixture
def late(personas, grids):
    """A ticket of street A due Wednesday 2026-11-04, still in progress."""
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    with on(date(2026, 11, 2)):
        services.accept(ticket=ticket, by=worker)
        services.assign(ticket=ticket, by=worker, user=worker)
        services.start(ticket=ticket, by=worker)
    return ticket


def escalated(ticket):
    return TicketEvent.objects.filter(ticket=ticket, transition="escalate").count()


def test_overdue_tickets_escalate_to_the_street_then_the_district_once(personas, late):
    street, district = personas.street_a_officer, personas.district_officer
    assert services.escalate_overdue(today=date(2026, 11, 4))[EscalationLevel.STREET] == 0

    # The first day overdue: up to the street, whose officer is told once.
    assert services.escalate_overdue(today=date(2026, 11, 5))[EscalationLevel.STREET] == 1
    late.refresh_from_db()
    assert late.escalation == EscalationLevel.STREET
    assert Notification.objects.filter(user=street).count() == 1
    assert not Notification.objects.filter(user=personas.street_b_officer).exists()
    # Running again the same day, or the next, escalates nothing twice.
    assert services.escalate_overdue(today=date(2026, 11, 5)) == {
        EscalationLevel.STREET: 0,
        EscalationLevel.DISTRICT: 0,
    }
    services.escalate_overdue(today=date(2026, 11, 6))
    assert escalated(late) == 1
    assert Notification.objects.filter(user=street).count() == 1

    # Three working days overdue (11/5, 11/6, 11/9): up to the district.
    assert services.escalate_overdue(today=date(2026, 11, 9))[EscalationLevel.DISTRICT] == 1
    late.refresh_from_db()
    assert late.escalation == EscalationLevel.DISTRICT
    assert late.status == "in_progress"  # escalation raises attention, not the state
    assert Notification.objects.filter(user=district).count() == 1
    assert not Notification.objects.filter(user=personas.outsider).exists()
    services.escalate_overdue(today=date(2026, 11, 9))
    services.escalate_overdue(today=date(2026, 11, 10))
    assert escalated(late) == 2
    assert Notification.objects.filter(user=district).count() == 1


def test_a_ticket_overdue_long_ago_goes_straight_to_the_district(personas, late):
    assert services.escalate_overdue(today=date(2026, 11, 20)) == {
        EscalationLevel.STREET: 1,
        EscalationLevel.DISTRICT: 1,
    }
    assert escalated(late) == 2


def test_resolved_tickets_do_not_escalate(personas, late):
    services.resolve(ticket=late, by=personas.community_worker, resolution="已处理")
    assert services.escalate_overdue(today=date(2026, 11, 20)) == {
        EscalationLevel.STREET: 0,
        EscalationLevel.DISTRICT: 0,
    }


def test_thresholds_are_settings(personas, late, settings):
    settings.TICKET_ESCALATE_TO_STREET_DAYS = 2
    assert services.escalate_overdue(today=date(2026, 11, 5))[EscalationLevel.STREET] == 0
    assert services.escalate_overdue(today=date(2026, 11, 6))[EscalationLevel.STREET] == 1


def test_the_scheduled_task_escalates_as_of_today(personas, late):
    with on(date(2026, 11, 5), hour=7):
        assert escalate_task.delay().get() == {1: 1, 2: 0}
        assert escalate_task.delay().get() == {1: 0, 2: 0}


def test_the_beat_schedule_runs_the_jobs(db):
    from config.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"grids.escalate_overdue", "grids.close_unanswered"} <= tasks
    call_command("check")  # the tasks are importable under those names


# --- telling people: one message an officer a run, a fixed number of queries -------------


def overdue(personas, grids, *where, due=date(2026, 11, 4)):
    """Tickets in progress in each grid of `where`, due on `due`."""
    tickets = [found(grid, grids.hazard, by=personas.grid_member) for grid in where]
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(
        status=TicketStatus.IN_PROGRESS, due_on=due
    )
    return tickets


def test_an_officer_with_several_overdue_tickets_hears_once_with_the_count_and_the_queue(
    personas, grids, login
):
    tickets = overdue(personas, grids, grids.a1, grids.a1_second, grids.a2)
    with translation.override("zh-hans"):
        assert services.escalate_overdue(today=date(2026, 11, 5))[EscalationLevel.STREET] == 3
    [note] = Notification.objects.filter(user=personas.street_a_officer)
    assert note.title == "3 件超期问题已升级到您处"
    assert note.body == (
        "新城街道有 3 件问题超过办理时限，已升级至街道。打开链接可查看升级到您处的超期问题。"
    )
    assert note.link == "/admin/grids/ticket/?escalation__exact=1&overdue=yes"
    # The link opens the officer's queue on exactly those tickets.
    other = overdue(personas, grids, grids.a1, due=date(2026, 11, 30))[0]
    with on(date(2026, 11, 5)):
        page = login(personas.street_a_officer).get(note.link).content.decode()
    listed = {t.pk for t in [*tickets, other] if f"/admin/grids/ticket/{t.pk}/change/" in page}
    assert listed == {t.pk for t in tickets}
    # In English, counted in the singular and the plural.
    overdue(personas, grids, grids.a1, due=date(2026, 11, 5))
    with translation.override("en"):
        services.escalate_overdue(today=date(2026, 11, 6))
    newest = Notification.objects.filter(user=personas.street_a_officer).first()
    assert newest.title == "1 overdue ticket escalated to you"
    assert Notification.objects.filter(user=personas.street_a_officer).count() == 2


def told(day):
    """Who heard of escalations on `day`, once each."""
    return sorted(
        Notification.objects.filter(key__endswith=f":{day}").values_list("user", flat=True)
    )


def escalation_queries(today):
    with CaptureQueriesContext(connection) as queries:
        done = services.escalate_overdue(today=today)
    return done, [table_of(q["sql"]) for q in queries.captured_queries]


def table_of(sql):
    """The table a statement reads or writes first (SAVEPOINT and RELEASE as such)."""
    words = sql.replace('"', "").split()
    if words[0] in ("SAVEPOINT", "RELEASE"):
        return words[0]
    if words[0] in ("INSERT", "UPDATE"):
        return words[2] if words[0] == "INSERT" else words[1]
    return words[words.index("FROM") + 1]


# Each level, in its transaction: the overdue tickets locked, escalated, their
# events written, the people of the level read, who of them was told today
# already, and their messages inserted. No more for a hundred officers.
ESCALATION = [
    "grids_calendarday",  # the working calendar
    *[
        "SAVEPOINT",
        "grids_ticket",  # the overdue tickets, locked
        "grids_ticket",  # escalated
        "grids_ticketevent",  # an event each
        "orgs_user",  # the people of the level, with their areas
        "orgs_notification",  # already told today
        "SAVEPOINT",
        "orgs_notification",  # one message each
        "RELEASE",
        "RELEASE",
    ]
    * 2,
]


def test_escalation_asks_the_same_queries_however_many_officers_it_tells(
    personas, grids, territory
):
    # One ticket long overdue: street A's officer and district A's staff hear of it.
    overdue(personas, grids, grids.a1)
    done, few = escalation_queries(date(2026, 11, 20))
    assert done == {EscalationLevel.STREET: 1, EscalationLevel.DISTRICT: 1}
    assert told(date(2026, 11, 20)) == sorted(
        [personas.street_a_officer.pk, personas.district_officer.pk]
    )
    # Tickets in three streets of both districts, and more people to tell in each.
    for n, area in enumerate([territory.street_a, territory.street_b, territory.street_c] * 3):
        UserFactory(username=f"street{n}", role=Role.STREET_OFFICER, area=area)
    for n, area in enumerate([territory.district_a, territory.district_b] * 2):
        UserFactory(username=f"district{n}", role=Role.DISTRICT_STAFF, area=area)
    overdue(
        personas, grids, grids.a1, grids.a2, grids.b1, grids.c1, grids.c1, due=date(2026, 11, 5)
    )
    done, many = escalation_queries(date(2026, 11, 23))
    assert done == {EscalationLevel.STREET: 5, EscalationLevel.DISTRICT: 5}
    officers = User.objects.filter(
        Q(
            role=Role.STREET_OFFICER,
            area__in=[territory.street_a, territory.street_b, territory.street_c],
        )
        | Q(role=Role.DISTRICT_STAFF, area__in=[territory.district_a, territory.district_b])
    )
    assert len(officers) >= 14 and told(date(2026, 11, 23)) == sorted(o.pk for o in officers)
    assert many == few == ESCALATION


def test_on_a_pinned_day_beat_escalates_only_what_is_overdue_on_that_day(personas, grids):
    """A demo pins the platform's day (PLATFORM_TODAY): the morning job, run
    weeks later by the real calendar, reads the pinned day and leaves a
    ticket due after it alone; unpinned, the same run escalates it."""
    worker = personas.community_worker
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    with on(date(2026, 12, 21)), override_settings(PLATFORM_TODAY=date(2026, 11, 24)):
        services.accept(ticket=ticket, by=worker)  # Tuesday: due three working days on
        ticket.refresh_from_db()
        assert ticket.due_on == add_working_days(date(2026, 11, 24), grids.hazard.deadline_days)
        assert ticket.accepted_at.date() == date(2026, 11, 24)
        assert escalate_task() == {1: 0, 2: 0}
        assert not ticket.is_overdue
    with on(date(2026, 12, 21)):
        assert escalate_task() == {1: 1, 2: 1}
