"""Micro-projects and their bids as ledgers for the download centre. Bids
come through `Bid.objects.for_user`, which keeps them sealed until bidding
closes: an export can never open a sealed bid."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from lib.spreadsheets.writer import DATE, DATETIME, INTEGER, MONEY, TEXT, Column

from .models import ActivityReport, Bid, BidStatus, Project, ProjectStatus


def project_columns() -> list[Column]:
    return [
        Column(_("Project"), TEXT, 30),
        Column(_("Community"), TEXT, 14),
        Column(_("Round"), TEXT, 20),
        Column(_("Project status"), TEXT, 10),
        Column(_("Budget ceiling (yuan)"), MONEY, 12),
        Column(_("Service starts on"), DATE, 11),
        Column(_("Service ends on"), DATE, 11),
        Column(_("Bids"), INTEGER, 6),
        Column(_("Awarded to"), TEXT, 28),
        Column(_("Awarded amount (yuan)"), MONEY, 12),
        Column(_("Beneficiaries reported"), INTEGER, 10),
    ]


def project_rows(projects, user):
    statuses = dict(ProjectStatus.choices)
    # Subqueries, not joins: counting bids and summing activities over one
    # join would multiply each by the other.
    live_bids = (
        Bid.objects.filter(project=OuterRef("pk"))
        .exclude(status=BidStatus.WITHDRAWN)
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    reported = (
        ActivityReport.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(n=Sum("beneficiaries"))
        .values("n")
    )
    # The status as it reads now: closed once its time has passed.
    rows = (
        projects.with_current_status()
        .annotate(bid_count=Subquery(live_bids), reported=Subquery(reported))
        .values_list(
            "pk",
            "title",
            "community__name",
            "round__title",
            "status_now",
            "budget_ceiling",
            "starts_on",
            "ends_on",
            "bid_count",
            "awarded_amount",
            "reported",
        )
    )
    winners = dict(
        Bid.objects.filter(project__in=projects.values("pk"), status=BidStatus.AWARDED).values_list(
            "project_id", "organisation__name"
        )
    )
    for row in rows.iterator(chunk_size=2000):
        pk, title, community, round_, status, ceiling, starts, ends, bids, amount, reported = row
        sealed = status in (ProjectStatus.DRAFT, ProjectStatus.PUBLISHED)
        yield [
            title,
            community,
            round_,
            str(statuses[status]),
            ceiling,
            starts,
            ends,
            None if sealed else bids or 0,
            winners.get(pk, ""),
            amount,
            reported or 0,
        ]


def bid_columns() -> list[Column]:
    return [
        Column(_("Project"), TEXT, 30),
        Column(_("Community"), TEXT, 14),
        Column(_("Organisation"), TEXT, 28),
        Column(_("Bid status"), TEXT, 10),
        Column(_("Submitted at"), DATETIME, 17),
        Column(_("Budget (yuan)"), MONEY, 12),
    ]


def bid_rows(bids, user):
    statuses = dict(BidStatus.choices)
    for row in (
        bids.annotate(budget=Sum("lines__amount"))
        .values_list(
            "project__title",
            "project__community__name",
            "organisation__name",
            "status",
            "submitted_at",
            "budget",
        )
        .iterator(chunk_size=2000)
    ):
        title, community, organisation, status, submitted, budget = row
        yield [title, community, organisation, str(statuses[status]), submitted, budget]


def register():
    from lib.spreadsheets import exporters

    exporters.register(
        exporters.Exporter(
            key="projects",
            title=_("Micro-project ledger"),
            permission="projects.view_project",
            columns=project_columns,
            queryset=lambda user: Project.objects.for_user(user).order_by("community__code", "pk"),
            rows=project_rows,
        )
    )
    exporters.register(
        exporters.Exporter(
            key="bids",
            title=_("Bids (after bidding closed)"),
            permission="projects.view_bid",
            columns=bid_columns,
            queryset=lambda user: (
                Bid.objects.for_user(user)
                .exclude(status=BidStatus.WITHDRAWN)
                .order_by("project__community__code", "project_id", "submitted_at")
            ),
            rows=bid_rows,
        )
    )
