"""The ticket register (线索问题台账) and the statistics table as spreadsheets.

Rows come from a queryset the caller has already scoped to the user; the
resident's name and phone are masked for all but the people who answer
the resident (Ticket.resident_for).
"""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lib.masking import NAME, PHONE
from lib.spreadsheets.writer import DATE, DATETIME, DECIMAL, INTEGER, TEXT, Column, ExportInfo
from orgs.spreadsheets import spreadsheet_response


def ticket_columns():
    return [
        Column(_("Number"), INTEGER, 8),
        Column(_("Street"), TEXT, 12),
        Column(_("Community"), TEXT, 12),
        Column(_("Grid"), TEXT, 10),
        Column(pgettext("ticket", "Category"), TEXT, 12),
        Column(_("What was found"), TEXT, 40),
        Column(_("Where"), TEXT, 24),
        Column(_("Source"), TEXT, 10),
        Column(pgettext("ticket", "Resident"), TEXT, 10, personal=NAME),
        Column(_("Resident's phone"), TEXT, 14, personal=PHONE),
        Column(_("Reported at"), DATETIME, 17),
        Column(pgettext("ticket", "Status"), TEXT, 12),
        Column(_("Due on"), DATE, 12),
        Column(_("Overdue"), TEXT, 8),
        Column(_("Escalated to"), TEXT, 8),
        Column(_("Assigned to"), TEXT, 16),
        Column(_("How it was resolved"), TEXT, 30),
        Column(_("Resolved at"), DATETIME, 17),
        Column(_("Closed at"), DATETIME, 17),
        Column(_("Rating"), INTEGER, 6),
        Column(_("Resident's comment"), TEXT, 24),
        Column(_("No answer"), TEXT, 8),
        Column(_("Times reopened"), INTEGER, 8),
    ]


def ticket_rows(tickets, user):
    yes, no = _("Yes"), ""
    queryset = tickets.select_related(
        "community__parent",
        "grid",
        "category",
        "assigned_user",
        "assigned_organisation",
        "department",
    ).order_by("pk")
    for ticket in queryset.iterator(chunk_size=2000):
        resident_name, resident_phone = ticket.resident_for(user)
        yield [
            ticket.pk,
            ticket.community.parent.name if ticket.community.parent_id else "",
            ticket.community.name,
            ticket.grid.name if ticket.grid_id else "",
            ticket.category.name,
            ticket.description,
            ticket.location,
            ticket.get_source_display(),
            resident_name,
            resident_phone,
            ticket.reported_at,
            ticket.get_status_display(),
            ticket.due_on,
            yes if ticket.is_overdue else no,
            ticket.get_escalation_display(),
            ticket.assignee,
            ticket.resolution,
            ticket.resolved_at,
            ticket.closed_at,
            ticket.rating,
            ticket.rating_comment,
            yes if ticket.no_answer else no,
            ticket.reopen_count,
        ]


def ticket_register_response(tickets, *, user, scope="", fmt="xlsx"):
    return spreadsheet_response(
        basename=_("ticket-register"),
        columns=ticket_columns(),
        rows=ticket_rows(tickets, user),
        info=ExportInfo.by(user, title=_("Ticket register"), kind="tickets", scope=scope),
        fmt=fmt,
    )


def stats_columns(level_label):
    return [
        Column(level_label, TEXT, 20),
        Column(_("Found"), INTEGER, 8),
        Column(_("Closed"), INTEGER, 8),
        Column(_("Closed on time"), INTEGER, 10),
        Column(_("Overdue"), INTEGER, 8),
        Column(_("Average days to close"), DECIMAL, 12),
        Column(_("Rated"), INTEGER, 8),
        Column(_("Rated satisfied"), INTEGER, 10),
        Column(_("No answer"), INTEGER, 8),
        Column(_("Satisfaction rate (%)"), DECIMAL, 12),
    ]


def stats_rows(groups, total):
    for name, stats in [*groups, (_("Total"), total)]:
        yield [
            name,
            stats.found,
            stats.closed,
            stats.on_time,
            stats.overdue,
            stats.days_to_close,
            stats.rated,
            stats.satisfied,
            stats.no_answer,
            stats.satisfaction_percent,
        ]


def stats_response(groups, total, *, level_label, user, scope):
    return spreadsheet_response(
        basename=_("ticket-statistics"),
        columns=stats_columns(level_label),
        rows=stats_rows(groups, total),
        info=ExportInfo.by(user, title=_("Ticket statistics"), scope=scope),
    )
